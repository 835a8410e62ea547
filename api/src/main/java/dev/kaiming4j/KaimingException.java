package dev.kaiming4j;

/** A failure reported by a backend: carries the operation and the backend's status code. */
public class KaimingException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String operation;
    private final int code;

    public KaimingException(String operation, int code, String message) {
        super(operation + " failed with status " + code + ": " + message);
        this.operation = operation;
        this.code = code;
    }

    public KaimingException(String operation, String message, Throwable cause) {
        super(operation + " failed: " + message, cause);
        this.operation = operation;
        this.code = 0;
    }

    /** The operation that failed, e.g. {@code vsRngGaussian}. */
    public String operation() {
        return operation;
    }

    /** The backend's status code, 0 when the failure had no code. */
    public int code() {
        return code;
    }
}
