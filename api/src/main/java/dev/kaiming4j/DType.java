package dev.kaiming4j;

import dev.kaiming4j.internal.EnumIds;
import java.util.Map;

/** Element type of a tensor: the ideal values are rounded to this type, nothing else changes. */
public enum DType {
    FLOAT32(4, "F32", "<f4", Float.MAX_VALUE),
    FLOAT64(8, "F64", "<f8", Double.MAX_VALUE),
    FLOAT16(2, "F16", "<f2", 65504.0),
    BFLOAT16(2, "BF16", null, 3.3895313892515355e38);

    private static final Map<String, DType> ALIASES = Map.of(
            "f32", FLOAT32, "fp32", FLOAT32, "float", FLOAT32,
            "f64", FLOAT64, "fp64", FLOAT64, "double", FLOAT64,
            "f16", FLOAT16, "fp16", FLOAT16, "half", FLOAT16,
            "bf16", BFLOAT16);

    // Fields, constructor and accessors in the plain shape of a Java value type (an enum cannot
    // be a record); `duplicates` pairs that shape with Splitter's, KaimingException's and InitSpec's.
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
        return EnumIds.id(this);
    }

    /** Parses {@code float32}, {@code f32}, {@code bf16}, ... (case-insensitive). */
    public static DType parse(String name) {
        return EnumIds.parse(name, "dtype", values(), ALIASES);
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
