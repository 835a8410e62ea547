package dev.kaiming4j.hardening;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import dev.kaiming4j.DType;
import dev.kaiming4j.InitSpec;
import dev.kaiming4j.Initializer;
import dev.kaiming4j.AllocationFailedException;
import dev.kaiming4j.BackendUnavailableException;
import dev.kaiming4j.OffHeapTensor;
import dev.kaiming4j.Shape;
import dev.kaiming4j.mkl.MklBackendProvider;
import dev.kaiming4j.jni.NativeBackendProvider;
import dev.kaiming4j.spi.BackendProvider;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Enumeration;
import java.util.function.Predicate;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Faults of the environment, each in a child JVM where it must not disturb this one: MKL
 * absent, the native library absent or corrupt, allocations too large for the machine. Each
 * gives a working fallback or a clear error, never a crash.
 */
class FaultTest {
    private static final String JNI_LIBRARY = "libjniKaimingJNI.so";
    private static final String UNAVAILABLE = BackendUnavailableException.class.getName() + ": backend ";
    private static final Predicate<String> MKL = p -> p.contains("/org/bytedeco/mkl/");
    private static final Predicate<String> JNI = p -> p.contains("jni-bindings") || p.contains("kaiming4j-jni");

    @TempDir
    Path dir;

    /** The bits of element 0 of the probe's spec, from the Java reference in this JVM. */
    private static String javaFirstBits() {
        try (Initializer java = Initializer.builder().backend("java").threads(1).build()) {
            float[] w = new float[64];
            java.fill(InitSpec.kaiming(8, 8).seed(1).build(), w);
            return Integer.toString(Float.floatToRawIntBits(w[0]));
        }
    }

    @Test
    void mklAbsentAutoFallsBackExplicitMklFailsWithItsCause() throws Exception {
        // native disabled too, so auto must take java (it never takes mkl).
        ChildJvm.Result r = ChildJvm.withTestClassPath().without(MKL, "MKL jars")
                .option("-D" + NativeBackendProvider.DISABLE_PROPERTY + "=true")
                .run(FaultProbe.class, dir, "mkl");
        assertEquals(0, r.exit(), r.out() + r.err());
        assertEquals("false", r.value("available.mkl"));
        assertTrue(r.value("cause.mkl").startsWith("java.lang.NoClassDefFoundError"), r.out());
        assertEquals("java", r.value("auto"));
        assertEquals(javaFirstBits(), r.value("auto.first"));
        assertTrue(r.value("explicit.error").startsWith(UNAVAILABLE + "'mkl' is not available here"), r.out());
        assertTrue(r.value("explicit.cause").startsWith("java.lang.NoClassDefFoundError"), r.out());

        // Without MKL but with the native library, auto takes native (its first choice).
        ChildJvm.Result withNative = ChildJvm.withTestClassPath().without(MKL, "MKL jars")
                .run(FaultProbe.class, dir, "mkl");
        assertEquals(0, withNative.exit(), withNative.err());
        assertEquals("native", withNative.value("auto"));
    }

    @Test
    void nativeLibraryAbsentFallsBackToJava() throws Exception {
        Path jni = copyJniWithLibrary(dir.resolve("jni-absent"), null);
        ChildJvm.Result r = withJni(jni).run(FaultProbe.class, dir, "native");
        assertEquals(0, r.exit(), r.out() + r.err());
        assertNativeUnavailable(r);
    }

    @Test
    void nativeLibraryCorruptFallsBackToJava() throws Exception {
        // The first 4 KiB of the real library: an ELF header whose segments point past the end.
        Path jni = copyJniWithLibrary(dir.resolve("jni-corrupt"), bytes -> java.util.Arrays.copyOf(bytes, 4096));
        ChildJvm.Result r = withJni(jni).run(FaultProbe.class, dir, "native");
        assertEquals(0, r.exit(), r.out() + r.err());
        assertNativeUnavailable(r);
        assertTrue(r.value("cause.native").contains(JNI_LIBRARY), "the cause names the library: " + r.out());

        Path garbage = copyJniWithLibrary(dir.resolve("jni-garbage"), bytes -> new byte[] {'n', 'o', 't', ' ', 'E', 'L', 'F'});
        ChildJvm.Result g = withJni(garbage).run(FaultProbe.class, dir, "native");
        assertEquals(0, g.exit(), g.out() + g.err());
        assertNativeUnavailable(g);
    }

