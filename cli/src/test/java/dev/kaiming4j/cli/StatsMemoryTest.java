package dev.kaiming4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code stats} streams: on a 512 MiB file its peak resident memory stays far below the file
 * size. The reader holds one 8 MiB buffer and maps nothing, so its peak is the JVM's own
 * footprint (heap capped here at 64 MiB) whatever the file size; a reader that maps the file
 * touches every page and its resident size passes 512 MiB. A 4 GB file behaves the same way
 * (the loop is the same); 512 MiB keeps the test quick.
 */
class StatsMemoryTest {
    @TempDir
    Path dir;

    @Test
    void statsOfAFileLargerThanItsMemory() throws Exception {
        Path spec = dir.resolve("big.json");
        // 131072 x 1024 float32 ones: 512 MiB, written without a generator.
        Files.writeString(spec, "{\"tensors\": [{\"name\": \"c\", \"shape\": [131072, 1024], \"init\": \"ones\"}]}");
        Path file = dir.resolve("big.safetensors");
        Cli.run("model", spec.toString(), "--out", file.toString()).ok();
        assertTrue(Files.size(file) > 512L << 20);

        Process p = new ProcessBuilder(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx64m", "-XX:MaxDirectMemorySize=32m", "-cp", System.getProperty("java.class.path"),
                KaimingCommand.class.getName(), "stats", file.toString())).redirectErrorStream(true).start();
        p.getOutputStream().close();
        long peakKiB = 0;
        Path status = Path.of("/proc", Long.toString(p.pid()), "status");
        while (p.isAlive()) {
            try {
                for (String line : Files.readAllLines(status)) {
                    if (line.startsWith("VmHWM:")) {
                        peakKiB = Math.max(peakKiB, Long.parseLong(line.replaceAll("[^0-9]", "")));
                    }
                }
            } catch (java.io.IOException gone) {
                break;
            }
            Thread.sleep(20);
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(300, TimeUnit.SECONDS), "hang guard");
        assertEquals(0, p.exitValue(), out);
        JsonObject s = JsonParser.parseString(out.strip()).getAsJsonObject();
        assertEquals(131072L * 1024, s.get("elements").getAsLong());
        assertTrue(s.get("all_equal").getAsBoolean(), out);
        // Bound: half the file. JVM + 64 MiB heap + 8 MiB buffer measured well below it.
        assertTrue(peakKiB > 0 && peakKiB < 256 * 1024, "peak resident " + peakKiB + " KiB");
        System.out.println("stats of 512 MiB: peak resident " + peakKiB / 1024 + " MiB");
    }
}
