package dev.kaiming4j;

import dev.kaiming4j.internal.Checks;
import java.util.Locale;

/** How a weight shape is read into fans. */
public enum Layout {
    /** PyTorch: {@code [out, in, *kernel]}; fewer than 2 dims is an error. */
    TORCH,
    /** Keras: {@code [*kernel, in, out]}, fans as {@code keras.initializers.compute_fans}. */
    KERAS;

    public static Layout parse(String name) {
        Checks.notNull(name, "layout");
        switch (name.toLowerCase(Locale.ROOT)) {
            case "torch": case "pytorch": return TORCH;
            case "keras": case "tensorflow": return KERAS;
            default:
                throw new IllegalArgumentException("layout: unknown value '" + name + "' (expected torch or keras)");
        }
    }

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }
}
