package dev.kaiming4j;

/**
 * A failure of kaiming4j that is not a bad argument (those are {@link IllegalArgumentException}s).
 * Unchecked and never an {@link Error}, so a service can catch it and go on. The subclasses say
 * what kind of failure it is:
 * <ul>
 *   <li>{@link BackendUnavailableException}: a backend asked for by name cannot load here;</li>
 *   <li>{@link AllocationFailedException}: memory for a tensor could not be had (carries the size);</li>
 *   <li>{@link NativeStatusException}: native code returned an error status (operation and code).</li>
 * </ul>
 */
public class KaimingException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String operation;
    private final int code;

    public KaimingException(String operation, int code, String message) {
        this(operation, code, operation + " failed with status " + code + ": " + message, null);
    }

    public KaimingException(String operation, String message, Throwable cause) {
        this(operation, 0, operation + " failed: " + message, cause);
    }

    /** For subclasses: the whole message as given. */
    protected KaimingException(String operation, int code, String fullMessage, Throwable cause) {
        super(fullMessage, cause);
        this.operation = operation;
        this.code = code;
    }

    /** The operation that failed, e.g. {@code k4j_fill}. */
    public String operation() {
        return operation;
    }

    /** The backend's status code, 0 when the failure had no code. */
    public int code() {
        return code;
    }
}
