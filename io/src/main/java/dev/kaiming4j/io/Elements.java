package dev.kaiming4j.io;

import dev.kaiming4j.DType;
import dev.kaiming4j.ref.DTypeRounding;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** Single elements of a dtype as little-endian bytes. */
public final class Elements {
    private Elements() {
    }

    /** The bytes of {@code value} in {@code dtype}, little-endian, correctly rounded. */
    public static byte[] encode(double value, DType dtype) {
        ByteBuffer b = ByteBuffer.allocate(dtype.byteSize()).order(ByteOrder.LITTLE_ENDIAN);
        switch (dtype) {
            case FLOAT32:
                b.putFloat((float) value);
                break;
            case FLOAT64:
                b.putDouble(value);
                break;
            case FLOAT16:
                b.putShort(DTypeRounding.toFloat16(value));
                break;
            default:
                b.putShort(DTypeRounding.toBFloat16(value));
                break;
        }
        return b.array();
    }
}
