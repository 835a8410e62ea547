package dev.kaiming4j.mkl;

import static org.bytedeco.mkl.global.mkl_rt.MKL_Get_Version_String;
import static org.bytedeco.mkl.global.mkl_rt.VSL_RNG_METHOD_UNIFORMBITS32_STD;
import static org.bytedeco.mkl.global.mkl_rt.viRngUniformBits32;

import dev.kaiming4j.DType;
import dev.kaiming4j.Distribution;
import dev.kaiming4j.Sampling;
import dev.kaiming4j.StreamKey;
import dev.kaiming4j.internal.ref.JavaBackend;
import dev.kaiming4j.internal.ref.Philox4x32;
import dev.kaiming4j.spi.FillTarget;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.bytedeco.javacpp.Loader;
import org.bytedeco.mkl.global.mkl_rt;

/**
 * Loads MKL (JavaCPP unpacks and loads {@code libmkl_rt} and its dependencies: 0.8–3.9 s) and
 * self-tests it. Every reference to an MKL type lives behind this class, {@link MklBackend}
 * and {@link VslStream}, so that a class path without the MKL artifacts only makes the
 * {@code mkl} provider unavailable, with the {@link NoClassDefFoundError} as its cause.
 */
final class MklLibrary {
    private MklLibrary() {
    }

    /** Loads and self-tests; throws whatever went wrong. */
    static void load() {
        Loader.load(mkl_rt.class);
        selfTest();
    }

    /** The MKL version string, e.g. {@code Intel(R) oneAPI Math Kernel Library Version 2025.2...}. */
    static String version() {
        byte[] buffer = new byte[256];
        MKL_Get_Version_String(buffer, buffer.length);
        int end = 0;
        while (end < buffer.length && buffer[end] != 0) {
            end++;
        }
        return new String(buffer, 0, end, StandardCharsets.US_ASCII).trim();
    }

    /**
     * The first words of seed 42 must be our Philox words (the known answer of docs/DETERMINISM.md),
     * and eight float32 normals of both variants must match the ideal values within VSL's float error.
     */
    private static void selfTest() {
        StreamKey key = StreamKey.ofSeed(42);
        int[] words = new int[8];
        try (VslStream stream = VslStream.open(key, 0)) {
            VslStream.check("viRngUniformBits32",
                    viRngUniformBits32(VSL_RNG_METHOD_UNIFORMBITS32_STD, stream.ptr, words.length, words));
        }
        int[] expected = new int[8];
        int[] block = new int[4];
        for (int b = 0; b < 2; b++) {
            Philox4x32.block(b, key.k0(), key.k1(), block);
            System.arraycopy(block, 0, expected, 4 * b, 4);
        }
        if (!Arrays.equals(words, expected)) {
            throw new IllegalStateException("self-test: VSL Philox words of seed 42 " + Arrays.toString(words)
                    + " differ from ours " + Arrays.toString(expected));
        }
        Sampling sampling = new Sampling(Distribution.NORMAL, 1.0);
        for (boolean fast : new boolean[] {false, true}) {
            float[] values = new float[8];
            new MklBackend(fast).fill(sampling, key, DType.FLOAT32, 0, values.length, new FillTarget.FloatArray(values, 0));
            for (int i = 0; i < values.length; i++) {
                double ideal = JavaBackend.ideal(sampling, key, i);
                if (!(Math.abs(values[i] - ideal) <= 1e-5 * Math.max(1, Math.abs(ideal)))) {
                    throw new IllegalStateException("self-test: VSL normal " + i + " of seed 42 is " + values[i]
                            + " (fast float32: " + fast + "), the ideal value is " + ideal);
                }
            }
        }
    }
}
