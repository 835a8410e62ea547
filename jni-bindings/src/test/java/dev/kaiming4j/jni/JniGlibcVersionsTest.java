package dev.kaiming4j.jni;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.bytedeco.javacpp.Loader;
import org.junit.jupiter.api.Test;

/**
 * The shipped JNI library loads on glibc 2.28 (RHEL 8, Debian 10) and newer: its
 * dynamic symbols and version references ({@code objdump -T}, {@code objdump -p}) ask for no
 * GLIBC version above 2.28, no libstdc++ version at all (GLIBCXX/CXXABI: libstdc++ is linked
 * in) and no libgcc_s version above GCC_7.0.0 (the newest node of RHEL 8's GCC 8 runtime).
 */
class JniGlibcVersionsTest {
    private static final Pattern VERSION = Pattern.compile("\\b(GLIBC|GLIBCXX|CXXABI|GCC)_([0-9]+(?:\\.[0-9]+)*)\\b");

    /** The versions in {@code objdumpOutput} that RHEL 8 does not have, sorted. */
    static List<String> tooNew(String objdumpOutput) {
        TreeSet<String> bad = new TreeSet<>();
        Matcher m = VERSION.matcher(objdumpOutput);
        while (m.find()) {
            String family = m.group(1);
            String version = m.group(2);
            boolean ok = family.equals("GLIBC") ? compare(version, "2.28") <= 0
                    : family.equals("GCC") && compare(version, "7.0.0") <= 0;
            if (!ok) {
                bad.add(m.group());
            }
        }
        return new ArrayList<>(bad);
    }

    /** Compares dotted version numbers numerically, part by part. */
    static int compare(String a, String b) {
        String[] x = a.split("\\.");
        String[] y = b.split("\\.");
        for (int i = 0; i < Math.max(x.length, y.length); i++) {
            int c = Integer.compare(i < x.length ? Integer.parseInt(x[i]) : 0, i < y.length ? Integer.parseInt(y[i]) : 0);
            if (c != 0) {
                return c;
            }
        }
        return 0;
    }

    @Test
    void theCheckCatchesWhatAGlibc236BuildWithSharedLibstdcxxAsksFor() {
        // Lines as objdump -T printed them for this library before the compat linking.
        String before = "0000000000000000      DF *UND*\t0000000000000000 (GLIBC_2.34) dlopen\n"
                + "0000000000000000      DF *UND*\t0000000000000000 (GLIBC_2.14) memcpy\n"
                + "0000000000000000      DO *UND*\t0000000000000000 (GLIBCXX_3.4) _ZSt7nothrow\n"
                + "0000000000000000      DF *UND*\t0000000000000000 (CXXABI_1.3.8) __cxa_throw_bad_array_new_length\n"
                + "0000000000000000      DF *UND*\t0000000000000000 (GCC_3.0)    _Unwind_Resume\n"
                + "0000000000000000      DF *UND*\t0000000000000000 (GLIBC_2.2.5) free\n";
        assertEquals(List.of("CXXABI_1.3.8", "GLIBCXX_3.4", "GLIBC_2.34"), tooNew(before));
        assertEquals(List.of("GCC_12.0.0", "GLIBC_2.29"), tooNew("(GLIBC_2.29) x (GLIBC_2.28) y (GCC_12.0.0) z"));
    }

    @Test
    void theShippedLibraryAsksForNothingNewerThanRhel8() throws Exception {
        assumeFalse(Boolean.getBoolean("kaiming4j.native.skip"), "built with -Dnative.skip=true: no JNI library");
        Path classes = Paths.get(KaimingJNI.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        Path library = classes.resolve("dev/kaiming4j/jni/" + Loader.getPlatform() + "/libjniKaimingJNI.so");
        assertTrue(Files.isRegularFile(library), "no JNI library at " + library);
        String symbols = objdump("-T", library);
        String headers = objdump("-p", library);
        assertTrue(symbols.contains("Java_dev_kaiming4j_jni_KaimingJNI_k4j_1fill"), "objdump -T shows no JNI symbol:\n"
                + symbols);
        assertEquals(List.of(), tooNew(symbols), "objdump -T " + library);
        assertEquals(List.of(), tooNew(headers), "objdump -p (version references) " + library);
        assertTrue(!headers.contains("libstdc++"), "libstdc++ must be linked in, not needed:\n" + headers);
    }

    private static String objdump(String option, Path library) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("objdump", option, library.toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "objdump timed out");
        assertEquals(0, p.exitValue(), "objdump " + option + " failed (binutils installed?):\n" + out);
        return out;
    }
}
