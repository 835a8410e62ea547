package dev.kaiming4j;

import dev.kaiming4j.internal.Checks;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * The Philox key of one tensor. A 64-bit seed maps to {@code k0 = low 32 bits,
 * k1 = high 32 bits}, so a seed below 2³² gives exactly the stream of VSL's
 * {@code vslNewStream(&s, VSL_BRNG_PHILOX4X32X10, seed)}.
 */
public record StreamKey(int k0, int k1) {

    public static StreamKey ofSeed(long seed) {
        return new StreamKey((int) seed, (int) (seed >>> 32));
    }

    /** The 64-bit seed this key came from. */
    public long seed() {
        return (k0 & 0xFFFFFFFFL) | ((long) k1 << 32);
    }

    /**
     * The seed of the tensor called {@code name} in a model seeded with {@code modelSeed}: the
     * first 8 bytes, little-endian, of SHA-256(modelSeed as 8 little-endian bytes ‖ UTF-8 name).
     * A tensor's weights thus depend only on its own name, never on the other tensors.
     * In Python: {@code int.from_bytes(hashlib.sha256(seed.to_bytes(8,'little',signed=True)
     * + name.encode()).digest()[:8], 'little', signed=True)}.
     */
    public static long tensorSeed(long modelSeed, String name) {
        Checks.notNull(name, "name");
        MessageDigest sha;
        try {
            sha = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every Java platform", e);
        }
        sha.update(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(modelSeed).array());
        byte[] digest = sha.digest(name.getBytes(StandardCharsets.UTF_8));
        return ByteBuffer.wrap(digest, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
    }
}
