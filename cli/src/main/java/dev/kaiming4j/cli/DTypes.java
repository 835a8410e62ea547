package dev.kaiming4j.cli;

import dev.kaiming4j.DType;
import java.util.Locale;

/** Command-line names of dtypes. */
final class DTypes {
    private DTypes() {
    }

    /** {@code float32}, {@code bfloat16}, ... */
    static String id(DType t) {
        return t.name().toLowerCase(Locale.ROOT);
    }
}
