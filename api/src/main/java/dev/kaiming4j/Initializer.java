package dev.kaiming4j;

import dev.kaiming4j.internal.Checks;
import dev.kaiming4j.spi.Backend;
import dev.kaiming4j.spi.FillTarget;
import dev.kaiming4j.internal.NativeMemory;
import java.nio.Buffer;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import java.nio.ShortBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Fills targets with the weights an {@link InitSpec} defines, on one backend and a fixed
 * number of threads. By the determinism contract the result is bit-identical whatever the
 * thread count, chunk size, or how the tensor is split into ranges and boxes.
 *
 * <p>Copies (each entry point says which applies; docs/HANDOFF.md has the recipes):
 * <ul>
 *   <li><b>No copy</b>: native memory — direct buffers, {@link OffHeapTensor}s and raw
 *       addresses ({@link #fillAddress}) — is written in place by the backend, so a runtime
 *       already holding that memory sees the new weights. (On {@code mkl}, float16 and
 *       bfloat16 values pass through a per-thread float64 scratch on their way in.)</li>
 *   <li><b>Arrays</b>: the {@code java} backend writes them in place; {@code native} and
 *       {@code mkl} generate into a per-thread 256 KiB direct scratch and copy each chunk
 *       once into the array (JNI cannot write a Java array in place).</li>
 *   <li><b>Heap buffers</b>: a heap {@link FloatBuffer} or {@link DoubleBuffer} is filled
 *       through its backing array (as arrays); a heap {@link ByteBuffer} through a bounded
 *       scratch array, 64 Ki elements at a time, then one bulk copy into the buffer.</li>
 * </ul>
 * Also without a copy: JavaCPP pointers through {@code dev.kaiming4j.jni.Pointers}
 * (kaiming4j-jni), and on Java 22+ native {@code MemorySegment}s through
 * {@code fill(spec, MemorySegment)} (the multi-release part of this jar).
 * Ranges are
 * elements {@code [first, first + count)} of the logical (row-major) tensor; a target
 * receives them from its start (arrays: {@code offset}; buffers: their position).
 * Zero-element requests are no-ops. Every argument is checked here, before any backend
 * sees it. Thread-safe; {@link #close()} stops the worker threads.
 */
public final class Initializer extends MemorySegmentFills implements AutoCloseable {
    /** Below this many elements a fill stays on the calling thread. */
    static final long MIN_ELEMENTS_PER_THREAD = 1 << 16;
    private static final int SCRATCH_ELEMENTS = 1 << 16;

    private final Backend backend;
    private final int threads;
    private final long chunkElements;
    private final ExecutorService pool;
    private volatile boolean closed;

    private Initializer(Backend backend, int threads, long chunkElements) {
        this.backend = backend;
        this.threads = threads;
        this.chunkElements = chunkElements;
        this.pool = threads > 1 ? Executors.newFixedThreadPool(threads - 1, daemonThreads()) : null;
    }

    /** The configured backend (see {@link Backends}) on all available processors. */
    public static Initializer create() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    public Backend backend() {
        return backend;
    }

    public String backendName() {
        return backend.name();
    }

    public int threads() {
        return threads;
    }

    /**
     * Fills a whole float32 tensor into {@code dst} (length = element count). Copies: in place
     * on {@code java}; once, chunk by chunk, from a direct scratch on {@code native} and
     * {@code mkl}.
     */
    public void fill(InitSpec spec, float[] dst) {
        Checks.notNull(dst, "dst");
        requireWhole(spec, dst.length);
        fill(spec, dst, 0, 0, dst.length);
    }

    /**
     * Writes elements {@code [first, first + count)} into {@code dst[offset ..]}. Copies: as
     * {@link #fill(InitSpec, float[])}.
     */
    public void fill(InitSpec spec, float[] dst, int offset, long first, int count) {
        Checks.notNull(spec, "spec");
        Checks.notNull(dst, "dst");
        requireDType(spec, DType.FLOAT32, "float[]");
        Checks.range(offset, count, dst.length, "dst");
        run(spec, first, count, (k, n) -> new FillTarget.FloatArray(dst, offset + (int) k));
    }

    /** A whole float64 tensor into {@code dst}. Copies: as {@link #fill(InitSpec, float[])}. */
    public void fill(InitSpec spec, double[] dst) {
        Checks.notNull(dst, "dst");
        requireWhole(spec, dst.length);
        fill(spec, dst, 0, 0, dst.length);
    }

    /** Elements {@code [first, first + count)} into {@code dst[offset ..]}. Copies: as {@link #fill(InitSpec, float[])}. */
    public void fill(InitSpec spec, double[] dst, int offset, long first, int count) {
        Checks.notNull(spec, "spec");
        Checks.notNull(dst, "dst");
        requireDType(spec, DType.FLOAT64, "double[]");
        Checks.range(offset, count, dst.length, "dst");
        run(spec, first, count, (k, n) -> new FillTarget.DoubleArray(dst, offset + (int) k));
    }

    /** Raw float16 or bfloat16 bits of the whole tensor. Copies: as {@link #fill(InitSpec, float[])}. */
    public void fill(InitSpec spec, short[] dst) {
        Checks.notNull(dst, "dst");
        requireWhole(spec, dst.length);
        fill(spec, dst, 0, 0, dst.length);
    }

    /** Raw 16-bit elements {@code [first, first + count)} into {@code dst[offset ..]}. Copies: as {@link #fill(InitSpec, float[])}. */
    public void fill(InitSpec spec, short[] dst, int offset, long first, int count) {
        Checks.notNull(spec, "spec");
        Checks.notNull(dst, "dst");
        if (spec.dtype().byteSize() != 2) {
            throw new IllegalArgumentException("dst: short[] holds float16 or bfloat16, but spec.dtype is " + spec.dtype());
        }
        Checks.range(offset, count, dst.length, "dst");
        run(spec, first, count, (k, n) -> new FillTarget.ShortArray(dst, offset + (int) k));
    }

    /**
     * Fills the whole tensor into {@code dst} from its position (remaining bytes must be the
     * tensor's byte size). Copies: none for a direct buffer (written in place); a heap buffer
     * gets one bulk copy per 64 Ki elements from a scratch array. The buffer must be writable
     * and in native byte order; its position is not changed.
     */
    public void fill(InitSpec spec, ByteBuffer dst) {
        Checks.notNull(dst, "dst");
        Checks.notNull(spec, "spec");
        long elements = dst.remaining() / spec.dtype().byteSize();
        if (elements != spec.elementCount() || dst.remaining() % spec.dtype().byteSize() != 0) {
            throw new IllegalArgumentException("dst: " + dst.remaining() + " bytes remaining, the tensor needs "
                    + spec.elementCount() + " x " + spec.dtype().byteSize());
        }
        fill(spec, dst, 0, elements);
    }

    /**
     * Writes elements {@code [first, first + count)} at {@code dst}'s position. Copies: as
     * {@link #fill(InitSpec, ByteBuffer)}.
     */
    public void fill(InitSpec spec, ByteBuffer dst, long first, long count) {
        Checks.notNull(spec, "spec");
        Checks.notNull(dst, "dst");
        checkBuffer(dst, dst.order());
        Checks.nonNegative(count, "count");
        Checks.range(0, byteSize(count, spec.dtype()), dst.remaining(), "dst");
        fillBuffer(spec, dst, dst.position(), first, count, spec.dtype().byteSize());
    }

    /**
     * A float32 tensor into a FloatBuffer (heap or direct, native order), from its position.
     * Copies: none for a direct buffer (written in place, e.g. the buffer ONNX Runtime's
     * {@code OnnxTensor} holds); a heap buffer as its backing array.
     */
    public void fill(InitSpec spec, FloatBuffer dst) {
        Checks.notNull(spec, "spec");
        requireDType(spec, DType.FLOAT32, "FloatBuffer");
        Checks.notNull(dst, "dst");
        checkBuffer(dst, dst.order());
        requireWhole(spec, dst.remaining());
        if (dst.hasArray()) {
            fill(spec, dst.array(), dst.arrayOffset() + dst.position(), 0, dst.remaining());
        } else if (dst.isDirect()) {
            fillBuffer(spec, dst, dst.position(), 0, dst.remaining(), 4);
        } else {
            FloatBuffer out = dst.duplicate();
            float[] s = new float[Math.min(SCRATCH_ELEMENTS, out.remaining())];
            throughScratch(out.remaining(), s.length, (done, n) -> {
                fill(spec, s, 0, done, n);
                out.put(s, 0, n);
            });
        }
    }

    /**
     * A float64 tensor into a DoubleBuffer (heap or direct, native order), from its position.
     * Copies: as {@link #fill(InitSpec, FloatBuffer)}.
     */
    public void fill(InitSpec spec, DoubleBuffer dst) {
        Checks.notNull(spec, "spec");
        requireDType(spec, DType.FLOAT64, "DoubleBuffer");
        Checks.notNull(dst, "dst");
        checkBuffer(dst, dst.order());
        requireWhole(spec, dst.remaining());
        if (dst.hasArray()) {
            fill(spec, dst.array(), dst.arrayOffset() + dst.position(), 0, dst.remaining());
        } else if (dst.isDirect()) {
            fillBuffer(spec, dst, dst.position(), 0, dst.remaining(), 8);
        } else {
            DoubleBuffer out = dst.duplicate();
            double[] s = new double[Math.min(SCRATCH_ELEMENTS, out.remaining())];
            throughScratch(out.remaining(), s.length, (done, n) -> {
                fill(spec, s, 0, done, n);
                out.put(s, 0, n);
            });
        }
    }

    /**
     * Writes elements {@code [first, first + count)} to native memory owned elsewhere (another
     * runtime's tensor), in place: {@code [address, address + byteSize)} must be writable and
     * stay valid during the call; only its first {@code count * dtype.byteSize()} bytes are
     * written. No copy: the memory is written in place. The one entry point whose memory
     * kaiming4j cannot check.
     */
    public void fillAddress(InitSpec spec, long address, long byteSize, long first, long count) {
        Checks.notNull(spec, "spec");
        if (address == 0) {
            throw new IllegalArgumentException("address: must not be 0 (null)");
        }
        Checks.nonNegative(byteSize, "byteSize");
        Checks.nonNegative(count, "count");
        long bytes = byteSize(count, spec.dtype());
        if (bytes > byteSize) {
            throw new IllegalArgumentException("byteSize: " + byteSize + " bytes cannot hold " + count + " x "
                    + spec.dtype());
        }
        if (Long.compareUnsigned(address + bytes, address) < 0) {
            throw new IllegalArgumentException("address: range wraps around the address space");
        }
        int width = spec.dtype().byteSize();
        run(spec, first, count, (k, n) -> new FillTarget.Memory(address + k * width, n * width));
    }

    /** Allocates an owned off-heap tensor and fills it in place (no copy); the caller closes it. */
    public OffHeapTensor allocate(InitSpec spec) {
        Checks.notNull(spec, "spec");
        OffHeapTensor t = OffHeapTensor.allocate(spec.shape(), spec.dtype());
        try {
            fill(spec, t);
        } catch (RuntimeException | Error e) {
            t.close();
            throw e;
        }
        return t;
    }

    /** Fills the whole of an owned tensor (same shape and dtype as the spec) in place; no copy. */
    public void fill(InitSpec spec, OffHeapTensor tensor) {
        fill(spec, tensor, 0, spec.elementCount());
    }

    /**
     * Writes elements {@code [first, first + count)} of the spec into the same elements of the
     * tensor, in place; no copy. The tensor stays open until the fill returns.
     */
    public void fill(InitSpec spec, OffHeapTensor tensor, long first, long count) {
        Checks.notNull(spec, "spec");
        Checks.notNull(tensor, "tensor");
        if (!tensor.shape().equals(spec.shape()) || tensor.dtype() != spec.dtype()) {
            throw new IllegalArgumentException("tensor: [" + tensor.shape() + "] " + tensor.dtype()
                    + " does not match spec [" + spec.shape() + "] " + spec.dtype());
        }
        Checks.range(first, count, spec.elementCount(), "range");
        tensor.pin();
        try {
            if (count > 0) {
                int width = spec.dtype().byteSize();
                long base = tensor.memoryAddress() + first * width;
                run(spec, first, count, (k, n) -> new FillTarget.Memory(base + k * width, n * width));
            }
        } finally {
            tensor.unpin();
        }
    }

    /**
     * Writes the N-d box {@code [start, start + size)} of the tensor, in the box's own
     * row-major order, into {@code dst} from its position (direct or heap, native order).
     * Equals the same box cut out of the whole tensor. Copies: as
     * {@link #fill(InitSpec, ByteBuffer)}, per row of the box.
     */
    public void fillBox(InitSpec spec, long[] start, long[] size, ByteBuffer dst) {
        Checks.notNull(spec, "spec");
        Checks.notNull(dst, "dst");
        long count = checkBox(spec.shape(), start, size);
        int width = spec.dtype().byteSize();
        checkBuffer(dst, dst.order());
        Checks.range(0, byteSize(count, spec.dtype()), dst.remaining(), "dst");
        ByteBuffer out = dst.duplicate().order(dst.order());
        forEachRun(spec.shape(), start, size, (first, runLength, boxOffset) ->
                fillBuffer(spec, out, dst.position() + (int) (boxOffset * width), first, runLength, width));
    }

    /**
     * {@link #fillBox(InitSpec, long[], long[], ByteBuffer)} into a float array. Copies: as
     * {@link #fill(InitSpec, float[])}.
     */
    public void fillBox(InitSpec spec, long[] start, long[] size, float[] dst) {
        Checks.notNull(spec, "spec");
        Checks.notNull(dst, "dst");
        requireDType(spec, DType.FLOAT32, "float[]");
        long count = checkBox(spec.shape(), start, size);
        Checks.range(0, count, dst.length, "dst");
        forEachRun(spec.shape(), start, size, (first, runLength, boxOffset) ->
                fill(spec, dst, (int) boxOffset, first, (int) runLength));
    }

    /**
     * Shuts the worker threads down. Fills already running (on any thread) finish and write
     * every element; later calls throw {@link IllegalStateException}. Idempotent.
     */
    @Override
    public void close() {
        closed = true;
        if (pool != null) {
            // Fills in progress finish; later ones get IllegalStateException. Not shutdownNow():
            // that would drop queued pieces of other threads' fills and leave them waiting forever.
            pool.shutdown();
        }
    }

    @Override
    public String toString() {
        return "Initializer[backend=" + backend.name() + ", threads=" + threads + "]";
    }

    // --- internals -----------------------------------------------------------------------

    private interface TargetAt {
        /** The target for request elements starting at {@code k}, {@code n} of them. */
        FillTarget at(long k, long n);
    }

    private interface RunConsumer {
        void accept(long first, long runLength, long boxOffset);
    }

    private void fillBuffer(InitSpec spec, Buffer dst, int position, long first, long count, int width) {
        if (count == 0) {
            return;
        }
        if (dst.isDirect()) {
            long base = NativeMemory.address(dst) + (long) position * (dst instanceof ByteBuffer ? 1 : width);
            run(spec, first, count, (k, n) -> new FillTarget.Memory(base + k * width, n * width));
            return;
        }
        fillHeapBuffer(spec, (ByteBuffer) dst, position, first, count);
    }

    // Heap buffers have no stable address: generate into scratch arrays, then one bulk put.
    private void fillHeapBuffer(InitSpec spec, ByteBuffer dst, int position, long first, long count) {
        DType dtype = spec.dtype();
        int width = dtype.byteSize();
        int scratchSize = (int) Math.min(SCRATCH_ELEMENTS, count);
        for (long done = 0; done < count; done += scratchSize) {
            int n = (int) Math.min(scratchSize, count - done);
            int at = position + (int) (done * width);
            switch (dtype) {
                case FLOAT32: {
                    float[] s = new float[n];
                    run(spec, first + done, n, (k, m) -> new FillTarget.FloatArray(s, (int) k));
                    FloatBuffer view = dst.duplicate().order(dst.order()).position(at).asFloatBuffer();
                    view.put(s);
                    break;
                }
                case FLOAT64: {
                    double[] s = new double[n];
                    run(spec, first + done, n, (k, m) -> new FillTarget.DoubleArray(s, (int) k));
                    DoubleBuffer view = dst.duplicate().order(dst.order()).position(at).asDoubleBuffer();
                    view.put(s);
                    break;
                }
                default: {
                    short[] s = new short[n];
                    run(spec, first + done, n, (k, m) -> new FillTarget.ShortArray(s, (int) k));
                    ShortBuffer view = dst.duplicate().order(dst.order()).position(at).asShortBuffer();
                    view.put(s);
                    break;
                }
            }
        }
    }

    private interface ScratchStep {
        void fill(long done, int n);
    }

    // Float and double views of a heap ByteBuffer have neither an array nor an address.
    private static void throughScratch(int count, int scratch, ScratchStep step) {
        for (int done = 0; done < count; done += scratch) {
            step.fill(done, Math.min(scratch, count - done));
        }
    }

    /** Splits {@code [first, first + count)} over threads and chunks; every piece is independent. */
    private void run(InitSpec spec, long first, long count, TargetAt target) {
        Checks.nonNegative(count, "count");
        Checks.range(first, count, spec.elementCount(), "range");
        if (closed) {
            throw new IllegalStateException("initializer: closed");
        }
        if (count == 0) {
            return;
        }
        Sampling sampling = spec.sampling();
        StreamKey key = spec.key();
        DType dtype = spec.dtype();
        int parts = (int) Math.max(1, Math.min(threads, count / MIN_ELEMENTS_PER_THREAD));
        if (parts == 1) {
            runChunks(sampling, key, dtype, first, 0, count, target);
            return;
        }
        // Piece boundaries on multiples of 4 keep each Philox block in one thread; rounding
        // count / parts up (not down) makes the pieces cover the whole range.
        long per = ((count + parts - 1) / parts + 3) & ~3L;
        List<Future<?>> futures = new ArrayList<>();
        try {
            for (int p = 1; p < parts; p++) {
                long k = Math.min(count, p * per);
                long n = Math.min(per, count - k);
                if (n > 0) {
                    futures.add(pool.submit(() -> runChunks(sampling, key, dtype, first, k, n, target)));
                }
            }
            runChunks(sampling, key, dtype, first, 0, Math.min(per, count), target);
        } catch (RejectedExecutionException e) {
            throw new IllegalStateException("initializer: closed", e);
        } finally {
            awaitAll(futures);
        }
    }

    private void runChunks(Sampling sampling, StreamKey key, DType dtype, long first, long k0, long n, TargetAt target) {
        for (long k = k0; k < k0 + n; k += chunkElements) {
            long m = Math.min(chunkElements, k0 + n - k);
            backend.fill(sampling, key, dtype, first + k, m, target.at(k, m));
        }
    }

    private static void awaitAll(List<Future<?>> futures) {
        // Every piece must end before the caller returns: it may free the target right after.
        Throwable failure = null;
        boolean interrupted = false;
        for (Future<?> f : futures) {
            while (true) {
                try {
                    f.get();
                    break;
                } catch (ExecutionException e) {
                    failure = failure == null ? e.getCause() : failure;
                    break;
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        if (failure instanceof Error) {
            throw (Error) failure;
        }
        if (failure != null) {
            throw failure instanceof RuntimeException ? (RuntimeException) failure
                    : new KaimingException("fill", "worker failed", failure);
        }
    }

    private static long byteSize(long count, DType dtype) {
        try {
            return Math.multiplyExact(count, (long) dtype.byteSize());
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException("count: " + count + " elements of " + dtype + " overflow a byte size");
        }
    }

    private static void requireWhole(InitSpec spec, long length) {
        Checks.notNull(spec, "spec");
        if (length != spec.elementCount()) {
            throw new IllegalArgumentException("dst: holds " + length + " elements, the tensor [" + spec.shape()
                    + "] has " + spec.elementCount());
        }
    }

    private static void requireDType(InitSpec spec, DType dtype, String target) {
        if (spec.dtype() != dtype) {
            throw new IllegalArgumentException("dst: " + target + " holds " + dtype + ", but spec.dtype is " + spec.dtype());
        }
    }

    private static void checkBuffer(Buffer dst, ByteOrder order) {
        Checks.notNull(dst, "dst");
        if (dst.isReadOnly()) {
            throw new IllegalArgumentException("dst: buffer is read-only");
        }
        if (order != ByteOrder.nativeOrder()) {
            throw new IllegalArgumentException("dst: buffer is " + order + ", must be native order ("
                    + ByteOrder.nativeOrder() + ")");
        }
    }

    private static long checkBox(Shape shape, long[] start, long[] size) {
        Checks.notNull(start, "start");
        Checks.notNull(size, "size");
        if (start.length != shape.rank() || size.length != shape.rank()) {
            throw new IllegalArgumentException("box: start and size need " + shape.rank() + " dims, got "
                    + start.length + " and " + size.length);
        }
        long count = 1;
        for (int i = 0; i < start.length; i++) {
            Checks.range(start[i], size[i], shape.dim(i), "box dim " + i);
            count *= size[i];
        }
        return count;
    }

    private static void forEachRun(Shape shape, long[] start, long[] size, RunConsumer consumer) {
        int rank = shape.rank();
        for (long s : size) {
            if (s == 0) {
                return;
            }
        }
        if (rank == 0) {
            consumer.accept(0, 1, 0);
            return;
        }
        long run = size[rank - 1];
        long[] idx = new long[rank - 1];
        long boxOffset = 0;
        while (true) {
            long first = start[rank - 1];
            for (int d = 0; d < rank - 1; d++) {
                first += (start[d] + idx[d]) * shape.stride(d);
            }
            consumer.accept(first, run, boxOffset);
            boxOffset += run;
            int d = rank - 2;
            while (d >= 0 && ++idx[d] == size[d]) {
                idx[d] = 0;
                d--;
            }
            if (d < 0) {
                return;
            }
        }
    }

    private static java.util.concurrent.ThreadFactory daemonThreads() {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, "kaiming4j-fill-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    /** Options: backend (default: configured), threads (default: all processors), chunk size. */
    public static final class Builder {
        private Backend backend;
        private String backendName;
        private int threads = Runtime.getRuntime().availableProcessors();
        private long chunkElements = Integer.MAX_VALUE;

        private Builder() {
        }

        public Builder backend(String name) {
            this.backendName = Checks.notNull(name, "backend");
            this.backend = null;
            return this;
        }

        public Builder backend(Backend backend) {
            this.backend = Checks.notNull(backend, "backend");
            this.backendName = null;
            return this;
        }

        public Builder threads(int threads) {
            this.threads = Checks.positive(threads, "threads");
            return this;
        }

        /**
         * Largest range handed to the backend in one call (default 2³¹−1, VSL's limit). Any
         * value gives the same bits; tests use odd ones to prove it.
         */
        public Builder chunkElements(long chunkElements) {
            if (chunkElements <= 0 || chunkElements > Integer.MAX_VALUE) {
                throw new IllegalArgumentException("chunkElements: must be in [1, 2^31-1], got " + chunkElements);
            }
            this.chunkElements = chunkElements;
            return this;
        }

        public Initializer build() {
            Backend b = backend != null ? backend
                    : Backends.select(backendName != null ? backendName : Backends.configuredName());
            return new Initializer(b, threads, chunkElements);
        }
    }
}
