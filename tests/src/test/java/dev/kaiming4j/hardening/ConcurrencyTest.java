package dev.kaiming4j.hardening;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kaiming4j.Backends;
import dev.kaiming4j.DType;
import dev.kaiming4j.Distribution;
import dev.kaiming4j.InitSpec;
import dev.kaiming4j.Initializer;
import dev.kaiming4j.OffHeapTensor;
import dev.kaiming4j.Sampling;
import dev.kaiming4j.StreamKey;
import dev.kaiming4j.spi.Backend;
import dev.kaiming4j.spi.BackendProvider;
import dev.kaiming4j.spi.FillTarget;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;

/**
 * 64 threads at once on one shared initializer give the bits of a sequential run; closing a
 * tensor or the initializer from another thread never crashes, never hangs, and never frees
 * memory a fill is still writing.
 */
class ConcurrencyTest {
    private static final int THREADS = 64;
    /** Hang guard for joins, not a speed check: each piece of work takes well under a second. */
    private static final long JOIN_SECONDS = 120;

    static Stream<Named<Backend>> backends() {
        return Backends.providers().stream().filter(BackendProvider::isAvailable)
                .map(p -> Named.of(p.name(), p.create()));
    }

    /** Thread i's spec: even threads share one spec, odd ones each have their own. */
    private static InitSpec spec(int i) {
        if (i % 2 == 0) {
            return InitSpec.kaiming(96, 1024).seed(2024).build();
        }
        Distribution[] d = Distribution.values();
        DType[] t = DType.values();
        return InitSpec.kaiming(64 + i, 1000 + 37 * i).seed(i * 7919L)
                .distribution(d[i % d.length]).dtype(t[(i / 2) % t.length]).build();
    }

    private static byte[] sequential(Backend backend, InitSpec spec) {
        try (Initializer one = Initializer.builder().backend(backend).threads(1).build()) {
            ByteBuffer b = ByteBuffer.allocateDirect((int) (spec.elementCount() * spec.dtype().byteSize()))
                    .order(java.nio.ByteOrder.nativeOrder());
            one.fill(spec, b);
            return bytes(b);
        }
    }

    private static byte[] bytes(ByteBuffer b) {
        byte[] out = new byte[b.remaining()];
        b.duplicate().get(out);
        return out;
    }

    @ParameterizedTest
    @MethodSource("backends")
    void sixtyFourThreadsGiveTheSequentialBits(Backend backend) throws Exception {
        byte[][] expected = new byte[THREADS][];
        for (int i = 0; i < THREADS; i++) {
            expected[i] = sequential(backend, spec(i));
        }
        // Four workers shared by 64 callers: pieces of different fills queue in one pool.
        try (Initializer shared = Initializer.builder().backend(backend).threads(4).build()) {
            CyclicBarrier start = new CyclicBarrier(THREADS);
            ExecutorService callers = Executors.newFixedThreadPool(THREADS);
            try {
                List<Future<byte[]>> results = new ArrayList<>();
                for (int i = 0; i < THREADS; i++) {
                    InitSpec spec = spec(i);
                    results.add(callers.submit(() -> {
                        start.await();
                        try (OffHeapTensor t = shared.allocate(spec)) {
                            if (t.byteSize() <= Integer.MAX_VALUE) {
                                return bytes(t.asByteBuffer());
                            }
                            throw new AssertionError("test tensors are small");
                        }
                    }));
                }
                for (int i = 0; i < THREADS; i++) {
                    assertArrayEquals(expected[i], results.get(i).get(JOIN_SECONDS, TimeUnit.SECONDS),
                            "thread " + i + ": " + spec(i));
                }
            } finally {
                callers.shutdownNow();
            }
        }
    }

