package dev.kaiming4j.paper;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.kaiming4j.cli.KaimingCommand;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PropagateCommandTest {
    @TempDir
    Path dir;

    record Run(int exit, String out, String err) {
        List<String> lines() {
            return out.lines().filter(l -> !l.isBlank()).toList();
        }
    }

    static Run kaiming(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = KaimingCommand.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new Run(code, out.toString(), err.toString());
    }

    @Test
    void writesCsvPngAndOneJsonLinePerScheme() throws IOException {
        Path csv = dir.resolve("p.csv");
        Path png = dir.resolve("p.png");
        Run r = kaiming("propagate", "--depth", "6", "--width", "32", "--batch", "8", "--std", "0.05",
                "--csv", csv.toString(), "--png", png.toString(), "--sgemm", "java", "--backend", "java");
        assertEquals(0, r.exit(), r.err());
        assertEquals(5, r.lines().size(), r.out());
        JsonObject first = JsonParser.parseString(r.lines().get(0)).getAsJsonObject();
        assertEquals("kaiming_fan_in", first.get("scheme").getAsString());
        assertEquals("java", first.get("sgemm").getAsString());
        assertEquals(Math.sqrt(2.0 / 32), first.get("weight_std").getAsDouble(), 1e-12);
        assertEquals("normal_0.05", JsonParser.parseString(r.lines().get(4)).getAsJsonObject()
                .get("scheme").getAsString());
        List<String> rows = Files.readAllLines(csv);
        assertEquals("scheme,layer,forward_variance,backward_variance", rows.get(0));
        assertEquals(1 + 5 * 6, rows.size());
        assertTrue(rows.get(1).startsWith("kaiming_fan_in,1,"), rows.get(1));
        assertTrue(rows.get(rows.size() - 1).startsWith("normal_0.05,6,"), rows.get(rows.size() - 1));
        BufferedImage image = ImageIO.read(png.toFile());
        assertTrue(image.getWidth() > image.getHeight(), "two panels side by side");
        assertEquals(List.of("p.csv", "p.png"), Files.list(dir).map(p -> p.getFileName().toString()).sorted().toList());
    }

    /** The same numbers from the CLI as from the classes: the run is a pure function of its seed. */
    @Test
    void convStackRunsAndIsReproducible() {
        String[] args = {"propagate", "--conv", "--depth", "4", "--channels", "8", "--image", "6", "--batch", "2",
            "--schemes", "kaiming_fan_out", "--nonlinearity", "leaky_relu", "--negative-slope", "0.1"};
        Run a = kaiming(args);
        Run b = kaiming(args);
        assertEquals(0, a.exit(), a.err());
        assertEquals(a.out().replaceAll("\"backend\".*", ""), b.out().replaceAll("\"backend\".*", ""));
        JsonObject o = JsonParser.parseString(a.lines().get(0)).getAsJsonObject();
        assertEquals("conv3x3", o.get("network").getAsString());
        assertEquals(Math.sqrt(2 / (1 + 0.01)) / Math.sqrt(8 * 9), o.get("weight_std").getAsDouble(), 1e-12);
    }

    @Test
    void badUsageExitsTwoNamingTheOption() {
        String[][] cases = {
            {"propagate", "--depth", "0"},
            {"propagate", "--schemes", "he_magic"},
            {"propagate", "--std", "-1"},
            {"propagate", "--nonlinearity", "relu", "--negative-slope", "0.1"},
            {"propagate", "--sgemm", "cuda"},
            {"propagate", "--csv", "/no/such/dir/p.csv"},
        };
        String[] names = {"--depth", "--schemes", "--std", "negative slope", "--sgemm", "--csv"};
        for (int i = 0; i < cases.length; i++) {
            Run r = kaiming(cases[i]);
            assertEquals(2, r.exit(), String.join(" ", cases[i]) + ": " + r.err());
            assertTrue(r.err().contains(names[i]), r.err());
            assertFalse(r.err().contains("\n\tat "), "no stack trace: " + r.err());
        }
    }
}
