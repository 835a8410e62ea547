package dev.kaiming4j.cli;

/** A failure with a message fit for the user (bad input file, no disk space): exit code 1, one line. */
final class FailureException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    FailureException(String message) {
        super(message);
    }

    FailureException(String message, Throwable cause) {
        super(message, cause);
    }
}
