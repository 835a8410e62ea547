package dev.kaiming4j.jni;

import java.util.Locale;

/**
 * Which SIMD level the {@code native} backend runs: the one named by the system property
 * {@value #PROPERTY}, else by the environment variable {@value #ENVIRONMENT} ({@code scalar},
 * {@code avx2} or {@code avx512}, any case), else the best this CPU supports. A named level
 * that is unknown, or that this CPU or build cannot run, is an error: a benchmark asking for a
 * level must never silently measure another.
 */
final class SimdLevel {
    static final String PROPERTY = "kaiming4j.simd";
    static final String ENVIRONMENT = "KAIMING4J_SIMD";
    /** No level named: {@code k4j_fill} picks the best one. */
    static final int BEST = -1;

    private SimdLevel() {
    }

    /** The requested level's ABI code, or {@link #BEST}. The library must be loaded. */
    static int requested() {
        return resolve(System.getProperty(PROPERTY), System.getenv(ENVIRONMENT));
    }

    /** As {@link #requested()} for the given property and environment values (null: unset). */
    static int resolve(String property, String environment) {
        if (property != null && !property.isEmpty()) {
            return parse(property, "-D" + PROPERTY);
        }
        if (environment != null && !environment.isEmpty()) {
            return parse(environment, ENVIRONMENT);
        }
        return BEST;
    }

    private static int parse(String name, String source) {
        int level;
        switch (name.toLowerCase(Locale.ROOT)) {
            case "scalar": level = Abi.SIMD_SCALAR; break;
            case "avx2": level = Abi.SIMD_AVX2; break;
            case "avx512": level = Abi.SIMD_AVX512; break;
            default:
                throw new IllegalArgumentException(source + "=" + name
                        + ": unknown SIMD level (expected scalar, avx2 or avx512)");
        }
        if (KaimingJNI.k4j_simd_level_supported(level) == 0) {
            throw new IllegalArgumentException(source + "=" + name
                    + ": this CPU or build cannot run that SIMD level (best here: "
                    + name(KaimingJNI.k4j_best_simd_level()) + ")");
        }
        return level;
    }

    /** The lower-case name of a level code, as the property spells it. */
    static String name(int level) {
        if (level == Abi.SIMD_SCALAR) {
            return "scalar";
        } else if (level == Abi.SIMD_AVX2) {
            return "avx2";
        } else if (level == Abi.SIMD_AVX512) {
            return "avx512";
        }
        return level == Abi.SIMD_NEON ? "neon" : "level " + level;
    }
}
