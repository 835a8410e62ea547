/**
 * kaiming4j: Kaiming (He) weight initialization. Users call {@code dev.kaiming4j}; backends
 * plug in through {@code dev.kaiming4j.spi}. Memory access, argument checks and the reference
 * algorithm ({@code dev.kaiming4j.internal...}) are exported only to kaiming4j's own modules.
 */
module dev.kaiming4j {
    // sun.misc.Unsafe, used on Java 17 to 21 only: the Java 22+ classes use java.lang.foreign.
    requires jdk.unsupported;

    exports dev.kaiming4j;
    exports dev.kaiming4j.spi;
    exports dev.kaiming4j.internal to
            dev.kaiming4j.jni, dev.kaiming4j.mkl, dev.kaiming4j.io, dev.kaiming4j.cli;
    exports dev.kaiming4j.internal.ref to
            dev.kaiming4j.jni, dev.kaiming4j.mkl, dev.kaiming4j.io, dev.kaiming4j.cli;

    uses dev.kaiming4j.spi.BackendProvider;
    uses dev.kaiming4j.spi.TensorAllocator;

    provides dev.kaiming4j.spi.BackendProvider with dev.kaiming4j.internal.ref.JavaBackendProvider;
}
