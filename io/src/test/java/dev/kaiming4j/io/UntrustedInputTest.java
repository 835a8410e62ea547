package dev.kaiming4j.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kaiming4j.DType;
import dev.kaiming4j.Initializer;
import dev.kaiming4j.Shape;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Hostile names and files: a name never leaves the output, a reader bounds every length and
 * shape against the file before allocating, and each bad input is a clear exception naming
 * the file (the rows of docs/HARDENING.md for the checkpoint formats).
 */
class UntrustedInputTest {
    @TempDir
    Path dir;

    static ModelSpec one(String name) {
        return ModelSpec.builder(1).constant(name, Shape.of(2), DType.FLOAT32, 1).build();
    }

    @ParameterizedTest
    @ValueSource(strings = {"../evil", "/etc/passwd", "a/../../b", "..", ".zattrs", "x\\y"})
    void zarrNamesCannotEscapeTheGroup(String name) throws IOException {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Checkpoints.write(one(name), dir.resolve("m.zarr"), WriteOptions.defaults()));
        assertTrue(e.getMessage().contains("cannot be a Zarr array name"), e.getMessage());
        assertEquals(List.of(), AtomicOutputTest.listDir(dir));
        // In safetensors a name is only a JSON string: allowed, and read back as written.
        Checkpoints.write(one(name), dir.resolve("m.safetensors"), WriteOptions.defaults());
        assertEquals(name, Checkpoints.describe(dir.resolve("m.safetensors")).tensors().get(0).name());
    }

    @Test
    void controlCharactersAndCaseCollisionsAreRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> one("a\u0000b"));
        assertTrue(e.getMessage().contains("control character (code 0)"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> ModelSpec.parse(
                "{\"tensors\": [{\"name\": \"w\\u0000\", \"shape\": [2, 2]}]}", OptionalLong.empty()));
        assertTrue(e.getMessage().contains("control character"), e.getMessage());
        ModelSpec clash = ModelSpec.builder(1).constant("Embed", Shape.of(2), DType.FLOAT32, 0)
                .constant("embed", Shape.of(2), DType.FLOAT32, 0).build();
        e = assertThrows(IllegalArgumentException.class,
                () -> Checkpoints.write(clash, dir.resolve("m.zarr"), WriteOptions.defaults()));
        assertTrue(e.getMessage().contains("'Embed' and 'embed' map to the same Zarr directory"), e.getMessage());
    }

    /** A 10^13-element shape in a 100-byte file is refused from the header, before any allocation. */
    @Test
    void hugeShapesInTinyFilesAreRefusedBeforeAllocating() throws IOException {
        Path npy = dir.resolve("huge.npy");
        byte[] h = NpyFormat.header(DType.FLOAT32, Shape.of(100_000, 100_000_000));
        Files.write(npy, h);
        IOException e = assertThrows(IOException.class, () -> Checkpoints.describe(npy));
        assertTrue(e.getMessage().contains(".npy data is truncated"), e.getMessage());

        Path st = dir.resolve("huge.safetensors");
        Files.write(st, SafetensorsFormat.header(List.of(new SafetensorsFormat.Entry("w", "F32", DType.FLOAT32,
                new long[] {100_000, 100_000_000}, 0, 40_000_000_000_000L)), Map.of()));
        e = assertThrows(IOException.class, () -> Checkpoints.describe(st));
        assertTrue(e.getMessage().contains("outside the data section"), e.getMessage());

        Path z = dir.resolve("huge.zarr");
        Checkpoints.write(one("w"), z, WriteOptions.defaults());
        Files.writeString(z.resolve("w/.zarray"), "{\"chunks\": [1, 100000000], \"compressor\": null, \"dtype\": "
                + "\"<f4\", \"fill_value\": 0.0, \"filters\": null, \"order\": \"C\", \"shape\": [100000, 100000000], "
                + "\"zarr_format\": 2}");
        try (Checkpoint c = Checkpoints.open(z)) {
            // Describing reads the .zarray only; reading finds no chunk file and allocates nothing.
            assertEquals(10_000_000_000_000L, c.tensors().get(0).elementCount());
            e = assertThrows(IOException.class, () -> c.read("w", 0, ByteBuffer.allocate(64)));
            assertTrue(e.getMessage().contains("chunk file '0.0' is missing"), e.getMessage());
        }
    }

    @Test
    void truncatedSafetensorsHeader() throws IOException {
        Path f = dir.resolve("t.safetensors");
        Checkpoints.write(one("w"), f, WriteOptions.defaults());
        byte[] all = Files.readAllBytes(f);
        Files.write(f, java.util.Arrays.copyOf(all, 40));
        IOException e = assertThrows(IOException.class, () -> Checkpoints.describe(f));
        assertTrue(e.getMessage().contains("not a safetensors file (header length"), e.getMessage());
    }

    @Test
    void corruptIndexMissingShardAndNamesTheIndexLacks() throws IOException {
        ModelSpec m = FormatsTest.model();
        Path out = dir.resolve("model.safetensors");
        try (Initializer java = Initializer.builder().backend("java").threads(1).build()) {
            Checkpoints.write(m, out, WriteOptions.defaults().initializer(java).shardBytes(40_000));
        }
        Path index = dir.resolve("model.safetensors.index.json");
        String good = Files.readString(index, StandardCharsets.UTF_8);

        Files.writeString(index, good.substring(0, good.length() / 2));
        IOException e = assertThrows(IOException.class, () -> Checkpoints.describe(index));
        assertTrue(e.getMessage().contains("not a safetensors index (invalid JSON)"), e.getMessage());

        Files.writeString(index, good.replace("\"model-00002-of-00004.safetensors\"", "\"../../etc/x.safetensors\""));
        e = assertThrows(IOException.class, () -> Checkpoints.describe(index));
        assertTrue(e.getMessage().contains("not a .safetensors file beside the index"), e.getMessage());

        Files.writeString(index, good.replace("\"layer.0.bias\"", "\"layer.9.bias\""));
        e = assertThrows(IOException.class, () -> Checkpoints.describe(index));
        assertTrue(e.getMessage().contains("tensor 'layer.0.bias' is not in the index's weight_map"), e.getMessage());

        Files.writeString(index, good);
        Files.delete(dir.resolve("model-00003-of-00004.safetensors"));
        e = assertThrows(IOException.class, () -> Checkpoints.describe(index));
        assertTrue(e.getMessage().contains("shard 'model-00003-of-00004.safetensors' named in the weight_map is missing"),
                e.getMessage());
    }

    /** .zarray fields of the wrong type or size are a clear IOException naming the file (found by ApiFuzzTest). */
    @ParameterizedTest
    @ValueSource(strings = {
        "\"filters\": \"gzip\", \"shape\": [2], \"chunks\": [2]|filters must be null or a list",
        "\"filters\": null, \"shape\": [0, 4294967296, 4294967296], \"chunks\": [1, 4294967296, 4294967296]"
            + "|a chunk of more than 2^63 bytes",
        "\"filters\": null, \"shape\": [2], \"chunks\": 2|malformed .zarray"})
    void malformedZarray(String fieldsAndMessage) throws IOException {
        String[] parts = fieldsAndMessage.split("\\|");
        Path z = dir.resolve("m.zarr");
        Checkpoints.write(one("w"), z, WriteOptions.defaults());
        Files.writeString(z.resolve("w/.zarray"), "{\"compressor\": null, \"dtype\": \"<f4\", \"fill_value\": 0.0, "
                + "\"order\": \"C\", \"zarr_format\": 2, " + parts[0] + "}");
        IOException e = assertThrows(IOException.class, () -> Checkpoints.describe(z));
        assertTrue(e.getMessage().contains("w/.zarray: " + parts[1]), e.getMessage());
    }

    @Test
    void missingZarrChunk() throws IOException {
        Path z = dir.resolve("m.zarr");
        try (Initializer java = Initializer.builder().backend("java").threads(1).build()) {
            Checkpoints.write(FormatsTest.model(), z, WriteOptions.defaults().initializer(java).chunkBytes(1000));
        }
        Files.delete(z.resolve("conv.weight/1.0.0.0"));
        try (Checkpoint c = Checkpoints.open(z)) {
            IOException e = assertThrows(IOException.class,
                    () -> c.read("conv.weight", 0, ByteBuffer.allocate(37 * 27 * 2).order(ByteOrder.LITTLE_ENDIAN)));
            assertTrue(e.getMessage().contains("chunk file '1.0.0.0' is missing"), e.getMessage());
            IllegalArgumentException a = assertThrows(IllegalArgumentException.class,
                    () -> c.read("nope", 0, ByteBuffer.allocate(4)));
            assertTrue(a.getMessage().contains("no tensor 'nope'"), a.getMessage());
        }
    }

    @Test
    void notACheckpoint() throws IOException {
        Path txt = dir.resolve("notes.txt");
        Files.writeString(txt, "hello, this is not a checkpoint at all");
        IOException e = assertThrows(IOException.class, () -> Checkpoints.describe(txt));
        assertTrue(e.getMessage().contains("not a safetensors file"), e.getMessage());
        Path plainDir = Files.createDirectory(dir.resolve("plain"));
        e = assertThrows(IOException.class, () -> Checkpoints.describe(plainDir));
        assertTrue(e.getMessage().contains("not a Zarr group"), e.getMessage());
    }
}
