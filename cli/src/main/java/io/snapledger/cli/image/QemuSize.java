package io.snapledger.cli.image;

import io.snapledger.cli.BadUsageException;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Sizes as qemu-img reads and prints them: {@code 10G}, {@code 1.5M}, {@code 512}; {@code 1.26 MiB}. */
final class QemuSize {
    private static final Pattern SIZE = Pattern.compile("(\\d+(?:\\.\\d+)?)([bBkKmMgGtTpPeE]?)");
    private static final String SUFFIXES = "BKMGTPE";
    private static final String[] BINARY_PREFIXES = {"", "Ki", "Mi", "Gi", "Ti", "Pi", "Ei"};

    private QemuSize() {
    }

    /** Parses a size; a plain number is bytes, as in qemu-img create. */
    static long parse(String text, String what) {
        Matcher m = SIZE.matcher(text.trim());
        if (!m.matches()) {
            throw invalid(text, what);
        }
        int power = m.group(2).isEmpty() ? 0 : SUFFIXES.indexOf(m.group(2).toUpperCase(Locale.ROOT));
        BigDecimal bytes = new BigDecimal(m.group(1)).multiply(BigDecimal.valueOf(1L << (10 * power)));
        if (bytes.compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) > 0) {
            throw new BadUsageException(what + " '" + text + "' is too large; the limit is 8 EiB");
        }
        if (bytes.stripTrailingZeros().scale() > 0) {
            throw invalid(text, what);
        }
        return bytes.longValueExact();
    }

    private static BadUsageException invalid(String text, String what) {
        return new BadUsageException("invalid " + what + " '" + text
                + "'; use bytes or a number with k, M, G, T, P or E (e.g. 10G, 1.5M)");
    }

    /** qemu's size_to_str: three significant digits in the largest binary unit below 1000 of it. */
    static String human(long bytes) {
        double scaled = bytes / (1000.0 / 1024.0);
        int exponent = scaled == 0 ? 0 : Math.getExponent(scaled) + 1;
        int unit = (exponent - 1) / 10;
        return threeDigits((double) bytes / (1L << (unit * 10))) + " " + BINARY_PREFIXES[unit] + "B";
    }

    /** printf's {@code %0.3g}: three significant digits, trailing zeros dropped. */
    private static String threeDigits(double value) {
        if (value == 0) {
            return "0";
        }
        BigDecimal rounded = new BigDecimal(value).round(new MathContext(3, RoundingMode.HALF_EVEN));
        int exponent = rounded.precision() - rounded.scale() - 1;
        if (exponent >= 3) {
            BigDecimal mantissa = rounded.movePointLeft(exponent).stripTrailingZeros();
            return mantissa.toPlainString() + String.format("e+%02d", exponent);
        }
        return rounded.stripTrailingZeros().toPlainString();
    }
}
