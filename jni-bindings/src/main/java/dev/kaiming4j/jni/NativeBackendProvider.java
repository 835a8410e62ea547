package dev.kaiming4j.jni;

import dev.kaiming4j.spi.Backend;
import dev.kaiming4j.spi.BackendProvider;

/**
 * Provides the {@code native} backend. Nothing loads until {@link #isAvailable()},
 * {@link #unavailabilityCause()} or {@link #create()} is called; then the library is loaded
 * and self-tested once per JVM. {@code -Dkaiming4j.native.disable=true} makes it unavailable
 * (fault-injection tests), with a cause that says so.
 */
public final class NativeBackendProvider implements BackendProvider {
    public static final String DISABLE_PROPERTY = NativeLibrary.DISABLE_PROPERTY;

    private static final class Instance {
        static final Backend BACKEND = new NativeBackend();
    }

    @Override
    public String name() {
        return NativeBackend.NAME;
    }

    @Override
    public boolean isAvailable() {
        return NativeLibrary.isAvailable();
    }

    @Override
    public Throwable unavailabilityCause() {
        return NativeLibrary.unavailabilityCause();
    }

    @Override
    public Backend create() {
        NativeLibrary.ensureAvailability();
        return Instance.BACKEND;
    }
}
