package dev.kaiming4j.cli;

import dev.kaiming4j.Backends;
import java.util.List;
import java.util.Locale;

/**
 * Loads the {@code native} backend on a helper thread while picocli builds its command model and
 * parses on the main thread: the two take about as long, need nothing from each other, and the
 * command selects the backend right after. Only for a command line that generates ({@code init},
 * {@code model}) on the backend {@code auto} tries first: no {@code --backend}, or
 * {@code --backend} auto or native, and neither {@code -Dkaiming4j.backend} nor
 * {@code KAIMING4J_BACKEND} naming another. When the backend is {@code auto}, the helper then
 * also looks up the {@code System.Logger} that {@code auto} writes its choice to, which
 * initializes the logging back end (the {@code LoggerFinder} lookup, java.util.logging's
 * configuration) once per process. Last it sets up the Gson instance of the {@link JsonLine}
 * every command ends with, and the adapters of the value types that line holds. Silent: the
 * provider decides availability once per process and keeps the cause, and the command's own
 * selection reports and logs it, as before; the line built here is thrown away.
 */
final class CommandWarmUp extends Thread {
    private static final List<String> GENERATING = List.of("init", "model");
    private static final List<String> NATIVE_FIRST = List.of(Backends.AUTO, "native");
    private static final List<String> NO_RUN = List.of("-h", "--help", "-V", "--version");

    private final boolean auto;

    private CommandWarmUp(boolean auto) {
        super("kaiming4j-warm-up");
        setDaemon(true);
        this.auto = auto;
    }

    /** Starts the helper if {@code command} (the built-in one named, or null) will fill on native first. */
    static void beginFor(String command, String[] args) {
        String name = Backends.configuredName();
        if (command == null || !GENERATING.contains(command) || !NATIVE_FIRST.contains(name)) {
            return;
        }
        for (int i = 0; i < args.length; i++) {
            String backend = args[i].equals("--backend") && i + 1 < args.length ? args[i + 1]
                    : args[i].startsWith("--backend=") ? args[i].substring("--backend=".length()) : null;
            if (backend != null) {
                name = backend.trim().toLowerCase(Locale.ROOT);
            }
            if (NO_RUN.contains(args[i]) || !NATIVE_FIRST.contains(name)) {
                return;
            }
        }
        try {
            new CommandWarmUp(name.equals(Backends.AUTO)).start();
        } catch (OutOfMemoryError | SecurityException e) {
            // The command loads the backend itself, as without the helper.
        }
    }

    @Override
    public void run() {
        try {
            Backends.unavailabilityCause("native");
            if (auto) {
                System.getLogger(Backends.class.getName());
            }
            new JsonLine().put("s", "").put("l", 0L).put("d", 0.5).put("a", new long[] {0}).put("b", true)
                    .put("n", null).toString();
        } catch (RuntimeException | LinkageError e) {
            // The command's own selection meets it again and reports it.
        }
    }
}
