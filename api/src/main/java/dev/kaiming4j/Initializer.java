package dev.kaiming4j;

import dev.kaiming4j.internal.Checks;
import dev.kaiming4j.spi.Backend;
import java.lang.reflect.Array;
import java.nio.Buffer;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import java.util.concurrent.Executor;

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
 * Zero-element requests are no-ops. Every argument is checked here, and every backend call
 * once more at the validation gate ({@link Backends#validated}), before any backend sees it.
 * Thread-safe; {@link #close()} stops the worker threads it created.
 *
 * <p>Inside: this class checks arguments; {@code Targets} adapts arrays, buffers and memory to
 * backend targets, {@code Splitter} cuts ranges over threads and chunks and joins failures,
 * {@code BoxRuns} walks N-d boxes (docs/DESIGN.md, "Data path").
 */
public final class Initializer extends MemorySegmentFills implements AutoCloseable {
    /** Below this many elements a fill stays on the calling thread. */
    static final long MIN_ELEMENTS_PER_THREAD = Splitter.MIN_ELEMENTS_PER_THREAD;

    /** Behind the validation gate ({@link Backends#validated}): every chunk is checked there. */
    private final Backend backend;
    private final Splitter splitter;

    private Initializer(Backend backend, int threads, long chunkElements, Executor executor) {
        this.backend = backend;
        this.splitter = new Splitter(backend, threads, chunkElements, executor);
    }

    /** The configured backend (see {@link Backends}) on all available processors. */
    public static Initializer create() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * The backend in use, behind the validation gate: calling its {@code fill} directly is
     * checked as every fill of this initializer is.
     */
    public Backend backend() {
        return backend;
    }

    public String backendName() {
        return backend.name();
    }

    public int threads() {
        return splitter.threads();
    }

    /**
     * Fills a whole float32 tensor into {@code dst} (length = element count). Copies: in place
     * on {@code java}; once, chunk by chunk, from a direct scratch on {@code native} and
     * {@code mkl}.
     */
    public void fill(InitSpec spec, float[] dst) {
        fillWholeArray(spec, dst);
    }

    /**
     * Writes elements {@code [first, first + count)} into {@code dst[offset ..]}. Copies: as
     * {@link #fill(InitSpec, float[])}.
     */
    public void fill(InitSpec spec, float[] dst, int offset, long first, int count) {
        fillArray(spec, dst, offset, first, count);
    }

    /** A whole float64 tensor into {@code dst}. Copies: as {@link #fill(InitSpec, float[])}. */
    public void fill(InitSpec spec, double[] dst) {
        fillWholeArray(spec, dst);
    }

    /** Elements {@code [first, first + count)} into {@code dst[offset ..]}. Copies: as {@link #fill(InitSpec, float[])}. */
    public void fill(InitSpec spec, double[] dst, int offset, long first, int count) {
        fillArray(spec, dst, offset, first, count);
    }

    /** Raw float16 or bfloat16 bits of the whole tensor. Copies: as {@link #fill(InitSpec, float[])}. */
    public void fill(InitSpec spec, short[] dst) {
        fillWholeArray(spec, dst);
    }

    /** Raw 16-bit elements {@code [first, first + count)} into {@code dst[offset ..]}. Copies: as {@link #fill(InitSpec, float[])}. */
    public void fill(InitSpec spec, short[] dst, int offset, long first, int count) {
        fillArray(spec, dst, offset, first, count);
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
        Targets.buffer(splitter, spec, dst, dst.position(), first, count);
    }

    /**
     * A float32 tensor into a FloatBuffer (heap or direct, native order), from its position.
     * Copies: none for a direct buffer (written in place, e.g. the buffer ONNX Runtime's
     * {@code OnnxTensor} holds); a heap buffer as its backing array.
     */
    public void fill(InitSpec spec, FloatBuffer dst) {
        fillWholeBuffer(spec, dst, DType.FLOAT32, "FloatBuffer");
    }

    /**
     * A float64 tensor into a DoubleBuffer (heap or direct, native order), from its position.
     * Copies: as {@link #fill(InitSpec, FloatBuffer)}.
     */
    public void fill(InitSpec spec, DoubleBuffer dst) {
        fillWholeBuffer(spec, dst, DType.FLOAT64, "DoubleBuffer");
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
        splitter.run(spec, first, count, Targets.memory(address, spec.dtype().byteSize()));
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
                splitter.run(spec, first, count, Targets.memory(tensor.memoryAddress() + first * width, width));
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
        long count = BoxRuns.check(spec.shape(), start, size);
        int width = spec.dtype().byteSize();
        checkBuffer(dst, dst.order());
        Checks.range(0, byteSize(count, spec.dtype()), dst.remaining(), "dst");
        int position = dst.position();
        BoxRuns.forEach(spec.shape(), start, size, (first, runLength, boxOffset) ->
                Targets.buffer(splitter, spec, dst, position + (int) (boxOffset * width), first, runLength));
    }

    /**
     * {@link #fillBox(InitSpec, long[], long[], ByteBuffer)} into a float array. Copies: as
     * {@link #fill(InitSpec, float[])}.
     */
    public void fillBox(InitSpec spec, long[] start, long[] size, float[] dst) {
        Checks.notNull(spec, "spec");
        Checks.notNull(dst, "dst");
        requireDType(spec, DType.FLOAT32, "float[]");
        long count = BoxRuns.check(spec.shape(), start, size);
        Checks.range(0, count, dst.length, "dst");
        BoxRuns.forEach(spec.shape(), start, size, (first, runLength, boxOffset) ->
                fill(spec, dst, (int) boxOffset, first, (int) runLength));
    }

    /**
     * Shuts down the worker threads this initializer created (never an executor handed to
     * {@link Builder#executor}). Fills already running (on any thread) finish and write every
     * element; later calls throw {@link IllegalStateException}. Idempotent.
     */
    @Override
    public void close() {
        splitter.close();
    }

    @Override
    public String toString() {
        return "Initializer[backend=" + backend.name() + ", threads=" + splitter.threads() + "]";
    }

    /** One fill large enough to use every thread, into an owned tensor: loads what the first fill would. */
    private void warmUp() {
        splitter.prestart();
        InitSpec spec = InitSpec.kaiming(splitter.threads(), MIN_ELEMENTS_PER_THREAD).build();
        allocate(spec).close();
    }

    /** The array overloads' one path: {@code dst} is a float[], double[] or short[]. */
    private void fillWholeArray(InitSpec spec, Object dst) {
        Checks.notNull(dst, "dst");
        requireWhole(spec, Array.getLength(dst));
        fillArray(spec, dst, 0, 0, Array.getLength(dst));
    }

    private void fillArray(InitSpec spec, Object dst, int offset, long first, int count) {
        Checks.notNull(spec, "spec");
        Checks.notNull(dst, "dst");
        if (dst instanceof short[]) {
            if (spec.dtype().byteSize() != 2) {
                throw new IllegalArgumentException("dst: short[] holds float16 or bfloat16, but spec.dtype is "
                        + spec.dtype());
            }
        } else {
            requireDType(spec, dst instanceof float[] ? DType.FLOAT32 : DType.FLOAT64, dst.getClass().getSimpleName());
        }
        Checks.range(offset, count, Array.getLength(dst), "dst");
        splitter.run(spec, first, count, Targets.array(dst, offset));
    }

    private void fillWholeBuffer(InitSpec spec, Buffer dst, DType dtype, String what) {
        Checks.notNull(spec, "spec");
        requireDType(spec, dtype, what);
        Checks.notNull(dst, "dst");
        checkBuffer(dst, order(dst));
        requireWhole(spec, dst.remaining());
        Targets.buffer(splitter, spec, dst, dst.position(), 0, dst.remaining());
    }

    private static ByteOrder order(Buffer b) {
        return b instanceof FloatBuffer ? ((FloatBuffer) b).order() : ((DoubleBuffer) b).order();
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

    /**
     * Options: backend (default: configured, see {@link Backends}), threads (default: all
     * processors), executor (default: a pool of daemon threads owned by the initializer), chunk
     * size, warm-up. None of them changes a bit of the output.
     */
    public static final class Builder {
        private Backend backend;
        private String backendName;
        private int threads = Runtime.getRuntime().availableProcessors();
        private long chunkElements = Integer.MAX_VALUE;
        private Executor executor;
        private boolean warmUp;

        private Builder() {
        }

        /**
         * The backend by name ({@code auto}, {@code native}, {@code java}, {@code mkl}, ...).
         * {@link #build()} throws {@link BackendUnavailableException} if it cannot be used here.
         */
        public Builder backend(String name) {
            this.backendName = Checks.notNull(name, "backend");
            this.backend = null;
            return this;
        }

        /** A backend instance; it is put behind the validation gate ({@link Backends#validated}). */
        public Builder backend(Backend backend) {
            this.backend = Checks.notNull(backend, "backend");
            this.backendName = null;
            return this;
        }

        /** How many pieces a large fill is split into, the calling thread running one of them. */
        public Builder threads(int threads) {
            this.threads = Checks.positive(threads, "threads");
            return this;
        }

        /**
         * Runs the pieces of a fill on {@code executor} (e.g. a service's own pool) instead of
         * threads the initializer creates. The initializer never shuts it down. The calling
         * thread also runs every piece the executor has not started, so a fill finishes even if
         * the executor is saturated, rejects work, or is the one the caller runs on.
         */
        public Builder executor(Executor executor) {
            this.executor = Checks.notNull(executor, "executor");
            return this;
        }

        /**
         * With {@code true}, {@link #build()} starts the worker threads and runs one small fill
         * on every thread and one owned-tensor allocation, so the backend's and the allocator's
         * libraries are loaded and the first real fill pays for neither. Default {@code false}.
         */
        public Builder warmUp(boolean warmUp) {
            this.warmUp = warmUp;
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

        /**
         * @throws BackendUnavailableException if the backend named cannot be used here
         * @throws IllegalArgumentException if no backend has that name
         */
        public Initializer build() {
            Backend b = backend != null ? Backends.validated(backend)
                    : Backends.select(backendName != null ? backendName : Backends.configuredName());
            Initializer init = new Initializer(b, threads, chunkElements, executor);
            if (warmUp) {
                init.warmUp();
            }
            return init;
        }
    }
}
