package dev.kaiming4j.bench.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Writes bench/results/latest.csv, docs/BENCHMARKS.md and the PNG from one side-by-side run.
 * Options (all paths): {@code --run NAME=jmh.json} (repeatable; anchors are matched within
 * each run), {@code --peers peers.csv}, {@code --first-tensor times.txt}, {@code --machine
 * machine.txt}, {@code --commands commands.txt}, {@code --info run-info.md}, {@code --csv
 * out.csv}, {@code --md BENCHMARKS.md} (its hand-written header is kept), {@code --png out.png},
 * {@code --png-link relative/link.png}.
 */
public final class ReportMain {
    private static final Set<String> PATH_OPTIONS = Set.of("--peers", "--first-tensor", "--machine", "--commands",
            "--info", "--csv", "--md", "--png");

    private ReportMain() {
    }

    public static void main(String[] args) throws IOException {
        List<Measurement> all = new ArrayList<>();
        Map<String, Path> paths = new HashMap<>();
        String pngLink = null;
        for (int i = 0; i + 1 < args.length; i += 2) {
            String option = args[i];
            String v = args[i + 1];
            if (option.equals("--run")) {
                int eq = v.indexOf('=');
                if (eq <= 0) {
                    throw new IllegalArgumentException("--run: expected NAME=path, got " + v);
                }
                all.addAll(JmhResults.read(Path.of(v.substring(eq + 1)), v.substring(0, eq)));
            } else if (option.equals("--png-link")) {
                pngLink = v;
            } else if (PATH_OPTIONS.contains(option)) {
                paths.put(option, Path.of(v));
            } else {
                throw new IllegalArgumentException("unknown option " + option);
            }
        }
        Path csv = paths.get("--csv");
        Path md = paths.get("--md");
        Path png = paths.get("--png");
        if (csv == null || md == null || png == null || pngLink == null) {
            throw new IllegalArgumentException("--csv, --md, --png and --png-link are required");
        }
        List<String> peerNotes = List.of();
        Path peers = paths.get("--peers");
        if (peers != null) {
            all.addAll(PeerResults.read(peers, "peers"));
            peerNotes = PeerResults.notes(peers);
        }
        List<Row> rows = Ratios.attach(all);
        List<String> lines = new ArrayList<>();
        lines.add(Row.CSV_HEADER);
        rows.forEach(r -> lines.add(r.csv()));
        Files.createDirectories(csv.toAbsolutePath().getParent());
        Files.write(csv, lines, StandardCharsets.UTF_8);
        Plot.write(rows, png);
        Path first = paths.get("--first-tensor");
        FirstTensorTimes times = first != null ? FirstTensorTimes.read(first) : FirstTensorTimes.parse(List.of());
        String existing = Files.exists(md) ? Files.readString(md) : null;
        String report = MarkdownReport.render(MarkdownReport.header(existing), rows,
                new Targets(rows).evaluate(times), times, peerNotes, pngLink, text(paths.get("--info")),
                text(paths.get("--machine")), text(paths.get("--commands")));
        Files.writeString(md, report, StandardCharsets.UTF_8);
    }

    private static String text(Path p) throws IOException {
        return p == null ? "" : Files.readString(p);
    }
}
