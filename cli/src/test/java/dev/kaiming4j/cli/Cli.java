package dev.kaiming4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** Runs the command in-process and captures exit code, stdout and stderr. */
final class Cli {
    record Result(int exit, String out, String err) {
        List<String> outLines() {
            return lines(out);
        }

        List<String> errLines() {
            return lines(err);
        }

        JsonObject json() {
            assertEquals(1, outLines().size(), "stdout: " + out);
            return JsonParser.parseString(outLines().get(0)).getAsJsonObject();
        }

        Result ok() {
            assertEquals(0, exit, () -> "exit code; stderr: " + err);
            assertTrue(err.isEmpty(), () -> "stderr: " + err);
            return this;
        }

        private static List<String> lines(String s) {
            List<String> l = new ArrayList<>();
            for (String line : s.split("\n")) {
                if (!line.isBlank()) {
                    l.add(line);
                }
            }
            return l;
        }
    }

    private Cli() {
    }

    static Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = KaimingCommand.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new Result(code, out.toString(), err.toString());
    }

    static List<String> listDir(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            List<String> names = new ArrayList<>();
            s.forEach(p -> names.add(p.getFileName().toString()));
            return names;
        }
    }

    static ByteBuffer readAll(Path p) throws IOException {
        return ByteBuffer.wrap(Files.readAllBytes(p)).order(ByteOrder.LITTLE_ENDIAN);
    }

    /** The bytes of a direct little-endian buffer of {@code bytes} filled by {@code filler}. */
    static byte[] bytes(ByteBuffer direct) {
        byte[] b = new byte[direct.remaining()];
        direct.duplicate().get(b);
        return b;
    }
}
