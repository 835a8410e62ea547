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

    /** The backend; throws {@link UnsatisfiedLinkError} with the cause when unavailable. */
    Backend create();
}
