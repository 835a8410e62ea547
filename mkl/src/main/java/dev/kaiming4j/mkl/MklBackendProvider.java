package dev.kaiming4j.mkl;

import dev.kaiming4j.spi.Backend;
import dev.kaiming4j.spi.BackendProvider;

/**
 * Provides the {@code mkl} backend. MKL is loaded lazily, once, the first time
 * {@link #isAvailable()}, {@link #unavailabilityCause()} or {@link #create()} is called
 * (seconds; docs/BENCHMARKS.md), and self-tested; the cause of unavailability is kept.
 * This class never mentions an MKL type, so excluding the MKL artifacts only makes the
 * backend unavailable, with the {@link NoClassDefFoundError} as the cause.
 * {@code -Dkaiming4j.mkl.disable=true} makes it unavailable without loading anything.
 * {@link MklFastBackendProvider} shares the load and its outcome.
 */
public class MklBackendProvider implements BackendProvider {
    public static final String DISABLE_PROPERTY = "kaiming4j.mkl.disable";

    private static final class Load {
        static final long START = System.nanoTime();
        static final Throwable UNAVAILABILITY_CAUSE = probe(Boolean.getBoolean(DISABLE_PROPERTY));
        static final long NANOS = System.nanoTime() - START;
    }

    private static final class Instances {
        static final Backend DEFAULT = new MklBackend(false);
        static final Backend FAST = new MklBackend(true);
    }

    @Override
    public String name() {
        return MklBackend.NAME;
    }

    @Override
    public boolean isAvailable() {
        return Load.UNAVAILABILITY_CAUSE == null;
    }

    @Override
    public Throwable unavailabilityCause() {
        return Load.UNAVAILABILITY_CAUSE;
    }

    @Override
    public Backend create() {
        Throwable cause = Load.UNAVAILABILITY_CAUSE;
        if (cause != null) {
            throw new dev.kaiming4j.BackendUnavailableException(name(), name() + " backend unavailable: " + cause,
                    cause);
        }
        return name().equals(MklBackend.FAST_NAME) ? Instances.FAST : Instances.DEFAULT;
    }

    /** Nanoseconds the load and self-test took in this JVM (loads MKL if not yet done). */
    public static long loadNanos() {
        return Load.NANOS;
    }

    /** MKL's version string, or null when unavailable. */
    public static String mklVersion() {
        return Load.UNAVAILABILITY_CAUSE == null ? MklLibrary.version() : null;
    }

    /** Loads MKL and self-tests it; returns null on success, else the cause. Never throws. */
    static Throwable probe(boolean disabled) {
        if (disabled) {
            return new UnsupportedOperationException("mkl backend disabled by -D" + DISABLE_PROPERTY + "=true");
        }
        try {
            MklLibrary.load();
            return null;
        } catch (Throwable t) {
            return t;
        }
    }
}
