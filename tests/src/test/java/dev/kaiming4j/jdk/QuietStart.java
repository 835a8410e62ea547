package dev.kaiming4j.jdk;

import dev.kaiming4j.InitSpec;
import dev.kaiming4j.Initializer;
import dev.kaiming4j.OffHeapTensor;

/**
 * What a service does first, run by {@link CurrentJdkTest} in a child JVM to see what the JDK
 * prints: pick the backend, fill an owned tensor, read it through a view. Prints the backend
 * and allocator names.
 */
public final class QuietStart {
    private QuietStart() {
    }

    public static void main(String[] args) {
        InitSpec spec = InitSpec.kaiming(256, 128).seed(1).build();
        try (Initializer init = Initializer.create(); OffHeapTensor tensor = init.allocate(spec)) {
            float first = tensor.asByteBuffer().getFloat(0);
            System.out.println("backend " + init.backendName() + " allocator " + OffHeapTensor.allocatorName()
                    + " finite " + Float.isFinite(first));
        }
    }
}
