package dev.kaiming4j.mkl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.kaiming4j.DType;
import dev.kaiming4j.Distribution;
import dev.kaiming4j.Sampling;
import dev.kaiming4j.StreamKey;
import dev.kaiming4j.internal.ref.JavaBackend;
import dev.kaiming4j.spi.Backend;
import dev.kaiming4j.spi.FillTarget;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/**
 * Measures the accuracy profile of {@code mkl} and {@code mkl-fast} normals against the
 * contract's ideal values (docs/DETERMINISM.md §2: u = (int32(w) + ½)·2⁻³² + ½, σ·Φ⁻¹(u),
 * computed by the {@code java} reference in float64) and fails unless the table between the
 * {@code mkl-profile} markers of docs/DETERMINISM.md says the same.
 *
 * <p>Seeds 0, 1, 2, 3, 2²² float32 elements each (2²⁴ in all, a few seconds here); bands by the
 * ideal |x|/σ. Cells are compared with a relative tolerance of 2 %: the doc prints three
 * significant digits (0.5 %), and MKL picks its code path by CPU, which may move the last bits
 * of VSL's inverse CDF and so a few roundings; counts may differ by 2 more for the same reason.
 * On a mismatch the measured table is in the failure message, ready to paste.
 */
class MklAccuracyProfileTest {
    static final long[] SEEDS = {0, 1, 2, 3};
    static final int COUNT = 1 << 22;
    static final double SIGMA = 0.0816496580927726;
    static final String BEGIN = "<!-- mkl-profile:begin -->";
    static final String END = "<!-- mkl-profile:end -->";
    /** Lower edges of the bands of ideal |x|/σ. */
    static final double[] EDGES = {0, 1.0 / 16, 2, 3, 4, 5};
    static final String[] LABELS = {"< σ/16", "σ/16 – 2σ", "2σ – 3σ", "3σ – 4σ", "4σ – 5σ", "≥ 5σ"};
    static final double TOLERANCE = 0.02;

    static int band(double ideal) {
        double a = Math.abs(ideal) / SIGMA;
        int b = 0;
        while (b + 1 < EDGES.length && a >= EDGES[b + 1]) {
            b++;
        }
        return b;
    }

    /** Per band and overall, what one backend's values do against the ideal. */
    static final class Stats {
        final long[] elements = new long[EDGES.length];
        final double[] maxRelative = new double[EDGES.length];
        final double[] maxAbsolute = new double[EDGES.length];
        final long[] beyondOneUlp = new long[EDGES.length];
        final double[] maxUlps = new double[EDGES.length];
        double largest;

        void add(double value, double ideal, DType dtype) {
            int b = band(ideal);
            double error = Math.abs(value - ideal);
            elements[b]++;
            maxRelative[b] = Math.max(maxRelative[b], error / Math.abs(ideal));
            maxAbsolute[b] = Math.max(maxAbsolute[b], error / SIGMA);
            double ulps = error / Ulps.of(dtype, ideal);
            if (ulps > 1) {
                beyondOneUlp[b]++;
            }
            maxUlps[b] = Math.max(maxUlps[b], ulps);
            largest = Math.max(largest, Math.abs(value) / SIGMA);
        }
    }

