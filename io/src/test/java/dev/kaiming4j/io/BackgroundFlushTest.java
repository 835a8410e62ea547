package dev.kaiming4j.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The writer's background flush ({@code force(false)} on a sync thread every
 * {@link StreamingWriter#SYNC_BYTES}) cannot lose a failure. A real channel whose
 * {@code force} fails: /dev/null accepts every write, but fsync on a character device fails on
 * Linux (EINVAL). The same writes to a regular file are the control: there nothing fails, and
 * the bytes are those written.
 */
class BackgroundFlushTest {
    @TempDir
    Path dir;

    private static FileChannel devNull() throws IOException {
        return FileChannel.open(Path.of("/dev/null"), StandardOpenOption.WRITE);
    }

    @Test
    void aFailedFlushIsRethrownByFlushAndTheChannelStaysOpen() throws IOException {
        try (FileChannel ch = devNull(); StreamingWriter w = new StreamingWriter(null, 1 << 20, null)) {
            w.writeZeros(ch, 0, StreamingWriter.SYNC_BYTES);
            assertThrows(IOException.class, w::flush);
            assertTrue(ch.isOpen(), "the sync thread must not close the caller's channel");
        }
    }

    @Test
    void aTaskAfterAFailedFlushStillRunsAndTheFailureIsReported() throws IOException {
        FileChannel ch = devNull();
        try (StreamingWriter w = new StreamingWriter(null, 1 << 20, null)) {
            w.writeZeros(ch, 0, StreamingWriter.SYNC_BYTES);
            w.then(ch::close); // as ZarrWriter closes each chunk file
            assertThrows(IOException.class, w::flush);
            assertFalse(ch.isOpen(), "the task closing the channel ran");
        } finally {
            ch.close();
        }
    }

    @Test
    void aRegularFileIsFlushedWithoutErrorAndHoldsTheBytesWritten() throws IOException {
        Path f = dir.resolve("f.bin");
        // Two flush thresholds and a bit, so a background flush runs while writes go on.
        long n = 2 * StreamingWriter.SYNC_BYTES + 12345;
        try (FileChannel ch = FileChannel.open(f, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
             StreamingWriter w = new StreamingWriter(null, 1 << 20, null)) {
            w.write(ch, 0, new byte[] {1, 2, 3});
            w.writeZeros(ch, 3, n);
            w.write(ch, 3 + n, new byte[] {4, 5});
            w.flush();
            ch.force(true);
        }
        assertEquals(3 + n + 2, Files.size(f));
        try (FileChannel r = FileChannel.open(f)) {
            ByteBuffer b = ByteBuffer.allocate(3);
            r.read(b, 0);
            assertArrayEquals(new byte[] {1, 2, 3}, b.array());
            b = ByteBuffer.allocate(2);
            r.read(b, 3 + n);
            assertArrayEquals(new byte[] {4, 5}, b.array());
        }
    }
}
