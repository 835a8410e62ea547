/**
 * The {@code mkl} and {@code mkl-fast} backends (Intel oneMKL VSL through the JavaCPP presets),
 * found by {@link java.util.ServiceLoader} from module {@code dev.kaiming4j}.
 */
module dev.kaiming4j.mkl {
    requires dev.kaiming4j;
    requires org.bytedeco.javacpp;
    // Optional: without the MKL jars the providers report the missing classes as their cause.
    requires static org.bytedeco.mkl;

    provides dev.kaiming4j.spi.BackendProvider with
            dev.kaiming4j.mkl.MklBackendProvider, dev.kaiming4j.mkl.MklFastBackendProvider;
}
