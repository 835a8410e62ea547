package dev.kaiming4j;

/**
 * Memory for a tensor could not be had: the machine, the allocator or a JVM limit such as
 * {@code -XX:MaxDirectMemorySize} refused {@link #requestedBytes()}. Nothing is left allocated.
 * A byte size that cannot exist at all (negative, overflowing) is an
 * {@link IllegalArgumentException} instead.
 */
public final class AllocationFailedException extends KaimingException {
    private static final long serialVersionUID = 1L;

    private final long requestedBytes;

    /**
     * @param operation the allocating call, e.g. {@code k4j_alloc}
     * @param code its status code, 0 when it has none
     * @param requestedBytes the size asked for
     * @param reason why it failed
     * @param cause the underlying throwable, or null
     */
    public AllocationFailedException(String operation, int code, long requestedBytes, String reason, Throwable cause) {
        super(operation, code, operation + ": cannot allocate " + requestedBytes + " bytes: " + reason, cause);
        this.requestedBytes = requestedBytes;
    }

    /** The number of bytes asked for. */
    public long requestedBytes() {
        return requestedBytes;
    }
}
