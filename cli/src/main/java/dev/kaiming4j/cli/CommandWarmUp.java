package dev.kaiming4j.cli;

import dev.kaiming4j.Backends;
import java.util.List;
import java.util.Locale;

/**
 * Does on a helper thread, while picocli builds its command model and parses on the main
 * thread, the one-time set-ups the command meets right after, in the order it meets them: the
 * process id (kaiming4j-io names every temporary output with it), the {@code native} backend,
 * on {@code auto} the {@code System.Logger} {@code auto} writes its choice to (the
 * {@code LoggerFinder} lookup, java.util.logging's configuration), and the Gson instance of the
 * {@link JsonLine} the command ends with, with the adapters of the value types that line holds. Each is done once per process, so the command
 * finds it done or waits for it; nothing runs twice. Only for a command line that generates
 * ({@code init}, {@code model}) on the backend {@code auto} tries first: no {@code --backend},
 * or {@code --backend} auto or native, and neither {@code -Dkaiming4j.backend} nor
 * {@code KAIMING4J_BACKEND} naming another. Silent: the provider decides availability once per
 * process and keeps the cause, the command's own selection reports and logs it as before, and
 * the line built here is thrown away.
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
            ProcessHandle.current().pid();
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
