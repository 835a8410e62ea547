package dev.kaiming4j.io;

import dev.kaiming4j.DType;
import dev.kaiming4j.Shape;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The NPY format (numpy {@code format.py}): magic {@code \x93NUMPY}, version, little-endian
 * header length, then a Python dict literal padded with spaces and ended by {@code \n} so the
 * data starts on a 64-byte boundary. We write version 1.0 (2.0 only if the header exceeds
 * 65535 bytes), C order, little endian; we read 1.0, 2.0 and 3.0.
 */
public final class NpyFormat {
    /** numpy aligns the start of the data to this many bytes. */
    public static final int ALIGN = 64;
    private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
    private static final Pattern DESCR = Pattern.compile("'descr'\\s*:\\s*'([^']*)'");
    private static final Pattern FORTRAN = Pattern.compile("'fortran_order'\\s*:\\s*(True|False)");
    private static final Pattern SHAPE = Pattern.compile("'shape'\\s*:\\s*\\(([^)]*)\\)");

    /** A parsed header: what the data is and where it starts. */
    public record Header(DType dtype, Shape shape, boolean fortranOrder, long dataOffset) {
    }

    private NpyFormat() {
    }

    /** The complete header (magic to the final newline) of a C-order little-endian array. */
    public static byte[] header(DType dtype, Shape shape) {
        String descr = dtype.numpyDescr();
        if (descr == null) {
            throw new IllegalArgumentException("dtype: " + dtype.name().toLowerCase(Locale.ROOT)
                    + " has no numpy dtype, so it cannot be written to .npy; write .safetensors instead");
        }
        StringBuilder dims = new StringBuilder();
        for (int i = 0; i < shape.rank(); i++) {
            dims.append(i > 0 ? ", " : "").append(shape.dim(i));
        }
        if (shape.rank() == 1) {
            dims.append(',');
        }
        String dict = "{'descr': '" + descr + "', 'fortran_order': False, 'shape': (" + dims + "), }";
        int prefix = 10;
        int major = 1;
        if (padded(prefix, dict.length()) > 0xffff) {
            prefix = 12;
            major = 2;
        }
        int total = padded(prefix, dict.length()) + prefix;
        ByteBuffer b = ByteBuffer.allocate(total).order(ByteOrder.LITTLE_ENDIAN);
        b.put(MAGIC).put((byte) major).put((byte) 0);
        int headerLength = total - prefix;
        if (major == 1) {
            b.putShort((short) headerLength);
        } else {
            b.putInt(headerLength);
        }
        b.put(dict.getBytes(StandardCharsets.ISO_8859_1));
        while (b.position() < total - 1) {
            b.put((byte) ' ');
        }
        b.put((byte) '\n');
        return b.array();
    }

    // Length of dict + padding + '\n' such that prefix + that is a multiple of ALIGN.
    private static int padded(int prefix, int dictLength) {
        int unpadded = prefix + dictLength + 1;
        return (unpadded + ALIGN - 1) / ALIGN * ALIGN - prefix;
    }

    /**
     * Reads and checks the header of an .npy file; the data it announces is checked to fit in
     * the file.
     *
     * @throws IOException when the file is not a readable .npy file (message names {@code file})
     */
    public static Header read(FileChannel ch, String file) throws IOException {
        ByteBuffer pre = ByteBuffer.allocate(12).order(ByteOrder.LITTLE_ENDIAN);
        ch.read(pre, 0);
        pre.flip();
        if (pre.remaining() < 10) {
            throw new IOException(file + ": not an .npy file (too short)");
        }
        for (byte m : MAGIC) {
            if (pre.get() != m) {
                throw new IOException(file + ": not an .npy file (bad magic)");
            }
        }
        int major = pre.get() & 0xff;
        pre.get();
        long headerLength;
        int prefix;
        if (major == 1) {
            headerLength = pre.getShort() & 0xffff;
            prefix = 10;
        } else if (major == 2 || major == 3) {
            if (pre.remaining() < 4) {
                throw new IOException(file + ": truncated .npy header");
            }
            headerLength = pre.getInt() & 0xffffffffL;
            prefix = 12;
        } else {
            throw new IOException(file + ": unsupported .npy version " + major);
        }
        if (prefix + headerLength > ch.size() || headerLength > (1 << 20)) {
            throw new IOException(file + ": .npy header length " + headerLength + " exceeds the file");
        }
        ByteBuffer h = ByteBuffer.allocate((int) headerLength);
        Channels.readFully(ch, h, prefix, file);
        String dict = new String(h.array(), major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
        String descr = find(DESCR, dict, "descr", file);
        boolean fortran = find(FORTRAN, dict, "fortran_order", file).equals("True");
        String dimsText = find(SHAPE, dict, "shape", file).trim();
        Shape shape;
        try {
            shape = dimsText.isEmpty() ? Shape.of() : Shape.parse(dimsText.endsWith(",")
                    ? dimsText.substring(0, dimsText.length() - 1) : dimsText);
        } catch (IllegalArgumentException e) {
            throw new IOException(file + ": bad .npy shape (" + dimsText + ")");
        }
        DType dtype = dtypeOf(descr, file);
        long dataOffset = prefix + headerLength;
        if (shape.elementCount() > (ch.size() - dataOffset) / dtype.byteSize()) {
            throw new IOException(file + ": .npy data is truncated (shape " + shape + " of "
                    + dtype.name().toLowerCase(Locale.ROOT) + " needs more than the " + (ch.size() - dataOffset)
                    + " bytes after the header)");
        }
        return new Header(dtype, shape, fortran, dataOffset);
    }

    private static DType dtypeOf(String descr, String file) throws IOException {
        for (DType t : DType.values()) {
            if (t.numpyDescr() != null && (descr.equals(t.numpyDescr())
                    || (descr.startsWith("=") && descr.substring(1).equals(t.numpyDescr().substring(1))
                        && ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN))) {
                return t;
            }
        }
        throw new IOException(file + ": unsupported .npy dtype '" + descr
                + "' (supported: little-endian float16, float32, float64)");
    }

    private static String find(Pattern p, String dict, String key, String file) throws IOException {
        Matcher m = p.matcher(dict);
        if (!m.find()) {
            throw new IOException(file + ": .npy header has no valid '" + key + "'");
        }
        return m.group(1);
    }
}
