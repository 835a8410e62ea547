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
import java.util.Map;
import java.util.ServiceLoader;

/**
 * Backend discovery and selection. The choice comes from {@code -Dkaiming4j.backend}, else
 * the {@code KAIMING4J_BACKEND} environment variable, else {@code auto}.
 *
 * <p>{@code auto} never changes the bits: it takes the first available of {@code native} and
 * {@code java}, the two backends that produce the same bits (docs/DETERMINISM.md), in that
 * fixed order, never a timing race. {@code mkl} has its own accuracy profile and is used only
 * when named. What {@code auto} chose, and why each other backend was skipped, goes once per
 * process to the {@link System.Logger} named {@code dev.kaiming4j.Backends} (a fall-back from
 * a native backend that is present but does not work at level INFO, a provider class present
 * but not registered as a service at WARNING, the normal choice at DEBUG).
 *
 * <p>A backend asked for by name fails fast with {@link BackendUnavailableException} carrying
 * the cause; nothing falls back. Every backend handed out passes through one validation gate
 * ({@link #validated(Backend)}).
 */
public final class Backends {
    public static final String PROPERTY = "kaiming4j.backend";
    public static final String ENVIRONMENT = "KAIMING4J_BACKEND";
    public static final String AUTO = "auto";
    /** The order {@code auto} tries: only backends that give the reference's bits. */
    public static final List<String> AUTO_ORDER = List.of("native", JavaBackend.NAME);
    /** The backends kaiming4j ships, whether or not their artifact is on the class path. */
    public static final List<String> OURS = List.of("native", "mkl", "mkl-fast", JavaBackend.NAME);

