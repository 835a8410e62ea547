package dev.kaiming4j;

import dev.kaiming4j.internal.Checks;
import dev.kaiming4j.internal.ref.JavaBackend;
import dev.kaiming4j.internal.ref.JavaBackendProvider;
import dev.kaiming4j.spi.Backend;
import dev.kaiming4j.spi.BackendProvider;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.ServiceLoader;

/**
 * Backend discovery and selection. The choice comes from {@code -Dkaiming4j.backend}, else
 * the {@code KAIMING4J_BACKEND} environment variable, else {@code auto}.
 *
 * <p>{@code auto} takes the first available of {@code native}, {@code mkl}, {@code java}: a
 * fixed order, never a timing race. {@code native} comes first because it is the fastest
 * wherever it loads (docs/BENCHMARKS.md) and costs no start-up; MKL is only loaded when
 * {@code native} cannot be, since its libraries take 0.8–3.9 s to load. An explicitly named
 * backend that cannot load fails with its cause.
 */
public final class Backends {
    public static final String PROPERTY = "kaiming4j.backend";
    public static final String ENVIRONMENT = "KAIMING4J_BACKEND";
    public static final String AUTO = "auto";
    /** The order {@code auto} tries. */
    public static final List<String> AUTO_ORDER = List.of("native", "mkl", JavaBackend.NAME);
    /** The artifact whose providers serve {@code native} and {@code mkl}. */
    private static final String JNI_ARTIFACT = "dev.kaiming4j:kaiming4j-jni";

    private Backends() {
    }

    private static final class Discovery {
        static final List<BackendProvider> PROVIDERS = discover();

        private static List<BackendProvider> discover() {
            List<BackendProvider> found = new ArrayList<>();
            boolean hasJava = false;
            for (BackendProvider p : ServiceLoader.load(BackendProvider.class, Backends.class.getClassLoader())) {
                found.add(p);
                hasJava |= p.name().equals(JavaBackend.NAME);
            }
            if (!hasJava) {
                found.add(new JavaBackendProvider());
            }
            found.sort((a, b) -> Integer.compare(rank(a.name()), rank(b.name())));
            return Collections.unmodifiableList(found);
        }

        private static int rank(String name) {
            int i = AUTO_ORDER.indexOf(name);
            return i < 0 ? AUTO_ORDER.size() : i;
        }
    }

    /**
     * All known providers, available or not, in {@code auto} order. {@code native} and
     * {@code mkl} appear only when kaiming4j-jni is on the class path.
     */
    public static List<BackendProvider> providers() {
        return Discovery.PROVIDERS;
    }

    /** The backend name configured by system property or environment, or {@code auto}. */
    public static String configuredName() {
        String name = System.getProperty(PROPERTY);
        if (name == null || name.isBlank()) {
            name = System.getenv(ENVIRONMENT);
        }
        return name == null || name.isBlank() ? AUTO : name.trim().toLowerCase(Locale.ROOT);
    }

    /** The configured backend. */
    public static Backend configured() {
        return select(configuredName());
    }

    /**
     * The backend called {@code name}, or the {@code auto} choice.
     *
     * @throws IllegalArgumentException if no backend has that name
     * @throws UnsatisfiedLinkError if it exists but cannot load here (with the cause), or is
     *     one of ours whose provider is not on the class path ({@code native} and {@code mkl}
     *     come with {@code kaiming4j-jni})
     */
    public static Backend select(String name) {
        Checks.notNull(name, "backend");
        String key = name.trim().toLowerCase(Locale.ROOT);
        if (key.equals(AUTO)) {
            for (String candidate : AUTO_ORDER) {
                BackendProvider p = find(candidate);
                if (p != null && p.isAvailable()) {
                    return p.create();
                }
            }
            throw new IllegalStateException("no backend available, not even java");
        }
        BackendProvider p = find(key);
        if (p == null && AUTO_ORDER.contains(key)) {
            throw new UnsatisfiedLinkError("backend '" + key + "' is not available here: its provider, "
                    + JNI_ARTIFACT + ", is not on the class path");
        }
        if (p == null) {
            List<String> names = new ArrayList<>();
            names.add(AUTO);
            providers().forEach(q -> names.add(q.name()));
            throw new IllegalArgumentException("backend: unknown value '" + name + "' (known here: "
                    + String.join(", ", names) + ")");
        }
        return p.create();
    }

    /**
     * Loads a backend now (e.g. MKL at service start-up) so the first fill does not pay for
     * it; returns whether it is available.
     */
    public static boolean warmUp(String name) {
        String key = Checks.notNull(name, "backend").trim().toLowerCase(Locale.ROOT);
        BackendProvider p = find(key);
        if (p == null && AUTO_ORDER.contains(key)) {
            return false;
        }
        if (p == null) {
            throw new IllegalArgumentException("backend: unknown value '" + name + "'");
        }
        return p.isAvailable();
    }

    private static BackendProvider find(String name) {
        for (BackendProvider p : providers()) {
            if (p.name().equals(name)) {
                return p;
            }
        }
        return null;
    }
}
