package dev.kaiming4j.cli.fuzz;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.kaiming4j.Shape;
import dev.kaiming4j.cli.KaimingCommand;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * Fuzzes the command line: the argument parser of every subcommand, model specs, and the
 * checkpoint readers (.npy, .safetensors, sharded index, Zarr group) of {@code stats} and
 * {@code model --like} with fuzzed content. Whatever the arguments, the
 * command must end with exit 0, 1 or 2, one message line first on stderr, no exception of a
 * programming error (the stack trace, forced by {@code --verbose}, names the top exception),
 * no temporary file left, and no output file after a failure.
 *
 * <p>Paths never come from the fuzzer: outputs and inputs live in a fresh temporary
 * directory, {@code @argument} files are disabled, and tensors are kept small (an accepted
 * shape above 2^16 elements or a model spec above the same is skipped) so each run is quick.
 */
public class CliArgumentsFuzzTest {
    private static final String[] COMMANDS = {"init", "model", "stats", "backends", "", "--version", "--help", "bogus"};
    private static final String[] OPTIONS = {"--shape", "--out", "--layout", "--mode", "--nonlinearity",
        "--negative-slope", "--distribution", "--dtype", "--seed", "--backend", "--gain", "--threads", "--name",
        "--tensor", "--expect-std", "--expect-distribution", "--json", "--help", "--", "-", "--out=", "--shard-bytes",
        "--chunk-bytes", "--quiet"};
    private static final String[] VALUES = {"4,4", "3,5,2", "0,4", "16", "4,-1", "99999999999,99999999999", "",
        "torch", "keras", "fan_in", "fan_avg", "relu", "leaky_relu", "elu", "gelu", "normal", "uniform",
        "truncated_normal", "float32", "float64", "float16", "bfloat16", "auto", "java", "native", "mkl", "cuda",
        "0", "-1", "1e6", "NaN", "Infinity", "-0.0", "2147483648", "9223372036854775807", "weight", "__metadata__"};
    private static final String[] OUT_NAMES = {"w.npy", "w.safetensors", "w.bin", "missing/w.npy", "d.npy", ".npy", "",
        "w.zarr", "m.safetensors.index.json"};
    /** Keeps each run to a small file; larger valid tensors only test the disk. */
    private static final long MAX_ELEMENTS = 1 << 16;
    private static final String[] FORBIDDEN = {"NullPointerException", "ClassCastException", "IndexOutOfBounds",
        "ArithmeticException", "NegativeArraySizeException", "NumberFormatException", "IllegalFormat",
        "StackOverflowError", "OutOfMemoryError", "UnsupportedOperationException", "NoSuchElementException",
        "ConcurrentModificationException", "InternalError", "BufferUnderflowException", "BufferOverflowException",
        "com.google.gson."};

    @FuzzTest(maxExecutions = 500)
    void commandLine(FuzzedDataProvider data) {
        fuzzerTestOneInput(data);
    }

