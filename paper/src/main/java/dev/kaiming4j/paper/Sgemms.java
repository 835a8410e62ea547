package dev.kaiming4j.paper;

import java.util.Locale;

/** Picks the {@link Sgemm}: {@code auto} (MKL when it loads, else Java), {@code mkl} or {@code java}. */
final class Sgemms {
    private Sgemms() {
    }

    /**
     * The implementation named; {@code mkl} that cannot load is an {@link IllegalStateException}
     * (a failure, exit 1) carrying the cause.
     */
    static Sgemm select(String name) {
        String key = name.trim().toLowerCase(Locale.ROOT);
        switch (key) {
            case "java":
                return new JavaSgemm();
            case "mkl": {
                Throwable cause = MklSgemm.unavailabilityCause();
                if (cause != null) {
                    throw new IllegalStateException("sgemm 'mkl' is not available here: "
                            + cause.getClass().getSimpleName() + ": " + cause.getMessage(), cause);
                }
                return new MklSgemm();
            }
            case "auto":
                return MklSgemm.unavailabilityCause() == null ? new MklSgemm() : new JavaSgemm();
            default:
                throw new IllegalArgumentException("--sgemm: unknown value '" + name + "' (expected auto, mkl or java)");
        }
    }
}
