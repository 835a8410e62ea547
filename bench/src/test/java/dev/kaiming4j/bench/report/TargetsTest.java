package dev.kaiming4j.bench.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The targets are judged on hand-made figures whose verdicts are worked out by hand below. */
class TargetsTest {
    private static final long N = 1L << 24;

    private static Measurement ours(String backend, int threads, String distribution, String dtype, double ns) {
        return new Measurement("kaiming4j", backend, threads, distribution, dtype, N, ns, "r");
    }

    @Test
    void eachTargetIsJudgedOnTheRightFigures() {
        List<Row> rows = Ratios.attach(List.of(
                new Measurement("mkl-raw", "philox_icdf", 1, "normal", "float32", N, 4.0, "r"),
                ours("native", 1, "normal", "float32", 0.4),      // 0.4 <= 0.5; 4.0 / 0.4 = 10x >= 8x
                ours("native", 2, "normal", "float32", 0.25),     // 0.4 / 0.25 = 1.6x < 1.8x
                ours("auto+allocate", 2, "normal", "float32", 0.9), // <= 1.0
                ours("java", 1, "normal", "float32", 7.0),        // > 6
                ours("auto", 1, "normal", "float32", 0.42),       // 0.42 / 0.4 = 1.05 <= 1.10
                ours("native", 1, "uniform", "float32", 0.5),     // 1.25x <= 1.5x
                ours("native", 1, "truncated_normal", "float32", 0.7), // 1.75x > 1.5x
                ours("native", 1, "normal", "float64", 1.0)));    // 2.5x <= 2.5x
        FirstTensorTimes first = FirstTensorTimes.parse(List.of("noop 100000000",
                "default 240000000 backend=native select_ns=1 tensor_ns=2")); // 140 ms <= 150 ms
        Map<String, Optional<Boolean>> verdicts = new LinkedHashMap<>();
        for (Targets.Outcome o : new Targets(rows).evaluate(first)) {
            verdicts.put(o.target(), o.met());
        }
        assertEquals(List.of(Optional.of(true), Optional.of(true), Optional.of(false), Optional.of(true),
                Optional.of(false), Optional.of(true), Optional.of(true),
                Optional.of(true), Optional.of(false), Optional.of(true),
                Optional.empty(), Optional.empty(), Optional.empty()), List.copyOf(verdicts.values()));
    }

    @Test
    void autoIsComparedWithTheBestBackendOfTheSameConfiguration() {
        List<Row> rows = Ratios.attach(List.of(ours("native", 1, "normal", "float32", 1.0),
                ours("mkl", 1, "normal", "float32", 2.0), ours("auto", 1, "normal", "float32", 1.2)));
        Targets.Outcome auto = new Targets(rows).evaluate(FirstTensorTimes.parse(List.of())).get(5);
        assertEquals(Optional.of(false), auto.met(), auto.measured()); // 1.2 / 1.0 = 1.2 > 1.10
        assertEquals("worst auto/best 1.200 over 1 configurations, at 1 thread(s), normal, float32, 2^24 (best: native)",
                auto.measured());
    }
}
