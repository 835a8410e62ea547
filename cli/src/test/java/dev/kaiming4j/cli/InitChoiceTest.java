package dev.kaiming4j.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import dev.kaiming4j.DType;
import dev.kaiming4j.FanAxes;
import dev.kaiming4j.FanMode;
import dev.kaiming4j.InitSpec;
import dev.kaiming4j.Initializer;
import dev.kaiming4j.Layout;
import dev.kaiming4j.Shape;
import dev.kaiming4j.StructuredInit;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** {@code kaiming init --init NAME}: each init's file equals the API's tensor; bad input exits 2. */
class InitChoiceTest {
    @TempDir
    Path dir;

    /** The data bytes of an .npy file we wrote (its header is 128 bytes). */
    private static byte[] npyData(Path f) throws IOException {
        byte[] file = Files.readAllBytes(f);
        return Arrays.copyOfRange(file, 128, file.length);
    }

    private JsonObject init(String... args) {
        List<String> cmd = new ArrayList<>(List.of("init", "--backend", "java", "--out", dir.resolve("w.npy").toString()));
        cmd.addAll(List.of(args));
        return Cli.run(cmd.toArray(new String[0])).ok().json();
    }

    @Test
    void plainDistributionsAndFanOptionsWriteTheApisTensor() throws IOException {
        List<Object[]> cases = List.of(
                new Object[] {new String[] {"--init", "normal", "--shape", "30,20", "--mean", "1", "--std", "0.5"},
                    InitSpec.builder(Shape.of(30, 20)).normal(1, 0.5)},
                new Object[] {new String[] {"--init", "uniform", "--shape", "30,20", "--low", "-0.1", "--high", "0.3"},
                    InitSpec.builder(Shape.of(30, 20)).uniform(-0.1, 0.3)},
                new Object[] {new String[] {"--init", "trunc_normal", "--shape", "30,20", "--std", "2", "--a", "-1"},
                    InitSpec.builder(Shape.of(30, 20)).truncNormal(0, 2, -1, 2)},
                new Object[] {new String[] {"--shape", "64,8,3,3", "--groups", "4", "--mode", "fan_geo_avg"},
                    InitSpec.kaiming(64, 8, 3, 3).groups(4).mode(FanMode.FAN_GEO_AVG)},
                new Object[] {new String[] {"--init", "xavier", "--shape", "32,16,3", "--layout", "conv_transpose"},
                    InitSpec.kaiming(32, 16, 3).family(dev.kaiming4j.ScaleFamily.XAVIER).layout(Layout.CONV_TRANSPOSE)},
                new Object[] {new String[] {"--shape", "512,8,64", "--in-axis", "0", "--out-axis", "1,2", "--seed", "5"},
                    InitSpec.kaiming(512, 8, 64).seed(5).fanAxes(FanAxes.of(new int[] {0}, new int[] {1, 2}, new int[0]))});
        for (Object[] c : cases) {
            String[] args = (String[]) c[0];
            InitSpec spec = ((InitSpec.Builder) c[1]).build();
            JsonObject j = init(args);
            assertArrayEquals(Fills.bytes(spec), npyData(dir.resolve("w.npy")), Arrays.toString(args));
            assertEquals(spec.sampling().std(), j.get("expected_std").getAsDouble(), 0.0, Arrays.toString(args));
        }
    }

    @Test
    void torchDefaultBiasIsBoundByItsWeightsFanIn() throws IOException {
        init("--init", "torch_default", "--module", "linear", "--parameter", "bias", "--shape", "20",
                "--weight-shape", "20,300", "--seed", "3");
        ByteBuffer b = ByteBuffer.wrap(npyData(dir.resolve("w.npy"))).order(ByteOrder.LITTLE_ENDIAN);
        InitSpec spec = InitSpec.builder(Shape.of(20)).uniform(-1 / Math.sqrt(300), 1 / Math.sqrt(300)).seed(3).build();
        assertArrayEquals(Fills.bytes(spec), npyData(dir.resolve("w.npy")));
        for (int i = 0; i < 20; i++) {
            assertTrue(Math.abs(b.getFloat(4 * i)) <= 1 / Math.sqrt(300));
        }
    }

