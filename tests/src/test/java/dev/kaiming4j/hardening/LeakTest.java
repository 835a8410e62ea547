package dev.kaiming4j.hardening;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kaiming4j.jni.NativeBackendProvider;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * 10⁶ allocate/fill/close cycles leave 0 outstanding bytes and a bounded RSS drift. Run in a
 * child JVM with a fixed, pre-touched heap, so RSS moves only with native memory (and the
 * code cache), not with heap sizing decisions of this test JVM.
 */
class LeakTest {
    /** DESIGN/issue bound. A leak of one 96-byte allocation per cycle would be ≥ 96 MB. */
    private static final long MAX_RSS_DRIFT_KIB = 16 * 1024;

    @TempDir
    Path dir;

    @Test
    void millionAllocateFillCloseCyclesLeakNothing() throws Exception {
        ChildJvm.Result r = ChildJvm.withTestClassPath()
                .option("-Xms64m", "-Xmx64m", "-XX:+AlwaysPreTouch", "-XX:+UseSerialGC")
                .run(LeakCycles.class, dir, "200000", "1000000");
        assertEquals(0, r.exit(), r.err());
        System.out.println(r.out());
        // The native allocator and backend when they load here, which is where a leak could hide.
        if (new NativeBackendProvider().isAvailable()) {
            assertEquals("native", r.value("allocator"));
            assertEquals("native", r.value("backend"));
        }
        assertEquals("1000000", r.value("cycles"));
        assertEquals(r.value("outstandingBefore"), r.value("outstandingAfter"));
        assertEquals("0", r.value("outstandingAfter"));
        long drift = Long.parseLong(r.value("rssAfterKiB")) - Long.parseLong(r.value("rssBeforeKiB"));
        assertTrue(drift < MAX_RSS_DRIFT_KIB, "RSS grew by " + drift + " KiB over 10^6 cycles");
    }
}
