package dev.kaiming4j.paper;

import java.awt.Color;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** PNG figures of the diagnostics, drawn with XChart. */
final class Plots {
    private static final int PANEL_WIDTH = 640;
    private static final int PANEL_HEIGHT = 440;

    private Plots() {
    }

    /** One line of a panel. */
    record Line(String name, double[] x, double[] y) {
    }

    /** A panel with a title and axis titles. */
    record Panel(String title, String xTitle, String yTitle, List<Line> lines) {
    }

    /** The panels side by side in one PNG, written atomically. */
    static void write(Path file, List<Panel> panels) {
        List<XYChart> charts = new ArrayList<>();
        for (Panel p : panels) {
            charts.add(chart(p));
        }
        OutputFiles.write(file, (OutputStream out) ->
                BitmapEncoder.saveBitmap(charts, 1, charts.size(), out, BitmapEncoder.BitmapFormat.PNG));
    }

    private static XYChart chart(Panel p) {
        XYChart chart = new XYChartBuilder().width(PANEL_WIDTH).height(PANEL_HEIGHT).title(p.title())
                .xAxisTitle(p.xTitle()).yAxisTitle(p.yTitle()).build();
        chart.getStyler().setMarkerSize(0);
        chart.getStyler().setChartBackgroundColor(Color.WHITE);
        for (Line line : p.lines()) {
            if (line.x().length == 0) {
                continue;
            }
            XYSeries s = chart.addSeries(line.name(), line.x(), line.y());
            s.setMarker(SeriesMarkers.NONE);
        }
        return chart;
    }

    /**
     * (layer, log10 value) for layers 1..n, cut before the first value that is not positive and
     * finite (a variance that underflowed to 0 in float has no logarithm).
     */
    static Line log10Line(String name, double[] values) {
        int n = 0;
        while (n < values.length && values[n] > 0 && Double.isFinite(values[n])) {
            n++;
        }
        double[] x = new double[n];
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = i + 1;
            y[i] = Math.log10(values[i]);
        }
        return new Line(name, x, y);
    }
}
