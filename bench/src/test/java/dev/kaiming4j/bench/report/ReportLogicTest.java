package dev.kaiming4j.bench.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.google.gson.JsonParser;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The CSV, ratio and JMH-parsing logic of the report; expected values are worked out by hand. */
class ReportLogicTest {
    private static Measurement m(String system, String backend, int threads, String dtype, long n, double ns, String run) {
        return new Measurement(system, backend, threads, "normal", dtype, n, ns, run);
    }

    @Test
    void headerIsExactlyTheIssuesHeader() {
        assertEquals("system,backend,threads,distribution,dtype,elements,ns_per_element,ratio_to_mkl_philox_icdf",
                Row.CSV_HEADER);
    }

    @Test
    void ratioDividesByTheAnchorOfTheSameDtypeThreadsAndSize() {
        List<Row> rows = Ratios.attach(List.of(
                m("mkl-raw", "philox_icdf", 1, "float32", 1024, 4.0, "a"),
                m("mkl-raw", "philox_icdf", 2, "float32", 1024, 2.0, "a"),
                m("kaiming4j", "native", 1, "float32", 1024, 0.5, "a"),
                m("kaiming4j", "native", 2, "float32", 1024, 0.5, "a"),
                m("kaiming4j", "native", 1, "float32", 2048, 0.5, "a"),
                m("kaiming4j", "native", 1, "bfloat16", 1024, 0.5, "a")));
        assertEquals(1.0, rows.get(0).ratio().getAsDouble());
        assertEquals(0.125, rows.get(2).ratio().getAsDouble());
        assertEquals(0.25, rows.get(3).ratio().getAsDouble());
        assertFalse(rows.get(4).ratio().isPresent(), "no anchor at 2048");
        assertFalse(rows.get(5).ratio().isPresent(), "VSL has no bfloat16 anchor");
    }

    // A second table of measurements, alike in shape to the one above: each scenario lists its own rows.
    @Test
    void sameRunAnchorWinsAndPeersFallBackToTheFirstRun() {
        List<Row> rows = Ratios.attach(List.of(
                m("mkl-raw", "philox_icdf", 1, "float32", 1024, 4.0, "sweep"),
                m("mkl-raw", "philox_icdf", 1, "float32", 1024, 8.0, "matrix"),
                m("kaiming4j", "native", 1, "float32", 1024, 2.0, "matrix"),
                m("numpy", "philox", 1, "float32", 1024, 2.0, "peers")));
        assertEquals(0.25, rows.get(2).ratio().getAsDouble());
        assertEquals(0.5, rows.get(3).ratio().getAsDouble());
    }

    @Test
    void csvLineHasEightFieldsAndAnEmptyRatioWithoutAnchor() {
        List<Row> rows = Ratios.attach(List.of(m("torch", "kaiming_normal_", 2, "bfloat16", 65536, 3.25, "peers")));
        assertEquals("torch,kaiming_normal_,2,normal,bfloat16,65536,3.25000,", rows.get(0).csv());
    }

    @Test
    void jmhMedianIsDividedByTheElementCount() {
        String json = "[{\"benchmark\":\"dev.kaiming4j.bench.FillBenchmark.fill\","
                + "\"params\":{\"backend\":\"native\",\"threads\":\"2\",\"distribution\":\"uniform\","
                + "\"dtype\":\"float64\",\"elements\":\"1024\"},"
                + "\"primaryMetric\":{\"score\":9999.0,\"scoreUnit\":\"ns/op\","
                + "\"scorePercentiles\":{\"50.0\":512.0}}},"
                + "{\"benchmark\":\"dev.kaiming4j.bench.AllocateFillBenchmark.allocateFill\","
                + "\"params\":{\"backend\":\"auto\",\"threads\":\"1\",\"distribution\":\"normal\","
                + "\"dtype\":\"float32\",\"allocElements\":\"2048\"},"
                + "\"primaryMetric\":{\"score\":1.0,\"scoreUnit\":\"ns/op\",\"scorePercentiles\":{\"50.0\":4096.0}}}]";
        List<Measurement> ms = JmhResults.parse(JsonParser.parseString(json).getAsJsonArray(), "r");
        assertEquals(new Measurement("kaiming4j", "native", 2, "uniform", "float64", 1024, 0.5, "r"), ms.get(0));
        assertEquals(new Measurement("kaiming4j", "auto+allocate", 1, "normal", "float32", 2048, 2.0, "r"), ms.get(1));
    }

    @Test
    void jmhResultInAnotherUnitIsRejected() {
        String json = "[{\"benchmark\":\"dev.kaiming4j.bench.FillBenchmark.fill\",\"params\":{},"
                + "\"primaryMetric\":{\"scoreUnit\":\"ms/op\",\"scorePercentiles\":{\"50.0\":1.0}}}]";
        assertThrows(IllegalArgumentException.class,
                () -> JmhResults.parse(JsonParser.parseString(json).getAsJsonArray(), "r"));
    }

    @Test
    void peerLinesAndCommentsAreRead() {
        List<Measurement> ms = PeerResults.parse(List.of("# torch: not installed", "numpy,pcg64,1,normal,float32,1024,9.5"),
                "peers");
        assertEquals(List.of(new Measurement("numpy", "pcg64", 1, "normal", "float32", 1024, 9.5, "peers")), ms);
    }

    @Test
    void firstTensorSubtractsTheMedianNoopJvm() {
        FirstTensorTimes t = FirstTensorTimes.parse(List.of("noop 100000000", "noop 120000000", "noop 500000000",
                "default 300000000 backend=native select_ns=5000000 tensor_ns=90000000",
                "default 260000000 backend=native select_ns=7000000 tensor_ns=80000000",
                "default 900000000 backend=native select_ns=6000000 tensor_ns=85000000"));
        assertEquals(180.0, t.beyondJvmMs("default").getAsDouble(), 1e-9);
        assertEquals(6.0, t.selectMs("default").getAsDouble(), 1e-9);
        assertEquals("native", t.backend("default"));
        assertFalse(t.beyondJvmMs("mkl-cold").isPresent());
    }

    @Test
    void handWrittenHeaderIsKeptAboveTheMarker() {
        String existing = "# Benchmarks\n\nOur notes.\n\n" + MarkdownReport.MARKER + "\nold table\n";
        assertEquals("# Benchmarks\n\nOur notes.\n", MarkdownReport.header(existing));
        assertEquals(MarkdownReport.DEFAULT_HEADER, MarkdownReport.header("no marker here"));
    }
}
