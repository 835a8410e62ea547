package dev.kaiming4j.bench.report;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;

/** The speed targets, each judged on the rows of one run of side-by-side.sh. */
public final class Targets {
    static final long TARGET_SIZE = 1L << 24;
    /** The default Initializer uses every processor; this machine has two. */
    static final int DEFAULT_THREADS = 2;

    /**
     * One target's outcome.
     *
     * @param met empty when it could not be judged (not measured in this run)
     */
    public record Outcome(String target, String measured, Optional<Boolean> met) {
        public String verdict() {
            return met.map(m -> m ? "met" : "**not met**").orElse("not measured");
        }
    }

    private final List<Row> rows;

    public Targets(List<Row> rows) {
        this.rows = rows;
    }

    public List<Outcome> evaluate(FirstTensorTimes first) {
        List<Outcome> out = new ArrayList<>();
        Optional<Row> native1 = find("native", 1, "normal", "float32", TARGET_SIZE);
        Optional<Row> native2 = find("native", 2, "normal", "float32", TARGET_SIZE);
        out.add(atMost("`native`, 1 thread, fp32 normal 2²⁴: ≤ 0.50 ns/element", native1, 0.50));
        out.add(native1.filter(r -> r.ratio().isPresent())
                .map(r -> new Outcome("`native`, 1 thread: ≥ 8× MKL Philox ICDF (same run)",
                        fmt("%.2f× (ratio %.3f)", 1 / r.ratio().getAsDouble(), r.ratio().getAsDouble()),
                        Optional.of(r.ratio().getAsDouble() <= 1.0 / 8)))
                .orElse(missing("`native`, 1 thread: ≥ 8× MKL Philox ICDF (same run)")));
        if (native1.isPresent() && native2.isPresent()) {
            double speedup = native1.get().m().nsPerElement() / native2.get().m().nsPerElement();
            out.add(new Outcome("`native`, 2 threads: ≥ 1.8× the 1-thread figure",
                    fmt("%.2f× (%.3f → %.3f ns/element)", speedup, native1.get().m().nsPerElement(),
                            native2.get().m().nsPerElement()), Optional.of(speedup >= 1.8)));
        } else {
            out.add(missing("`native`, 2 threads: ≥ 1.8× the 1-thread figure"));
        }
        out.add(atMost("Own tensor, allocate + fill (`auto`, " + DEFAULT_THREADS + " threads = default): ≤ 1.0 ns/element",
                find("auto+allocate", DEFAULT_THREADS, "normal", "float32", TARGET_SIZE), 1.0));
        out.add(atMost("`java`, 1 thread, fp32 normal 2²⁴: ≤ 6 ns/element",
                find("java", 1, "normal", "float32", TARGET_SIZE), 6.0));
        out.add(autoVersusBest());
        OptionalDouble beyond = first.beyondJvmMs("default");
        out.add(beyond.isPresent()
                ? new Outcome("Time to first tensor (4096×4096, default backend `" + first.backend("default")
                        + "`): ≤ 150 ms beyond JVM start",
                        fmt("%.0f ms (median of %d fresh JVMs minus the median no-op JVM, %.0f ms)",
                                beyond.getAsDouble(), first.count("default"), first.noopMs().orElse(Double.NaN)),
                        Optional.of(beyond.getAsDouble() <= 150))
                : missing("Time to first tensor: ≤ 150 ms beyond JVM start"));
        for (String backend : new String[] {"native", "auto"}) {
            Optional<Row> normal = find(backend, 1, "normal", "float32", TARGET_SIZE);
            out.add(relative("`" + backend + "`, 1 thread, 2²⁴: uniform within 1.5× of normal",
                    find(backend, 1, "uniform", "float32", TARGET_SIZE), normal, 1.5));
            out.add(relative("`" + backend + "`, 1 thread, 2²⁴: truncated normal within 1.5× of normal",
                    find(backend, 1, "truncated_normal", "float32", TARGET_SIZE), normal, 1.5));
            out.add(relative("`" + backend + "`, 1 thread, 2²⁴: float64 normal within 2.5× of float32",
                    find(backend, 1, "normal", "float64", TARGET_SIZE), normal, 2.5));
        }
        return out;
    }

    /** `auto` against the best other backend of ours at every configuration both were measured in. */
    private Outcome autoVersusBest() {
        String target = "`auto` never more than 10% slower than the best available backend";
        Map<String, Double> best = new HashMap<>();
        Map<String, String> bestName = new HashMap<>();
        Map<String, Double> auto = new HashMap<>();
        for (Row r : rows) {
            Measurement m = r.m();
            if (!m.system().equals(Measurement.OURS) || m.backend().contains("+")) {
                continue;
            }
            String key = m.run() + "|" + m.threads() + "|" + m.distribution() + "|" + m.dtype() + "|" + m.elements();
            if (m.backend().equals("auto")) {
                auto.putIfAbsent(key, m.nsPerElement());
            } else if (m.nsPerElement() < best.getOrDefault(key, Double.POSITIVE_INFINITY)) {
                best.put(key, m.nsPerElement());
                bestName.put(key, m.backend());
            }
        }
        double worst = 0;
        String where = null;
        int compared = 0;
        for (Map.Entry<String, Double> e : auto.entrySet()) {
            Double b = best.get(e.getKey());
            if (b != null) {
                compared++;
                double ratio = e.getValue() / b;
                if (ratio > worst) {
                    worst = ratio;
                    String[] k = e.getKey().split("\\|");
                    where = k[1] + " thread(s), " + k[2] + ", " + k[3] + ", " + MarkdownReport.size(Long.parseLong(k[4]))
                            + " (best: " + bestName.get(e.getKey()) + ")";
                }
            }
        }
        if (compared == 0) {
            return missing(target);
        }
        return new Outcome(target, fmt("worst auto/best %.3f over %d configurations, at %s",
                worst, compared, where), Optional.of(worst <= 1.10));
    }

    private Optional<Row> find(String backend, int threads, String distribution, String dtype, long elements) {
        return rows.stream().filter(r -> r.m().is(backend) && r.m().threads() == threads
                && r.m().distribution().equals(distribution) && r.m().dtype().equals(dtype)
                && r.m().elements() == elements).findFirst();
    }

    private static Outcome atMost(String target, Optional<Row> row, double limit) {
        return row.map(r -> new Outcome(target, fmt("%.3f ns/element", r.m().nsPerElement()),
                Optional.of(r.m().nsPerElement() <= limit))).orElse(missing(target));
    }

    private static Outcome relative(String target, Optional<Row> row, Optional<Row> base, double limit) {
        if (row.isEmpty() || base.isEmpty()) {
            return missing(target);
        }
        double ratio = row.get().m().nsPerElement() / base.get().m().nsPerElement();
        return new Outcome(target, fmt("%.2f× (%.3f vs %.3f ns/element)", ratio, row.get().m().nsPerElement(),
                base.get().m().nsPerElement()), Optional.of(ratio <= limit));
    }

    private static Outcome missing(String target) {
        return new Outcome(target, "—", Optional.empty());
    }

    private static String fmt(String format, Object... args) {
        return String.format(Locale.ROOT, format, args);
    }
}