    /** The measured table, as docs/DETERMINISM.md holds it between the markers. */
    static String measure() {
        Backend mkl = new MklBackendProvider().create();
        Backend fast = new MklFastBackendProvider().create();
        Backend java = new JavaBackend();
        Sampling sampling = new Sampling(Distribution.NORMAL, SIGMA);
        Stats mkl32 = new Stats();
        Stats fast32 = new Stats();
        Stats mkl64 = new Stats();
        Stats ideal = new Stats();
        double[] ideals = new double[COUNT];
        float[] a = new float[COUNT];
        float[] f = new float[COUNT];
        double[] d = new double[COUNT];
        for (long seed : SEEDS) {
            StreamKey key = StreamKey.ofSeed(seed);
            java.fill(sampling, key, DType.FLOAT64, 0, COUNT, new FillTarget.DoubleArray(ideals, 0));
            mkl.fill(sampling, key, DType.FLOAT32, 0, COUNT, new FillTarget.FloatArray(a, 0));
            fast.fill(sampling, key, DType.FLOAT32, 0, COUNT, new FillTarget.FloatArray(f, 0));
            mkl.fill(sampling, key, DType.FLOAT64, 0, COUNT, new FillTarget.DoubleArray(d, 0));
            for (int k = 0; k < COUNT; k++) {
                mkl32.add(a[k], ideals[k], DType.FLOAT32);
                fast32.add(f[k], ideals[k], DType.FLOAT32);
                mkl64.add(d[k], ideals[k], DType.FLOAT64);
                ideal.add(ideals[k], ideals[k], DType.FLOAT64);
            }
        }
        StringBuilder s = new StringBuilder();
        s.append("| band of ideal \\|x\\|/σ | elements | mkl float32: max rel. error | max \\|Δ\\|/σ | > 1 ulp | max ulp"
                + " | mkl-fast float32: max rel. error | > 1 ulp | mkl float64: max rel. error |\n");
        s.append("|---|---|---|---|---|---|---|---|---|\n");
        for (int b = 0; b < EDGES.length; b++) {
            s.append(String.format(Locale.ROOT, "| %s | %d | %s | %s | %d | %s | %s | %d | %s |%n", LABELS[b],
                    mkl32.elements[b], g(mkl32.maxRelative[b]), g(mkl32.maxAbsolute[b]), mkl32.beyondOneUlp[b],
                    g(mkl32.maxUlps[b]), g(fast32.maxRelative[b]), fast32.beyondOneUlp[b], g(mkl64.maxRelative[b])));
        }
        s.append("\n| largest \\|x\\|/σ | ideal | mkl float32 | mkl-fast float32 | mkl float64 |\n");
        s.append("|---|---|---|---|---|\n");
        s.append(String.format(Locale.ROOT, "| seeds 0–3, 2²² each | %.4f | %.4f | %.4f | %.4f |%n", ideal.largest,
                mkl32.largest, fast32.largest, mkl64.largest));
        return s.toString();
    }

    private static String g(double v) {
        return String.format(Locale.ROOT, "%.3g", v);
    }

    static String documentedTable(Path doc) throws IOException {
        String text = Files.readString(doc, StandardCharsets.UTF_8);
        int begin = text.indexOf(BEGIN);
        int end = text.indexOf(END);
        assertTrue(begin >= 0 && end > begin, doc + " has no " + BEGIN + " ... " + END + " section");
        return text.substring(begin + BEGIN.length(), end).strip();
    }

    /** Null when the two tables agree cell by cell (numbers within the tolerance), else why not. */
    static String disagreement(String documented, String measured) {
        String[] dl = documented.strip().split("\n");
        String[] ml = measured.strip().split("\n");
        if (dl.length != ml.length) {
            return "the doc's table has " + dl.length + " lines, the measured one " + ml.length;
        }
        for (int i = 0; i < dl.length; i++) {
            String[] dc = dl[i].split("\\|", -1);
            String[] mc = ml[i].split("\\|", -1);
            if (dc.length != mc.length) {
                return "line " + (i + 1) + " has " + dc.length + " cells in the doc, " + mc.length + " measured";
            }
            for (int c = 0; c < dc.length; c++) {
                String x = dc[c].strip();
                String y = mc[c].strip();
                Double dx = number(x);
                Double dy = number(y);
                boolean same = dx != null && dy != null
                        ? Math.abs(dx - dy) <= TOLERANCE * Math.max(Math.abs(dx), Math.abs(dy)) + (isCount(y) ? 2 : 0)
                        : x.equals(y);
                if (!same) {
                    return "line " + (i + 1) + ", cell " + c + ": the doc says '" + x + "', measured '" + y + "'";
                }
            }
        }
        return null;
    }

    private static Double number(String cell) {
        try {
            return Double.parseDouble(cell);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static boolean isCount(String cell) {
        return cell.matches("[0-9]+");
    }

    @Test
    void theComparisonCatchesAWrongFigure() {
        String table = "| ≥ 5σ | 9 | 2.42e-3 |\n";
        assertEquals(null, disagreement(table, "| ≥ 5σ | 10 | 2.45e-3 |\n"));
        assertTrue(disagreement(table, "| ≥ 5σ | 9 | 0.121 |\n").contains("2.42e-3"));
        assertTrue(disagreement(table, "| ≥ 6σ | 9 | 2.42e-3 |\n") != null);
    }

    @Test
    void docsDeterminismHoldsTheMeasuredProfile() throws IOException {
        String measured = measure();
        System.out.println("mkl accuracy profile, measured:\n" + measured);
        Path doc = Paths.get(System.getProperty("kaiming4j.determinism.doc", "../docs/DETERMINISM.md"));
        String why = disagreement(documentedTable(doc), measured);
        if (why != null) {
            fail(doc + " disagrees with the measured mkl profile (" + why + "); measured:\n" + measured);
        }
    }
}
