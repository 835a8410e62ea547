package dev.kaiming4j.bench.report;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;

/**
 * Attaches to every measurement its ratio to the MKL Philox ICDF anchor of the same dtype,
 * thread count and size: the anchor of the same run when that run has one, else the first
 * such anchor of any run (peers measured outside JMH have no anchor of their own), else none.
 */
public final class Ratios {
    private Ratios() {
    }

    public static List<Row> attach(List<Measurement> measurements) {
        Map<String, Measurement> sameRun = new HashMap<>();
        Map<String, Measurement> anyRun = new HashMap<>();
        for (Measurement m : measurements) {
            if (m.isAnchor()) {
                sameRun.putIfAbsent(m.run() + "|" + m.anchorKey(), m);
                anyRun.putIfAbsent(m.anchorKey(), m);
            }
        }
        List<Row> rows = new ArrayList<>();
        for (Measurement m : measurements) {
            Measurement anchor = sameRun.getOrDefault(m.run() + "|" + m.anchorKey(), anyRun.get(m.anchorKey()));
            rows.add(new Row(m, anchor == null ? OptionalDouble.empty()
                    : OptionalDouble.of(m.nsPerElement() / anchor.nsPerElement())));
        }
        return rows;
    }
}
