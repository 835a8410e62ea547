package dev.kaiming4j.io;

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
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A failure in the middle of generation leaves neither the final nor the temporary file. */
class AtomicOutputTest {
    @TempDir
    Path dir;

    static List<String> listDir(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

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
                if (calls.incrementAndGet() % 2 == 0) { // the second tensor of each write fails
                    throw new KaimingException("fill", "injected failure", null);
                }
            }
        };
        ModelSpec spec = ModelSpec.of(0, List.of(
                TensorPlan.random("a", "kaiming", InitSpec.kaiming(64, 64).build(), OptionalLong.of(0)),
                TensorPlan.random("b", "kaiming", InitSpec.kaiming(64, 64).build(), OptionalLong.of(0))));
        try (Initializer init = Initializer.builder().backend(failing).threads(1).build()) {
            WriteOptions o = WriteOptions.defaults().initializer(init);
            assertThrows(KaimingException.class, () -> Checkpoints.write(spec, out, o));
            assertThrows(KaimingException.class, () -> Checkpoints.write(spec, dir.resolve("m.zarr"), o));
        }
        assertEquals(4, calls.get());
        assertEquals(List.of("m.safetensors"), listDir(dir));
        assertEquals("previous", Files.readString(out));
    }

    @Test
    void commitRenamesAndCloseWithoutCommitDeletes() throws IOException {
        Path out = dir.resolve("x.npy");
        try (AtomicOutput o = AtomicOutput.create(out)) {
            assertTrue(Files.exists(o.temp()));
            assertEquals(dir, o.temp().getParent());
            String name = o.temp().getFileName().toString();
            assertTrue(name.startsWith(".x.npy." + ProcessHandle.current().pid() + "-") && name.endsWith(".tmp"), name);
        }
        assertEquals(List.of(), listDir(dir));
        try (AtomicOutput o = AtomicOutput.create(out)) {
            Files.writeString(o.temp(), "done");
            o.commit();
        }
        assertEquals(List.of("x.npy"), listDir(dir));
        assertEquals("done", Files.readString(out));
    }

    /**
     * Temporaries left by a killed writer (a real process, ended with SIGKILL) are removed by the
     * next write to the same name; those of a live process, of another name, or not of our
     * pattern stay.
     */
    @Test
    void leftoversOfDeadWritersAreRemovedOthersStay() throws Exception {
        Process dead = new ProcessBuilder("sleep", "60").start();
        long deadPid = dead.pid();
        dead.destroyForcibly();
        assertTrue(dead.waitFor(30, TimeUnit.SECONDS));
        Process alive = new ProcessBuilder("sleep", "60").start();
        try {
            String deadTemp = ".w.safetensors." + deadPid + "-1f2e.tmp";
            String deadZarr = ".w.zarr." + deadPid + "-77.tmp";
            String liveTemp = ".w.safetensors." + alive.pid() + "-abc.tmp";
            String otherName = ".v.safetensors." + deadPid + "-1f2e.tmp";
            String notOurs = ".w.safetensors.backup.tmp";
            for (String n : List.of(deadTemp, liveTemp, otherName, notOurs)) {
                Files.writeString(dir.resolve(n), "x");
            }
            Files.createDirectories(dir.resolve(deadZarr).resolve("a"));
            Files.writeString(dir.resolve(deadZarr).resolve("a").resolve("0.0"), "x");
            ModelSpec spec = ModelSpec.builder(1).constant("c", dev.kaiming4j.Shape.of(4), DType.FLOAT32, 1).build();
            Checkpoints.write(spec, dir.resolve("w.safetensors"), WriteOptions.defaults());
            Checkpoints.write(spec, dir.resolve("w.zarr"), WriteOptions.defaults());
            assertEquals(List.of(notOurs, otherName, liveTemp, "w.safetensors", "w.zarr").stream().sorted().toList(),
                    listDir(dir));
        } finally {
            alive.destroyForcibly();
        }
    }
}
