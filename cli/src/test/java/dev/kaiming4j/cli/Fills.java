package dev.kaiming4j.cli;

import dev.kaiming4j.InitSpec;
import dev.kaiming4j.Initializer;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** The reference bytes: {@link Initializer#fill} into a direct buffer, as little-endian bytes. */
final class Fills {
    private Fills() {
    }

    static byte[] bytes(InitSpec spec) {
        return bytes(spec, "java");
    }

    static byte[] bytes(InitSpec spec, String backend) {
        ByteBuffer b = ByteBuffer.allocateDirect((int) (spec.elementCount() * spec.dtype().byteSize()))
                .order(ByteOrder.nativeOrder());
        try (Initializer init = Initializer.builder().backend(backend).threads(1).build()) {
            init.fill(spec, b);
        }
        byte[] out = new byte[b.capacity()];
        b.get(0, out);
        return out;
    }
}
