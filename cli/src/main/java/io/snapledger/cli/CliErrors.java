package io.snapledger.cli;

import io.snapledger.kafka.KafkaUnavailableException;
import io.snapledger.command.domain.DomainRuleException;
import io.snapledger.image.ImageException;
import picocli.CommandLine;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.UnmatchedArgumentException;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;

/**
 * Turns every failure into the CLI contract: one line {@code snapledger: <message>} on stderr and
 * exit 1, or exit 2 for bad usage. Users never see a stack trace; for our own bugs one is printed
 * only when {@code SNAPLEDGER_DEBUG} is set.
 */
final class CliErrors {
    static final int FAILED = 1;
    static final int BAD_USAGE = 2;
    private static final String PREFIX = "snapledger: ";

    private CliErrors() {
    }

    /** Syntax errors found by picocli: the message, then the usage of the command that was being parsed. */
    static int onUsageError(ParameterException ex, String[] args) {
        CommandLine commandLine = ex.getCommandLine();
        PrintWriter err = commandLine.getErr();
        err.println(PREFIX + ex.getMessage());
        UnmatchedArgumentException.printSuggestions(ex, err);
        commandLine.usage(err, commandLine.getColorScheme());
        return BAD_USAGE;
    }

    static int onFailure(Exception ex, CommandLine commandLine, ParseResult parseResult) {
        PrintWriter err = commandLine.getErr();
        if (ex instanceof BadUsageException) {
            err.println(PREFIX + ex.getMessage());
            return BAD_USAGE;
        }
        String message = describe(ex);
        if (message == null) {
            err.println(PREFIX + "internal error: " + ex + "; please report it with the command that was run"
                    + " (set SNAPLEDGER_DEBUG=1 to see where it happened)");
            if (System.getenv("SNAPLEDGER_DEBUG") != null) {
                ex.printStackTrace(err);
            }
        } else {
            err.println(PREFIX + message);
        }
        return FAILED;
    }

    /** The one-line message for a failure the user can act on, or null for a bug. */
    static String describe(Throwable ex) {
        if (ex instanceof ImageException || ex instanceof DomainRuleException || ex instanceof KafkaUnavailableException) {
            return ex.getMessage();
        }
        if (ex instanceof IllegalArgumentException && ex.getMessage() != null) {
            // records of events-schema validate their values and say which one is wrong
            return ex.getMessage();
        }
        if (ex instanceof UncheckedIOException unchecked) {
            return describe(unchecked.getCause());
        }
        if (ex instanceof NoSuchFileException e) {
            return e.getFile() + ": no such file or directory";
        }
        if (ex instanceof AccessDeniedException e) {
            return e.getFile() + ": permission denied";
        }
        if (ex instanceof FileAlreadyExistsException e) {
            return e.getFile() + " already exists; choose another file name";
        }
        if (ex instanceof FileSystemException e) {
            return e.getFile() + ": " + (e.getReason() != null ? e.getReason() : e.getClass().getSimpleName());
        }
        if (ex instanceof IOException) {
            return "I/O error: " + (ex.getMessage() != null ? ex.getMessage() : ex.getClass().getSimpleName());
        }
        return null;
    }
}
