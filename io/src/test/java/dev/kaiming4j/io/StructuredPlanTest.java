package dev.kaiming4j.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kaiming4j.DType;
import dev.kaiming4j.Initializer;
import dev.kaiming4j.Shape;
import dev.kaiming4j.StreamKey;
import dev.kaiming4j.StructuredInit;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Structural inits in a model: written through {@link Checkpoints#write} in any chunking, they
 * hold the bytes of {@link StructuredInit#fill} with the tensor's derived seed.
 */
class StructuredPlanTest {
    private static final String SPEC = """
            {"seed": 11, "rules": [{"match": "q*", "init": "orthogonal", "gain": 2}, {"match": "*", "init": "kaiming"}],
             "tensors": [
               {"name": "q", "shape": [64, 48]},
               {"name": "s", "shape": [50, 40], "init": "sparse", "sparsity": 0.3, "dtype": "float64"},
               {"name": "d", "shape": [8, 4, 3, 3], "init": "dirac", "groups": 2, "dtype": "float16"}
             ]}""";

    @TempDir
    Path dir;

    @Test
    void structuredTensorsDoNotDependOnChunkingAndMatchTheApi() throws IOException {
        ModelSpec model = ModelSpec.parse(SPEC, OptionalLong.empty());
        StructuredInit[] expected = {
            StructuredInit.orthogonal(Shape.of(64, 48), 2).seed(StreamKey.tensorSeed(11, "q")),
            StructuredInit.sparse(Shape.of(50, 40), 0.3, 0.01).dtype(DType.FLOAT64).seed(StreamKey.tensorSeed(11, "s")),
            StructuredInit.dirac(Shape.of(8, 4, 3, 3), 2).dtype(DType.FLOAT16).seed(StreamKey.tensorSeed(11, "d")),
        };
        Path st = dir.resolve("m.safetensors");
        Path zarr = dir.resolve("m.zarr");
        try (Initializer init = Initializer.create()) {
            Checkpoints.write(model, st, WriteOptions.defaults().initializer(init));
            // 1000-byte chunks cut every tensor into many pieces, unaligned to its rows.
            Checkpoints.write(model, zarr, WriteOptions.defaults().initializer(init).chunkBytes(1000));
            for (int i = 0; i < expected.length; i++) {
                TensorPlan plan = model.tensors().get(i);
                assertEquals(expected[i], plan.structuredInit());
                ByteBuffer want = ByteBuffer.allocate((int) plan.byteSize()).order(ByteOrder.LITTLE_ENDIAN);
                expected[i].fill(init, want);
                assertArrayEquals(want.array(), read(st, plan), plan.name() + " in .safetensors");
                assertArrayEquals(want.array(), read(zarr, plan), plan.name() + " in Zarr");
                // Pieces asked for last-first still give the same bytes.
                ByteBuffer pieces = ByteBuffer.allocateDirect((int) plan.byteSize());
                int width = plan.dtype().byteSize();
                for (long first = plan.elementCount() - 7; first > -7; first -= 7) {
                    long from = Math.max(0, first);
                    pieces.position((int) (from * width));
                    plan.fill(init, pieces, from, first + 7 - from);
                }
                byte[] got = new byte[(int) plan.byteSize()];
                pieces.position(0).get(got);
                assertArrayEquals(want.array(), got, plan.name() + " filled backwards in pieces of 7");
            }
        }
        try (Checkpoint c = Checkpoints.open(st)) {
            InitRecord q = c.initRecord("q").orElseThrow();
            assertEquals("orthogonal", q.init());
            assertEquals(2.0, q.parameter("gain", Double.NaN));
            assertTrue(q.structured());
            assertEquals(15, (long) c.initRecord("s").orElseThrow().parameter("zeros_per_column", -1)); // ⌈0.3·50⌉
        }
    }

    private static byte[] read(Path file, TensorPlan plan) throws IOException {
        try (Checkpoint c = Checkpoints.open(file)) {
            ByteBuffer b = ByteBuffer.allocate((int) plan.byteSize());
            c.read(plan.name(), 0, b);
            return b.array();
        }
    }
}
