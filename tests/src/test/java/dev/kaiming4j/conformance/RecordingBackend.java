package dev.kaiming4j.conformance;

import dev.kaiming4j.DType;
import dev.kaiming4j.Sampling;
import dev.kaiming4j.StreamKey;
import dev.kaiming4j.spi.Backend;
import dev.kaiming4j.spi.FillTarget;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Delegates to a real backend and records how the API split the work — so the determinism
 * tests can show that several threads and many chunks were really used, not just assumed.
 */
record RecordingBackend(Backend delegate, Set<Thread> threads, AtomicLong calls, AtomicLong largestCall)
        implements Backend {
    RecordingBackend(Backend delegate) {
        this(delegate, ConcurrentHashMap.newKeySet(), new AtomicLong(), new AtomicLong());
    }

    @Override
    public String name() {
        return delegate.name();
    }

    @Override
    public void fill(Sampling sampling, StreamKey key, DType dtype, long first, long count, FillTarget target) {
        threads.add(Thread.currentThread());
        calls.incrementAndGet();
        largestCall.accumulateAndGet(count, Math::max);
        delegate.fill(sampling, key, dtype, first, count, target);
    }
}