    /** Provider class and artifact of each backend shipped outside the API jar. */
    private static final Map<String, String[]> PROVIDER_CLASSES = Map.of(
            "native", new String[] {"dev.kaiming4j.jni.NativeBackendProvider", "dev.kaiming4j:kaiming4j-jni"},
            "mkl", new String[] {"dev.kaiming4j.mkl.MklBackendProvider", "dev.kaiming4j:kaiming4j-mkl"},
            "mkl-fast", new String[] {"dev.kaiming4j.mkl.MklFastBackendProvider", "dev.kaiming4j:kaiming4j-mkl"});
    private static final String SERVICE_FILE = "META-INF/services/" + BackendProvider.class.getName();

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
            int i = OURS.indexOf(name);
            return i < 0 ? OURS.size() : i;
        }
    }

    /** Decided once per process, like the providers' availability, and logged once. */
    private static final class AutoChoice {
        static final BackendProvider CHOSEN = choose();

        private static BackendProvider choose() {
            LoggerLookup logger = LoggerLookup.begin();
            List<String> skipped = new ArrayList<>();
            System.Logger.Level level = System.Logger.Level.DEBUG;
            // java ends AUTO_ORDER and discovery always has it: the walk cannot come out empty.
            BackendProvider chosen = find(JavaBackend.NAME);
            for (String name : AUTO_ORDER.subList(0, AUTO_ORDER.size() - 1)) {
                BackendProvider p = find(name);
                if (p != null && p.isAvailable()) {
                    chosen = p;
                    break;
                } else if (p != null) {
                    skipped.add(name + ": unavailable: " + p.unavailabilityCause());
                    level = max(level, System.Logger.Level.INFO);
                } else if (unregisteredProviderClass(name) != null) {
                    skipped.add(name + ": " + absence(name));
                    level = System.Logger.Level.WARNING;
                } else {
                    skipped.add(name + ": " + absence(name));
                }
            }
            for (String name : AUTO_ORDER.subList(AUTO_ORDER.indexOf(chosen.name()) + 1, AUTO_ORDER.size())) {
                skipped.add(name + " (after " + chosen.name() + " in auto order)");
            }
            for (BackendProvider p : providers()) {
                if (!AUTO_ORDER.contains(p.name())) {
                    skipped.add(p.name() + ": not chosen by auto, which takes only backends bitwise equal to java;"
                            + " name it to use it (-D" + PROPERTY + "=" + p.name() + ")");
                }
            }
            for (String name : OURS) {
                if (!AUTO_ORDER.contains(name) && unregisteredProviderClass(name) != null) {
                    skipped.add(name + ": " + absence(name));
                    level = System.Logger.Level.WARNING;
                }
            }
            logger.await().log(level, "kaiming4j backend auto chose "
                    + chosen.name() + "; skipped " + (skipped.isEmpty() ? "none" : String.join("; ", skipped)));
            return chosen;
        }

        private static System.Logger.Level max(System.Logger.Level a, System.Logger.Level b) {
            return a.getSeverity() >= b.getSeverity() ? a : b;
        }
    }

    /**
     * The process's first {@link System#getLogger} initializes the logging back end (the
     * {@code LoggerFinder} service lookup, java.util.logging reading its configuration). That
     * runs on this helper thread while {@code auto}'s first choice loads its native library on
     * the calling thread, which then writes the record itself, once. If the thread cannot
     * start, is interrupted or fails, the calling thread looks the logger up as before.
     */
    private static final class LoggerLookup extends Thread {
        private volatile System.Logger logger;

        private LoggerLookup() {
            super("kaiming4j-logger-lookup");
            setDaemon(true);
        }

        static LoggerLookup begin() {
            LoggerLookup lookup = new LoggerLookup();
            try {
                lookup.start();
            } catch (OutOfMemoryError | SecurityException e) {
                // No thread to spare: await() looks the logger up on the calling thread.
            }
            return lookup;
        }

        @Override
        public void run() {
            try {
                logger = System.getLogger(Backends.class.getName());
            } catch (RuntimeException | Error e) {
                // await() repeats the lookup on the calling thread, which sees the failure as before.
            }
        }

        System.Logger await() {
            try {
                join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            System.Logger found = logger;
            return found != null ? found : System.getLogger(Backends.class.getName());
        }
    }

    /**
     * All registered providers, available or not: ours first ({@code native}, {@code mkl},
     * {@code java}), then others. {@code native} appears only when kaiming4j-jni is on the class
     * path, {@code mkl} only with kaiming4j-mkl.
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
     * The backend called {@code name}, or the {@code auto} choice, behind the validation gate.
     *
     * @throws IllegalArgumentException if no backend has that name
     * @throws BackendUnavailableException if it exists but cannot be used here, with the cause:
     *     it failed to load, or its provider is not on the class path, or is there but not
     *     registered as a service
     */
    public static Backend select(String name) {
        Checks.notNull(name, "backend");
        String key = name.trim().toLowerCase(Locale.ROOT);
        if (key.equals(AUTO)) {
            return validated(AutoChoice.CHOSEN.create());
        }
        BackendProvider p = find(key);
        if (p == null && OURS.contains(key)) {
            throw new BackendUnavailableException(key, absence(key), null);
        }
        if (p == null) {
            List<String> names = new ArrayList<>();
            names.add(AUTO);
            providers().forEach(q -> names.add(q.name()));
            throw new IllegalArgumentException("backend: unknown value '" + name + "' (known here: "
                    + String.join(", ", names) + ")");
        }
        if (!p.isAvailable()) {
            Throwable cause = p.unavailabilityCause();
            throw new BackendUnavailableException(key, String.valueOf(cause), cause);
        }
        return validated(p.create());
    }

    /**
     * Why backend {@code name} cannot be used here, or null when it can. Loads it if not yet
     * done (MKL can take seconds).
     *
     * @throws IllegalArgumentException if no backend has that name
     */
    public static Throwable unavailabilityCause(String name) {
        String key = Checks.notNull(name, "backend").trim().toLowerCase(Locale.ROOT);
        BackendProvider p = find(key);
        if (p == null && OURS.contains(key)) {
            return new BackendUnavailableException(key, absence(key), null);
        }
        if (p == null) {
            throw new IllegalArgumentException("backend: unknown value '" + name + "'");
        }
        return p.isAvailable() ? null : p.unavailabilityCause();
    }

    /**
     * Loads a backend now (e.g. MKL at service start-up) so the first fill does not pay for
     * it; returns whether it is available.
     */
    public static boolean warmUp(String name) {
        return unavailabilityCause(name) == null;
    }

    /**
     * {@code backend} behind the one validation gate every fill passes: arguments are checked
     * (null, ranges, target capacity, dtype against target) and rejected with an
     * {@link IllegalArgumentException} naming the argument before the backend runs, and
     * zero-element calls never reach it. Idempotent. Backends obtained from a provider's
     * {@code create()} directly are not checked; use this (or {@link #select}) before calling them.
     */
    public static Backend validated(Backend backend) {
        Checks.notNull(backend, "backend");
        return backend instanceof ValidatedBackend ? backend : new ValidatedBackend(backend);
    }

    /** Why one of our backends has no registered provider: missing, or present but not registered. */
    private static String absence(String name) {
        String[] known = PROVIDER_CLASSES.get(name);
        String provider = unregisteredProviderClass(name);
        if (provider != null) {
            return "its provider " + provider + " is on the class path but not registered: " + SERVICE_FILE
                    + " does not list it (a shaded or merged jar whose service files were not merged? maven-shade's"
                    + " ServicesResourceTransformer merges them)";
        }
        return "its provider is not on the class path (add " + known[1] + ")";
    }

    /** The provider class of one of our backends if it is loadable but was not registered, else null. */
    private static String unregisteredProviderClass(String name) {
        String[] known = PROVIDER_CLASSES.get(name);
        if (known == null || find(name) != null) {
            return null;
        }
        try {
            Class.forName(known[0], false, Backends.class.getClassLoader());
            return known[0];
        } catch (ClassNotFoundException | LinkageError e) {
            return null;
        }
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
