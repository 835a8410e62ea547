package dev.kaiming4j.io;

import com.sun.nio.file.ExtendedOpenOption;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/** Positional reads and writes that loop until done: one call may move fewer bytes. */
final class Channels {
    /** Alignment of O_DIRECT transfers (memory, file offset, length): a page, a multiple of any sector size. */
    static final int DIRECT_ALIGN = 4096;
    /** System property: {@code false} keeps every write in the page cache (no O_DIRECT). */
    static final String DIRECT_PROPERTY = "kaiming4j.io.direct";

    private Channels() {
    }

    /**
     * {@code file} opened again, for reading and writing with O_DIRECT, or null where that is
     * switched off ({@link #DIRECT_PROPERTY}), refused by the file system, or pointless: tmpfs
     * and ramfs keep files in the page cache, so O_DIRECT saves no copy there.
     */
    static FileChannel openDirect(Path file) {
        if ("false".equals(System.getProperty(DIRECT_PROPERTY))) {
            return null;
        }
        try {
            FileStore store = Files.getFileStore(file);
            if (store.type().equals("tmpfs") || store.type().equals("ramfs") || store.getBlockSize() > DIRECT_ALIGN) {
                return null;
            }
            return FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE, ExtendedOpenOption.DIRECT);
        } catch (IOException | UnsupportedOperationException e) {
            return null;
        }
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
