package dev.kaiming4j.jni;

import dev.kaiming4j.BackendUnavailableException;
import dev.kaiming4j.DType;
import dev.kaiming4j.Distribution;
import dev.kaiming4j.Sampling;
import dev.kaiming4j.StreamKey;
import dev.kaiming4j.internal.ref.JavaBackend;
import dev.kaiming4j.spi.FillTarget;
import dev.kaiming4j.internal.NativeMemory;
import java.net.URL;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import org.bytedeco.javacpp.Loader;

/**
 * Loads {@code libjniKaimingJNI.so} once and decides, by a real call, whether the native kernel
 * works here (netty's {@code Epoll} pattern): the cause of unavailability is computed once,
 * kept, and attached to every {@link BackendUnavailableException} thrown later. Loading happens when
 * this class initializes, i.e. the first time a provider or the allocator is asked for it.
 */
final class NativeLibrary {
    /** {@code -Dkaiming4j.native.disable=true} makes the native backend and allocator unavailable. */
    static final String DISABLE_PROPERTY = "kaiming4j.native.disable";
    /** The JNI library JavaCPP builds from {@link KaimingJNI}, the kernel linked in. */
    private static final String LIBRARY = "jniKaimingJNI";

    private static final Throwable UNAVAILABILITY_CAUSE = probe(Boolean.getBoolean(DISABLE_PROPERTY));
    private static final String VERSION = UNAVAILABILITY_CAUSE == null ? KaimingJNI.k4j_version() : null;

    private NativeLibrary() {
    }

    static boolean isAvailable() {
        return UNAVAILABILITY_CAUSE == null;
    }

    static Throwable unavailabilityCause() {
        return UNAVAILABILITY_CAUSE;
    }

    static void ensureAvailability() {
        if (UNAVAILABILITY_CAUSE != null) {
            throw new BackendUnavailableException(NativeBackend.NAME, "kaiming4j native library unavailable: "
                    + UNAVAILABILITY_CAUSE, UNAVAILABILITY_CAUSE);
        }
    }

    /** The C library's version string; null when unavailable. */
    static String version() {
        return VERSION;
    }

    /**
     * Loads the library and runs the self-test; returns null on success, else the cause. Never
     * throws. Visible for tests, which call it directly to check each failure path.
     */
    static Throwable probe(boolean disabled) {
        if (disabled) {
            return new UnsupportedOperationException("native backend disabled by -D" + DISABLE_PROPERTY + "=true");
        }
        try {
            URL bundled = LibraryImage.checkBundled(KaimingJNI.class, LIBRARY);
            // Loader.loadLibrary, not Loader.load(KaimingJNI.class): load() would first read
            // KaimingJNI's annotations and try to preload "kaiming4j", the kernel, which is linked
            // into this library and is no file of its own (a failing search of the library path),
            // then make this same call. Without the resource, loadLibrary falls back to
            // System.loadLibrary (java.library.path), as load() does.
            Loader.loadLibrary(KaimingJNI.class, bundled == null ? new URL[0] : new URL[] {bundled}, LIBRARY);
            selfTest();
            return null;
        } catch (Throwable t) {
            return t;
        }
    }

    /** Eight float32 normals of seed 42 must equal the Java reference bit for bit. */
    private static void selfTest() {
        int n = 8;
        Sampling sampling = new Sampling(Distribution.NORMAL, 1.0);
        StreamKey key = StreamKey.ofSeed(42);
        ByteBuffer buffer = ByteBuffer.allocateDirect(n * 4).order(ByteOrder.nativeOrder());
        // At the best level: KAIMING4J_SIMD naming a level this CPU lacks must fail loudly when
        // the backend is created, not make the library look unavailable (auto would fall back).
        int status = KaimingJNI.k4j_fill_at_level(KaimingJNI.k4j_best_simd_level(), NativeMemory.address(buffer),
                Abi.FLOAT32, Abi.NORMAL, sampling.scale(), key.k0(), key.k1(), 0, n);
        if (status != Abi.OK) {
            throw new IllegalStateException("self-test: k4j_fill returned " + status + " ("
                    + KaimingJNI.k4j_status_message(status) + ")");
        }
        float[] expected = new float[n];
        new JavaBackend().fill(sampling, key, DType.FLOAT32, 0, n,
                new FillTarget.FloatArray(expected, 0));
        float[] actual = new float[n];
        buffer.asFloatBuffer().get(actual);
        for (int i = 0; i < n; i++) {
            if (Float.floatToRawIntBits(actual[i]) != Float.floatToRawIntBits(expected[i])) {
                throw new IllegalStateException("self-test: native normals of seed 42 " + Arrays.toString(actual)
                        + " differ from the Java reference " + Arrays.toString(expected));
            }
        }
    }
}
