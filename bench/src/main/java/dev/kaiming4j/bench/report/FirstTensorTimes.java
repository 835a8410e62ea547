package dev.kaiming4j.bench.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;

/**
 * Fresh-JVM timings written by side-by-side.sh, one run a line:
 * {@code KIND WALL_NS [backend=NAME select_ns=N tensor_ns=N bytes=N]} where KIND is
 * {@code noop} (JVM start and exit only), {@code default}, {@code mkl-cold} or {@code mkl-warm}.
 */
public final class FirstTensorTimes {
    private final Map<String, List<long[]>> runs = new LinkedHashMap<>();
    private final Map<String, String> backends = new LinkedHashMap<>();

    public static FirstTensorTimes read(Path file) throws IOException {
        return parse(Files.readAllLines(file));
    }

    static FirstTensorTimes parse(List<String> lines) {
        FirstTensorTimes t = new FirstTensorTimes();
        for (String line : lines) {
            String[] f = line.strip().split("\\s+");
            if (f.length < 2) {
                continue;
            }
            long select = -1;
            long tensor = -1;
            for (int i = 2; i < f.length; i++) {
                String[] kv = f[i].split("=", 2);
                switch (kv[0]) {
                    case "backend":
                        t.backends.put(f[0], kv[1]);
                        break;
                    case "select_ns":
                        select = Long.parseLong(kv[1]);
                        break;
                    case "tensor_ns":
                        tensor = Long.parseLong(kv[1]);
                        break;
                    default:
                        break;
                }
            }
            t.runs.computeIfAbsent(f[0], k -> new ArrayList<>()).add(new long[] {Long.parseLong(f[1]), select, tensor});
        }
        return t;
    }

    /** Number of runs of a kind. */
    public int count(String kind) {
        return runs.getOrDefault(kind, List.of()).size();
    }

    /** The backend the runs of a kind used. */
    public String backend(String kind) {
        return backends.getOrDefault(kind, "?");
    }

    /** Median wall time of a kind minus the median no-op JVM, in ms. */
    public OptionalDouble beyondJvmMs(String kind) {
        OptionalDouble wall = median(kind, 0);
        OptionalDouble noop = median("noop", 0);
        if (wall.isEmpty() || noop.isEmpty()) {
            return OptionalDouble.empty();
        }
        return OptionalDouble.of((wall.getAsDouble() - noop.getAsDouble()) / 1e6);
    }

    /** Median in-process time from main() to the backend being ready (load + self-test), in ms. */
    public OptionalDouble selectMs(String kind) {
        OptionalDouble v = median(kind, 1);
        return v.isEmpty() ? v : OptionalDouble.of(v.getAsDouble() / 1e6);
    }

    /** Median in-process time from main() to the filled tensor, in ms. */
    public OptionalDouble tensorMs(String kind) {
        OptionalDouble v = median(kind, 2);
        return v.isEmpty() ? v : OptionalDouble.of(v.getAsDouble() / 1e6);
    }

    /** Median wall time of the no-op JVM, in ms. */
    public OptionalDouble noopMs() {
        OptionalDouble v = median("noop", 0);
        return v.isEmpty() ? v : OptionalDouble.of(v.getAsDouble() / 1e6);
    }

    private OptionalDouble median(String kind, int column) {
        double[] v = runs.getOrDefault(kind, List.of()).stream().mapToLong(r -> r[column]).filter(x -> x >= 0)
                .asDoubleStream().toArray();
        return median(v);
    }

    static OptionalDouble median(double[] v) {
        if (v.length == 0) {
            return OptionalDouble.empty();
        }
        double[] s = v.clone();
        Arrays.sort(s);
        int h = s.length / 2;
        return OptionalDouble.of(s.length % 2 == 1 ? s[h] : (s[h - 1] + s[h]) / 2);
    }
}
