package dev.kaiming4j.bench.report;

/**
 * One measured figure: ns/element of one system/backend/threads/distribution/dtype/size.
 *
 * @param run which measurement run produced it (anchors are matched within a run first)
 */
public record Measurement(String system, String backend, int threads, String distribution, String dtype,
        long elements, double nsPerElement, String run) {
    /** The system name of our library in the CSV. */
    public static final String OURS = "kaiming4j";
    /** The system and backend of the anchor every ratio divides by. */
    public static final String ANCHOR_SYSTEM = "mkl-raw";
    public static final String ANCHOR_BACKEND = "philox_icdf";

    /** True for the raw MKL Philox ICDF anchor rows. */
    public boolean isAnchor() {
        return system.equals(ANCHOR_SYSTEM) && backend.equals(ANCHOR_BACKEND);
    }

    /** True for ours, by backend name. */
    public boolean is(String ourBackend) {
        return system.equals(OURS) && backend.equals(ourBackend);
    }

    /** The anchor key: ratios compare rows of the same dtype, thread count and size. */
    String anchorKey() {
        return dtype + "/" + threads + "/" + elements;
    }
}
