package dev.kaiming4j.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.kaiming4j.DType;
import dev.kaiming4j.Distribution;
import dev.kaiming4j.InitSpec;
import dev.kaiming4j.Nonlinearity;
import dev.kaiming4j.ScaleFamily;
import dev.kaiming4j.Shape;
import dev.kaiming4j.StreamKey;
import dev.kaiming4j.io.ModelSpec;
import dev.kaiming4j.io.SafetensorsFormat;
import dev.kaiming4j.io.TensorPlan;
import dev.kaiming4j.io.Version;
import dev.kaiming4j.ref.DTypeRounding;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelCommandTest {
    static final Path EXAMPLES = Path.of(System.getProperty("user.dir")).resolve("../examples").normalize();

    @TempDir
    Path dir;

    /** The tensors of a safetensors file by name: header entry and raw bytes. */
    record Stored(SafetensorsFormat.Entry entry, byte[] bytes) {
    }

    static Map<String, Stored> read(Path f, Map<String, String> metadataOut) throws IOException {
        Map<String, Stored> m = new HashMap<>();
        try (FileChannel ch = FileChannel.open(f)) {
            SafetensorsFormat.Header h = SafetensorsFormat.read(ch, f.toString());
            if (metadataOut != null) {
                metadataOut.putAll(h.metadata());
            }
            long covered = 0;
            for (SafetensorsFormat.Entry e : h.tensors()) {
                ByteBuffer b = ByteBuffer.allocate((int) (e.end() - e.begin()));
                ch.read(b, h.dataOffset() + e.begin());
                m.put(e.name(), new Stored(e, b.array()));
                covered += e.end() - e.begin();
                if (e.dtype() != null) {
                    assertEquals(0, e.begin() % e.dtype().byteSize(), "aligned: " + e.name());
                }
            }
            assertEquals(ch.size() - h.dataOffset(), covered, "data section fully indexed, no holes");
        }
        return m;
    }

    @Test
    void mlpExample() throws IOException {
        Path out = dir.resolve("mlp.safetensors");
        JsonObject j = Cli.run("model", EXAMPLES.resolve("mlp.json").toString(), "--out", out.toString()).ok().json();
        assertEquals(8, j.get("tensors").getAsInt());
        assertEquals(42, j.get("seed").getAsLong());
        String backend = j.get("backend").getAsString();
        Map<String, String> meta = new HashMap<>();
        Map<String, Stored> t = read(out, meta);
        assertEquals(8, t.size());
        assertEquals("42", meta.get("model_seed"));
        assertEquals(Version.get(), meta.get("kaiming4j_version"));

        assertArrayEquals(new long[] {512, 784}, t.get("fc1.weight").entry().shape());
        assertEquals("F32", t.get("fc1.weight").entry().dtypeName());
        assertEquals("BF16", t.get("embedding.weight").entry().dtypeName());
        assertEquals("F16", t.get("scale").entry().dtypeName());

        long s = StreamKey.tensorSeed(42, "fc1.weight");
        JsonObject rec = JsonParser.parseString(meta.get("init:fc1.weight")).getAsJsonObject();
        assertEquals(s, rec.get("tensor_seed").getAsLong());
        assertEquals(42, rec.get("model_seed").getAsLong());
        assertArrayEquals(Fills.bytes(InitSpec.kaiming(512, 784).seed(s).build(), backend),
                t.get("fc1.weight").bytes());

        InitSpec fc2 = InitSpec.kaiming(256, 512).nonlinearity(Nonlinearity.of("leaky_relu", OptionalDouble.of(0.1)))
                .distribution(Distribution.UNIFORM).seed(StreamKey.tensorSeed(42, "fc2.weight")).build();
        assertArrayEquals(Fills.bytes(fc2, backend), t.get("fc2.weight").bytes());

        InitSpec head = InitSpec.builder(Shape.of(10, 256)).family(ScaleFamily.XAVIER).nonlinearity("linear")
                .distribution(Distribution.TRUNCATED_NORMAL).seed(StreamKey.tensorSeed(42, "head.weight")).build();
        assertArrayEquals(Fills.bytes(head, backend), t.get("head.weight").bytes());

        InitSpec emb = InitSpec.builder(Shape.of(1000, 64)).std(0.02).dtype(DType.BFLOAT16)
                .seed(StreamKey.tensorSeed(42, "embedding.weight")).build();
        assertArrayEquals(Fills.bytes(emb, backend), t.get("embedding.weight").bytes());

        ByteBuffer bias = ByteBuffer.wrap(t.get("fc2.bias").bytes()).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < 256; i++) {
            assertEquals(0.01f, bias.getFloat(4 * i));
        }
        for (byte b : t.get("fc1.bias").bytes()) {
            assertEquals(0, b);
        }
        ByteBuffer scale = ByteBuffer.wrap(t.get("scale").bytes()).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < 64; i++) {
            assertEquals(1.0, DTypeRounding.float16ToDouble(scale.getShort(2 * i)));
        }
    }

    /** A tensor's bytes depend on the model seed and its own name only, not on the other tensors. */
    @Test
    void reorderingOrRemovingTensorsKeepsEachTensorsBytes() throws IOException {
        JsonObject spec = JsonParser.parseString(Files.readString(EXAMPLES.resolve("mlp.json"))).getAsJsonObject();
        Path a = dir.resolve("a.safetensors");
        Cli.run("model", EXAMPLES.resolve("mlp.json").toString(), "--out", a.toString()).ok();

        JsonArray tensors = spec.getAsJsonArray("tensors");
        List<JsonElement> shuffled = new ArrayList<>();
        tensors.forEach(shuffled::add);
        Collections.reverse(shuffled);
        shuffled.remove(2);
        JsonArray reordered = new JsonArray();
        shuffled.forEach(reordered::add);
        spec.add("tensors", reordered);
        Path specB = dir.resolve("b.json");
        Files.writeString(specB, spec.toString());
        Path b = dir.resolve("b.safetensors");
        Cli.run("model", specB.toString(), "--out", b.toString()).ok();

        Map<String, Stored> ta = read(a, null);
        Map<String, Stored> tb = read(b, null);
        assertEquals(ta.size() - 1, tb.size());
        for (Map.Entry<String, Stored> e : tb.entrySet()) {
            assertArrayEquals(ta.get(e.getKey()).bytes(), e.getValue().bytes(), e.getKey());
        }

        Path c = dir.resolve("c.safetensors");
        Cli.run("model", specB.toString(), "--out", c.toString(), "--seed", "43").ok();
        Map<String, Stored> tc = read(c, null);
        assertFalse(java.util.Arrays.equals(tb.get("fc1.weight").bytes(), tc.get("fc1.weight").bytes()));
    }

    @Test
    void resnet18ExampleHasTorchvisionParameters() throws IOException {
        ModelSpec m = ModelSpec.read(EXAMPLES.resolve("resnet18.json"), OptionalLong.empty());
        assertEquals(62, m.tensors().size());
        long params = 0;
        for (TensorPlan p : m.tensors()) {
            params += p.elementCount();
        }
        assertEquals(11_689_512, params); // torchvision resnet18: sum of p.numel() over parameters()
        TensorPlan conv = m.tensors().get(0);
        assertEquals("conv1.weight", conv.name());
        assertEquals(Math.sqrt(2.0 / (64 * 49)), conv.spec().std(), 1e-15); // fan_out, relu
        TensorPlan fc = m.tensors().get(61 - 1);
        assertEquals("fc.weight", fc.name());
        assertEquals(1 / Math.sqrt(512), fc.spec().sampling().scale(), 1e-15); // nn.Linear default bound
        TensorPlan bnWeight = m.tensors().get(1);
        assertTrue(bnWeight.isConstant());
        assertEquals(1.0, bnWeight.constant());
    }

    /** Defaults fill every key a tensor leaves out where it applies; a slope travels with its nonlinearity. */
    @Test
    void defaultsPrecedence() {
        ModelSpec m = ModelSpec.parse("{\"dtype\": \"float64\", \"defaults\": {\"init\": \"kaiming\", "
                + "\"nonlinearity\": \"leaky_relu\", \"negative_slope\": 0.2, \"mode\": \"fan_out\", \"std\": 0.5}, "
                + "\"tensors\": [{\"name\": \"a\", \"shape\": [4, 8]},"
                + " {\"name\": \"b\", \"shape\": [4, 8], \"nonlinearity\": \"tanh\", \"dtype\": \"float16\"},"
                + " {\"name\": \"c\", \"shape\": [4, 8], \"init\": \"xavier\"},"
                + " {\"name\": \"d\", \"shape\": [4], \"init\": \"normal\"}]}", OptionalLong.of(5));
        InitSpec a = m.tensors().get(0).spec();
        assertEquals(0.2, a.nonlinearity().parameter().getAsDouble());
        assertEquals(dev.kaiming4j.FanMode.FAN_OUT, a.mode());
        assertEquals(DType.FLOAT64, a.dtype());
        assertEquals(StreamKey.tensorSeed(5, "a"), a.seed());
        InitSpec b = m.tensors().get(1).spec();
        assertEquals("tanh", b.nonlinearity().name());
        assertEquals(DType.FLOAT16, b.dtype());
        InitSpec c = m.tensors().get(2).spec();
        assertEquals(ScaleFamily.XAVIER, c.family());
        assertEquals("leaky_relu", c.nonlinearity().name());
        assertEquals(dev.kaiming4j.FanMode.FAN_OUT, c.mode());
        assertEquals(0.5, m.tensors().get(3).spec().std());
        assertEquals(5, m.seed());
    }

    @Test
    void tensorsLargerThanAWindowAndMixedDtypes() throws IOException {
        String spec = "{\"seed\": 3, \"tensors\": ["
                + "{\"name\": \"h\", \"shape\": [1001], \"init\": \"constant\", \"value\": -0.5, \"dtype\": \"float16\"},"
                + "{\"name\": \"w\", \"shape\": [77, 13], \"init\": \"lecun\", \"distribution\": \"uniform\"},"
                + "{\"name\": \"d\", \"shape\": [5, 3], \"init\": \"normal\", \"std\": 0.5, \"dtype\": \"float64\"}]}";
        Path specFile = dir.resolve("m.json");
        Files.writeString(specFile, spec);
        Path out = dir.resolve("m.safetensors");
        System.setProperty("kaiming4j.io.bufferBytes", "64");
        String backend;
        try {
            backend = Cli.run("model", specFile.toString(), "--out", out.toString()).ok().json().get("backend")
                    .getAsString();
        } finally {
            System.clearProperty("kaiming4j.io.bufferBytes");
        }
        Map<String, Stored> t = read(out, null);
        ByteBuffer h = ByteBuffer.wrap(t.get("h").bytes()).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < 1001; i++) {
            assertEquals(-0.5, DTypeRounding.float16ToDouble(h.getShort(2 * i)));
        }
        InitSpec w = InitSpec.builder(Shape.of(77, 13)).family(ScaleFamily.LECUN).distribution(Distribution.UNIFORM)
                .seed(StreamKey.tensorSeed(3, "w")).build();
        assertArrayEquals(Fills.bytes(w, backend), t.get("w").bytes());
        assertEquals(0, t.get("d").entry().begin(), "float64 first: every tensor aligned");
    }
}
