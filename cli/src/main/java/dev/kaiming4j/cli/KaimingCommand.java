package dev.kaiming4j.cli;

import dev.kaiming4j.io.OutputPathException;
import dev.kaiming4j.io.Version;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.ServiceLoader;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/**
 * The {@code kaiming} command: init, model, stats, backends, and the {@link ContributedCommand}s
 * found on the class path (propagate and train-demo when the paper module is there). Exit codes:
 * 0 success, 2 bad usage (one line on stderr, no output file), 1 failure (one line on stderr;
 * the stack trace too with {@code --verbose} or the environment variable
 * {@code KAIMING4J_DEBUG} set).
 */
@Command(name = "kaiming", mixinStandardHelpOptions = true, versionProvider = KaimingCommand.VersionProvider.class,
        description = "Kaiming (He), Xavier and LeCun weight initialization into .npy, .safetensors and Zarr files.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:success", "1:failure (I/O, unavailable backend, bad input file)",
            "2:bad usage (message on stderr, no output file written)"})
public final class KaimingCommand implements Callable<Integer> {
    /** Environment variable that turns on stack traces for failures. */
    public static final String DEBUG_ENV = "KAIMING4J_DEBUG";
    /** The built-in subcommands, in the order {@code kaiming --help} lists them. */
    static final List<String> BUILT_IN = List.of("init", "model", "stats", "backends");
    /**
     * picocli registers a converter for every java.time and java.sql type it knows, loading and
     * initializing each class, whenever it builds a command. No built-in command has an option
     * of those types.
     */
    private static final String CONVERTERS_EXCLUDES = "picocli.converters.excludes";

    @Spec
    CommandSpec spec;

    @Option(names = "--verbose", scope = ScopeType.INHERIT, description = "Print stack traces of failures.")
    boolean verbose;

    @Override
    public Integer call() {
        throw new CommandLine.ParameterException(spec.commandLine(),
                "missing command (" + String.join(", ", spec.subcommands().keySet()) + ")");
    }

    public static void main(String[] args) {
        PrintWriter out = new PrintWriter(new java.io.OutputStreamWriter(System.out, StandardCharsets.UTF_8), true);
        PrintWriter err = new PrintWriter(new java.io.OutputStreamWriter(System.err, StandardCharsets.UTF_8), true);
        String named = builtInNamed(args);
        CommandWarmUp.beginFor(named, args);
        // Only when a built-in command alone is registered: a contributed command may have such options.
        if (named != null && System.getProperty(CONVERTERS_EXCLUDES) == null) {
            System.setProperty(CONVERTERS_EXCLUDES, "java\\.time\\..*,java\\.sql\\..*");
        }
        System.exit(run(args, out, err));
    }

    /** Runs the command line with the given streams; returns the exit code. */
    public static int run(String[] args, PrintWriter out, PrintWriter err) {
        boolean debug = Arrays.asList(args).contains("--verbose") || isSet(System.getenv(DEBUG_ENV));
        CommandLine cl = commandLine(args);
        cl.setOut(out).setErr(err);
        cl.setParameterExceptionHandler((ex, a) -> {
            err.println(ex.getCommandLine().getCommandSpec().qualifiedName() + ": " + firstLine(ex.getMessage())
                    + " (see " + ex.getCommandLine().getCommandSpec().qualifiedName() + " --help)");
            if (debug) {
                ex.printStackTrace(err);
            }
            err.flush();
            return CommandLine.ExitCode.USAGE;
        });
        cl.setExecutionExceptionHandler((ex, commandLine, parseResult) -> report(ex, commandLine, err, debug));
        int code;
        try {
            code = cl.execute(args);
        } catch (Throwable t) { // an Error escaping picocli: still one line and exit 1
            err.println("kaiming: " + describe(t));
            if (debug) {
                t.printStackTrace(err);
            }
            code = CommandLine.ExitCode.SOFTWARE;
        }
        out.flush();
        err.flush();
        return code;
    }

    /**
     * The command line with its subcommands. picocli builds the model of each registered command
     * up front, reflecting over all its options, so a command line that names a built-in command
     * gets that one alone; any other (help, version, no command, an unknown or a contributed one)
     * gets all of them, so that listings, suggestions and errors read the same.
     */
    static CommandLine commandLine(String[] args) {
        CommandLine cl = new CommandLine(new KaimingCommand());
        String named = builtInNamed(args);
        if (named != null) {
            return cl.addSubcommand(builtIn(named));
        }
        for (String name : BUILT_IN) {
            cl.addSubcommand(builtIn(name));
        }
        for (ContributedCommand command : ServiceLoader.load(ContributedCommand.class)) {
            cl.addSubcommand(command);
        }
        return cl;
    }

    /**
     * The built-in command named by the first argument that is not an option ({@code kaiming}'s
     * own options take no values), or null: none, another word, or {@code --} first.
     */
    static String builtInNamed(String[] args) {
        for (String arg : args) {
            if (arg.equals("--")) {
                return null;
            }
            if (!arg.startsWith("-")) {
                return BUILT_IN.contains(arg) ? arg : null;
            }
        }
        return null;
    }

    private static Object builtIn(String name) {
        switch (name) {
            case "init": return new InitCommand();
            case "model": return new ModelCommand();
            case "stats": return new StatsCommand();
            default: return new BackendsCommand();
        }
    }

    private static int report(Exception ex, CommandLine commandLine, PrintWriter err, boolean debug) {
        boolean usage = ex instanceof UsageException || ex instanceof IllegalArgumentException;
        String what = ex instanceof OutputPathException || ex.getCause() instanceof OutputPathException
                ? "--out: " + describe(ex) : describe(ex);
        err.println(commandLine.getCommandSpec().qualifiedName() + ": " + what);
        if (debug) {
            ex.printStackTrace(err);
        }
        err.flush();
        return usage ? CommandLine.ExitCode.USAGE : CommandLine.ExitCode.SOFTWARE;
    }

    /** One line saying what went wrong. */
    static String describe(Throwable t) {
        if (t instanceof UncheckedIOException && t.getCause() != null) {
            t = t.getCause();
        }
        String message = t.getMessage();
        // IOExceptions of kaiming4j-io (a bad input file, a full disk) carry a full sentence;
        // other IOException subclasses (NoSuchFileException: just a path) get their type named.
        // An IllegalStateException is a failure whose message is meant for the user (exit 1).
        boolean plain = t instanceof UsageException || t instanceof IllegalArgumentException
                || t instanceof IllegalStateException
                || t.getClass() == IOException.class;
        if (message == null || message.isBlank()) {
            return t.getClass().getSimpleName();
        }
        if (!plain && (t instanceof IOException || t instanceof Error || !(t instanceof RuntimeException))) {
            message = t.getClass().getSimpleName() + ": " + message;
        }
        if (t instanceof UnsatisfiedLinkError && t.getCause() != null) {
            message += " (cause: " + firstLine(String.valueOf(t.getCause().getMessage())) + ")";
        }
        return firstLine(message);
    }

    static String firstLine(String s) {
        if (s == null) {
            return "";
        }
        int nl = s.indexOf('\n');
        return (nl < 0 ? s : s.substring(0, nl)).strip();
    }

    private static boolean isSet(String env) {
        return env != null && !env.isBlank() && !env.equals("0") && !env.equalsIgnoreCase("false");
    }

    /** {@code kaiming --version}. */
    static final class VersionProvider implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"kaiming4j " + Version.get(), "Java " + System.getProperty("java.version")
                    + " (" + System.getProperty("os.arch") + ")"};
        }
    }
}
