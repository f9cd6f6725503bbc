package io.snapledger.events.model;

import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;

/**
 * Constructor checks shared by the records of this module. Public only because the records live
 * in several packages; messages name the field so a bad command or payload says what is wrong.
 */
public final class Require {

    private Require() {
    }

    public static <T> T nonNull(T value, String field) {
        return Objects.requireNonNull(value, () -> field + " must not be null");
    }

    public static String nonBlank(String value, String field) {
        nonNull(value, field);
        if (value.isBlank()) {
            throw new IllegalArgumentException(field + " must not be blank");
        }
        return value;
    }

    /** For optional text: absent is fine, but present and blank is a mistake, not "absent". */
    public static String nullOrNonBlank(String value, String field) {
        return value == null ? null : nonBlank(value, field);
    }

    public static long positive(long value, String field) {
        if (value <= 0) {
            throw new IllegalArgumentException(field + " must be positive, was " + value);
        }
        return value;
    }

    public static long notNegative(long value, String field) {
        if (value < 0) {
            throw new IllegalArgumentException(field + " must not be negative, was " + value);
        }
        return value;
    }

    /** An immutable copy without null elements; records must not share a caller's mutable list. */
    public static <T> List<T> listOf(List<T> values, String field) {
        nonNull(values, field);
        for (int i = 0; i < values.size(); i++) {
            nonNull(values.get(i), field + "[" + i + "]");
        }
        return List.copyOf(values);
    }

    public static <T> List<T> nonEmptyListOf(List<T> values, String field) {
        List<T> copy = listOf(values, field);
        if (copy.isEmpty()) {
            throw new IllegalArgumentException(field + " must not be empty");
        }
        return copy;
    }

    /** Checks that no two elements share a key, e.g. two plans for the same device. */
    public static <T, K> List<T> distinctBy(List<T> values, Function<T, K> key, String field) {
        Set<K> seen = new HashSet<>();
        for (T value : values) {
            if (!seen.add(key.apply(value))) {
                throw new IllegalArgumentException(field + " names " + key.apply(value) + " twice");
            }
        }
        return values;
    }
}