    /** A child whose kaiming4j-jni is {@code jni}; MKL disabled, so it loads nothing slow. */
    private static ChildJvm withJni(Path jni) {
        return ChildJvm.withTestClassPath().replacing(JNI, jni, "kaiming4j-jni")
                .option("-D" + MklBackendProvider.DISABLE_PROPERTY + "=true");
    }

    private void assertNativeUnavailable(ChildJvm.Result r) {
        assertEquals("false", r.value("available.native"), r.out());
        assertTrue(r.value("cause.native").startsWith("java.lang.UnsatisfiedLinkError"), r.out());
        assertEquals("java", r.value("auto"), r.out());
        assertEquals(javaFirstBits(), r.value("auto.first"));
        assertTrue(r.value("explicit.error").startsWith(UNAVAILABLE + "'native' is not available here"), r.out());
        assertTrue(r.value("explicit.cause").startsWith("java.lang.UnsatisfiedLinkError"), r.out());
        assertEquals("java-direct", r.value("allocator"));
        assertTrue(r.err().contains("kaiming4j backend auto chose java; skipped native: unavailable: "
                + "java.lang.UnsatisfiedLinkError"), "one log line says why: " + r.err());
    }

    @Test
    void withNativeDisabledAutoIsJavaSaysWhyAndGivesNativesBits() throws Exception {
        ChildJvm.Result r = ChildJvm.withTestClassPath()
                .option("-D" + NativeBackendProvider.DISABLE_PROPERTY + "=true")
                .run(FaultProbe.class, dir, "native");
        assertEquals(0, r.exit(), r.out() + r.err());
        assertEquals("java", r.value("auto"), r.out());
        // Never mkl, although it is available here: its bits differ from native's.
        assertEquals("true", r.value("available.mkl"), r.out());
        assertTrue(r.err().contains("kaiming4j backend auto chose java; skipped native: unavailable: "
                + "java.lang.UnsupportedOperationException: native backend disabled by -D"
                + NativeBackendProvider.DISABLE_PROPERTY + "=true"), r.err());
        assertTrue(r.err().contains("mkl: not chosen by auto"), r.err());
        assertEquals(1, r.err().split("kaiming4j backend auto chose", -1).length - 1, "logged once: " + r.err());
        try (Initializer nativeInit = Initializer.builder().backend("native").build()) {
            assertEquals(FaultProbe.digest(nativeInit), r.value("auto.digest"));
        }
        assertTrue(r.value("explicit.error").startsWith(UNAVAILABLE + "'native' is not available here"), r.out());
    }

    @Test
    void providerPresentButNotRegisteredIsNamedInTheLog() throws Exception {
        // What a shaded jar that did not merge META-INF/services looks like: classes, no service file.
        Path jni = copyJni(dir.resolve("jni-shaded"), name -> name.equals("META-INF/services/" + BackendProvider.class.getName()),
                null);
        ChildJvm.Result r = withJni(jni).run(FaultProbe.class, dir, "native");
        assertEquals(0, r.exit(), r.out() + r.err());
        assertEquals(null, r.value("available.native"), "not registered: " + r.out());
        assertEquals("java", r.value("auto"), r.out());
        String named = NativeBackendProvider.class.getName() + " is on the class path but not registered";
        assertTrue(r.err().contains("WARNING") && r.err().contains(named), r.err());
        assertTrue(r.value("explicit.error").startsWith(UNAVAILABLE + "'native' is not available here: its provider "
                + named), r.out());
    }

    @Test
    void tooLargeForTheJavaAllocatorOrTheDirectMemoryLimit() throws Exception {
        Path jni = copyJniWithLibrary(dir.resolve("jni-absent"), null);
        // 2^29 floats = 2 GiB: beyond what a ByteBuffer can address.
        ChildJvm.Result huge = withJni(jni).run(FaultProbe.class, dir, "java", Long.toString(1L << 29));
        assertEquals(0, huge.exit(), huge.err());
        assertTrue(huge.value("allocate.error").startsWith(AllocationFailedException.class.getName()
                + ": allocateDirect: cannot allocate 2147483648 bytes: the pure-Java allocator serves at most"), huge.out());
        assertEquals("0", huge.value("allocate.outstandingChange"));

        // 64 MiB against a 32 MiB direct-memory limit: the JDK's OutOfMemoryError becomes ours, nothing accounted.
        ChildJvm.Result limited = withJni(jni).option("-XX:MaxDirectMemorySize=32m")
                .run(FaultProbe.class, dir, "java", Long.toString(1L << 24));
        assertEquals(0, limited.exit(), limited.err());
        assertTrue(limited.value("allocate.error").startsWith(AllocationFailedException.class.getName()
                + ": allocateDirect: cannot allocate 67108864 bytes"), limited.out());
        assertEquals("0", limited.value("allocate.outstandingChange"));
    }

