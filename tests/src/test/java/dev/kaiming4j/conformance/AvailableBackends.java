package dev.kaiming4j.conformance;

import dev.kaiming4j.Backends;
import dev.kaiming4j.spi.Backend;
import dev.kaiming4j.spi.BackendProvider;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;

/**
 * Every backend that loads here, as {@link Backends#providers()} discovers them: {@code java}
 * always, {@code native} and {@code mkl} as soon as kaiming4j-jni, respectively kaiming4j-mkl, is on the test class path.
 * The suites are parametrized over this list, so a new backend is tested without a code change.
 */
final class AvailableBackends {
    static final String JAVA = "java";
    static final String MKL = "mkl";

    /** {@code mkl} and its float32 variant {@code mkl-fast}: VSL's values, checked against its profile. */
    static boolean isMkl(String name) {
        return name.equals(MKL) || name.equals(MKL + "-fast");
    }

    private static final List<Backend> AVAILABLE = Backends.providers().stream()
            .filter(BackendProvider::isAvailable)
            .map(BackendProvider::create)
            .collect(Collectors.toUnmodifiableList());

    private AvailableBackends() {
    }

    static List<Backend> all() {
        return AVAILABLE;
    }

    static Backend java() {
        return AVAILABLE.stream().filter(b -> b.name().equals(JAVA)).findFirst()
                .orElseThrow(() -> new IllegalStateException("the java backend must always be available"));
    }

    /** For {@code @MethodSource}: every available backend, named for the test report. */
    static Stream<Named<Backend>> named() {
        return AVAILABLE.stream().map(b -> Named.of(b.name(), b));
    }
}
