package dev.kaiming4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kaiming4j.DType;
import dev.kaiming4j.InitSpec;
import dev.kaiming4j.Initializer;
import dev.kaiming4j.KaimingException;
import dev.kaiming4j.spi.Backend;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A failure in the middle of generation leaves neither the final nor the temporary file. */
class AtomicOutputTest {
    @TempDir
    Path dir;

    @Test
    void failingBackendLeavesNothingAndKeepsTheOldFile() throws IOException {
        Path out = dir.resolve("m.safetensors");
        Files.writeString(out, "previous");
        AtomicInteger calls = new AtomicInteger();
        Backend failing = new Backend() {
            @Override
            public String name() {
                return "failing";
            }

            @Override
            public void fill(dev.kaiming4j.Sampling sampling, dev.kaiming4j.StreamKey key, DType dtype, long first,
                    long count, dev.kaiming4j.spi.FillTarget target) {
                if (calls.incrementAndGet() == 2) {
                    throw new KaimingException("fill", "injected failure", null);
                }
            }
        };
        List<TensorPlan> plans = List.of(
                TensorPlan.random("a", "kaiming", InitSpec.kaiming(64, 64).build(), OptionalLong.of(0)),
                TensorPlan.random("b", "kaiming", InitSpec.kaiming(64, 64).build(), OptionalLong.of(0)));
        try (Initializer init = Initializer.builder().backend(failing).threads(1).build()) {
            TensorFileWriter w = new TensorFileWriter(init, false);
            assertThrows(KaimingException.class, () -> w.write(out, plans, Map.of()));
        }
        assertEquals(2, calls.get());
        assertEquals(List.of("m.safetensors"), Cli.listDir(dir));
        assertEquals("previous", Files.readString(out));
    }

    @Test
    void commitRenamesAndCloseWithoutCommitDeletes() throws IOException {
        Path out = dir.resolve("x.npy");
        try (AtomicOutput o = AtomicOutput.create(out)) {
            assertTrue(Files.exists(o.temp()));
            assertEquals(dir, o.temp().getParent());
            assertTrue(o.temp().getFileName().toString().startsWith(".x.npy."));
        }
        assertEquals(List.of(), Cli.listDir(dir));
        try (AtomicOutput o = AtomicOutput.create(out)) {
            Files.writeString(o.temp(), "done");
            o.commit();
        }
        assertEquals(List.of("x.npy"), Cli.listDir(dir));
        assertEquals("done", Files.readString(out));
    }
}
