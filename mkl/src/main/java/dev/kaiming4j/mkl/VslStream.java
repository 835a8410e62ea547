package dev.kaiming4j.mkl;

import static org.bytedeco.mkl.global.mkl_rt.VSL_BRNG_PHILOX4X32X10;
import static org.bytedeco.mkl.global.mkl_rt.VSL_STATUS_OK;
import static org.bytedeco.mkl.global.mkl_rt.vslDeleteStream;
import static org.bytedeco.mkl.global.mkl_rt.vslNewStream;
import static org.bytedeco.mkl.global.mkl_rt.vslNewStreamEx;
import static org.bytedeco.mkl.global.mkl_rt.vslSkipAheadStream;

import dev.kaiming4j.NativeStatusException;
import dev.kaiming4j.StreamKey;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import org.bytedeco.mkl.global.mkl_rt;
import org.bytedeco.mkl.global.mkl_rt.VSLStreamStatePtr;

/**
 * One VSL Philox4x32-10 stream positioned at word {@code first} of a tensor's key, deleted by
 * {@link #close()}. {@code vslNewStream(PHILOX, k0)} when {@code k1 == 0}, else
 * {@code vslNewStreamEx(PHILOX, 2, {k0, k1})}, then {@code vslSkipAheadStream(first)}: word
 * {@code j} of the result is word {@code first + j} of the tensor's stream.
 */
final class VslStream implements AutoCloseable {
    final VSLStreamStatePtr ptr = new VSLStreamStatePtr();

    private VslStream() {
    }

    static VslStream open(StreamKey key, long first) {
        VslStream s = new VslStream();
        int status = key.k1() == 0
                ? vslNewStream(s.ptr, VSL_BRNG_PHILOX4X32X10, key.k0())
                : vslNewStreamEx(s.ptr, VSL_BRNG_PHILOX4X32X10, 2, new int[] {key.k0(), key.k1()});
        check(key.k1() == 0 ? "vslNewStream" : "vslNewStreamEx", status);
        try {
            if (first > 0) {
                check("vslSkipAheadStream", vslSkipAheadStream(s.ptr, first));
            }
        } catch (RuntimeException e) {
            s.close();
            throw e;
        }
        return s;
    }

    @Override
    public void close() {
        if (!ptr.isNull()) {
            check("vslDeleteStream", vslDeleteStream(ptr));
        }
    }

    /** Throws {@link NativeStatusException} unless {@code status} is {@code VSL_STATUS_OK}. */
    static void check(String operation, int status) {
        if (status != VSL_STATUS_OK) {
            throw new NativeStatusException(operation, status, statusName(status));
        }
    }

    /** The name of a VSL status constant ({@code VSL_RNG_ERROR_BAD_PARAM}, ...), found on the error path only. */
    static String statusName(int status) {
        for (Field f : mkl_rt.class.getFields()) {
            if (f.getType() == int.class && Modifier.isStatic(f.getModifiers())
                    && (f.getName().startsWith("VSL_ERROR_") || f.getName().startsWith("VSL_RNG_ERROR_"))) {
                try {
                    if (f.getInt(null) == status) {
                        return f.getName();
                    }
                } catch (IllegalAccessException e) {
                    // public constants: not reachable
                }
            }
        }
        return "VSL status " + status + " (see mkl_vsl_defines.h)";
    }
}
