package dev.kaiming4j;

import dev.kaiming4j.internal.Checks;
import java.util.Locale;

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

    public static Layout parse(String name) {
        Checks.notNull(name, "layout");
        switch (name.toLowerCase(Locale.ROOT)) {
            case "torch": case "pytorch": return TORCH;
            case "keras": case "tensorflow": return KERAS;
            case "conv_transpose": case "torch_transpose": return CONV_TRANSPOSE;
            default:
                throw new IllegalArgumentException("layout: unknown value '" + name
                        + "' (expected torch, keras or conv_transpose)");
        }
    }

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }
}
