package dev.kaiming4j.spark;

import com.google.gson.GsonBuilder;
import java.io.PrintWriter;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * The Spark job: {@code spark-submit --class dev.kaiming4j.spark.InitJob kaiming4j-spark-VERSION-all.jar
 * model SPEC.json --out URI ...}, or in-process with {@code --master} ({@code bin/kaiming-spark}).
 * Ends with one JSON line on stdout. Exit codes: 0 success, 2 bad usage, 1 failure.
 */
@Command(name = "kaiming-spark", mixinStandardHelpOptions = true, subcommands = InitJob.Model.class,
        description = "Initializes a model on Apache Spark into sharded safetensors or Zarr, through the Hadoop "
                + "FileSystem API.")
public final class InitJob implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        throw new CommandLine.ParameterException(spec.commandLine(), "missing command (model)");
    }

    /** {@code model SPEC.json --out URI}. */
    @Command(name = "model", mixinStandardHelpOptions = true, sortOptions = false,
            description = {"Writes every tensor of a model spec, each task on an executor, bit for bit the "
                + "single-machine output.", "Prints one JSON line: tasks, bytes, seconds, GB/s, output, format, "
                + "tasks per backend."})
    static final class Model implements Callable<Integer> {
        // picocli declares one annotated field per option: this block resembles kaiming's commands' in shape
        // only; the options differ, and spark may not import cli (docs/ARCHITECTURE.md) to share its mixins.
        @Spec
        CommandSpec cmd;

        @Parameters(index = "0", paramLabel = "SPEC.json", description = "The model spec (a local path or a "
                + "Hadoop URI).")
        String specFile;

        @Option(names = "--out", required = true, paramLabel = "URI",
                description = "Output directory (file://, hdfs://, s3a://, or a local path); must not exist or "
                        + "be empty.")
        String out;

        @Option(names = "--format", paramLabel = "safetensors|zarr", defaultValue = "safetensors",
                description = "safetensors (shards written whole by one task each) or zarr (chunks; for tensors "
                        + "larger than a task). Default: ${DEFAULT-VALUE}.")
        String format;

        @Option(names = "--shard-bytes", paramLabel = "N", defaultValue = "5GB",
                description = "safetensors: largest shard (a larger tensor gets its own). Default: ${DEFAULT-VALUE}.")
        String shardBytes;

        @Option(names = "--task-bytes", paramLabel = "N", defaultValue = "256MiB",
                description = "Largest task. Default: ${DEFAULT-VALUE}.")
        String taskBytes;

        @Option(names = "--chunk-bytes", paramLabel = "N", defaultValue = "64MiB",
                description = "zarr: chunk size, in whole rows. Default: ${DEFAULT-VALUE}.")
        String chunkBytes;

        @Option(names = "--seed", paramLabel = "N", description = "Model seed (overrides the spec's).")
        Long seed;

        @Option(names = "--like", paramLabel = "CHECKPOINT",
                description = "Take names, shapes and dtypes from this checkpoint (local path).")
        String like;

        @Option(names = "--master", paramLabel = "URL",
                description = "Run Spark in this process with this master (local[2], local-cluster[2,1,1024], "
                        + "spark://...). Without it, spark.master must be set (spark-submit does).")
        String master;

        @Option(names = "--backend", paramLabel = "auto|native|java", defaultValue = "auto",
                description = "Executors' backend; auto: native where it loads, else java (same bits).")
        String backend;

        @Override
        public Integer call() throws Exception {
            if (!List.of("auto", "native", "java").contains(backend)) {
                throw new IllegalArgumentException("--backend: expected auto, native or java (the bit-for-bit "
                        + "backends), got '" + backend + "'");
            }
            long shard = ByteSize.parse(shardBytes, "--shard-bytes");
            long task = ByteSize.parse(taskBytes, "--task-bytes");
            long chunk = ByteSize.parse(chunkBytes, "--chunk-bytes");
            SparkConf conf = new SparkConf().setAppName("kaiming4j model " + specFile);
            // Plan before Spark starts, so a bad spec or option fails in a second, not after start-up.
            Configuration hadoop = new Configuration();
            for (scala.Tuple2<String, String> e : conf.getAllWithPrefix("spark.hadoop.")) {
                hadoop.set(e._1(), e._2());
            }
            OutputLayout layout = ModelJob.layout(specFile, seed, like, format.toLowerCase(Locale.ROOT), shard, task,
                    chunk, hadoop);
            CommitProtocol.check(out, hadoop);
            if (master != null) {
                conf.setMaster(master);
            } else if (!conf.contains("spark.master")) {
                throw new IllegalArgumentException("--master: not given, and spark.master is not set (spark-submit "
                        + "sets it)");
            }
            if (conf.get("spark.master").startsWith("local")) {
                // One machine: stay on the loopback interface, no web UI to bind.
                conf.setIfMissing("spark.driver.bindAddress", "127.0.0.1");
                conf.setIfMissing("spark.driver.host", "127.0.0.1");
                conf.setIfMissing("spark.ui.enabled", "false");
            }
            if (System.console() != null && !conf.contains("spark.ui.showConsoleProgress")) {
                conf.set("spark.ui.showConsoleProgress", "true");
            }
            DistributedInit.Summary s;
            try (JavaSparkContext sc = new JavaSparkContext(conf)) {
                s = DistributedInit.run(sc, layout, out, backend);
            }
            Map<String, Object> line = new LinkedHashMap<>();
            line.put("tasks", s.tasks());
            line.put("bytes", s.bytes());
            line.put("seconds", s.seconds());
            line.put("gb_per_s", s.gigabytesPerSecond());
            line.put("output", s.out());
            line.put("format", s.format());
            line.put("tasks_per_backend", s.tasksPerBackend());
            cmd.commandLine().getOut().println(new GsonBuilder().disableHtmlEscaping().create().toJson(line));
            return 0;
        }
    }

    /** Runs the command line, exits with its code. */
    public static void main(String[] args) {
        PrintWriter out = new PrintWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8), true);
        PrintWriter err = new PrintWriter(new OutputStreamWriter(System.err, StandardCharsets.UTF_8), true);
        System.exit(run(args, out, err));
    }

    /** Runs the command line with the given streams; returns the exit code. */
    public static int run(String[] args, PrintWriter out, PrintWriter err) {
        CommandLine cl = new CommandLine(new InitJob());
        cl.setOut(out).setErr(err);
        cl.setParameterExceptionHandler((ex, a) -> {
            err.println(ex.getCommandLine().getCommandSpec().qualifiedName() + ": " + ex.getMessage());
            return 2;
        });
        cl.setExecutionExceptionHandler((ex, c, r) -> {
            if (ex instanceof IllegalArgumentException) {
                err.println("kaiming-spark: " + ex.getMessage());
                return 2;
            }
            err.println("kaiming-spark: failed: " + (ex instanceof java.io.IOException ? ex.getMessage() : ex));
            if (System.getenv("KAIMING4J_DEBUG") != null) {
                ex.printStackTrace(err);
            }
            return 1;
        });
        return cl.execute(args);
    }
}
