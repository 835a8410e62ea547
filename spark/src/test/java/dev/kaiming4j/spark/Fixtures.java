package dev.kaiming4j.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.kaiming4j.StreamKey;
import dev.kaiming4j.cli.KaimingCommand;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;

/** What the Spark tests share: contexts, the single-machine references, the Python comparison. */
final class Fixtures {
    static final Path EXAMPLES = Path.of(System.getProperty("user.dir")).resolve("../examples").normalize();
    static final Path COMPARE = Path.of(System.getProperty("user.dir")).resolve("src/test/resources/compare.py");
    /** Debian's Python, with python3-numpy and python3-zarr (not a pyenv one without them). */
    static final String PYTHON = "/usr/bin/python3";

    private Fixtures() {
    }

    /** A Spark context on {@code master}, bound to 127.0.0.1, without the web UI. */
    static JavaSparkContext context(String master, Map<String, String> extra) {
        SparkConf conf = new SparkConf().setMaster(master).setAppName("kaiming4j-spark test")
                .set("spark.ui.enabled", "false")
                .set("spark.driver.host", "127.0.0.1")
                .set("spark.driver.bindAddress", "127.0.0.1");
        extra.forEach(conf::set);
        JavaSparkContext sc = new JavaSparkContext(conf);
        sc.setLogLevel("WARN");
        return sc;
    }

    /**
     * {@code extra} plus speculation on (checked every 100 ms, a task 1.5x slower than the median
     * once half are done) and the {@code flaky:} file system with its markers in {@code markers}.
     */
    static Map<String, String> faultConf(Path markers, Map<String, String> extra) {
        Map<String, String> conf = new HashMap<>(extra);
        conf.put("spark.speculation", "true");
        conf.put("spark.speculation.interval", "100ms");
        conf.put("spark.speculation.quantile", "0.5");
        conf.put("spark.speculation.multiplier", "1.5");
        conf.put("spark.hadoop.fs.flaky.impl", FlakyFileSystem.class.getName());
        conf.put("spark.hadoop.fs.flaky.impl.disable.cache", "true");
        conf.put("spark.hadoop." + FlakyFileSystem.MARKER_DIR, markers.toString());
        return conf;
    }

    /** Runs the job as InitJob does, on an existing context. */
    static DistributedInit.Summary run(JavaSparkContext sc, Path spec, Path out, String format, long shardBytes,
            long taskBytes, long chunkBytes) throws IOException {
        OutputLayout layout = ModelJob.layout(spec.toString(), null, null, format, shardBytes, taskBytes, chunkBytes,
                sc.hadoopConfiguration());
        return DistributedInit.run(sc, layout, out.toString(), "auto");
    }

    /**
     * ResNet-18 (examples/resnet18.json, 46.8 MB of tensors, the largest 9.4 MB) in 10 MB
     * safetensors shards of at most 256 MiB tasks and 64 MiB pieces, written to
     * {@code dir/sharded} through {@code scheme} ("" or "flaky://"), then compared with
     * {@code bin/kaiming model}'s single file, written first into {@code dir}.
     */
    static DistributedInit.Summary resnet18InShards(JavaSparkContext sc, Path dir, String scheme)
            throws IOException, InterruptedException {
        Path spec = EXAMPLES.resolve("resnet18.json");
        Path reference = dir.resolve("reference.safetensors");
        kaimingModel(spec, reference);
        Path out = dir.resolve("sharded");
        DistributedInit.Summary s = run(sc, spec, Path.of(scheme + out), "safetensors", 10_000_000, 256L << 20,
                64L << 20);
        System.out.println(compare("safetensors", out.toString(), reference.toString()));
        return s;
    }

    /** {@code bin/kaiming model SPEC --out FILE}, in-process. */
    static void kaimingModel(Path spec, Path out) {
        kaiming("model", spec.toString(), "--out", out.toString());
    }

    /** {@code bin/kaiming init} of tensor {@code name} of a model seeded {@code modelSeed}, into an .npy. */
    static void kaimingInit(String name, long modelSeed, long rows, long columns, Path out) {
        kaiming("init", "--shape", rows + "," + columns, "--seed", Long.toString(StreamKey.tensorSeed(modelSeed, name)),
                "--out", out.toString());
    }

    private static void kaiming(String... args) {
        Run r = capture(KaimingCommand::run, args);
        assertEquals(0, r.exit(), () -> "kaiming " + String.join(" ", args) + ": " + r.err());
    }

    /** A command line's entry point: {@code KaimingCommand.run} or {@code InitJob.run}. */
    interface Command {
        int run(String[] args, PrintWriter out, PrintWriter err);
    }

    /** A command's exit code and what it printed. */
    record Run(int exit, String out, String err) {
    }

    /** Runs {@code command} in-process, capturing stdout and stderr. */
    static Run capture(Command command, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = command.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new Run(exit, out.toString(), err.toString());
    }

    /** A spec of one kaiming-initialized float32 table. */
    static Path tableSpec(Path dir, String name, long modelSeed, long rows, long columns) throws IOException {
        Path spec = dir.resolve(name + ".json");
        Files.writeString(spec, "{\"seed\": " + modelSeed + ", \"tensors\": [{\"name\": \"" + name + "\", \"shape\": ["
                + rows + ", " + columns + "]}]}");
        return spec;
    }

    /** Runs compare.py with Debian's Python; fails the test with its output unless it exits 0. */
    static String compare(String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(PYTHON, COMPARE.toString()));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), () -> String.join(" ", cmd) + ":\n" + output);
        return output.trim();
    }

    /** Nothing at {@code out} claims to be complete: no _SUCCESS, no index, no Zarr group. */
    static void assertNotCompleteLooking(Path out) {
        for (String marker : List.of(CommitProtocol.SUCCESS, "model.safetensors.index.json", ".zgroup",
                "model.safetensors")) {
            assertFalse(Files.exists(out.resolve(marker)), () -> out + " holds " + marker);
        }
    }
}
