package dev.kaiming4j;

import dev.kaiming4j.internal.Checks;

/** Element type of a tensor: the ideal values are rounded to this type, nothing else changes. */
public enum DType {
    FLOAT32(4, "F32", "<f4", Float.MAX_VALUE),
    FLOAT64(8, "F64", "<f8", Double.MAX_VALUE),
    FLOAT16(2, "F16", "<f2", 65504.0),
    BFLOAT16(2, "BF16", null, 3.3895313892515355e38);

    private final int byteSize;
    private final String safetensorsName;
    private final String numpyDescr;
    private final double maxFinite;

    DType(int byteSize, String safetensorsName, String numpyDescr, double maxFinite) {
        this.byteSize = byteSize;
        this.safetensorsName = safetensorsName;
        this.numpyDescr = numpyDescr;
        this.maxFinite = maxFinite;
    }

    /** Bytes per element. */
    public int byteSize() {
        return byteSize;
    }

    /** The dtype string of the safetensors format ({@code F32}, {@code BF16}, ...). */
    public String safetensorsName() {
        return safetensorsName;
    }

    /** The numpy {@code descr} for .npy files, or null: numpy has no bfloat16. */
    public String numpyDescr() {
        return numpyDescr;
    }

    /** Largest finite value of the type. */
    public double maxFinite() {
        return maxFinite;
    }

    /** Lower-case name as used on the command line and in file metadata: {@code float32}, {@code bfloat16}, ... */
    public String id() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    /** Parses {@code float32}, {@code f32}, {@code bf16}, ... (case-insensitive). */
    public static DType parse(String name) {
        Checks.notNull(name, "dtype");
        switch (name.toLowerCase(java.util.Locale.ROOT)) {
            case "float32": case "f32": case "fp32": case "float":
                return FLOAT32;
            case "float64": case "f64": case "fp64": case "double":
                return FLOAT64;
            case "float16": case "f16": case "fp16": case "half":
                return FLOAT16;
            case "bfloat16": case "bf16":
                return BFLOAT16;
            default:
                throw new IllegalArgumentException("dtype: unknown value '" + name
                        + "' (expected float32, float64, float16 or bfloat16)");
        }
    }

    /** Parses a safetensors dtype name such as {@code F32}. */
    public static DType fromSafetensorsName(String name) {
        for (DType t : values()) {
            if (t.safetensorsName.equals(name)) {
                return t;
            }
        }
        throw new IllegalArgumentException("dtype: unsupported safetensors dtype '" + name + "'");
    }
}
