import dev.kaiming4j.internal.ref.*;
import dev.kaiming4j.Distribution;

/**
 * Prints native/test/golden_java.inc: bits of the Java reference backend (dev.kaiming4j.internal.ref) for
 * the native kernel's ctest tests. Kept beside the tests it feeds; built by no build tool.
 */
public class GenGolden {
    static Distribution[] D = {Distribution.NORMAL, Distribution.UNIFORM, Distribution.TRUNCATED_NORMAL};
    static long bits(int dtype, double v) {
        switch (dtype) {
            case 0: return Float.floatToRawIntBits((float) v) & 0xFFFFFFFFL;
            case 1: return Double.doubleToRawLongBits(v);
            case 2: return DTypeRounding.toFloat16(v) & 0xFFFFL;
            default: return DTypeRounding.toBFloat16(v) & 0xFFFFL;
        }
    }
    /**
     * The double JavaBackend stores (before narrowing) for dtype t: float64 normal and truncated
     * normal take WordMapping's precise path (normalPrecise / truncatedNormalPrecise), everything
     * else is scale * map(word).
     */
    static double value(int d, int t, double scale, int w) {
        if (t == 1 && d == 0) return WordMapping.normalPrecise(w, scale);
        if (t == 1 && d == 2) return WordMapping.truncatedNormalPrecise(w, scale);
        return scale * JavaBackend.map(D[d], w);
    }
    static long vbits(int d, int t, double scale, int w) { return bits(t, value(d, t, scale, w)); }
    static String hex(long x) { return String.format("0x%016xULL", x); }
    public static void main(String[] a) {
        StringBuilder sb = new StringBuilder();
        int[] blk = new int[4];
        // Words at the start of the seed-42 stream plus extreme / branch-boundary words.
        int[] extra = {0x00000000, 0x7FFFFFFF, 0x80000000, 0xFFFFFFFF, 0x00000001, 0xFFFFFFFE,
            0x80000001, 0x7FFFFFFE, 1825361100, 1825361101, -1825361101, -1825361102,
            1912531400, 1912531500, -1912531401, -1912531501, 0x40000000, 0xC0000000, 2147000000, -2147000000};
        // Make the boundary words exact: find the largest w with |offset|*(mass) <= 0.425 for both.
        int bn = 0, bt = 0;
        for (int w = 1825000000; w < 1826000000; w++) if (Math.abs((w + 0.5) * 0x1p-32) <= 0.425) bn = w;
        for (int w = 1912000000; w < 1913500000; w++) if (Math.abs((w + 0.5) * 0x1p-32 * WordMapping.TRUNCATION_MASS) <= 0.425) bt = w;
        int[] bound = {bn, bn + 1, -bn - 1, -bn - 2, bt, bt + 1, -bt - 1, -bt - 2};
        int nw = 64 + extra.length + bound.length;
        int[] words = new int[nw];
        for (int i = 0; i < 64; i++) { if ((i & 3) == 0) Philox4x32.block(i >>> 2, 42, 0, blk); words[i] = blk[i & 3]; }
        System.arraycopy(extra, 0, words, 64, extra.length);
        System.arraycopy(bound, 0, words, 64 + extra.length, bound.length);
        double[] scales = {1.0, 0.044721359549995794, 3.0e-6};
        sb.append("// GENERATED from the Java reference (dev.kaiming4j.internal.ref: Philox4x32, WordMapping,\n");
        sb.append("// DTypeRounding, JavaBackend.map, WordMapping.normalPrecise/truncatedNormalPrecise) by native/test/GenGolden.java (not part of any build):\n");
        sb.append("//   javac -d /tmp/x $(find api/src/main/java -name '*.java' ! -name module-info.java) native/test/GenGolden.java\n");
        sb.append("//   java -cp /tmp/x GenGolden > native/test/golden_java.inc\n");
        sb.append("// Do not edit by hand; regenerate if the Java reference ever changes (it must not).\n");
        sb.append("// Value of an entry: bits of dtype(scale * map(dist, word)); dtype order f32,f64,f16,bf16;\n");
        sb.append("// float64 normal / truncated normal: bits of WordMapping.{normal,truncatedNormal}Precise(word, scale).\n\n");
        sb.append("static const double kGoldenScales[" + scales.length + "] = {");
        for (double s : scales) sb.append(String.format("%s, ", Double.toString(s)));
        sb.append("};\n");
        sb.append("static const int kGoldenStreamWords = 64; // words[0..63]: seed 42 stream (k0=42,k1=0), element i\n");
        sb.append("static const uint32_t kGoldenWords[" + nw + "] = {\n");
        for (int i = 0; i < nw; i++) sb.append(String.format("0x%08xu,%s", words[i], (i % 8 == 7) ? "\n" : " "));
        sb.append("};\n");
        sb.append("// [word][dist][scale] unscaled-mapping double bits are for scale index 0 (1.0) f64.\n");
        sb.append("static const uint64_t kGoldenBits[" + nw + "][3][" + scales.length + "][4] = {\n");
        for (int i = 0; i < nw; i++) {
            sb.append("  {");
            for (int d = 0; d < 3; d++) {
                sb.append("{");
                for (int s = 0; s < scales.length; s++) {
                    int w = words[i];
                    sb.append("{" + hex(vbits(d, 0, scales[s], w)) + "," + hex(vbits(d, 1, scales[s], w)) + ","
                            + hex(vbits(d, 2, scales[s], w)) + "," + hex(vbits(d, 3, scales[s], w)) + "}");
                    if (s + 1 < scales.length) sb.append(",");
                }
                sb.append("}");
                if (d < 2) sb.append(",");
            }
            sb.append("},\n");
        }
        sb.append("};\n\n");
        // Hashes over long ranges: FNV-1a-style h = (h ^ bits) * 0x100000001b3, h0 = 0xcbf29ce484222325.
        long[][] ranges = { {42, 0, 17179869187L, (1L << 20) | 5}, {0xDEADBEEFL, 0x12345678L, 5, 100003},
                            {7, 0xFFFFFFFFL, 0xFFFFFFFFFFFFFF00L - 1000003L, 1000003L} };
        sb.append("struct GoldenRange { uint32_t k0, k1; uint64_t first, count; int dist; double scale; int dtype; uint64_t hash; };\n");
        sb.append("static const GoldenRange kGoldenRanges[] = {\n");
        for (long[] r : ranges) for (int d = 0; d < 3; d++) for (int s = 0; s < scales.length; s++) {
            long[] h = new long[4];
            for (int t = 0; t < 4; t++) h[t] = 0xcbf29ce484222325L;
            long bi = -1;
            for (long i = r[2]; i != r[2] + r[3]; i++) {
                long b = i >>> 2;
                if (b != bi) { Philox4x32.block(b, (int) r[0], (int) r[1], blk); bi = b; }
                int w = blk[(int) (i & 3)];
                for (int t = 0; t < 4; t++) h[t] = (h[t] ^ vbits(d, t, scales[s], w)) * 0x100000001b3L;
            }
            for (int t = 0; t < 4; t++)
                sb.append(String.format("  {0x%08xu, 0x%08xu, %sULL, %sULL, %d, %s, %d, %s},\n", r[0], r[1], Long.toUnsignedString(r[2]), Long.toUnsignedString(r[3]), d, Double.toString(scales[s]), t, hex(h[t])));
        }
        sb.append("};\n\n");
        // Word sweep: every 65537th word... plus stride so all 2^32 words region: w = i * 65521 for i < 2^16+.
        sb.append("// Sweep: words w_j = j * 65521 (mod 2^32), j in [0, 65600): hash per dist x scale x dtype.\n");
        sb.append("static const uint64_t kGoldenSweep[3][" + scales.length + "][4] = {\n");
        for (int d = 0; d < 3; d++) {
            sb.append("  {");
            for (int s = 0; s < scales.length; s++) {
                long[] h = new long[4];
                for (int t = 0; t < 4; t++) h[t] = 0xcbf29ce484222325L;
                for (int j = 0; j < 65600; j++) {
                    for (int t = 0; t < 4; t++) h[t] = (h[t] ^ vbits(d, t, scales[s], j * 65521)) * 0x100000001b3L;
                }
                sb.append("{" + hex(h[0]) + "," + hex(h[1]) + "," + hex(h[2]) + "," + hex(h[3]) + "}");
                if (s + 1 < scales.length) sb.append(",");
            }
            sb.append("},\n");
        }
        sb.append("};\n");
        System.out.print(sb);
    }
}
