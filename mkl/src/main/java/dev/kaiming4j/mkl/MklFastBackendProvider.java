package dev.kaiming4j.mkl;

/**
 * Provides {@code mkl-fast}, the float32 VSL variant of {@link MklBackend} (faster, clipped
 * tails). Never chosen by {@code auto}: only by its name. It shares MKL's one load, its
 * self-test and its cause of unavailability with {@link MklBackendProvider}.
 */
public final class MklFastBackendProvider extends MklBackendProvider {
    @Override
    public String name() {
        return MklBackend.FAST_NAME;
    }
}
