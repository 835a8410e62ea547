package dev.kaiming4j.jni;

/**
 * The C ABI's status, dtype, distribution and SIMD-level codes, read once from the loaded
 * library ({@code kaiming4j.h} is their only definition; netty's {@code NativeStaticallyReferencedJniMethods}
 * pattern). Initializing this class calls into the library: touch it only after
 * {@link NativeLibrary} has loaded it.
 */
final class Abi {
    // A table, one code per line in kaiming4j.h's order (`duplicates` pairs its rows).
    static final int OK = KaimingJNI.K4J_OK();

    static final int FLOAT32 = KaimingJNI.K4J_FLOAT32();
    static final int FLOAT64 = KaimingJNI.K4J_FLOAT64();
    static final int FLOAT16 = KaimingJNI.K4J_FLOAT16();
    static final int BFLOAT16 = KaimingJNI.K4J_BFLOAT16();

    static final int NORMAL = KaimingJNI.K4J_NORMAL();
    static final int UNIFORM = KaimingJNI.K4J_UNIFORM();
    static final int TRUNCATED_NORMAL = KaimingJNI.K4J_TRUNCATED_NORMAL();

    static final int SIMD_SCALAR = KaimingJNI.K4J_SIMD_SCALAR();
    static final int SIMD_AVX2 = KaimingJNI.K4J_SIMD_AVX2();
    static final int SIMD_AVX512 = KaimingJNI.K4J_SIMD_AVX512();
    static final int SIMD_NEON = KaimingJNI.K4J_SIMD_NEON();

    private Abi() {
    }
}
