package dev.kaiming4j.bench;

import static org.bytedeco.mkl.global.mkl_rt.VSL_BRNG_PHILOX4X32X10;
import static org.bytedeco.mkl.global.mkl_rt.VSL_BRNG_SFMT19937;
import static org.bytedeco.mkl.global.mkl_rt.VSL_RNG_METHOD_GAUSSIAN_ICDF;
import static org.bytedeco.mkl.global.mkl_rt.VSL_STATUS_OK;
import static org.bytedeco.mkl.global.mkl_rt.vdRngGaussian;
import static org.bytedeco.mkl.global.mkl_rt.vslDeleteStream;
import static org.bytedeco.mkl.global.mkl_rt.vslNewStream;
import static org.bytedeco.mkl.global.mkl_rt.vsRngGaussian;

import dev.kaiming4j.DType;
import dev.kaiming4j.OffHeapTensor;
import dev.kaiming4j.Shape;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.mkl.global.mkl_rt.VSLStreamStatePtr;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.TearDown;

/**
 * The anchor: raw MKL {@code vsRngGaussian}/{@code vdRngGaussian} with
 * {@code VSL_RNG_METHOD_GAUSSIAN_ICDF} over Philox4x32-10 or SFMT19937, called through
 * {@code org.bytedeco.mkl.global.mkl_rt} into pre-touched 64-byte-aligned off-heap memory
 * (the same allocator as {@link FillBenchmark}), streams created once in setup as a user
 * would. With 2 threads each thread fills its half from its own stream, split by the same
 * rule as {@code Initializer} (at least 2¹⁶ elements per thread), so the ratio to our
 * multi-threaded fill compares like with like. The anchor measures speed, not
 * reproducibility: thread p's stream is simply seeded {@code 42 + p}.
 *
 * <p>The dtype parameter is {@code anchorDtype} (float32 or float64; VSL has no bfloat16) so
 * that a run sweeping {@code dtype} over bfloat16 does not ask the anchor for it.
 */
public class MklAnchorBenchmark extends NsPerOpBenchmark {
    private static final int MIN_ELEMENTS_PER_THREAD = 1 << 16;

    @Param({"philox_icdf", "sfmt_icdf"})
    public String generator;

    @Param({"float32"})
    public String anchorDtype;

    @Param({"1"})
    public int threads;

    @Param({"16777216"})
    public int elements;

    private OffHeapTensor memory;
    private final List<Piece> pieces = new ArrayList<>();
    private ExecutorService pool;

    /** One thread's share: its stream and its slice of the memory. */
    private static final class Piece {
        final VSLStreamStatePtr stream = new VSLStreamStatePtr();
        final FloatPointer floats;
        final DoublePointer doubles;
        final int count;

        /** Views of {@code count} elements of {@code memory} from element {@code first}; no copy. */
        Piece(OffHeapTensor memory, int first, int count) {
            int width = memory.dtype().byteSize();
            ByteBuffer view = memory.asByteBuffer((long) first * width, count * width);
            this.floats = width == 4 ? new FloatPointer(view.asFloatBuffer()) : null;
            this.doubles = width == 8 ? new DoublePointer(view.asDoubleBuffer()) : null;
            this.count = count;
        }
    }

    @Setup(Level.Trial)
    public void setUp() {
        int brng;
        switch (generator) {
            case "philox_icdf":
                brng = VSL_BRNG_PHILOX4X32X10;
                break;
            case "sfmt_icdf":
                brng = VSL_BRNG_SFMT19937;
                break;
            default:
                throw new IllegalArgumentException("generator: unknown value '" + generator
                        + "' (expected philox_icdf or sfmt_icdf)");
        }
        DType dtype = DType.parse(anchorDtype);
        if (dtype != DType.FLOAT32 && dtype != DType.FLOAT64) {
            throw new IllegalArgumentException("anchorDtype: VSL generates float32 or float64, got " + anchorDtype);
        }
        memory = OffHeapTensor.allocate(Shape.of(elements), dtype);
        int parts = Math.max(1, Math.min(threads, elements / MIN_ELEMENTS_PER_THREAD));
        // Piece boundaries on multiples of 4, as Initializer does.
        int per = (elements / parts + 3) & ~3;
        for (int p = 0; p < parts; p++) {
            int first = Math.min(elements, p * per);
            int n = Math.min(per, elements - first);
            Piece piece = new Piece(memory, first, n);
            check("vslNewStream", vslNewStream(piece.stream, brng, 42 + p));
            pieces.add(piece);
        }
        pool = parts > 1 ? Executors.newFixedThreadPool(parts - 1) : null;
        fill(); // pre-touch: page faults stay out of the measurement
    }

    @Benchmark
    public OffHeapTensor fill() {
        List<Future<?>> futures = new ArrayList<>();
        for (int p = 1; p < pieces.size(); p++) {
            Piece piece = pieces.get(p);
            futures.add(pool.submit(() -> generate(piece)));
        }
        generate(pieces.get(0));
        for (Future<?> f : futures) {
            try {
                f.get();
            } catch (Exception e) {
                throw new IllegalStateException("anchor worker failed", e);
            }
        }
        return memory;
    }

    private void generate(Piece piece) {
        if (memory.dtype() == DType.FLOAT32) {
            check("vsRngGaussian", vsRngGaussian(VSL_RNG_METHOD_GAUSSIAN_ICDF, piece.stream, piece.count,
                    piece.floats, 0f, (float) BenchSpecs.SIGMA));
        } else {
            check("vdRngGaussian", vdRngGaussian(VSL_RNG_METHOD_GAUSSIAN_ICDF, piece.stream, piece.count,
                    piece.doubles, 0, BenchSpecs.SIGMA));
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        if (pool != null) {
            pool.shutdown();
        }
        for (Piece piece : pieces) {
            check("vslDeleteStream", vslDeleteStream(piece.stream));
        }
        pieces.clear();
        memory.close();
    }

    private static void check(String operation, int status) {
        if (status != VSL_STATUS_OK) {
            throw new IllegalStateException(operation + " returned VSL status " + status);
        }
    }
}
