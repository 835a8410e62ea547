package dev.kaiming4j;

/**
 * Native code (the C++ kernel, Intel VSL) returned an error status: {@link #operation()} names
 * the call, {@link #code()} is the status, the message is the library's own text for it.
 */
public final class NativeStatusException extends KaimingException {
    private static final long serialVersionUID = 1L;

    public NativeStatusException(String operation, int code, String message) {
        super(operation, code, message);
    }
}
