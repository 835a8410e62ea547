package dev.kaiming4j;

/**
 * A backend asked for by name ({@code -Dkaiming4j.backend}, {@code KAIMING4J_BACKEND}, the
 * builder, the command line) cannot be used here; {@link #getCause()} is why (a missing or
 * unloadable library, a disable switch, a provider missing from the class path). Nothing falls
 * back silently: a named backend either loads or throws this.
 */
public final class BackendUnavailableException extends KaimingException {
    private static final long serialVersionUID = 1L;

    private final String backend;

    public BackendUnavailableException(String backend, String message, Throwable cause) {
        super("backend " + backend, 0, "backend '" + backend + "' is not available here: " + message, cause);
        this.backend = backend;
    }

    /** The name of the backend asked for, e.g. {@code native}. */
    public String backend() {
        return backend;
    }
}
