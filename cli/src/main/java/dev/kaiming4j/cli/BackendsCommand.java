package dev.kaiming4j.cli;

import dev.kaiming4j.Backends;
import dev.kaiming4j.spi.BackendProvider;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code kaiming backends}: every backend, whether it works here, and why not. */
@Command(name = "backends", mixinStandardHelpOptions = true,
        description = {"Lists the backends, whether each is available here, and why not.", "",
            "Checking loads each backend (MKL can take seconds). 'auto' takes the first available of "
                + "native and java, the backends with the reference's bits; mkl only when named."})
final class BackendsCommand implements Callable<Integer> {
    @Spec
    CommandSpec cmd;

    @Option(names = "--json", description = "One JSON line per backend instead of a table.")
    boolean json;

    @Override
    public Integer call() {
        PrintWriter out = cmd.commandLine().getOut();
        List<String> names = new ArrayList<>(Backends.OURS);
        for (BackendProvider p : Backends.providers()) {
            if (!names.contains(p.name())) {
                names.add(p.name());
            }
        }
        String auto = null;
        for (String name : names) {
            Throwable unavailable = Backends.unavailabilityCause(name);
            boolean available = unavailable == null;
            if (available && Backends.AUTO_ORDER.contains(name)
                    && (auto == null || Backends.AUTO_ORDER.indexOf(name) < Backends.AUTO_ORDER.indexOf(auto))) {
                auto = name;
            }
            String cause = available ? null : describe(unavailable);
            if (json) {
                out.println(new JsonLine().put("name", name).put("available", available).put("cause", cause));
            } else {
                out.println(String.format("%-8s %-4s%s", name, available ? "yes" : "no", cause == null ? "" : cause)
                        .stripTrailing());
            }
        }
        if (!json) {
            out.println("auto -> " + (auto == null ? "none" : auto));
            if (!Backends.configuredName().equals(Backends.AUTO)) {
                out.println("default -> " + Backends.configuredName() + " (from -D" + Backends.PROPERTY + " or "
                        + Backends.ENVIRONMENT + ")");
            }
        }
        return 0;
    }

    /** The cause chain on one line. */
    private static String describe(Throwable t) {
        if (t == null) {
            return "unavailable (no cause given)";
        }
        StringBuilder sb = new StringBuilder();
        for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
            String m = KaimingCommand.firstLine(c.getMessage());
            sb.append(sb.length() > 0 ? " <- " : "").append(c.getClass().getSimpleName())
                    .append(m.isEmpty() ? "" : ": " + m);
        }
        return sb.toString();
    }
}
