package dev.kaiming4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Fans exactly as torch's _calculate_fan_in_and_fan_out and keras' compute_fans. */
class FansTest {

    @Test
    void torchLinearIsOutByIn() {
        assertEquals(new Fans(7, 5), Fans.of(Shape.of(5, 7), Layout.TORCH));
    }

    @Test
    void torchConvMultipliesTheReceptiveField() {
        assertEquals(new Fans(3 * 49, 64 * 49), Fans.of(Shape.of(64, 3, 7, 7), Layout.TORCH));
        assertEquals(new Fans(16 * 3, 8 * 3), Fans.of(Shape.of(8, 16, 3), Layout.TORCH));
    }

    @Test
    void torchRejectsFewerThanTwoDims() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Fans.of(Shape.of(10), Layout.TORCH));
        assertTrue(e.getMessage().contains("fewer than 2 dimensions"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Fans.of(Shape.of(), Layout.TORCH));
    }

    @Test
    void kerasFollowsComputeFans() {
        assertEquals(new Fans(1, 1), Fans.of(Shape.of(), Layout.KERAS));
        assertEquals(new Fans(10, 10), Fans.of(Shape.of(10), Layout.KERAS));
        assertEquals(new Fans(5, 7), Fans.of(Shape.of(5, 7), Layout.KERAS));
        assertEquals(new Fans(3 * 3 * 32, 3 * 3 * 64), Fans.of(Shape.of(3, 3, 32, 64), Layout.KERAS));
    }

    @Test
    void shapesRejectNegativeAndOverflowingDims() {
        assertThrows(IllegalArgumentException.class, () -> Shape.of(0, -3));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Shape.parse("99999999999,99999999999"));
        assertTrue(e.getMessage().contains("overflows"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Shape.parse("3,x"));
        assertThrows(IllegalArgumentException.class, () -> Shape.parse(""));
        assertEquals(Shape.of(256, 128), Shape.parse(" 256, 128 "));
        assertEquals(0, Shape.of(0, 5).elementCount());
    }
}
