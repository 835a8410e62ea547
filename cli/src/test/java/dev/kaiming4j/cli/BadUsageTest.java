package dev.kaiming4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/** Every kind of bad usage: exit 2, exactly one line on stderr, no stack trace, no file left. */
class BadUsageTest {
    @TempDir
    Path dir;

    static Stream<Arguments> initCases() {
        return Stream.of(
                Arguments.of("unknown flag", List.of("--shape", "4,4", "--out", "OUT/w.npy", "--colour", "red"),
                        "Unknown options: '--colour'"),
                Arguments.of("negative dim", List.of("--shape", "0,-3", "--out", "OUT/w.npy"), "negative"),
                Arguments.of("overflow", List.of("--shape", "99999999999,99999999999", "--out", "OUT/w.npy"),
                        "overflows"),
                Arguments.of("not a number", List.of("--shape", "4,x", "--out", "OUT/w.npy"), "not an integer"),
                Arguments.of("too few dims", List.of("--shape", "16", "--out", "OUT/w.npy"), "fewer than 2"),
                Arguments.of("unknown nonlinearity", List.of("--shape", "4,4", "--out", "OUT/w.npy",
                        "--nonlinearity", "swoosh"), "unknown value 'swoosh'"),
                Arguments.of("slope for relu", List.of("--shape", "4,4", "--out", "OUT/w.npy",
                        "--nonlinearity", "relu", "--negative-slope", "0.1"), "takes no parameter"),
                Arguments.of("slope without nonlinearity", List.of("--shape", "4,4", "--out", "OUT/w.npy",
                        "--negative-slope", "0.1"), "--negative-slope"),
                Arguments.of("missing --out", List.of("--shape", "4,4"), "Missing required option: '--out"),
                Arguments.of("missing --shape", List.of("--out", "OUT/w.npy"), "Missing required option: '--shape"),
                Arguments.of("unknown dtype", List.of("--shape", "4,4", "--out", "OUT/w.npy", "--dtype", "int8"),
                        "dtype: unknown value 'int8'"),
                Arguments.of("npy bfloat16", List.of("--shape", "4,4", "--out", "OUT/w.npy", "--dtype", "bfloat16"),
                        "no numpy dtype"),
                Arguments.of("bad extension", List.of("--shape", "4,4", "--out", "OUT/w.bin"),
                        ".npy, .safetensors or .zarr"),
                Arguments.of("missing directory", List.of("--shape", "4,4", "--out", "OUT/no/such/w.npy"),
                        "does not exist"),
                Arguments.of("out is a directory", List.of("--shape", "4,4", "--out", "OUT/d.npy"), "is a directory"),
                Arguments.of("unwritable directory", List.of("--shape", "4,4", "--out", "/proc/kaiming4j-test.npy"),
                        "--out: cannot create a file in /proc"),
                Arguments.of("unknown mode", List.of("--shape", "4,4", "--out", "OUT/w.npy", "--mode", "fan_x"),
                        "mode: unknown value"),
                Arguments.of("unknown layout", List.of("--shape", "4,4", "--out", "OUT/w.npy", "--layout", "jax"),
                        "layout: unknown value"),
                Arguments.of("unknown distribution", List.of("--shape", "4,4", "--out", "OUT/w.npy",
                        "--distribution", "cauchy"), "distribution: unknown value"),
                Arguments.of("negative gain", List.of("--shape", "4,4", "--out", "OUT/w.npy", "--gain", "-2"), "gain"),
                Arguments.of("float16 overflow", List.of("--shape", "4,4", "--out", "OUT/w.npy", "--dtype", "float16",
                        "--gain", "1e6"), "overflow"),
                Arguments.of("zero threads", List.of("--shape", "4,4", "--out", "OUT/w.npy", "--threads", "0"),
                        "--threads"),
                Arguments.of("bad seed", List.of("--shape", "4,4", "--out", "OUT/w.npy", "--seed", "1.5"), "--seed"),
                Arguments.of("unknown backend", List.of("--shape", "4,4", "--out", "OUT/w.npy", "--backend", "cuda"),
                        "backend: unknown value 'cuda'"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("initCases")
    void initBadUsage(String what, List<String> args, String expected) throws IOException {
        Files.createDirectory(dir.resolve("d.npy"));
        List<String> cmd = new ArrayList<>(List.of("init"));
        args.forEach(a -> cmd.add(a.replace("OUT", dir.toString())));
        assertUsage(cmd, expected);
        assertEquals(List.of("d.npy"), Cli.listDir(dir), "no output or temporary file left");
    }

    /** One case a line: what | spec.json | the message's expected part (no quoting: JSON keeps its quotes). */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            not json | {"tensors": [ | invalid JSON
            no tensors | {"seed": 1} | missing 'tensors'
            unknown top key | {"tensor": []} | unknown key 'tensor'
            unknown tensor key | {"tensors": [{"name": "w", "shape": [2, 2], "sdt": 1}]} | unknown key 'sdt'
            key not for kind | {"tensors": [{"name": "w", "shape": [2, 2], "std": 1}]} | 'std' does not apply to init 'kaiming'
            duplicate name | {"tensors": [{"name": "w", "shape": [2, 2]}, {"name": "w", "shape": [2, 2]}]} | appears twice
            missing std | {"tensors": [{"name": "w", "shape": [2], "init": "normal"}]} | needs 'std'
            bias with kaiming | {"tensors": [{"name": "b", "shape": [8]}]} | tensor 'b': shape: fan in and fan out
            unknown init | {"tensors": [{"name": "w", "shape": [2], "init": "semi_orthogonal"}]} | init: unknown value 'semi_orthogonal'
            sparsity 1 | {"tensors": [{"name": "w", "shape": [4, 4], "init": "sparse", "sparsity": 1}]} | tensor 'w': sparsity: must be in [0, 1)
            trunc_normal a above b | {"tensors": [{"name": "w", "shape": [4], "init": "trunc_normal", "a": 1, "b": 0}]} | tensor 'w': a: must be below b
            bound with low | {"tensors": [{"name": "w", "shape": [4], "init": "uniform", "bound": 1, "low": 0}]} | tensor 'w': bound: give either 'bound' or 'low'/'high'
            in_axis alone | {"tensors": [{"name": "w", "shape": [4, 4], "in_axis": 0}]} | tensor 'w': in_axis: explicit fan axes need both
            dirac groups | {"tensors": [{"name": "w", "shape": [6, 3, 3], "init": "dirac", "groups": 4}]} | tensor 'w': groups: 4 does not divide
            groups fractional | {"tensors": [{"name": "w", "shape": [8, 4, 3], "groups": 1.5}]} | tensor 'w': groups: must be an integer
            orthogonal on one dim | {"tensors": [{"name": "w", "shape": [2], "init": "orthogonal"}]} | tensor 'w': shape: orthogonal needs at least 2 dimensions
            negative dim | {"tensors": [{"name": "w", "shape": [2, -1]}]} | negative
            fractional dim | {"tensors": [{"name": "w", "shape": [2, 1.5]}]} | 64-bit integer
            slope for relu | {"tensors": [{"name": "w", "shape": [2, 2], "nonlinearity": "relu", "negative_slope": 0.2}]} | takes no parameter
            bad dtype | {"dtype": "int4", "tensors": [{"name": "w", "shape": [2, 2]}]} | dtype: unknown value 'int4'
            constant overflow | {"tensors": [{"name": "c", "shape": [2], "init": "constant", "value": 1e6, "dtype": "float16"}]} | not a finite float16
            """)
    void modelBadSpec(String what, String spec, String expected) throws IOException {
        Path specFile = dir.resolve("spec.json");
        Files.writeString(specFile, spec);
        assertUsage(List.of("model", specFile.toString(), "--out", dir.resolve("m.safetensors").toString()), expected);
        assertEquals(List.of("spec.json"), Cli.listDir(dir));
    }

    @Test
    void modelBadUsage() throws IOException {
        Path spec = ModelCommandTest.EXAMPLES.resolve("mlp.json");
        assertUsage(List.of("model", spec.toString()), "Missing required option: '--out");
        assertUsage(List.of("model", spec.toString(), "--out", dir.resolve("m.npy").toString()), ".safetensors");
        assertUsage(List.of("model", dir.resolve("none.json").toString(), "--out",
                dir.resolve("m.safetensors").toString()), "not a readable file");
        assertUsage(List.of("model", spec.toString(), "--out", dir.resolve("x/m.safetensors").toString()),
                "does not exist");
        assertUsage(List.of("stats", dir.resolve("none.npy").toString()), "does not exist");
        assertUsage(List.of("bogus"), "Unmatched argument");
        assertUsage(List.of(), "missing command");
        assertEquals(List.of(), Cli.listDir(dir));
    }

    static void assertUsage(List<String> args, String expected) {
        Cli.Result r = Cli.run(args.toArray(new String[0]));
        assertEquals(2, r.exit(), () -> args + " -> " + r.err());
        assertEquals(1, r.errLines().size(), () -> "one stderr line: " + r.err());
        String line = r.errLines().get(0);
        assertTrue(line.contains(expected), () -> "'" + line + "' should contain '" + expected + "'");
        assertTrue(line.startsWith("kaiming"), line);
        assertFalse(line.contains("Exception") || line.contains("\tat "), line);
        assertTrue(r.out().isEmpty(), r.out());
    }
}
