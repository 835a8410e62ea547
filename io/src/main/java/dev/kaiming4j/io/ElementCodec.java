package dev.kaiming4j.io;

import dev.kaiming4j.DType;
import dev.kaiming4j.ref.DTypeRounding;
import java.nio.ByteBuffer;

/** Reads and writes single elements of a dtype in a little-endian byte buffer. */
public final class ElementCodec {
    private ElementCodec() {
    }

    private static final class Float16Table {
        static final double[] VALUES = new double[1 << 16];

        static {
            for (int i = 0; i < VALUES.length; i++) {
                VALUES[i] = DTypeRounding.float16ToDouble((short) i);
            }
        }
    }

    /** The value of element {@code index} (in elements) of {@code buf}, which must be little-endian. */
    public static double get(ByteBuffer buf, int index, DType dtype) {
        switch (dtype) {
            case FLOAT32:
                return buf.getFloat(index << 2);
            case FLOAT64:
                return buf.getDouble(index << 3);
            case FLOAT16:
                return Float16Table.VALUES[buf.getShort(index << 1) & 0xffff];
            default:
                return DTypeRounding.bfloat16ToDouble(buf.getShort(index << 1));
        }
    }

    /** The bytes of {@code value} in {@code dtype}, little-endian, correctly rounded. */
    public static byte[] encode(double value, DType dtype) {
        ByteBuffer b = ByteBuffer.allocate(dtype.byteSize()).order(java.nio.ByteOrder.LITTLE_ENDIAN);
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

    /** The representable neighbours of {@code v} (a value of {@code dtype}): {below, above}. */
    public static double[] neighbours(double v, DType dtype) {
        switch (dtype) {
            case FLOAT64:
                return new double[] {Math.nextDown(v), Math.nextUp(v)};
            case FLOAT32:
                return new double[] {Math.nextDown((float) v), Math.nextUp((float) v)};
            case FLOAT16: {
                int h = DTypeRounding.toFloat16(v) & 0xffff;
                return new double[] {DTypeRounding.float16ToDouble(down(h)), DTypeRounding.float16ToDouble(up(h))};
            }
            default: {
                int h = DTypeRounding.toBFloat16(v) & 0xffff;
                return new double[] {DTypeRounding.bfloat16ToDouble(down(h)), DTypeRounding.bfloat16ToDouble(up(h))};
            }
        }
    }

    // 16-bit sign-magnitude formats: step the magnitude away from or towards zero.
    private static short up(int h) {
        if (h == 0x8000) {
            return 0x0001;
        }
        return (short) ((h & 0x8000) != 0 ? h - 1 : h + 1);
    }

    private static short down(int h) {
        if (h == 0x0000) {
            return (short) 0x8001;
        }
        return (short) ((h & 0x8000) != 0 ? h + 1 : h - 1);
    }
}
