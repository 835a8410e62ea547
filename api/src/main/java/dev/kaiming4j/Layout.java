package dev.kaiming4j;

import dev.kaiming4j.internal.EnumIds;
import java.util.Map;

/** How a weight shape is read into fans. */
public enum Layout {
    /**
     * PyTorch: {@code [out, in/groups, *kernel]} ({@code nn.Linear}, {@code nn.ConvNd}); fewer
     * than 2 dims is an error.
     */
    TORCH,
    /** Keras: {@code [*kernel, in, out]}, fans as {@code keras.initializers.compute_fans}. */
    KERAS,
    /**
     * PyTorch's transposed convolutions ({@code nn.ConvTransposeNd}):
     * {@code [in, out/groups, *kernel]}. Fans are the connections the layer makes:
     * fan_in = in/groups·kernel, fan_out = out/groups·kernel (torch's
     * {@code _calculate_fan_in_and_fan_out} reads this shape as a forward conv and swaps them).
     */
    CONV_TRANSPOSE;

    /** Parses {@code torch}, {@code keras}, {@code conv_transpose} and their aliases (case-insensitive). */
    public static Layout parse(String name) {
        return EnumIds.parse(name, "layout", values(),
                Map.of("pytorch", TORCH, "tensorflow", KERAS, "torch_transpose", CONV_TRANSPOSE));
    }

    /** Lower-case name as used on the command line and in file metadata. */
    public String id() {
        return EnumIds.id(this);
    }
}
