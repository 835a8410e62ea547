package dev.kaiming4j.jni;

import dev.kaiming4j.Backends;
import dev.kaiming4j.DType;
import dev.kaiming4j.Distribution;
import dev.kaiming4j.Initializer;
import dev.kaiming4j.InitSpec;
import dev.kaiming4j.OffHeapTensor;
import dev.kaiming4j.spi.BackendProvider;

/**
 * Run in a child JVM by {@link ProvidersTest}: prints one line per provider
 * ({@code name|available|cause class|cause message}), what {@code create()} of an unavailable
 * one throws, the allocator, and the auto choice after
 * a real fill, so each JVM-wide, decide-once availability can be observed under different
 * system properties and class paths.
 */
public final class ProviderReport {
    private ProviderReport() {
    }

    public static void main(String[] args) {
        for (BackendProvider p : Backends.providers()) {
            Throwable c = p.unavailabilityCause();
            System.out.println("provider|" + p.name() + "|" + p.isAvailable() + "|"
                    + (c == null ? "" : c.getClass().getName()) + "|" + (c == null ? "" : c.getMessage()));
            if (c != null) {
                try {
                    p.create();
                    System.out.println("create|" + p.name() + "|returned");
                } catch (RuntimeException e) {
                    System.out.println("create|" + p.name() + "|" + e.getClass().getName() + "|" + (e.getCause() == c));
                }
            }
        }
        System.out.println("allocator|" + OffHeapTensor.allocatorName());
        InitSpec spec = InitSpec.kaiming(64, 32).distribution(Distribution.NORMAL).dtype(DType.FLOAT32).seed(42).build();
        Initializer init = Initializer.builder().backend("auto").threads(1).build();
        float[] w = new float[64 * 32];
        init.fill(spec, w);
        System.out.println("auto|" + init.backendName() + "|" + w[0]);
    }
}
