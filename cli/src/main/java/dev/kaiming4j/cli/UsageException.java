package dev.kaiming4j.cli;

/**
 * Bad usage: the command line, the spec file or the output path is wrong. Exit code 2, one
 * line on stderr. {@link IllegalArgumentException}s from the API are treated the same way.
 */
final class UsageException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    UsageException(String message) {
        super(message);
    }

    UsageException(String message, Throwable cause) {
        super(message, cause);
    }
}
