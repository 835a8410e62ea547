package dev.kaiming4j.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The commit protocol on the local file system, without Spark: what a run leaves, and what it refuses. */
class CommitProtocolTest {
    private final Configuration conf = new Configuration();

    @TempDir
    Path dir;

    @Test
    void publishesOnlyTheWinnersThenTheIndexThenSuccess() throws IOException {
        Path out = dir.resolve("out");
        CommitProtocol p = CommitProtocol.setup(out.toString(), conf);
        Path loser = Path.of(p.attemptDir(0, 7).toUri().getPath());
        Path winner = Path.of(p.attemptDir(0, 9).toUri().getPath());
        Files.createDirectories(loser.resolve("a"));
        Files.writeString(loser.resolve("a/0.0"), "partial");
        Files.createDirectories(winner.resolve("a"));
        Files.writeString(winner.resolve("a/0.0"), "complete");
        Map<String, byte[]> index = new LinkedHashMap<>();
        index.put("a/.zarray", "{}".getBytes());
        index.put(".zgroup", "{}".getBytes());
        p.publish(List.of(new TaskResult(0, p.attemptDir(0, 9).toString(), List.of("a/0.0"), 8, "java", 0)), index,
                conf);
        assertEquals("complete", Files.readString(out.resolve("a/0.0")));
        assertTrue(Files.exists(out.resolve("a/.zarray")) && Files.exists(out.resolve(".zgroup")));
        assertTrue(Files.exists(out.resolve(CommitProtocol.SUCCESS)));
        assertFalse(Files.exists(out.resolve(CommitProtocol.TEMPORARY)), "attempts removed");
    }

    @Test
    void abortRemovesEverythingThisJobCreated() throws IOException {
        Path out = dir.resolve("out");
        CommitProtocol p = CommitProtocol.setup(out.toString(), conf);
        Path attempt = Path.of(p.attemptDir(3, 1).toUri().getPath());
        Files.createDirectories(attempt);
        Files.writeString(attempt.resolve("model-00004-of-00009.safetensors"), "x");
        p.abort(conf);
        assertFalse(Files.exists(out));
    }

    @Test
    void aKilledRunsTemporaryIsRemovedAndAnythingElseRefused() throws IOException {
        Path out = dir.resolve("out");
        Files.createDirectories(out.resolve(CommitProtocol.TEMPORARY).resolve("old-job/task-00000-attempt-0"));
        CommitProtocol.setup(out.toString(), conf);
        assertFalse(Files.exists(out.resolve(CommitProtocol.TEMPORARY).resolve("old-job")));

        Path used = dir.resolve("used");
        Files.createDirectories(used);
        Files.writeString(used.resolve("model.safetensors"), "someone's weights");
        IOException e = assertThrows(IOException.class, () -> CommitProtocol.setup(used.toString(), conf));
        assertTrue(e.getMessage().startsWith("--out: ") && e.getMessage().contains("model.safetensors"),
                e.getMessage());
        assertEquals("someone's weights", Files.readString(used.resolve("model.safetensors")));
    }
}
