package dev.kaiming4j.hardening;

import dev.kaiming4j.InitSpec;
import dev.kaiming4j.Initializer;
import dev.kaiming4j.OffHeapTensor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Child-JVM main of {@link LeakTest}: {@code warmUp} then {@code cycles} allocate/fill/close
 * cycles; prints the allocator, backend, outstanding bytes and VmRSS before and after.
 */
public final class LeakCycles {
    private LeakCycles() {
    }

    public static void main(String[] args) throws IOException {
        long warmUp = Long.parseLong(args[0]);
        long cycles = Long.parseLong(args[1]);
        // 24 floats (96 bytes, not a multiple of the 64-byte alignment): small, so a leak of
        // even one allocation per cycle shows as >= 96 MB over 10^6 cycles.
        InitSpec spec = InitSpec.kaiming(4, 6).seed(11).build();
        try (Initializer init = Initializer.builder().threads(1).build()) {
            float checksum = run(init, spec, warmUp);
            long rssBefore = rssKiB();
            long outstandingBefore = OffHeapTensor.outstandingBytes();
            checksum += run(init, spec, cycles);
            long rssAfter = rssKiB();
            System.out.println("allocator=" + OffHeapTensor.allocatorName());
            System.out.println("backend=" + init.backendName());
            System.out.println("cycles=" + cycles);
            System.out.println("outstandingBefore=" + outstandingBefore);
            System.out.println("outstandingAfter=" + OffHeapTensor.outstandingBytes());
            System.out.println("rssBeforeKiB=" + rssBefore);
            System.out.println("rssAfterKiB=" + rssAfter);
            System.out.println("checksum=" + checksum);
        }
    }

    private static float run(Initializer init, InitSpec spec, long cycles) {
        float sum = 0;
        for (long i = 0; i < cycles; i++) {
            try (OffHeapTensor t = init.allocate(spec)) {
                sum += t.asByteBuffer(0, 4).getFloat(0);
            }
        }
        return sum;
    }

    static long rssKiB() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        throw new IllegalStateException("no VmRSS in /proc/self/status");
    }
}