    @Test
    void structuralInitsWriteTheApisTensorAndRecordIt() throws IOException {
        List<Object[]> cases = List.of(
                new Object[] {new String[] {"--init", "orthogonal", "--shape", "16,4,3", "--gain", "2", "--seed", "7"},
                    StructuredInit.orthogonal(Shape.of(16, 4, 3), 2).seed(7)},
                new Object[] {new String[] {"--init", "eye", "--shape", "5,7"}, StructuredInit.eye(Shape.of(5, 7))},
                new Object[] {new String[] {"--init", "dirac", "--shape", "6,3,3,3", "--groups", "2"},
                    StructuredInit.dirac(Shape.of(6, 3, 3, 3), 2)},
                new Object[] {new String[] {"--init", "sparse", "--shape", "20,10", "--sparsity", "0.25", "--std", "0.1",
                    "--dtype", "float64"}, StructuredInit.sparse(Shape.of(20, 10), 0.25, 0.1).dtype(DType.FLOAT64)});
        for (Object[] c : cases) {
            String[] args = (String[]) c[0];
            StructuredInit s = (StructuredInit) c[1];
            JsonObject j = init(args);
            ByteBuffer expected = ByteBuffer.allocate((int) (s.shape().elementCount() * s.dtype().byteSize()));
            try (Initializer java = Initializer.builder().backend("java").threads(1).build()) {
                s.fill(java, expected);
            }
            assertArrayEquals(expected.array(), npyData(dir.resolve("w.npy")), Arrays.toString(args));
            assertEquals(s.kind().id(), j.get("distribution").getAsString());
        }
        // The sample std printed is that of the file; for sparse 20x10 at 0.25: 5 zeros per
        // column, so the expected std is 0.1·√(15/20).
        JsonObject j = init("--init", "sparse", "--shape", "20,10", "--sparsity", "0.25", "--std", "0.1");
        assertEquals(0.1 * Math.sqrt(0.75), j.get("expected_std").getAsDouble(), 1e-15);
        Path st = dir.resolve("o.safetensors");
        Cli.run("init", "--backend", "java", "--init", "orthogonal", "--shape", "8,8", "--out", st.toString()).ok();
        String header = new String(Files.readAllBytes(st), java.nio.charset.StandardCharsets.UTF_8);
        assertTrue(header.contains("\"init\":\"orthogonal\""), header.substring(0, 400));
    }

    static Stream<Arguments> badInput() {
        return Stream.of(
                Arguments.of(List.of("--init", "sparse", "--shape", "4,4", "--sparsity", "1"), "sparsity: must be in [0, 1)"),
                Arguments.of(List.of("--init", "sparse", "--shape", "4,4"), "--sparsity: --init sparse needs"),
                Arguments.of(List.of("--init", "trunc_normal", "--shape", "4,4", "--a", "1", "--b", "1"), "a: must be below b"),
                Arguments.of(List.of("--init", "trunc_normal", "--shape", "4,4", "--mean", "100", "--a", "0", "--b", "1"),
                        "mean: the interval [a, b] holds a normal mass"),
                Arguments.of(List.of("--shape", "4,5,6", "--in-axis", "3", "--out-axis", "0"), "in_axis: axis 3 is out of range"),
                Arguments.of(List.of("--shape", "4,5,6", "--in-axis", "0", "--out-axis", "-3"), "out_axis: axis -3"),
                Arguments.of(List.of("--shape", "4,5,6", "--in-axis", "0"), "need both --in-axis and --out-axis"),
                Arguments.of(List.of("--shape", "64,8,3,3", "--groups", "3"), "groups: 3 does not divide"),
                Arguments.of(List.of("--init", "dirac", "--shape", "4,4"), "dirac needs at least 3 dimensions"),
                Arguments.of(List.of("--init", "dirac", "--shape", "6,4,3", "--groups", "4"), "groups: 4 does not divide"),
                Arguments.of(List.of("--init", "orthogonal", "--shape", "9"), "orthogonal needs at least 2 dimensions"),
                Arguments.of(List.of("--init", "normal", "--shape", "4,4", "--sparsity", "0.5"),
                        "--sparsity: does not apply to --init normal"),
                Arguments.of(List.of("--init", "eye", "--shape", "4,4", "--mode", "fan_out"),
                        "--mode: does not apply to --init eye"),
                Arguments.of(List.of("--init", "torch_default", "--shape", "4,4"), "--module: --init torch_default needs"),
                Arguments.of(List.of("--init", "torch_default", "--module", "linear", "--parameter", "bias",
                        "--shape", "4"), "needs the shape of its weight"),
                Arguments.of(List.of("--init", "he_sparse", "--shape", "4,4"), "--init: unknown value 'he_sparse'"));
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("badInput")
    void badInputExits2NamingTheArgument(List<String> args, String expected) throws IOException {
        List<String> cmd = new ArrayList<>(List.of("init", "--out", dir.resolve("w.npy").toString()));
        cmd.addAll(args);
        BadUsageTest.assertUsage(cmd, expected);
        assertEquals(List.of(), Cli.listDir(dir), "no output or temporary file left");
    }
}