    @ParameterizedTest
    @MethodSource("backends")
    void everyElementIsWrittenWhateverTheSplit(Backend backend) {
        // 3 * 2^16 + 1 elements over 3 threads: count / 3 rounds down to a multiple of 4, the
        // split that once left the last element unwritten.
        InitSpec spec = InitSpec.kaiming(3 * 65536 + 1, 1).layout(dev.kaiming4j.Layout.KERAS).seed(8).build();
        float[] sequentialRun = new float[(int) spec.elementCount()];
        float[] split = new float[sequentialRun.length];
        java.util.Arrays.fill(split, Float.NaN);
        try (Initializer one = Initializer.builder().backend(backend).threads(1).build();
             Initializer three = Initializer.builder().backend(backend).threads(3).build()) {
            one.fill(spec, sequentialRun);
            three.fill(spec, split);
        }
        assertArrayEquals(sequentialRun, split);
    }

    /** Blocks inside fill until released, then really writes: a fill caught in the middle. */
    private static final class GateBackend implements Backend {
        private final Backend delegate;
        private final boolean workersOnly;
        final CountDownLatch entered = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);

        /** {@code workersOnly}: the calling thread's own piece passes, pool pieces wait. */
        GateBackend(Backend delegate, boolean workersOnly) {
            this.delegate = delegate;
            this.workersOnly = workersOnly;
        }

        @Override
        public String name() {
            return "gate";
        }

