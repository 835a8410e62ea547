package dev.kaiming4j.io;

import dev.kaiming4j.DType;
import dev.kaiming4j.Initializer;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.LongConsumer;

/**
 * The single-pass writer: a tensor is generated chunk by chunk into a few reused, page-aligned
 * direct buffers, and each chunk is written with positional writes by one I/O thread while the
 * next chunk is generated. Statistics, when asked, are taken on each chunk while it is in
 * cache. Memory stays at {@code SLOTS × bufferBytes} whatever the size; nothing is mapped, so a
 * full disk is an {@link IOException} from {@code write}, never a SIGBUS; no byte is written
 * twice.
 */
final class StreamingWriter implements AutoCloseable {
    /** System property overriding the buffer size (tests use small buffers to cut Philox blocks). */
    static final String BUFFER_PROPERTY = "kaiming4j.io.bufferBytes";
    static final int DEFAULT_BUFFER_BYTES = 8 << 20;
    private static final int SLOTS = 3;

    /** A task of the I/O thread. */
    @FunctionalInterface
    interface IoTask {
        void run() throws IOException;
    }

    private final Initializer initializer;
    private final int bufferBytes;
    private final ByteBuffer[] slots = new ByteBuffer[SLOTS];
    private final Future<?>[] pending = new Future<?>[SLOTS];
    private final ExecutorService io;
    private final LongConsumer progress;
    private Future<?> last;
    private int next;
    private long fillNanos;
    private long written;

    StreamingWriter(Initializer initializer, int bufferBytes, LongConsumer progress) {
        this.initializer = initializer;
        String p = System.getProperty(BUFFER_PROPERTY);
        this.bufferBytes = p != null ? Math.max(64, Integer.parseInt(p)) : bufferBytes;
        this.progress = progress;
        this.io = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "kaiming4j-io-writer");
            t.setDaemon(true);
            return t;
        });
    }

    /** Seconds spent generating random elements. */
    double fillSeconds() {
        return fillNanos * 1e-9;
    }

    /**
     * Writes elements {@code [first, first + count)} of {@code plan} at byte {@code position} of
     * {@code ch}; returns their statistics if {@code stats} (else null). The writes may still be
     * pending on return: {@link #then} and {@link #flush} order after them.
     */
    SampleStats write(FileChannel ch, long position, TensorPlan plan, long first, long count, boolean stats)
            throws IOException {
        DType dtype = plan.dtype();
        int width = dtype.byteSize();
        long perChunk = Math.max(1, bufferBytes / width);
        if (perChunk >= SampleStats.BLOCK) {
            perChunk -= perChunk % SampleStats.BLOCK; // stats blocks never straddle two chunks
        }
        SampleStats s = stats ? new SampleStats() : null;
        for (long done = 0; done < count; done += perChunk) {
            int n = (int) Math.min(perChunk, count - done);
            ByteBuffer buf = acquire();
            buf.clear().limit(n * width);
            long t0 = System.nanoTime();
            plan.fill(initializer, buf, first + done, n);
            if (!plan.isConstant()) {
                fillNanos += System.nanoTime() - t0;
            }
            if (s != null) {
                s.accept(buf, n, dtype);
            }
            submit(ch, position + done * width, buf);
        }
        return s;
    }

    /** Writes {@code bytes} at {@code position} of {@code ch} (headers, padding). */
    void write(FileChannel ch, long position, byte[] bytes) throws IOException {
        for (int done = 0; done < bytes.length; done += bufferBytes) {
            int n = Math.min(bufferBytes, bytes.length - done);
            ByteBuffer buf = acquire();
            buf.clear();
            buf.put(bytes, done, n).flip();
            submit(ch, position + done, buf);
        }
    }

    /** Writes {@code n} zero bytes at {@code position} of {@code ch}. */
    void writeZeros(FileChannel ch, long position, long n) throws IOException {
        for (long done = 0; done < n; done += bufferBytes) {
            int k = (int) Math.min(bufferBytes, n - done);
            ByteBuffer buf = acquire();
            buf.clear().limit(k);
            while (buf.remaining() >= 8) {
                buf.putLong(0);
            }
            while (buf.hasRemaining()) {
                buf.put((byte) 0);
            }
            buf.flip();
            submit(ch, position + done, buf);
        }
    }

    /** Runs {@code task} on the I/O thread after every write submitted so far (e.g. force and close). */
    void then(IoTask task) throws IOException {
        checkLast();
        last = io.submit(() -> {
            task.run();
            return null;
        });
    }

    /** Waits until every write and task is done; rethrows the first failure. */
    void flush() throws IOException {
        for (int i = 0; i < SLOTS; i++) {
            await(pending[i]);
        }
        await(last);
    }

    /** Stops the I/O thread, waiting for a write in progress, so the caller may delete the file after. */
    @Override
    public void close() {
        io.shutdownNow();
        try {
            io.awaitTermination(1, java.util.concurrent.TimeUnit.MINUTES);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private ByteBuffer acquire() throws IOException {
        int i = next;
        next = (next + 1) % SLOTS;
        await(pending[i]);
        pending[i] = null;
        if (slots[i] == null) {
            // Page-aligned, so the kernel copies whole pages and SIMD stores never split lines.
            int pages = (bufferBytes + 4095) & ~4095;
            slots[i] = ByteBuffer.allocateDirect(pages + 4096).alignedSlice(4096).order(ByteOrder.LITTLE_ENDIAN);
            slots[i].limit(bufferBytes);
        }
        return slots[i];
    }

    private void submit(FileChannel ch, long position, ByteBuffer buf) throws IOException {
        checkLast();
        int slot = (next + SLOTS - 1) % SLOTS;
        ByteBuffer src = buf.duplicate();
        src.position(0);
        long bytes = src.remaining();
        Future<?> f = io.submit(() -> {
            Channels.writeFully(ch, src, position);
            written += bytes;
            if (progress != null) {
                progress.accept(written);
            }
            return null;
        });
        pending[slot] = f;
        last = f;
    }

    private void checkLast() throws IOException {
        if (last != null && last.isDone()) {
            await(last);
        }
    }

    private static void await(Future<?> f) throws IOException {
        if (f == null) {
            return;
        }
        try {
            f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while writing");
        } catch (java.util.concurrent.ExecutionException e) {
            Throwable c = e.getCause();
            if (c instanceof IOException) {
                throw (IOException) c;
            }
            if (c instanceof RuntimeException) {
                throw (RuntimeException) c;
            }
            throw new IOException(c);
        }
    }
}
