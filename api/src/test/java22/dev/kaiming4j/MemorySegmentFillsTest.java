package dev.kaiming4j;

import static dev.kaiming4j.testing.Rejections.rejects;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kaiming4j.testing.Rejections.UnreachableBackend;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The Java 22+ {@code Initializer.fill(spec, MemorySegment)} overloads, run by the second
 * surefire execution on a JDK 22+ against the packaged multi-release jar (api/pom.xml).
 */
class MemorySegmentFillsTest {
    private static final InitSpec F32 = InitSpec.kaiming(40, 24).seed(11).build();
    private static final ValueLayout.OfFloat FLOAT = ValueLayout.JAVA_FLOAT;

    private final Initializer init = Initializer.builder().backend("java").threads(2).build();

    @AfterEach
    void close() {
        init.close();
    }

    @Test
    void runsFromTheMultiReleaseJar() throws Exception {
        String where = Initializer.class.getProtectionDomain().getCodeSource().getLocation().toString();
        assertTrue(where.endsWith(".jar"), "Initializer should come from the packaged jar, not " + where);
        Initializer.class.getMethod("fill", InitSpec.class, MemorySegment.class);
        assertTrue(Runtime.version().feature() >= 22);
    }

    @Test
    void fillsNativeSegmentsInPlaceLikeArrays() {
        float[] expected = new float[(int) F32.elementCount()];
        init.fill(F32, expected);
        try (Arena confined = Arena.ofConfined(); Arena shared = Arena.ofShared()) {
            for (MemorySegment dst : new MemorySegment[] {
                    confined.allocate(FLOAT, F32.elementCount()),
                    shared.allocate(FLOAT, F32.elementCount()),
                    Arena.ofAuto().allocate(FLOAT, F32.elementCount())}) {
                init.fill(F32, dst);
                assertArrayEquals(expected, dst.toArray(FLOAT));
            }
        }

        InitSpec f64 = F32.toBuilder().dtype(DType.FLOAT64).build();
        double[] d = new double[(int) f64.elementCount()];
        init.fill(f64, d);
        InitSpec f16 = F32.toBuilder().dtype(DType.FLOAT16).build();
        short[] h = new short[(int) f16.elementCount()];
        init.fill(f16, h);
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment dd = arena.allocate(ValueLayout.JAVA_DOUBLE, f64.elementCount());
            init.fill(f64, dd);
            assertArrayEquals(d, dd.toArray(ValueLayout.JAVA_DOUBLE));
            MemorySegment hh = arena.allocate(ValueLayout.JAVA_SHORT, f16.elementCount());
            init.fill(f16, hh);
            assertArrayEquals(h, hh.toArray(ValueLayout.JAVA_SHORT));
        }
    }

    /** A segment over a direct buffer is that buffer's memory: the fill shows in the buffer. */
    @Test
    void aSegmentOverADirectBufferIsFilledWithoutACopy() {
        ByteBuffer buffer = ByteBuffer.allocateDirect((int) F32.elementCount() * 4).order(ByteOrder.nativeOrder());
        init.fill(F32, MemorySegment.ofBuffer(buffer));
        float[] expected = new float[(int) F32.elementCount()];
        init.fill(F32, expected);
        float[] got = new float[expected.length];
        buffer.asFloatBuffer().get(got);
        assertArrayEquals(expected, got);
    }

    @Test
    void rangeGoesToTheSliceAndNothingElseIsTouched() {
        float[] whole = new float[(int) F32.elementCount()];
        init.fill(F32, whole);
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment dst = arena.allocate(FLOAT, 100);
            dst.fill((byte) 0x7f);
            float sentinel = dst.getAtIndex(FLOAT, 0);
            init.fill(F32, dst.asSlice(10 * 4L), 37, 50);
            for (int i = 0; i < 100; i++) {
                float expected = i >= 10 && i < 60 ? whole[37 + i - 10] : sentinel;
                assertEquals(expected, dst.getAtIndex(FLOAT, i), "element " + i);
            }
        }
    }

    /** Every rejection happens before the backend is called: this backend fails if it is. */
    @Test
    void badSegmentsAreRejectedBeforeAnyBackendCall() throws Exception {
        try (Initializer unreachable = Initializer.builder().backend(new UnreachableBackend()).build();
             Arena arena = Arena.ofConfined()) {
            long n = F32.elementCount();
            MemorySegment ok = arena.allocate(FLOAT, n);
            rejects("spec", () -> unreachable.fill(null, ok));
            rejects("dst", () -> unreachable.fill(F32, (MemorySegment) null));
            rejects("dst", () -> unreachable.fill(F32, MemorySegment.ofArray(new float[(int) n])));
            rejects("dst", () -> unreachable.fill(F32, ok.asReadOnly()));
            rejects("dst", () -> unreachable.fill(F32, MemorySegment.NULL, 0, 0));
            rejects("dst", () -> unreachable.fill(F32, arena.allocate(4 * n + 4, 8).asSlice(1, 4 * n)));
            rejects("dst", () -> unreachable.fill(F32, ok.asSlice(0, 4 * n - 4)));
            rejects("dst", () -> unreachable.fill(F32, arena.allocate(FLOAT, n + 1)));
            rejects("dst", () -> unreachable.fill(F32, ok.asSlice(4), 0, n));
            rejects("count", () -> unreachable.fill(F32, ok, 0, -1));
            rejects("range", () -> unreachable.fill(F32, ok, n - 2, 3));

            Arena closed = Arena.ofShared();
            MemorySegment gone = closed.allocate(FLOAT, n);
            closed.close();
            rejects("dst", () -> unreachable.fill(F32, gone));

            // A confined segment belongs to its owner thread only.
            CountDownLatch release = new CountDownLatch(1);
            CompletableFuture<MemorySegment> foreign = new CompletableFuture<>();
            Thread owner = new Thread(() -> {
                try (Arena mine = Arena.ofConfined()) {
                    foreign.complete(mine.allocate(FLOAT, n));
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            owner.start();
            try {
                MemorySegment other = foreign.get();
                rejects("dst", () -> unreachable.fill(F32, other));
            } finally {
                release.countDown();
                owner.join();
            }

            // A zero-element range is a no-op that never reaches the backend either.
            unreachable.fill(F32, ok, 0, 0);
        }
    }
}
