package dev.kaiming4j.bench.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;

/** ns/element against size, log-log, one line per system/backend/threads (fp32 normal only). */
public final class Plot {
    private Plot() {
    }

    /** Series name → (elements → ns/element); only series measured at two sizes or more. */
    static Map<String, TreeMap<Long, Double>> series(List<Row> rows) {
        Map<String, TreeMap<Long, Double>> series = new TreeMap<>();
        for (Row r : rows) {
            Measurement m = r.m();
            if (m.dtype().equals("float32") && !m.distribution().equals("uniform")
                    && !m.distribution().equals("truncated_normal")) {
                String name = m.system() + " " + m.backend() + " " + m.threads() + "t";
                series.computeIfAbsent(name, k -> new TreeMap<>()).putIfAbsent(m.elements(), m.nsPerElement());
            }
        }
        series.values().removeIf(s -> s.size() < 2);
        return series;
    }

    public static void write(List<Row> rows, Path png) throws IOException {
        XYChart chart = new XYChartBuilder().width(1200).height(800)
                .title("float32 fill, ns/element vs size (lower is better)").xAxisTitle("elements")
                .yAxisTitle("ns/element").build();
        chart.getStyler().setXAxisLogarithmic(true);
        chart.getStyler().setYAxisLogarithmic(true);
        chart.getStyler().setDefaultSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
        for (Map.Entry<String, TreeMap<Long, Double>> e : series(rows).entrySet()) {
            List<Double> x = new ArrayList<>();
            List<Double> y = new ArrayList<>();
            e.getValue().forEach((n, ns) -> {
                x.add((double) n);
                y.add(ns);
            });
            chart.addSeries(e.getKey(), x, y);
        }
        Files.createDirectories(png.toAbsolutePath().getParent());
        BitmapEncoder.saveBitmap(chart, png.toString(), BitmapEncoder.BitmapFormat.PNG);
    }
}
