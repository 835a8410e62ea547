package dev.kaiming4j.jni;

import org.bytedeco.javacpp.Pointer;

/**
 * A region of memory owned elsewhere: no allocation, no deallocator, so closing a pointer made
 * from it frees nothing. The typed pointers' copy constructors ({@code new FloatPointer(region)},
 * {@code new BytePointer(region)}, ...) take its address, limit and capacity as they are, in
 * their own elements.
 */
final class ForeignRegion extends Pointer {
    ForeignRegion(long address, long elements) {
        this.address = address;
        this.capacity = elements;
        this.limit = elements;
    }
}
