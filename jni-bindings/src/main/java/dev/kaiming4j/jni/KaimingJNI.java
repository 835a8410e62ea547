package dev.kaiming4j.jni;

import org.bytedeco.javacpp.Pointer;
import org.bytedeco.javacpp.annotation.ByPtrPtr;
import org.bytedeco.javacpp.annotation.Cast;
import org.bytedeco.javacpp.annotation.MemberGetter;
import org.bytedeco.javacpp.annotation.NoException;
import org.bytedeco.javacpp.annotation.Platform;
import org.bytedeco.javacpp.annotation.Properties;

/**
 * Every {@code native} method of kaiming4j, one to one with the C ABI of
 * {@code native/include/kaiming4j/kaiming4j.h} (lz4-java's {@code LZ4JNI} pattern). The JNI
 * glue is generated and compiled by the JavaCPP Maven plugin at {@code process-classes}; the
 * C++ kernel ({@code libkaiming4j.a}, built by CMake at {@code initialize}) is linked
 * statically into it, so one library, {@code libjniKaimingJNI.so}, ships in the jar.
 * {@code k4j_glibc_compat.h} (jni-bindings/src/main/cpp) keeps that library loadable on
 * glibc 2.28 and newer.
 *
 * <p>Nothing here validates: callers check every argument in Java first. Addresses are passed
 * as {@code long} (cast to {@code void*} in C) so no {@link Pointer} is allocated per call.
 * There is deliberately no static initializer: the library loads only through
 * {@link NativeLibrary}, when a provider is asked for it.
 */
@Properties(value = @Platform(include = {"k4j_glibc_compat.h", "kaiming4j/kaiming4j.h"}, link = "kaiming4j"))
@NoException
final class KaimingJNI {
    // The ABI's codes, read from the macros of kaiming4j.h (JavaCPP generates the getters), so
    // they are defined once; Abi caches them once the library is loaded. JavaCPP reads a macro
    // through one getter each, hence a table of them (`duplicates` pairs its rows).
    @MemberGetter static native int K4J_OK();
    @MemberGetter static native int K4J_FLOAT32();
    @MemberGetter static native int K4J_FLOAT64();
    @MemberGetter static native int K4J_FLOAT16();
    @MemberGetter static native int K4J_BFLOAT16();
    @MemberGetter static native int K4J_NORMAL();
    @MemberGetter static native int K4J_UNIFORM();
    @MemberGetter static native int K4J_TRUNCATED_NORMAL();
    @MemberGetter static native int K4J_SIMD_SCALAR();
    @MemberGetter static native int K4J_SIMD_AVX2();
    @MemberGetter static native int K4J_SIMD_AVX512();
    @MemberGetter static native int K4J_SIMD_NEON();

    private KaimingJNI() {
    }

    static native int k4j_fill(@Cast("void*") long dst, int dtype, int distribution, double scale,
                               @Cast("uint32_t") int k0, @Cast("uint32_t") int k1,
                               @Cast("uint64_t") long first, @Cast("uint64_t") long count);

    static native int k4j_fill_at_level(int simdLevel, @Cast("void*") long dst, int dtype, int distribution,
                                        double scale, @Cast("uint32_t") int k0, @Cast("uint32_t") int k1,
                                        @Cast("uint64_t") long first, @Cast("uint64_t") long count);

    static native int k4j_best_simd_level();

    static native int k4j_simd_level_supported(int simdLevel);

    /** On success {@code out} holds the address of the allocation. */
    static native int k4j_alloc(@Cast("uint64_t") long bytes, @Cast("void**") @ByPtrPtr Pointer out);

    static native int k4j_free(@Cast("void*") long ptr, @Cast("uint64_t") long bytes);

    static native @Cast("const char*") String k4j_status_message(int status);

    static native @Cast("const char*") String k4j_version();
}
