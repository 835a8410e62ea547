package dev.kaiming4j.bench.report;

import java.util.Locale;
import java.util.OptionalDouble;

/** A measurement with its ratio to MKL Philox ICDF (empty when the run has no such anchor). */
public record Row(Measurement m, OptionalDouble ratio) {
    /** The CSV header, exactly as the issue fixes it. */
    public static final String CSV_HEADER =
            "system,backend,threads,distribution,dtype,elements,ns_per_element,ratio_to_mkl_philox_icdf";

    /** This row as a CSV line (no quoting needed: names never contain commas). */
    public String csv() {
        Measurement x = m;
        return String.join(",", x.system(), x.backend(), Integer.toString(x.threads()), x.distribution(), x.dtype(),
                Long.toString(x.elements()), format(x.nsPerElement()),
                ratio.isPresent() ? format(ratio.getAsDouble()) : "");
    }

    /** Six significant digits: far below the run-to-run noise, so nothing meaningful is lost. */
    static String format(double v) {
        return String.format(Locale.ROOT, "%.6g", v);
    }
}
