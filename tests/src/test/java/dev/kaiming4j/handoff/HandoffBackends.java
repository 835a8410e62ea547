package dev.kaiming4j.handoff;

import dev.kaiming4j.Backends;
import dev.kaiming4j.spi.Backend;
import dev.kaiming4j.spi.BackendProvider;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;

/** Every backend that loads here ({@code java}, and {@code native}, {@code mkl} via kaiming4j-jni and kaiming4j-mkl). */
final class HandoffBackends {
    private HandoffBackends() {
    }

    /** For {@code @MethodSource}, named for the test report. */
    static Stream<Named<Backend>> named() {
        return Backends.providers().stream()
                .filter(BackendProvider::isAvailable)
                .map(p -> Named.of(p.name(), p.create()));
    }
}
