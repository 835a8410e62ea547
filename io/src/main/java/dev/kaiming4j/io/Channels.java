package dev.kaiming4j.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;

/** Positional reads and writes that loop until done: one call may move fewer bytes. */
final class Channels {
    private Channels() {
    }

    /** Reads {@code dst}'s remaining bytes from {@code position}; a file too short is an IOException. */
    static void readFully(FileChannel ch, ByteBuffer dst, long position, String file) throws IOException {
        long at = position;
        while (dst.hasRemaining()) {
            int n = ch.read(dst, at);
            if (n < 0) {
                throw new IOException(file + ": truncated (ends at byte " + at + ")");
            }
            at += n;
        }
    }

    /** Writes {@code src}'s remaining bytes at {@code position}. */
    static void writeFully(FileChannel ch, ByteBuffer src, long position) throws IOException {
        long at = position;
        while (src.hasRemaining()) {
            at += ch.write(src, at);
        }
    }
}
