package dev.kaiming4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.kaiming4j.DType;
import dev.kaiming4j.io.NpyFormat;
import dev.kaiming4j.io.SafetensorsFormat;
import dev.kaiming4j.ref.DTypeRounding;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.statistics.distribution.NormalDistribution;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class StatsCommandTest {
    @TempDir
    Path dir;

    static Map<String, JsonObject> byName(Cli.Result r) {
        Map<String, JsonObject> m = new HashMap<>();
        for (String line : r.outLines()) {
            JsonObject o = JsonParser.parseString(line).getAsJsonObject();
            m.put(o.get("name").getAsString(), o);
        }
        return m;
    }

    /**
     * Each case fails with probability 1e-4 for a correct generator (p-value threshold), so a
     * failure here means the data do not follow the recorded distribution.
     */
    @ParameterizedTest
    @CsvSource({"normal, float32", "uniform, float64", "truncated_normal, float16", "normal, bfloat16",
        "uniform, bfloat16"})
    void ksAcceptsWhatInitWrote(String distribution, String dtype) {
        Path f = dir.resolve("w.safetensors");
        JsonObject init = Cli.run("init", "--shape", "512,400", "--out", f.toString(), "--distribution", distribution,
                "--dtype", dtype, "--seed", "11").ok().json();
        JsonObject s = Cli.run("stats", f.toString()).ok().json();
        assertEquals("weight", s.get("name").getAsString());
        assertEquals(dtype, s.get("dtype").getAsString());
        assertEquals(init.get("sample_mean").getAsDouble(), s.get("mean").getAsDouble(), 1e-12);
        assertEquals(init.get("sample_std").getAsDouble(), s.get("std").getAsDouble(), 1e-12);
        assertEquals(init.get("expected_std").getAsDouble(), s.get("expected_std").getAsDouble(), 0);
        assertEquals(distribution, s.get("distribution").getAsString());
        assertEquals(512 * 400, s.get("ks_sample").getAsInt());
        assertTrue(s.get("ks_p_value").getAsDouble() > 1e-4, s.toString());
        double bound = 2 * Math.sqrt(2.0 / 400) / 0.87962566103423978;
        if (distribution.equals("truncated_normal")) {
            assertTrue(s.get("max").getAsDouble() <= bound * (1 + 1e-3), s.toString());
        }
    }

    /** The KS test has power: data with 3% too large a std are rejected. */
    @Test
    void ksRejectsTheWrongStd() throws IOException {
        Path f = dir.resolve("w.npy");
        Cli.run("init", "--shape", "1000,500", "--out", f.toString(), "--gain", String.valueOf(Math.sqrt(2) * 1.03))
                .ok();
        double sigma = Math.sqrt(2.0 / 500);
        JsonObject wrong = Cli.run("stats", f.toString(), "--expect-std", String.valueOf(sigma)).ok().json();
        assertTrue(wrong.get("ks_p_value").getAsDouble() < 1e-6, wrong.toString());
        JsonObject right = Cli.run("stats", f.toString(), "--expect-std", String.valueOf(sigma * 1.03)).ok().json();
        assertTrue(right.get("ks_p_value").getAsDouble() > 1e-4, right.toString());
        JsonObject none = Cli.run("stats", f.toString()).ok().json();
        assertFalse(none.has("ks_p_value"), "no metadata in .npy, no KS without --expect-std");
        assertEquals("w", none.get("name").getAsString());
    }

    /**
     * A perfect N(0, 0.05) sample (the exact quantiles) rounded to bfloat16: its 8-bit
     * significand alone puts the KS statistic near 9e-4, enough to reject at 4·10⁶ elements.
     * Spreading ties over their rounding intervals brings it back to the 1/(2n) of the sample.
     */
    @Test
    void tieSpreadingUndoesBfloat16Rounding() {
        NormalDistribution n = NormalDistribution.of(0, 0.05);
        int m = 4_000_000;
        double[] x = new double[m];
        for (int i = 0; i < m; i++) {
            x[i] = DTypeRounding.bfloat16ToDouble(DTypeRounding.toBFloat16(n.inverseCumulativeProbability((i + 0.5) / m)));
        }
        org.apache.commons.statistics.inference.KolmogorovSmirnovTest.OneResult raw =
                org.apache.commons.statistics.inference.KolmogorovSmirnovTest.withDefaults()
                        .test(x, n::cumulativeProbability);
        assertTrue(raw.getStatistic() > 5e-4 && raw.getPValue() < 0.01, "raw D = " + raw.getStatistic());
        KsCheck.Result spread = KsCheck.test(x, DType.BFLOAT16, n::cumulativeProbability, 1);
        assertTrue(spread.statistic() < 1e-5, "spread D = " + spread.statistic());
        assertTrue(spread.pValue() > 0.99, "spread p = " + spread.pValue());
    }

    @Test
    void subsamplesLargeTensorsDeterministically() {
        Path f = dir.resolve("big.safetensors");
        Cli.run("init", "--shape", "2500,1000", "--out", f.toString(), "--dtype", "float16").ok();
        JsonObject s = Cli.run("stats", f.toString(), "--tensor", "weight").ok().json();
        assertEquals(3, s.get("ks_stride").getAsLong());
        assertEquals(833_334, s.get("ks_sample").getAsInt());
        assertTrue(s.get("ks_p_value").getAsDouble() > 1e-4, s.toString());
        assertEquals(s, Cli.run("stats", f.toString()).ok().json());
    }

    @Test
    void modelStatsCoverEveryTensorAndConstants() {
        Path f = dir.resolve("mlp.safetensors");
        Cli.run("model", ModelCommandTest.EXAMPLES.resolve("mlp.json").toString(), "--out", f.toString()).ok();
        Cli.Result r = Cli.run("stats", f.toString()).ok();
        Map<String, JsonObject> m = byName(r);
        assertEquals(8, m.size());
        assertEquals(List.of(512L, 784L), List.of(m.get("fc1.weight").getAsJsonArray("shape").get(0).getAsLong(),
                m.get("fc1.weight").getAsJsonArray("shape").get(1).getAsLong()));
        for (String w : List.of("fc1.weight", "fc2.weight", "head.weight", "embedding.weight")) {
            assertTrue(m.get(w).get("ks_p_value").getAsDouble() > 1e-4, m.get(w).toString());
        }
        assertTrue(m.get("fc1.bias").get("all_equal").getAsBoolean());
        assertEquals(0.0, m.get("fc1.bias").get("max").getAsDouble());
        assertTrue(m.get("fc2.bias").get("all_equal").getAsBoolean());
        assertEquals((double) 0.01f, m.get("fc2.bias").get("mean").getAsDouble());
        assertEquals("float16", m.get("scale").get("dtype").getAsString());
        assertTrue(m.get("scale").get("all_equal").getAsBoolean());

        Cli.Result one = Cli.run("stats", f.toString(), "--tensor", "head.bias").ok();
        assertEquals(1, one.outLines().size());
    }

    @Test
    void statsOnSafetensorsWithoutOurMetadata() throws IOException {
        Path f = dir.resolve("plain.safetensors");
        byte[] header = SafetensorsFormat.header(List.of(
                new SafetensorsFormat.Entry("x", "F32", DType.FLOAT32, new long[] {4}, 0, 16),
                new SafetensorsFormat.Entry("ids", "I64", null, new long[] {2}, 16, 32)), Map.of());
        ByteBuffer data = ByteBuffer.allocate(32).order(ByteOrder.LITTLE_ENDIAN);
        data.putFloat(1).putFloat(2).putFloat(3).putFloat(4).putLong(7).putLong(8);
        Files.write(f, concat(header, data.array()));
        Map<String, JsonObject> m = byName(Cli.run("stats", f.toString()).ok());
        assertEquals(2.5, m.get("x").get("mean").getAsDouble());
        assertEquals(Math.sqrt(1.25), m.get("x").get("std").getAsDouble(), 1e-15);
        assertEquals(1.0, m.get("x").get("min").getAsDouble());
        assertEquals(4.0, m.get("x").get("max").getAsDouble());
        assertFalse(m.get("x").has("ks_p_value"));
        assertEquals("I64", m.get("ids").get("dtype").getAsString());
    }

    @Test
    void corruptFilesFailWithOneLine() throws IOException {
        Path f = dir.resolve("bad.safetensors");
        Files.write(f, new byte[] {(byte) 200, 0, 0, 0, 0, 0, 0, 0, '{', '}'});
        Cli.Result r = Cli.run("stats", f.toString());
        assertEquals(1, r.exit());
        assertEquals(1, r.errLines().size(), r.err());
        assertTrue(r.err().contains("not a safetensors file"), r.err());

        Path g = dir.resolve("trunc.npy");
        byte[] h = NpyFormat.header(DType.FLOAT32, dev.kaiming4j.Shape.of(10, 10));
        Files.write(g, concat(h, new byte[12]));
        Cli.Result t = Cli.run("stats", g.toString());
        assertEquals(1, t.exit());
        assertTrue(t.err().contains("truncated"), t.err());
    }

    @Test
    void unknownTensorIsUsage() {
        Path f = dir.resolve("w.safetensors");
        Cli.run("init", "--shape", "4,4", "--out", f.toString()).ok();
        Cli.Result r = Cli.run("stats", f.toString(), "--tensor", "nope");
        assertEquals(2, r.exit());
        assertEquals(List.of("kaiming stats: --tensor: no tensor 'nope' in " + f + " (has weight)"), r.errLines());
    }

    static byte[] concat(byte[] a, byte[] b) {
        byte[] c = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, c, a.length, b.length);
        return c;
    }
}
