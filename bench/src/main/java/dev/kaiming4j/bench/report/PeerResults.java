package dev.kaiming4j.bench.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the peers' CSV (bench/peers/*.py and the ND4J runner print it): the first seven
 * columns of the result CSV, {@code system,backend,threads,distribution,dtype,elements,ns_per_element},
 * one measurement a line; lines starting with {@code #} are comments (skip reasons).
 */
public final class PeerResults {
    private PeerResults() {
    }

    public static List<Measurement> read(Path csv, String run) throws IOException {
        return parse(Files.readAllLines(csv), run);
    }

    static List<Measurement> parse(List<String> lines, String run) {
        List<Measurement> out = new ArrayList<>();
        for (String line : lines) {
            String t = line.strip();
            if (t.isEmpty() || t.startsWith("#") || t.startsWith("system,")) {
                continue;
            }
            String[] f = t.split(",", -1);
            if (f.length != 7) {
                throw new IllegalArgumentException("peer line needs 7 fields: " + line);
            }
            out.add(new Measurement(f[0], f[1], Integer.parseInt(f[2]), f[3], f[4], Long.parseLong(f[5]),
                    Double.parseDouble(f[6]), run));
        }
        return out;
    }

    /** The comment lines (reasons a peer was skipped), without the leading {@code #}. */
    public static List<String> notes(Path csv) throws IOException {
        List<String> notes = new ArrayList<>();
        for (String line : Files.readAllLines(csv)) {
            if (line.startsWith("#")) {
                notes.add(line.substring(1).strip());
            }
        }
        return notes;
    }
}
