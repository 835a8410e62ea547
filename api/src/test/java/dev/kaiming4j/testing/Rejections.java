package dev.kaiming4j.testing;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kaiming4j.DType;
import dev.kaiming4j.Sampling;
import dev.kaiming4j.StreamKey;
import dev.kaiming4j.spi.Backend;
import dev.kaiming4j.spi.FillTarget;
import org.junit.jupiter.api.function.Executable;

/**
 * What the rejection tests of the target adapters share (the Java 22 MemorySegment fills here,
 * JavaCPP pointers in kaiming4j-jni through this module's test-jar): the check that a call is
 * refused naming its argument, and a backend that fails the test if a call gets past validation.
 */
public final class Rejections {
    private Rejections() {
    }

    /** {@code call} throws an IllegalArgumentException whose message starts with {@code argument:}. */
    public static void rejects(String argument, Executable call) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
        assertTrue(e.getMessage().startsWith(argument + ":"), "message names " + argument + ": " + e.getMessage());
    }

    /** Fails if called: every rejection must happen before any backend call. */
    public static final class UnreachableBackend implements Backend {
        @Override
        public String name() {
            return "unreachable";
        }

        @Override
        public void fill(Sampling sampling, StreamKey key, DType dtype, long first, long count, FillTarget target) {
            throw new AssertionError("the backend was called for a rejected fill");
        }
    }
}
