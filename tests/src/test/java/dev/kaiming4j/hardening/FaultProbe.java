package dev.kaiming4j.hardening;

import dev.kaiming4j.Backends;
import dev.kaiming4j.DType;
import dev.kaiming4j.Distribution;
import dev.kaiming4j.InitSpec;
import dev.kaiming4j.Initializer;
import dev.kaiming4j.OffHeapTensor;
import dev.kaiming4j.Shape;
import dev.kaiming4j.spi.BackendProvider;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Child-JVM main of {@link FaultTest}: reports, as {@code key=value} lines, what each provider
 * says, what {@code auto} picks (and that it fills, with the digest of its output), what selecting {@code args[0]} explicitly
 * gives, and what allocating {@code args[1]} float32 elements gives (if present).
 */
public final class FaultProbe {
    private FaultProbe() {
    }

    public static void main(String[] args) {
        for (BackendProvider p : Backends.providers()) {
            Throwable cause = p.unavailabilityCause();
            System.out.println("available." + p.name() + "=" + p.isAvailable());
            if (cause != null) {
                System.out.println("cause." + p.name() + "=" + describe(cause));
            }
        }
        try (Initializer auto = Initializer.builder().backend("auto").threads(1).build()) {
            float[] w = new float[64];
            auto.fill(InitSpec.kaiming(8, 8).seed(1).build(), w);
            System.out.println("auto=" + auto.backendName());
            System.out.println("auto.first=" + Float.floatToRawIntBits(w[0]));
            System.out.println("auto.digest=" + digest(auto));
        }
        try {
            System.out.println("explicit=" + Backends.select(args[0]).name());
        } catch (Throwable t) {
            System.out.println("explicit.error=" + describe(t));
            if (t.getCause() != null) {
                System.out.println("explicit.cause=" + describe(t.getCause()));
            }
        }
        System.out.println("allocator=" + OffHeapTensor.allocatorName());
        if (args.length > 1) {
            long before = OffHeapTensor.outstandingBytes();
            try (OffHeapTensor t = OffHeapTensor.allocate(Shape.of(Long.parseLong(args[1])), DType.FLOAT32)) {
                System.out.println("allocate=ok " + t.byteSize());
            } catch (Throwable t) {
                System.out.println("allocate.error=" + describe(t));
            }
            System.out.println("allocate.outstandingChange=" + (OffHeapTensor.outstandingBytes() - before));
        }
    }

    /**
     * SHA-256 of one tensor of every distribution and dtype, 3 x 2^16 + 5 elements each (odd,
     * so threads and the SIMD tails are exercised), as {@code init} fills them.
     */
    static String digest(Initializer init) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            for (Distribution d : Distribution.values()) {
                for (DType t : DType.values()) {
                    InitSpec spec = InitSpec.kaiming(3, (1 << 16) + 5).distribution(d).dtype(t).seed(42).build();
                    ByteBuffer b = ByteBuffer.allocate((int) spec.elementCount() * t.byteSize()).order(ByteOrder.nativeOrder());
                    init.fill(spec, b);
                    sha.update(b);
                }
            }
            return HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String describe(Throwable t) {
        String m = String.valueOf(t.getMessage());
        int nl = m.indexOf('\n');
        return t.getClass().getName() + ": " + (nl < 0 ? m : m.substring(0, nl));
    }
}
