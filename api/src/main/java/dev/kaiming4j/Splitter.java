package dev.kaiming4j;

import dev.kaiming4j.internal.Checks;
import dev.kaiming4j.spi.Backend;
import dev.kaiming4j.spi.FillTarget;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.FutureTask;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Splits a range of elements over threads and then into backend-sized chunks, runs the pieces
 * and joins their failures. Every piece is independent (determinism contract), so neither the
 * thread count, the chunk size nor which executor runs a piece changes a bit.
 *
 * <p>The calling thread runs the first piece. On an executor handed in by the application it
 * then also runs every piece no executor thread has started yet, so a fill finishes even if
 * that executor is saturated, rejects work, or is the one the caller runs on. The pool owned
 * here runs nothing but these pieces, so its pieces are always left to it.
 */
final class Splitter {
    /** Below this many elements per thread a fill stays on the calling thread. */
    static final long MIN_ELEMENTS_PER_THREAD = 1 << 16;

    /** The target for request elements starting at {@code k}, {@code n} of them. */
    interface TargetAt {
        FillTarget at(long k, long n);
    }

    private final Backend backend;
    private final int threads;
    private final long chunkElements;
    private final Executor executor;
    /** The pool we created and so shut down; null when the executor is the caller's or unused. */
    private final ExecutorService owned;
    private volatile boolean closed;

    /** {@code executor == null}: a pool of {@code threads - 1} daemon threads owned here. */
    Splitter(Backend backend, int threads, long chunkElements, Executor executor) {
        this.backend = backend;
        this.threads = threads;
        this.chunkElements = chunkElements;
        this.owned = executor == null && threads > 1 ? Executors.newFixedThreadPool(threads - 1, daemonThreads()) : null;
        this.executor = executor != null ? executor : owned;
    }

    int threads() {
        return threads;
    }

    /** Starts the owned threads now rather than at the first fill. */
    void prestart() {
        if (owned instanceof ThreadPoolExecutor) {
            ((ThreadPoolExecutor) owned).prestartAllCoreThreads();
        }
    }

    /** Later runs throw; runs in progress finish. Shuts down only a pool created here. */
    void close() {
        closed = true;
        if (owned != null) {
            // Not shutdownNow(): pieces already queued belong to fills that must finish.
            owned.shutdown();
        }
    }

    /** Fills elements {@code [first, first + count)} of {@code spec} into {@code target}. */
    void run(InitSpec spec, long first, long count, TargetAt target) {
        Checks.nonNegative(count, "count");
        Checks.range(first, count, spec.elementCount(), "range");
        if (closed) {
            throw new IllegalStateException("initializer: closed");
        }
        if (count == 0) {
            return;
        }
        Sampling sampling = spec.sampling();
        StreamKey key = spec.key();
        DType dtype = spec.dtype();
        int parts = executor == null ? 1 : (int) Math.max(1, Math.min(threads, count / MIN_ELEMENTS_PER_THREAD));
        if (parts == 1) {
            runChunks(sampling, key, dtype, first, 0, count, target);
            return;
        }
        // Piece boundaries on multiples of 4 keep each Philox block in one thread; rounding
        // count / parts up (not down) makes the pieces cover the whole range.
        long per = ((count + parts - 1) / parts + 3) & ~3L;
        List<FutureTask<Void>> pieces = new ArrayList<>();
        Throwable failure = null;
        AtomicBoolean failed = new AtomicBoolean();
        try {
            for (int p = 1; p < parts && p * per < count; p++) {
                long k = p * per;
                long n = Math.min(per, count - k);
                FutureTask<Void> piece = new FutureTask<>(() -> {
                    if (!failed.get()) {
                        try {
                            runChunks(sampling, key, dtype, first, k, n, target);
                        } catch (RuntimeException | Error e) {
                            failed.set(true);
                            throw e;
                        }
                    }
                    return null;
                });
                pieces.add(piece);
                try {
                    executor.execute(piece);
                } catch (RejectedExecutionException e) {
                    if (owned != null) {
                        throw new IllegalStateException("initializer: closed", e);
                    }
                    // The caller runs it below: a full or shut-down executor slows a fill, never loses it.
                }
            }
            runChunks(sampling, key, dtype, first, 0, Math.min(per, count), target);
        } catch (RuntimeException | Error e) {
            failure = e;
            failed.set(true);
        }
        // A FutureTask runs once: the caller runs the pieces no executor thread has started
        // (after a failure they return at once), then waits for the ones that have. Never
        // cancel(): a cancelled task reports done while its thread may still be writing.
        if (owned == null || failure != null) {
            for (FutureTask<Void> piece : pieces) {
                piece.run();
            }
        }
        joinAll(pieces, failure);
    }

    private void runChunks(Sampling sampling, StreamKey key, DType dtype, long first, long k0, long n, TargetAt target) {
        for (long k = k0; k < k0 + n; k += chunkElements) {
            long m = Math.min(chunkElements, k0 + n - k);
            backend.fill(sampling, key, dtype, first + k, m, target.at(k, m));
        }
    }

    /**
     * Waits for every piece: the caller may free the target right after. The first failure
     * ({@code failure}, the caller's own, if any) is thrown, later ones are attached to it as
     * suppressed.
     */
    private static void joinAll(List<FutureTask<Void>> pieces, Throwable failure) {
        boolean interrupted = false;
        for (FutureTask<Void> piece : pieces) {
            while (true) {
                try {
                    piece.get();
                    break;
                } catch (ExecutionException e) {
                    if (failure == null) {
                        failure = e.getCause();
                    } else if (failure != e.getCause()) {
                        failure.addSuppressed(e.getCause());
                    }
                    break;
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        if (failure instanceof Error) {
            throw (Error) failure;
        }
        if (failure != null) {
            throw failure instanceof RuntimeException ? (RuntimeException) failure
                    : new KaimingException("fill", "worker failed", failure);
        }
    }

    private static java.util.concurrent.ThreadFactory daemonThreads() {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, "kaiming4j-fill-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
