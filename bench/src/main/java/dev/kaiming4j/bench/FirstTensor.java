package dev.kaiming4j.bench;

import dev.kaiming4j.InitSpec;
import dev.kaiming4j.Initializer;
import dev.kaiming4j.OffHeapTensor;

/**
 * Time to first tensor: run in a fresh JVM, it creates the default (or the named) backend
 * and a filled 4096×4096 float32 normal {@link OffHeapTensor}, then prints one line
 * {@code backend=NAME select_ns=N tensor_ns=N}: nanoseconds from {@code main} entry to the
 * backend being ready (loading and self-test included) and to the tensor being filled.
 * With the argument {@code noop} it returns at once: side-by-side.sh times both as fresh
 * processes and subtracts the median no-op run, which is JVM start and exit (the figure the
 * issue calls "beyond JVM start"). Nothing here touches java.lang.management, whose class
 * loading would inflate the time being measured.
 */
public final class FirstTensor {
    private FirstTensor() {
    }

    /**
     * Entry point.
     *
     * @param args empty (default backend), a backend name, or {@code noop}
     */
    public static void main(String[] args) {
        if (args.length == 1 && args[0].equals("noop")) {
            return;
        }
        long start = System.nanoTime();
        Initializer.Builder builder = Initializer.builder();
        if (args.length == 1) {
            builder.backend(args[0]);
        }
        try (Initializer init = builder.build()) {
            long ready = System.nanoTime();
            InitSpec spec = InitSpec.kaiming(4096, 4096).seed(42).build();
            try (OffHeapTensor tensor = init.allocate(spec)) {
                long done = System.nanoTime();
                System.out.println("backend=" + init.backendName() + " select_ns=" + (ready - start)
                        + " tensor_ns=" + (done - start) + " bytes=" + tensor.byteSize());
            }
        }
    }
}
