package dev.kaiming4j.jdk;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import dev.kaiming4j.InitSpec;
import dev.kaiming4j.Initializer;
import dev.kaiming4j.OffHeapTensor;
import java.nio.FloatBuffer;

/**
 * The two use-after-close programs of the adoption issue, run by {@link CurrentJdkTest} in a
 * child JVM (a crash must not take the test JVM down). Argument {@code view}: read a retained
 * buffer view after {@code OffHeapTensor.close()}; {@code onnx}: close the tensor before the
 * {@code OnnxTensor} wrapping its buffer, then read the OnnxTensor. Prints the allocator, then
 * {@code threw IllegalStateException} (exit 0) or {@code no exception} (exit 1); a crash exits
 * with the JVM's signal status.
 */
public final class UseAfterClose {
    private UseAfterClose() {
    }

    public static void main(String[] args) throws Exception {
        InitSpec spec = InitSpec.kaiming(64, 32).seed(7).build();
        System.out.println("allocator " + OffHeapTensor.allocatorName());
        try (Initializer init = Initializer.create()) {
            OffHeapTensor tensor = init.allocate(spec);
            FloatBuffer view = tensor.asByteBuffer().asFloatBuffer();
            try {
                if (args[0].equals("view")) {
                    tensor.close();
                    System.out.println("read " + view.get(3));
                } else {
                    OrtEnvironment env = OrtEnvironment.getEnvironment();
                    try (OnnxTensor wrapped = OnnxTensor.createTensor(env, view, new long[] {64, 32})) {
                        tensor.close();
                        System.out.println("read " + ((float[][]) wrapped.getValue())[0][3]);
                    }
                }
            } catch (IllegalStateException e) {
                System.out.println("threw IllegalStateException: " + e.getMessage());
                return;
            }
        }
        System.out.println("no exception");
        System.exit(1);
    }
}
