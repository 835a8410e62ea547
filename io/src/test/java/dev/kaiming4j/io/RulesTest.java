package dev.kaiming4j.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kaiming4j.DType;
import dev.kaiming4j.Distribution;
import dev.kaiming4j.Initializer;
import dev.kaiming4j.StreamKey;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Ordered glob rules, with listed tensors and with tensors taken from a checkpoint (--like). */
class RulesTest {
    static final Path EXAMPLES = Path.of("..", "examples");

    @TempDir
    Path dir;

    static Map<String, TensorPlan> byName(ModelSpec m) {
        Map<String, TensorPlan> map = new HashMap<>();
        m.tensors().forEach(p -> map.put(p.name(), p));
        return map;
    }

    /** GPT-2 small as published: 148 tensors, 124,439,808 parameters, GPT-2's init by rule. */
    @Test
    void gpt2SmallExample() throws IOException {
        ModelSpec m = ModelSpec.read(EXAMPLES.resolve("gpt2-small.json"), OptionalLong.empty());
        assertEquals(148, m.tensors().size());
        assertEquals(124_439_808L, m.elementCount());
        Map<String, TensorPlan> t = byName(m);
        assertEquals("zeros", t.get("h.3.attn.c_attn.bias").kind());
        assertEquals("ones", t.get("h.11.ln_2.weight").kind());
        assertEquals("ones", t.get("ln_f.weight").kind());
        assertEquals("zeros", t.get("ln_f.bias").kind());
        assertEquals(0.02 / Math.sqrt(24), t.get("h.0.mlp.c_proj.weight").expectedStd(), 1e-15);
        assertEquals(0.02, t.get("h.0.mlp.c_fc.weight").expectedStd(), 1e-15);
        assertEquals(0.02, t.get("wte.weight").expectedStd(), 1e-15);
        assertEquals(StreamKey.tensorSeed(2019, "wpe.weight"), t.get("wpe.weight").spec().seed());
    }

    @Test
    void firstMatchWinsTensorKeysOverrideUnmatchedIsAnError() {
        String spec = "{\"seed\": 1, \"rules\": [{\"match\": \"*.bias\", \"init\": \"zeros\"},"
                + " {\"match\": \"*norm*\", \"init\": \"ones\"}, {\"match\": \"enc?.*\", \"init\": \"kaiming\","
                + " \"distribution\": \"uniform\"}], \"tensors\": ["
                + "{\"name\": \"enc1.weight\", \"shape\": [8, 4]}, {\"name\": \"enc1.bias\", \"shape\": [8]},"
                + "{\"name\": \"norm.bias\", \"shape\": [8]}, {\"name\": \"enc2.weight\", \"shape\": [8, 4], "
                + "\"init\": \"normal\", \"std\": 0.5}]}";
        Map<String, TensorPlan> t = byName(ModelSpec.parse(spec, OptionalLong.empty()));
        assertEquals(Distribution.UNIFORM, t.get("enc1.weight").spec().distribution());
        assertEquals("zeros", t.get("enc1.bias").kind());
        assertEquals("zeros", t.get("norm.bias").kind(), "the first matching rule wins");
        assertEquals(0.5, t.get("enc2.weight").expectedStd(), 0, "a tensor's own init beats the rules");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ModelSpec.parse(
                spec.replace("{\"name\": \"norm.bias\"", "{\"name\": \"head.weight\", \"shape\": [2, 8]}, "
                        + "{\"name\": \"x\""), OptionalLong.empty()));
        assertTrue(e.getMessage().contains("tensor 'head.weight': no rule matches it"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> ModelSpec.parse("{\"rules\": [{\"match\": \"*\", "
                + "\"init\": \"zeros\", \"std\": 1}], \"tensors\": []}", OptionalLong.empty()));
        assertTrue(e.getMessage().contains("rules[0]: 'std' does not apply to init 'zeros'"), e.getMessage());
    }

    /** --like: names, shapes, dtypes from a written checkpoint of every kind; inits from the rules. */
    @Test
    void likeTakesTensorsFromACheckpoint() throws IOException {
        ModelSpec source = FormatsTest.model();
        String rules = "{\"seed\": 5, \"rules\": [{\"match\": \"*.bias\", \"init\": \"zeros\"}, "
                + "{\"match\": \"norm.*\", \"init\": \"ones\"}, {\"match\": \"*\", \"init\": \"kaiming\"}]}";
        try (Initializer java = Initializer.builder().backend("java").threads(1).build()) {
            WriteOptions o = WriteOptions.defaults().initializer(java);
            Checkpoints.write(source, dir.resolve("s.safetensors"), o);
            Checkpoints.write(source, dir.resolve("m.safetensors"), o.shardBytes(1));
            Checkpoints.write(source, dir.resolve("z.zarr"), o);
        }
        for (String f : List.of("s.safetensors", "m.safetensors.index.json", "z.zarr")) {
            ModelSpec m = ModelSpec.parse(rules, OptionalLong.empty(), Checkpoints.describe(dir.resolve(f)).tensors());
            Map<String, TensorPlan> t = byName(m);
            assertEquals(source.tensors().size(), m.tensors().size(), f);
            for (TensorPlan p : source.tensors()) {
                assertArrayEquals(p.shape().dims(), t.get(p.name()).shape().dims(), f);
                assertEquals(p.dtype(), t.get(p.name()).dtype(), f);
            }
            assertEquals("zeros", t.get("layer.0.bias").kind(), f);
            assertEquals("ones", t.get("norm.weight").kind(), f);
            assertEquals(DType.FLOAT64, t.get("layer.1.weight").dtype(), f);
            assertEquals(StreamKey.tensorSeed(5, "conv.weight"), t.get("conv.weight").spec().seed(), f);
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ModelSpec.parse(
                "{\"rules\": [{\"match\": \"*.bias\", \"init\": \"zeros\"}]}", OptionalLong.empty(),
                Checkpoints.describe(dir.resolve("s.safetensors")).tensors()));
        assertTrue(e.getMessage().contains("tensor 'embed.weight': no rule matches it"), e.getMessage());
    }
}