        @Override
        public void fill(Sampling sampling, StreamKey key, DType dtype, long first, long count, FillTarget target) {
            if (workersOnly && !Thread.currentThread().getName().startsWith("kaiming4j-fill-")) {
                delegate.fill(sampling, key, dtype, first, count, target);
                return;
            }
            entered.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            delegate.fill(sampling, key, dtype, first, count, target);
        }
    }

    @Test
    void closeDuringAFillWaitsForItThenFrees() throws Exception {
        GateBackend gate = new GateBackend(Backends.configured(), false);
        InitSpec spec = InitSpec.kaiming(1024, 1024).seed(5).build();
        long before = OffHeapTensor.outstandingBytes();
        OffHeapTensor t = OffHeapTensor.allocate(spec.shape(), spec.dtype());
        ExecutorService filler = Executors.newSingleThreadExecutor();
        try (Initializer init = Initializer.builder().backend(gate).threads(1).build()) {
            Future<?> fill = filler.submit(() -> init.fill(spec, t));
            assertTrue(gate.entered.await(JOIN_SECONDS, TimeUnit.SECONDS));
            t.close();
            assertTrue(t.isClosed());
            // Closed, but the fill holds the memory: not released yet.
            assertEquals(before + spec.elementCount() * 4, OffHeapTensor.outstandingBytes());
            gate.release.countDown();
            fill.get(JOIN_SECONDS, TimeUnit.SECONDS); // the fill completes normally
            assertEquals(before, OffHeapTensor.outstandingBytes());
        } finally {
            filler.shutdownNow();
        }
    }

    @Test
    void interruptingAFillingThreadStillWaitsForItsWorkers() throws Exception {
        GateBackend gate = new GateBackend(Backends.configured(), true);
        InitSpec spec = InitSpec.kaiming(1024, 1024).seed(6).build(); // 4 MiB: split over 2 threads
        long before = OffHeapTensor.outstandingBytes();
        OffHeapTensor t = OffHeapTensor.allocate(spec.shape(), spec.dtype());
        AtomicInteger outcome = new AtomicInteger(-1);
        try (Initializer init = Initializer.builder().backend(gate).threads(2).build()) {
            Thread caller = new Thread(() -> {
                init.fill(spec, t);
                outcome.set(Thread.currentThread().isInterrupted() ? 1 : 0);
            });
            caller.start();
            assertTrue(gate.entered.await(JOIN_SECONDS, TimeUnit.SECONDS));
            while (caller.getState() != Thread.State.WAITING) { // its own piece done, awaiting the worker's
                assertTrue(caller.isAlive());
                Thread.onSpinWait();
            }
            caller.interrupt();
            t.close();
            // The worker still holds its piece: the caller must neither return nor free the memory.
            caller.join(200);
            assertTrue(caller.isAlive(), "the interrupted caller returned while a worker was still writing");
            assertEquals(before + spec.elementCount() * 4, OffHeapTensor.outstandingBytes());
            gate.release.countDown();
            caller.join(TimeUnit.SECONDS.toMillis(JOIN_SECONDS));
            assertEquals(1, outcome.get(), "the fill completes and the interrupt status is kept");
            assertEquals(before, OffHeapTensor.outstandingBytes());
        }
    }

    @ParameterizedTest
    @MethodSource("backends")
    void closingRacingFillsEndsInACompletedFillOrAClearException(Backend backend) throws Exception {
        InitSpec spec = InitSpec.kaiming(512, 512).seed(9).build();
        byte[] expected = sequential(backend, spec);
        long before = OffHeapTensor.outstandingBytes();
        AtomicInteger completed = new AtomicInteger();
        AtomicInteger refused = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try (Initializer init = Initializer.builder().backend(backend).threads(2).build()) {
            for (int round = 0; round < 200; round++) {
                OffHeapTensor t = OffHeapTensor.allocate(spec.shape(), spec.dtype());
                CyclicBarrier go = new CyclicBarrier(2);
                Future<?> fill = pool.submit(() -> {
                    go.await();
                    try {
                        init.fill(spec, t);
                        completed.incrementAndGet();
                    } catch (IllegalStateException e) {
                        assertTrue(e.getMessage().startsWith("tensor: closed"), e.getMessage());
                        refused.incrementAndGet();
                    }
                    return null;
                });
                int delayMicros = ThreadLocalRandom.current().nextInt(0, 400);
                Future<?> close = pool.submit(() -> {
                    go.await();
                    TimeUnit.MICROSECONDS.sleep(delayMicros);
                    t.close();
                    return null;
                });
                close.get(JOIN_SECONDS, TimeUnit.SECONDS);
                fill.get(JOIN_SECONDS, TimeUnit.SECONDS);
                assertTrue(t.isClosed());
            }
        } finally {
            pool.shutdownNow();
        }
        System.out.println(backend.name() + ": completed " + completed + ", refused " + refused);
        assertEquals(200, completed.get() + refused.get());
        assertEquals(before, OffHeapTensor.outstandingBytes());
        // What a completed fill wrote is right (the race decides only whether it happens).
        try (Initializer init = Initializer.builder().backend(backend).threads(2).build();
             OffHeapTensor t = init.allocate(spec)) {
            assertArrayEquals(expected, bytes(t.asByteBuffer()));
        }
    }

    @Test
    void closingTheInitializerWhileOthersFillNeitherHangsNorCorrupts() throws Exception {
        Backend backend = Backends.configured();
        InitSpec spec = InitSpec.kaiming(1024, 256).seed(77).build();
        byte[] expected = sequential(backend, spec);
        Initializer shared = Initializer.builder().backend(backend).threads(4).build();
        ExecutorService callers = Executors.newFixedThreadPool(16);
        AtomicInteger done = new AtomicInteger();
        List<Future<Integer>> results = new ArrayList<>();
        try {
            for (int c = 0; c < 16; c++) {
                results.add(callers.submit(() -> {
                    int fills = 0;
                    while (true) {
                        ByteBuffer b = ByteBuffer.allocateDirect(1024 * 256 * 4).order(java.nio.ByteOrder.nativeOrder());
                        try {
                            shared.fill(spec, b);
                        } catch (IllegalStateException e) {
                            assertTrue(e.getMessage().startsWith("initializer: closed"), e.getMessage());
                            return fills;
                        }
                        assertArrayEquals(expected, bytes(b));
                        fills++;
                        done.incrementAndGet();
                    }
                }));
            }
            // Close once fills are under way on every side, so some are caught in the middle.
            while (done.get() < 64) {
                assertFalse(results.stream().anyMatch(Future::isDone), "a caller stopped before close");
                Thread.onSpinWait();
            }
            shared.close();
            int total = 0;
            for (Future<Integer> f : results) {
                total += f.get(JOIN_SECONDS, TimeUnit.SECONDS);
            }
            assertTrue(total >= 64);
        } finally {
            callers.shutdownNow();
        }
    }
}