    /** The target; also the entry point of Jazzer's standalone driver. */
    public static void fuzzerTestOneInput(FuzzedDataProvider data) {
        Path dir;
        try {
            dir = Files.createTempDirectory("kaiming4j-fuzz");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try {
            Files.createDirectory(dir.resolve("d.npy"));
            runOnce(data, dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            delete(dir);
        }
    }

    private static void runOnce(FuzzedDataProvider data, Path dir) throws IOException {
        List<String> args = new ArrayList<>();
        String command = data.pickValue(COMMANDS);
        if (!command.isEmpty()) {
            args.add(command);
        }
        if (command.equals("model") && !writeModelSpec(data, dir, args)) {
            return;
        }
        if (command.equals("stats")) {
            args.add(writeTensorFile(data, dir).toString());
        }
        if (command.equals("model") && data.consumeBoolean()) {
            args.add("--like");
            args.add(writeTensorFile(data, dir).toString());
        }
        int n = data.consumeInt(0, 10);
        for (int i = 0; i < n; i++) {
            String option = data.pickValue(OPTIONS);
            if (option.startsWith("--out")) {
                String out = dir.resolve(data.pickValue(OUT_NAMES)).toString();
                args.add(option.equals("--out=") ? "--out=" + out : option);
                if (!option.equals("--out=")) {
                    args.add(out);
                }
                continue;
            }
            args.add(option);
            if (data.consumeBoolean()) {
                args.add(data.consumeBoolean() ? data.pickValue(VALUES) : token(data));
            }
        }
        if (tooLarge(args)) {
            return;
        }
        args.add("--verbose");
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = KaimingCommand.run(args.toArray(new String[0]), new PrintWriter(out, true), new PrintWriter(err, true));
        String e = err.toString();
        assertTrue(exit == 0 || exit == 1 || exit == 2, () -> "exit " + exit + " for " + args + "\n" + e);
        if (exit != 0) {
            assertTrue(e.startsWith("kaiming"), () -> "first stderr line must be the message: " + args + "\n" + e);
            String top = topException(e);
            for (String f : FORBIDDEN) {
                assertFalse(top.contains(f), () -> "programming error for " + args + "\n" + e);
            }
            for (String name : OUT_NAMES) {
                Path p = dir.resolve(name);
                assertFalse(Files.isRegularFile(p) || name.endsWith(".zarr") && Files.exists(p),
                        () -> "output " + p + " left after exit " + exit + " for " + args);
            }
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.forEach(p -> assertFalse(p.getFileName().toString().endsWith(".tmp"),
                    () -> "temporary file " + p + " left for " + args + "\n" + e));
        }
    }

    /** A fuzzed token that names no path and no @argument file. */
    private static String token(FuzzedDataProvider data) {
        String t = data.consumeAsciiString(24);
        return t.startsWith("@") || t.contains("/") || t.startsWith("--out") ? "x" : t;
    }

    private static boolean tooLarge(List<String> args) {
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            String shape = a.startsWith("--shape=") ? a.substring(8)
                    : a.equals("--shape") && i + 1 < args.size() ? args.get(i + 1) : null;
            if (shape != null) {
                try {
                    if (Shape.parse(shape).elementCount() > MAX_ELEMENTS) {
                        return true;
                    }
                } catch (IllegalArgumentException ignored) {
                    // rejected by the command too: a quick run
                }
            }
        }
        return false;
    }

    /** A small model spec with fuzzed values, or fuzzed text; false when it is too large to run quickly. */
    private static boolean writeModelSpec(FuzzedDataProvider data, Path dir, List<String> args) throws IOException {
        Path spec = dir.resolve("spec.json");
        String text;
        if (data.consumeInt(0, 3) == 0) {
            text = data.consumeString(200);
        } else {
            StringBuilder sb = new StringBuilder("{\"seed\": ").append(data.consumeLong()).append(", \"tensors\": [");
            int tensors = data.consumeInt(0, 3);
            long total = 0;
            for (int i = 0; i < tensors; i++) {
                long a = data.pickValue(new long[] {0, 1, 3, 64, -1, 1L << 45, Long.MAX_VALUE});
                long b = data.consumeLong(-1, 300);
                if (a > 0 && b > 0 && a <= MAX_ELEMENTS) {
                    total += a * b;
                }
                sb.append(i > 0 ? ", " : "").append("{\"name\": \"").append(data.pickValue(new String[] {"w", "b", "w",
                        "", "__metadata__", "a.b"})).append("\", \"shape\": [").append(a).append(", ").append(b)
                        .append("], \"init\": \"").append(data.pickValue(new String[] {"kaiming", "xavier", "lecun",
                        "zeros", "ones", "constant", "normal", "uniform", "truncated_normal", "orthogonal"}))
                        .append("\"");
                if (data.consumeBoolean()) {
                    sb.append(", \"").append(data.pickValue(new String[] {"std", "bound", "value", "gain", "dtype",
                            "negative_slope", "nonlinearity", "mode", "colour"})).append("\": ")
                            .append(data.pickValue(new String[] {"0.02", "-1", "1e400", "\"float16\"", "\"relu\"", "null",
                                "[1]", "{}", "\"fan_out\"", "true"}));
                }
                sb.append('}');
            }
            if (total > MAX_ELEMENTS) {
                return false;
            }
            text = sb.append("]}").toString();
        }
        Files.writeString(spec, text, StandardCharsets.UTF_8);
        args.add(spec.toString());
        return true;
    }

    /**
     * A small checkpoint with a plausible start and fuzzed rest: an .npy or .safetensors file, a
     * sharded index naming a fuzzed shard, or a Zarr group with a fuzzed array.
     */
    private static Path writeTensorFile(FuzzedDataProvider data, Path dir) throws IOException {
        int kind = data.consumeInt(0, 3);
        if (kind == 2) {
            Path index = dir.resolve("in.safetensors.index.json");
            Files.writeString(index, data.consumeBoolean() ? data.consumeString(200)
                    : "{\"metadata\": {\"total_size\": " + data.consumeLong() + "}, \"weight_map\": {\""
                    + data.pickValue(new String[] {"w", "x", "a\\u0000b"}) + "\": \"" + data.pickValue(new String[] {
                        "in-00001-of-00001.safetensors", "../in.safetensors", "missing.safetensors", ""}) + "\"}}",
                    StandardCharsets.UTF_8);
            Files.write(dir.resolve("in-00001-of-00001.safetensors"), safetensorsBytes(data));
            return index;
        }
        if (kind == 3) {
            Path group = Files.createDirectories(dir.resolve("in.zarr"));
            Files.writeString(group.resolve(".zgroup"), data.pickValue(new String[] {"{\"zarr_format\": 2}",
                "{\"zarr_format\": [2]}", "[]", "{"}));
            Path array = Files.createDirectories(group.resolve(data.pickValue(new String[] {"w", "x.y", ".hidden"})));
            Files.writeString(array.resolve(".zarray"), data.consumeBoolean() ? data.consumeString(200)
                    : "{\"chunks\": [" + data.consumeLong(-1, 8) + ", 4], \"compressor\": null, \"dtype\": \""
                    + data.pickValue(new String[] {"<f4", "<f2", "<i8", ">f4", ""}) + "\", \"fill_value\": 0.0, "
                    + "\"filters\": null, \"order\": \"" + data.pickValue(new String[] {"C", "F"}) + "\", \"shape\": ["
                    + data.pickValue(new long[] {0, 3, 16, -2, 1L << 40}) + ", 4], \"zarr_format\": 2}",
                    StandardCharsets.UTF_8);
            if (data.consumeBoolean()) {
                Files.writeString(array.resolve(".zattrs"), data.consumeString(100), StandardCharsets.UTF_8);
            }
            Files.write(array.resolve("0.0"), data.consumeBytes(200));
            return group;
        }
        boolean npy = kind == 0;
        Path file = dir.resolve(npy ? "t.npy" : "t.safetensors");
        if (npy) {
            byte[] rest = data.consumeBytes(300);
            byte[] head = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0};
            byte[] all = new byte[head.length + rest.length];
            System.arraycopy(head, 0, all, 0, head.length);
            System.arraycopy(rest, 0, all, head.length, rest.length);
            Files.write(file, data.consumeInt(0, 7) == 0 ? rest : all);
        } else {
            Files.write(file, safetensorsBytes(data));
        }
        return file;
    }

    /** A length prefix (fitting or fuzzed) and fuzzed bytes, or fuzzed bytes alone. */
    private static byte[] safetensorsBytes(FuzzedDataProvider data) {
        byte[] rest = data.consumeBytes(300);
        long length = data.consumeBoolean() ? rest.length : data.consumeLong();
        byte[] head = new byte[8];
        for (int i = 0; i < 8; i++) {
            head[i] = (byte) (length >>> (8 * i));
        }
        byte[] all = new byte[head.length + rest.length];
        System.arraycopy(head, 0, all, 0, head.length);
        System.arraycopy(rest, 0, all, head.length, rest.length);
        return data.consumeInt(0, 7) == 0 ? rest : all;
    }

    /** The class on the first line of the stack trace: the exception that escaped. */
    private static String topException(String err) {
        for (String line : err.split("\n")) {
            if (!line.startsWith("kaiming") && !line.isBlank()) {
                // the class only: the message after it may quote a fuzzed argument
                int colon = line.indexOf(": ");
                return colon < 0 ? line : line.substring(0, colon);
            }
        }
        return "";
    }

    private static void delete(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
