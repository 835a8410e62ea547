package dev.kaiming4j.bench;

import dev.kaiming4j.DType;
import dev.kaiming4j.OffHeapTensor;
import dev.kaiming4j.Shape;
import java.lang.reflect.Field;
import java.nio.FloatBuffer;
import java.util.SplittableRandom;
import org.apache.commons.rng.sampling.distribution.ZigguratSampler;
import org.apache.commons.rng.simple.RandomSource;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.TearDown;
import sun.misc.Unsafe;

/**
 * Single-threaded float32 anchors in the JVM, each writing σ-scaled values (σ of
 * {@link BenchSpecs}) into the same kind of pre-touched off-heap memory as
 * {@link FillBenchmark}: SplittableRandom.nextGaussian, Commons RNG 1.6
 * ZigguratSampler.NormalizedGaussian over XO_RO_SHI_RO_128_PP, and two memory-fill
 * ceilings: {@code Unsafe.setMemory} (a memset) and a loop of absolute puts into a direct
 * FloatBuffer.
 */
public class JavaAnchorBenchmark extends NsPerOpBenchmark {
    private static final Unsafe UNSAFE = unsafe();

    @Param({"16777216"})
    public int elements;

    private OffHeapTensor memory;
    private FloatBuffer buffer;
    private SplittableRandom splittable;
    private ZigguratSampler.NormalizedGaussian ziggurat;

    @Setup(Level.Trial)
    public void setUp() {
        memory = OffHeapTensor.allocate(Shape.of(elements), DType.FLOAT32);
        buffer = memory.asByteBuffer().asFloatBuffer();
        splittable = new SplittableRandom(42);
        ziggurat = ZigguratSampler.NormalizedGaussian.of(RandomSource.XO_RO_SHI_RO_128_PP.create(42L));
        UNSAFE.setMemory(memory.address(), memory.byteSize(), (byte) 0); // pre-touch
    }

    @Benchmark
    public FloatBuffer splittableRandomNextGaussian() {
        FloatBuffer b = buffer;
        SplittableRandom r = splittable;
        for (int i = 0, n = elements; i < n; i++) {
            b.put(i, (float) (BenchSpecs.SIGMA * r.nextGaussian()));
        }
        return b;
    }

    // The same loop as above on purpose: each anchor calls its own sampler at its own call site, as a
    // user's loop would; one shared loop over a sampler interface would measure a different thing.
    @Benchmark
    public FloatBuffer commonsRngZiggurat() {
        FloatBuffer b = buffer;
        ZigguratSampler.NormalizedGaussian s = ziggurat;
        for (int i = 0, n = elements; i < n; i++) {
            b.put(i, (float) (BenchSpecs.SIGMA * s.sample()));
        }
        return b;
    }

    @Benchmark
    public FloatBuffer memfillFloatBufferLoop() {
        FloatBuffer b = buffer;
        for (int i = 0, n = elements; i < n; i++) {
            b.put(i, 0.5f);
        }
        return b;
    }

    @Benchmark
    public long memfillUnsafeSetMemory() {
        UNSAFE.setMemory(memory.address(), memory.byteSize(), (byte) 0);
        return memory.address();
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        memory.close();
    }

    private static Unsafe unsafe() {
        try {
            Field f = Unsafe.class.getDeclaredField("theUnsafe");
            f.setAccessible(true);
            return (Unsafe) f.get(null);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }
}
