package dev.kaiming4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import org.junit.jupiter.api.Test;

class StreamKeyTest {

    @Test
    void seedSplitsIntoLowAndHighWords() {
        assertEquals(new StreamKey(42, 0), StreamKey.ofSeed(42));
        assertEquals(new StreamKey(42, 1), StreamKey.ofSeed(42 + (1L << 32)));
        assertEquals(-1L, StreamKey.ofSeed(-1).seed());
        assertEquals(new StreamKey(-1, -1), StreamKey.ofSeed(-1));
    }

    @Test
    void tensorSeedMatchesTheDocumentedDerivation() {
        // Expected values from Python: int.from_bytes(hashlib.sha256(seed.to_bytes(8, 'little',
        // signed=True) + name.encode()).digest()[:8], 'little', signed=True)
        assertEquals(-2087599373567680780L, StreamKey.tensorSeed(42, "conv1.weight"));
        assertEquals(8566219430550401417L, StreamKey.tensorSeed(-1, "fc.bias"));
        assertEquals(8794265229978523055L, StreamKey.tensorSeed(0, ""));
        assertNotEquals(StreamKey.tensorSeed(42, "a"), StreamKey.tensorSeed(43, "a"));
    }
}
