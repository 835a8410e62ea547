package dev.kaiming4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BackendsCommandTest {
    @Test
    void listsAllThreeWithJavaAvailable() {
        Cli.Result r = Cli.run("backends").ok();
        assertTrue(r.outLines().stream().anyMatch(l -> l.matches("java\\s+yes")), r.out());
        for (String name : new String[] {"native", "mkl"}) {
            assertTrue(r.outLines().stream().anyMatch(l -> l.startsWith(name + " ")), r.out());
        }
        assertTrue(r.out().contains("auto -> "), r.out());
    }

    /** A known backend that cannot run here is a failure (exit 1) with its cause, not bad usage. */
    @Test
    void unavailableBackendIsAFailureWithItsCause(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws java.io.IOException {
        for (String name : new String[] {"native", "mkl"}) {
            boolean available = dev.kaiming4j.Backends.providers().stream()
                    .anyMatch(p -> p.name().equals(name) && p.isAvailable());
            if (available) {
                continue;
            }
            Cli.Result r = Cli.run("init", "--shape", "4,4", "--out", dir.resolve("w.npy").toString(),
                    "--backend", name);
            assertEquals(1, r.exit(), r.err());
            assertEquals(1, r.errLines().size(), r.err());
            assertTrue(r.err().contains("backend '" + name + "' is not available here: "), r.err());
            assertEquals(java.util.List.of(), Cli.listDir(dir));
        }
    }

    @Test
    void jsonLinesGiveTheCauseOfEveryUnavailableBackend() {
        Cli.Result r = Cli.run("backends", "--json").ok();
        Map<String, JsonObject> m = new HashMap<>();
        for (String line : r.outLines()) {
            JsonObject o = JsonParser.parseString(line).getAsJsonObject();
            m.put(o.get("name").getAsString(), o);
        }
        assertTrue(m.keySet().containsAll(java.util.List.of("native", "mkl", "java")), m.toString());
        assertTrue(m.get("java").get("available").getAsBoolean());
        assertTrue(m.get("java").get("cause").isJsonNull());
        for (JsonObject o : m.values()) {
            if (!o.get("available").getAsBoolean()) {
                assertFalse(o.get("cause").isJsonNull(), o.toString());
                assertFalse(o.get("cause").getAsString().isBlank(), o.toString());
            }
        }
        assertEquals(m.size(), r.outLines().size());
    }
}
