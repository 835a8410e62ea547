package dev.kaiming4j.jni;

import dev.kaiming4j.spi.Backend;
import dev.kaiming4j.spi.BackendProvider;

/**
 * Provides the {@code native} backend. Nothing loads until {@link #isAvailable()},
 * {@link #unavailabilityCause()} or {@link #create()} is called; then the library is loaded
 * and self-tested once per JVM. {@code -Dkaiming4j.native.disable=true} makes it unavailable
 * (fault-injection tests), with a cause that says so. {@code -Dkaiming4j.simd} or
 * {@code KAIMING4J_SIMD} ({@code scalar}, {@code avx2}, {@code avx512}) forces a SIMD level; one
 * this CPU cannot run makes {@link #create()} throw {@link IllegalArgumentException}.
 */
public final class NativeBackendProvider implements BackendProvider {
    public static final String DISABLE_PROPERTY = NativeLibrary.DISABLE_PROPERTY;

    private static final class Instance {
        static final Backend BACKEND = new NativeBackend(SimdLevel.requested());
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
        // A bad -Dkaiming4j.simd / KAIMING4J_SIMD throws IllegalArgumentException here, before
        // Instance initializes (where it would become an ExceptionInInitializerError).
        SimdLevel.requested();
        return Instance.BACKEND;
    }
}
