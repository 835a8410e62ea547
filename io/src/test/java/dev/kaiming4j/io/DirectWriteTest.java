package dev.kaiming4j.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.kaiming4j.DType;
import dev.kaiming4j.InitSpec;
import dev.kaiming4j.Initializer;
import dev.kaiming4j.Shape;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalLong;
import java.util.stream.DoubleStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Tensors written around the page cache (O_DIRECT, on a disk) are the bytes and statistics of
 * the same tensors written through it: larger than one chunk (8 MiB), so the bytes carried from
 * chunk to chunk, the file bytes read back before the first chunk (a header of 128 bytes, of a
 * length that is no multiple of 8, a tensor before) and the unaligned end all show.
 */
class DirectWriteTest {
    private static Initializer java;

    @TempDir
    Path dir;

    @BeforeAll
    static void open() {
        java = Initializer.builder().backend("java").threads(2).build();
    }

    @AfterAll
    static void close() {
        java.close();
    }

    private void assumeDirect() throws IOException {
        Path probe = Files.createFile(dir.resolve("probe"));
        try (FileChannel ch = Channels.openDirect(probe)) {
            assumeTrue(ch != null, "the temporary directory's file system takes no O_DIRECT (tmpfs?)");
        }
    }

    /** The figures of every tensor's statistics, in order. */
    private static double[] figures(WriteResult r) {
        return r.stats().stream()
                .flatMapToDouble(s -> DoubleStream.of(s.count(), s.mean(), s.std(), s.min(), s.max()))
                .toArray();
    }

    /** Writes {@code spec} to NAME with O_DIRECT and to cached-NAME without; compares bytes and statistics. */
    private void assertSameBothWays(ModelSpec spec, String name) throws IOException {
        WriteOptions options = WriteOptions.defaults().initializer(java).statistics(true);
        WriteResult direct = Checkpoints.write(spec, dir.resolve(name), options);
        WriteResult cached;
        System.setProperty(Channels.DIRECT_PROPERTY, "false");
        try {
            cached = Checkpoints.write(spec, dir.resolve("cached-" + name), options);
        } finally {
            System.clearProperty(Channels.DIRECT_PROPERTY);
        }
        assertEquals(Files.size(dir.resolve("cached-" + name)), Files.size(dir.resolve(name)));
        assertArrayEquals(Files.readAllBytes(dir.resolve("cached-" + name)), Files.readAllBytes(dir.resolve(name)));
        assertArrayEquals(figures(cached), figures(direct));
    }

    /** 2.5 chunks of float32 after the 128-byte .npy header: an end of 2,254,076 bytes past the last 4 KiB. */
    @Test
    void npyLargerThanAChunk() throws IOException {
        assumeDirect();
        ModelSpec spec = ModelSpec.of(3, List.of(TensorPlan.random("w", "kaiming",
                InitSpec.kaiming(2621, 2003).seed(3).build(), OptionalLong.empty())));
        assertSameBothWays(spec, "w.npy");
    }

    /**
     * A small tensor, then two larger than a chunk (float32 and float16): each large one starts
     * at an offset no multiple of 4 KiB, after bytes of the one before.
     */
    @Test
    void safetensorsWithTensorsBeforeAndBetween() throws IOException {
        assumeDirect();
        ModelSpec spec = ModelSpec.builder(5)
                .tensor("a.bias", InitSpec.builder(Shape.of(1001)).std(0.5))
                .tensor("b.weight", InitSpec.kaiming(2200, 1001))
                .constant("c.bias", Shape.of(3), DType.FLOAT32, 1)
                .tensor("d.weight", InitSpec.kaiming(4500, 1003).dtype(DType.FLOAT16))
                .build();
        assertSameBothWays(spec, "m.safetensors");
    }
}
