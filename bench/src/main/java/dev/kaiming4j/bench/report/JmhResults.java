package dev.kaiming4j.bench.report;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads JMH's JSON result file. ns/element = the median of the measurement iterations
 * (ns/op) divided by the element count of the benchmark's parameters; the median, because
 * the shared machine makes single iterations noisy.
 */
public final class JmhResults {
    private static final String PACKAGE = "dev.kaiming4j.bench.";

    private JmhResults() {
    }

    public static List<Measurement> read(Path json, String run) throws IOException {
        try (Reader r = Files.newBufferedReader(json)) {
            return parse(JsonParser.parseReader(r).getAsJsonArray(), run);
        }
    }

    static List<Measurement> parse(JsonArray results, String run) {
        List<Measurement> out = new ArrayList<>();
        for (JsonElement e : results) {
            JsonObject o = e.getAsJsonObject();
            String benchmark = o.get("benchmark").getAsString();
            JsonObject params = o.has("params") ? o.getAsJsonObject("params") : new JsonObject();
            JsonObject metric = o.getAsJsonObject("primaryMetric");
            String unit = metric.get("scoreUnit").getAsString();
            if (!unit.equals("ns/op")) {
                throw new IllegalArgumentException(benchmark + ": expected ns/op, got " + unit);
            }
            double nsPerOp = metric.getAsJsonObject("scorePercentiles").get("50.0").getAsDouble();
            out.add(measurement(benchmark.startsWith(PACKAGE) ? benchmark.substring(PACKAGE.length()) : benchmark,
                    params, nsPerOp, run));
        }
        return out;
    }

    private static Measurement measurement(String benchmark, JsonObject p, double nsPerOp, String run) {
        switch (benchmark) {
            case "FillBenchmark.fill": {
                long n = Long.parseLong(str(p, "elements"));
                return new Measurement(Measurement.OURS, str(p, "backend"), Integer.parseInt(str(p, "threads")),
                        str(p, "distribution"), str(p, "dtype"), n, nsPerOp / n, run);
            }
            case "AllocateFillBenchmark.allocateFill": {
                long n = Long.parseLong(str(p, "allocElements"));
                return new Measurement(Measurement.OURS, str(p, "backend") + "+allocate",
                        Integer.parseInt(str(p, "threads")), str(p, "distribution"), str(p, "dtype"), n, nsPerOp / n, run);
            }
            case "MklAnchorBenchmark.fill": {
                long n = Long.parseLong(str(p, "elements"));
                return new Measurement(Measurement.ANCHOR_SYSTEM, str(p, "generator"), Integer.parseInt(str(p, "threads")),
                        "normal", str(p, "anchorDtype"), n, nsPerOp / n, run);
            }
            case "JavaAnchorBenchmark.splittableRandomNextGaussian":
                return javaAnchor("splittablerandom", "nextGaussian", "normal", p, nsPerOp, run);
            case "JavaAnchorBenchmark.commonsRngZiggurat":
                return javaAnchor("commons-rng", "ziggurat-xoroshiro128pp", "normal", p, nsPerOp, run);
            case "JavaAnchorBenchmark.memfillUnsafeSetMemory":
                return javaAnchor("memfill", "unsafe-setmemory", "constant", p, nsPerOp, run);
            case "JavaAnchorBenchmark.memfillFloatBufferLoop":
                return javaAnchor("memfill", "floatbuffer-put-loop", "constant", p, nsPerOp, run);
            default:
                throw new IllegalArgumentException("unknown benchmark " + benchmark);
        }
    }

    private static Measurement javaAnchor(String system, String backend, String distribution, JsonObject p,
            double nsPerOp, String run) {
        long n = Long.parseLong(str(p, "elements"));
        return new Measurement(system, backend, 1, distribution, "float32", n, nsPerOp / n, run);
    }

    private static String str(JsonObject params, String name) {
        JsonElement v = params.get(name);
        if (v == null) {
            throw new IllegalArgumentException("JMH result lacks parameter " + name);
        }
        return v.getAsString();
    }
}
