package dev.kaiming4j.io;

import dev.kaiming4j.Initializer;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.LongConsumer;

/**
 * How {@link Checkpoints#write} writes: the initializer (backend and threads), shard and chunk
 * sizes, whether to take per-tensor statistics, a progress callback. Immutable; start from
 * {@link #defaults()}.
 */
public final class WriteOptions {
    private final Initializer initializer;
    private final long shardBytes;
    private final long chunkBytes;
    private final boolean statistics;
    private final LongConsumer progress;
    private final Map<String, String> metadata;

    private WriteOptions(Initializer initializer, long shardBytes, long chunkBytes, boolean statistics,
            LongConsumer progress, Map<String, String> metadata) {
        this.initializer = initializer;
        this.shardBytes = shardBytes;
        this.chunkBytes = chunkBytes;
        this.statistics = statistics;
        this.progress = progress;
        this.metadata = metadata;
    }

    /**
     * No initializer (one is created for the write, backend auto, and closed after), shards of
     * 5 GB, Zarr chunks of 64 MiB, no statistics, no progress.
     */
    public static WriteOptions defaults() {
        return new WriteOptions(null, ShardedSafetensors.DEFAULT_SHARD_BYTES, ZarrLayout.DEFAULT_CHUNK_BYTES, false,
                null, null);
    }

    /** The initializer that fills random tensors; the caller keeps it open and closes it. */
    public WriteOptions initializer(Initializer initializer) {
        return new WriteOptions(Objects.requireNonNull(initializer, "initializer"), shardBytes, chunkBytes,
                statistics, progress, metadata);
    }

    /** A .safetensors output larger than this many bytes of tensor data is sharded. */
    public WriteOptions shardBytes(long shardBytes) {
        if (shardBytes < 1) {
            throw new IllegalArgumentException("shardBytes: must be positive, got " + shardBytes);
        }
        return new WriteOptions(initializer, shardBytes, chunkBytes, statistics, progress, metadata);
    }

    /** Zarr chunks hold whole rows, at most this many bytes (at least one row). */
    public WriteOptions chunkBytes(long chunkBytes) {
        if (chunkBytes < 1) {
            throw new IllegalArgumentException("chunkBytes: must be positive, got " + chunkBytes);
        }
        return new WriteOptions(initializer, shardBytes, chunkBytes, statistics, progress, metadata);
    }

    /** Take each tensor's {@link SampleStats} while writing (costs one pass over each chunk in cache). */
    public WriteOptions statistics(boolean statistics) {
        return new WriteOptions(initializer, shardBytes, chunkBytes, statistics, progress, metadata);
    }

    /** Called from the writer's I/O thread with the bytes written so far, after each write. */
    public WriteOptions progress(LongConsumer progress) {
        return new WriteOptions(initializer, shardBytes, chunkBytes, statistics, progress, metadata);
    }

    /**
     * The file-level metadata (safetensors {@code __metadata__}, the Zarr group's
     * {@code .zattrs}) instead of {@link InitRecord#modelMetadata} plus each tensor's record.
     */
    public WriteOptions metadata(Map<String, String> metadata) {
        return new WriteOptions(initializer, shardBytes, chunkBytes, statistics, progress,
                new LinkedHashMap<>(Objects.requireNonNull(metadata, "metadata")));
    }

    Initializer initializer() {
        return initializer;
    }

    long shardBytes() {
        return shardBytes;
    }

    long chunkBytes() {
        return chunkBytes;
    }

    boolean statistics() {
        return statistics;
    }

    LongConsumer progress() {
        return progress;
    }

    Map<String, String> metadata() {
        return metadata;
    }
}
