package dev.kaiming4j.spark;

import dev.kaiming4j.Initializer;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import org.apache.spark.TaskContext;

/**
 * Streams element ranges of tensors into an output stream through one reused buffer, so a task's
 * memory is bounded whatever the size of its slices. Between buffers it lets Spark stop a task
 * that was killed (a cancelled job, the losing copy of a speculative task).
 */
public final class SliceGenerator {
    /** Bytes generated per write: large enough to amortize a call, small enough to stay in L2/L3. */
    static final int BUFFER_BYTES = 1 << 20;

    /** Fills {@code count} elements starting at element {@code first} into {@code dst} from its position. */
    @FunctionalInterface
    public interface Fill {
        /** Writes the elements at {@code dst}'s position; {@code dst} is little-endian. */
        void fill(ByteBuffer dst, long first, long count);
    }

    private final Initializer initializer;
    private final TaskContext context;
    // Generated in a direct buffer (native backends fill it in place; a heap buffer would cost them
    // a copy in and out), then copied once into the array an OutputStream takes.
    private final ByteBuffer buffer = ByteBuffer.allocateDirect(BUFFER_BYTES).order(ByteOrder.LITTLE_ENDIAN);
    private final byte[] bytes = new byte[BUFFER_BYTES];

    /** {@code context} may be null outside a Spark task. */
    public SliceGenerator(Initializer initializer, TaskContext context) {
        this.initializer = initializer;
        this.context = context;
    }

    /** The initializer random tensors are generated with. */
    public Initializer initializer() {
        return initializer;
    }

    /** Writes elements {@code [first, first + count)} of {@code elementBytes} each, as {@code fill} makes them. */
    public void write(Fill fill, int elementBytes, long first, long count, OutputStream out) throws IOException {
        long perBuffer = BUFFER_BYTES / elementBytes;
        for (long done = 0; done < count; ) {
            long n = Math.min(perBuffer, count - done);
            buffer.clear();
            fill.fill(buffer, first + done, n);
            int length = (int) (n * elementBytes);
            buffer.get(0, bytes, 0, length);
            out.write(bytes, 0, length);
            done += n;
            checkKilled();
        }
    }

    /** Writes {@code bytes} zero bytes (padding). */
    public void zeros(long bytes, OutputStream out) throws IOException {
        Arrays.fill(this.bytes, (byte) 0);
        for (long left = bytes; left > 0; ) {
            int n = (int) Math.min(this.bytes.length, left);
            out.write(this.bytes, 0, n);
            left -= n;
        }
    }

    private void checkKilled() {
        if (context != null) {
            context.killTaskIfInterrupted();
        }
    }
}
