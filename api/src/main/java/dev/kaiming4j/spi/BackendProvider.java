package dev.kaiming4j.spi;

/**
 * Discovered through {@link java.util.ServiceLoader}. Availability is decided once, by a
 * real load and a small self-test fill, and the cause of unavailability is kept (netty's
 * {@code Epoll} pattern). Loading must not happen before {@link #isAvailable()} or
 * {@link #create()} is called, so a backend nobody selects costs nothing.
 */
public interface BackendProvider {

    String name();

    /** Loads the backend if not yet done, and tells whether it works here. */
    boolean isAvailable();

    /** Why the backend is unavailable, or null when it is available. */
    Throwable unavailabilityCause();

    /**
     * The raw backend, unchecked: callers put it behind {@link dev.kaiming4j.Backends#validated}
     * (as {@code Backends.select} does) before filling through it.
     *
     * @throws dev.kaiming4j.BackendUnavailableException with the cause when unavailable
     */
    Backend create();
}
