package dev.kaiming4j;

/**
 * The {@code MemorySegment} overloads of {@link Initializer}'s {@code fill}: they exist only on
 * Java 22+, where the multi-release jar replaces this empty class with one that declares them,
 * so that {@code Initializer} itself is compiled once, for Java 17.
 */
abstract sealed class MemorySegmentFills permits Initializer {
}
