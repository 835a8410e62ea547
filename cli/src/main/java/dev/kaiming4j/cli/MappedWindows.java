package dev.kaiming4j.cli;

import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;

/**
 * Walks a tensor stored in a file through memory-mapped windows of at most
 * {@link #windowBytes()} (1 GiB), so a tensor of any size is read or written with a small,
 * constant heap. Each window holds whole elements and is little-endian.
 */
final class MappedWindows {
    /** System property overriding the window size (tests use small windows to cross boundaries). */
    static final String WINDOW_PROPERTY = "kaiming4j.cli.windowBytes";
    static final long DEFAULT_WINDOW_BYTES = 1L << 30;

    @FunctionalInterface
    interface Window {
        /** Elements {@code [first, first + count)} of the tensor, at position 0 of {@code buf}. */
        void accept(MappedByteBuffer buf, long first, int count) throws IOException;
    }

    private MappedWindows() {
    }

    static long windowBytes() {
        String s = System.getProperty(WINDOW_PROPERTY);
        return s == null ? DEFAULT_WINDOW_BYTES : Math.max(8, Math.min(DEFAULT_WINDOW_BYTES, Long.parseLong(s)));
    }

    /** Maps {@code count} elements of {@code width} bytes starting at byte {@code offset} of the file. */
    static void forEach(FileChannel ch, FileChannel.MapMode mode, long offset, long count, int width, Window w)
            throws IOException {
        long perWindow = windowBytes() / width;
        for (long first = 0; first < count; first += perWindow) {
            int n = (int) Math.min(perWindow, count - first);
            MappedByteBuffer buf = ch.map(mode, offset + first * width, (long) n * width);
            buf.order(ByteOrder.LITTLE_ENDIAN);
            w.accept(buf, first, n);
            if (mode == FileChannel.MapMode.READ_WRITE) {
                buf.force();
            }
        }
    }
}
