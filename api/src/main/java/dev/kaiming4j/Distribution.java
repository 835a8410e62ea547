package dev.kaiming4j;

import dev.kaiming4j.internal.EnumIds;
import java.util.Map;

/** The shape of the weight distribution; all are centred on 0. */
public enum Distribution {
    /** N(0, σ²). */
    NORMAL,
    /** U(−b, b) with b = σ√3, the same variance as the normal. */
    UNIFORM,
    /**
     * N(0, σ′²) cut at ±2σ′, σ′ = σ / 0.87962566103423978 so the variance stays σ² (as Keras
     * and JAX).
     */
    TRUNCATED_NORMAL;

    /** Std of N(0,1) truncated to (−2, 2): σ′ is the target σ divided by this. */
    public static final double TRUNCATED_STD_OF_UNIT = 0.87962566103423978;

    /** Parses {@code normal}, {@code uniform}, {@code truncated_normal}. */
    public static Distribution parse(String name) {
        return EnumIds.parse(name, "distribution", values(), Map.of("gaussian", NORMAL,
                "truncated-normal", TRUNCATED_NORMAL, "trunc_normal", TRUNCATED_NORMAL, "trunc-normal", TRUNCATED_NORMAL));
    }

    /** Lower-case name as used on the command line and in file metadata. */
    public String id() {
        return EnumIds.id(this);
    }
}
