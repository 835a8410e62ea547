package dev.kaiming4j.io;

/**
 * The output path cannot be written: its directory is missing, it is a directory where a file
 * is expected (or the reverse), or the file system refuses to create a file there. Thrown
 * before any data is generated; nothing is left behind.
 */
public final class OutputPathException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    OutputPathException(String message) {
        super(message);
    }
}