    @Test
    void tooLargeForTheMachineIsAClearErrorNotACrash() throws Exception {
        assumeFalse(Files.readString(Path.of("/proc/sys/vm/overcommit_memory")).strip().equals("1"),
                "vm.overcommit_memory=1 grants any mapping; the kernel then kills on first touch instead");
        long before = OffHeapTensor.outstandingBytes();
        // 4 TiB: more than this machine's RAM + swap, so the kernel refuses the mapping.
        Shape fourTiB = Shape.of(1L << 40);
        if ("native".equals(OffHeapTensor.allocatorName())) {
            AllocationFailedException e = assertThrows(AllocationFailedException.class,
                    () -> OffHeapTensor.allocate(fourTiB, DType.FLOAT32));
            assertTrue(e.getMessage().startsWith("k4j_alloc: cannot allocate 4398046511104 bytes"), e.getMessage());
            assertEquals(4L << 40, e.requestedBytes());
            try (Initializer init = Initializer.create()) {
                InitSpec spec = InitSpec.kaiming(1L << 20, 1L << 20).build();
                assertEquals(4L << 40, assertThrows(AllocationFailedException.class, () -> init.allocate(spec)).requestedBytes());
            }
            // 2^61 bytes: beyond what the allocator accepts at all; the same exception, with k4j_alloc's status.
            AllocationFailedException k = assertThrows(AllocationFailedException.class,
                    () -> OffHeapTensor.allocate(Shape.of(1L << 59), DType.FLOAT32));
            assertEquals("k4j_alloc", k.operation());
            assertTrue(k.code() < 0);
            assertEquals(1L << 61, k.requestedBytes());
        } else {
            assertEquals(4L << 40, assertThrows(AllocationFailedException.class,
                    () -> OffHeapTensor.allocate(fourTiB, DType.FLOAT32)).requestedBytes());
        }
        assertEquals(before, OffHeapTensor.outstandingBytes());
    }

    /**
     * A copy of the kaiming4j-jni class path entry (jar or directory) in which the JNI library
     * is left out ({@code transform == null}) or replaced by {@code transform(original)}.
     */
    private static Path copyJniWithLibrary(Path to, java.util.function.UnaryOperator<byte[]> transform) throws IOException {
        return copyJni(to, name -> name.endsWith(JNI_LIBRARY), transform);
    }

    /**
     * A copy of the kaiming4j-jni class path entry in which the entries named as {@code which}
     * says are left out ({@code transform == null}) or replaced by {@code transform(original)};
     * fails unless one was.
     */
    private static Path copyJni(Path to, Predicate<String> which, java.util.function.UnaryOperator<byte[]> transform)
            throws IOException {
        Path from = ChildJvm.withTestClassPath().entry(JNI, "kaiming4j-jni");
        boolean[] found = {false};
        Files.createDirectories(to);
        EntryWriter write = (name, content) -> {
            if (which.test(name)) {
                found[0] = true;
                if (transform == null) {
                    return;
                }
                content = transform.apply(content);
            }
            Path out = to.resolve(name);
            Files.createDirectories(out.getParent());
            Files.write(out, content);
        };
        if (Files.isDirectory(from)) {
            try (Stream<Path> files = Files.walk(from)) {
                files.filter(Files::isRegularFile).forEach(f -> {
                    try {
                        write.accept(from.relativize(f).toString(), Files.readAllBytes(f));
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                });
            }
        } else {
            try (ZipFile zip = new ZipFile(from.toFile())) {
                Enumeration<? extends ZipEntry> entries = zip.entries();
                while (entries.hasMoreElements()) {
                    ZipEntry e = entries.nextElement();
                    if (!e.isDirectory()) {
                        try (InputStream in = zip.getInputStream(e)) {
                            write.accept(e.getName(), in.readAllBytes());
                        }
                    }
                }
            }
        }
        assertTrue(found[0], "no entry to leave out or replace in " + from);
        return to;
    }

    private interface EntryWriter {
        void accept(String name, byte[] content) throws IOException;
    }
}
