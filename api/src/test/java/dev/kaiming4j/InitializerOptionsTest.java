package dev.kaiming4j;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;

/** Executor ownership and warm-up: neither changes a bit, and a borrowed executor is never shut down. */
class InitializerOptionsTest {
    /** 4 x 2^16 + 3 elements: enough for 4 pieces, not a multiple of 4. */
    private static final InitSpec SPEC = InitSpec.kaiming(4, (1 << 16) + 3).seed(7).build();

    private static float[] fill(Initializer init) {
        float[] w = new float[(int) SPEC.elementCount()];
        init.fill(SPEC, w);
        return w;
    }

    @Test
    void aBorrowedExecutorGivesTheSameBitsAndOutlivesTheInitializer() {
        float[] expected;
        try (Initializer one = Initializer.builder().backend("java").threads(1).build()) {
            expected = fill(one);
        }
        ExecutorService service = Executors.newFixedThreadPool(2);
        try {
            Initializer init = Initializer.builder().backend("java").threads(4).executor(service).build();
            assertArrayEquals(expected, fill(init));
            init.close();
            assertFalse(service.isShutdown());
            assertThrows(IllegalStateException.class, () -> fill(init));
            // The service's pool still works for the service.
            assertTrue(service.submit(() -> true).get());
        } catch (Exception e) {
            throw new AssertionError(e);
        } finally {
            service.shutdown();
        }
    }

    @Test
    void warmUpAtBuildTimeChangesNothing() {
        float[] expected;
        try (Initializer one = Initializer.builder().backend("java").threads(1).build()) {
            expected = fill(one);
        }
        long before = OffHeapTensor.outstandingBytes();
        try (Initializer init = Initializer.builder().backend("java").threads(3).warmUp(true).build()) {
            assertEquals(before, OffHeapTensor.outstandingBytes(), "warm-up leaves nothing allocated");
            assertArrayEquals(expected, fill(init));
        }
    }
}
