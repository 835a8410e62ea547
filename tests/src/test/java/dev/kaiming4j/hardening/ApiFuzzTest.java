package dev.kaiming4j.hardening;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.kaiming4j.Backends;
import dev.kaiming4j.DType;
import dev.kaiming4j.Distribution;
import dev.kaiming4j.FanMode;
import dev.kaiming4j.InitSpec;
import dev.kaiming4j.Initializer;
import dev.kaiming4j.Layout;
import dev.kaiming4j.Nonlinearity;
import dev.kaiming4j.OffHeapTensor;
import dev.kaiming4j.ScaleFamily;
import dev.kaiming4j.Shape;
import dev.kaiming4j.spi.BackendProvider;
import dev.kaiming4j.internal.NativeMemory;
import dev.kaiming4j.io.Checkpoint;
import dev.kaiming4j.io.Checkpoints;
import dev.kaiming4j.io.ModelSpec;
import dev.kaiming4j.io.TensorInfo;
import dev.kaiming4j.io.WriteOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import java.util.TreeMap;
import java.util.stream.Stream;
import java.util.regex.Pattern;

/**
 * Fuzzes the public API entry points (spec building, every fill overload, owned tensors,
 * boxes, raw addresses, name parsing) over the native and java backends. Whatever the
 * input, the only outcomes allowed are a completed fill with finite values, an
 * {@link IllegalArgumentException} naming its argument, or {@link IllegalStateException}
 * for a closed tensor; a JVM crash or any other exception is a finding.
 *
 * <p>The checkpoint readers of kaiming4j-io ({@link Checkpoints#describe},
 * {@link Checkpoints#open}, {@link Checkpoint#read}, {@link Checkpoint#initRecord}, and
 * {@link ModelSpec#parse} with {@code --like} tensors) are fuzzed on real files written once by
 * {@link Checkpoints#write} (.npy, .safetensors, a sharded index and its shards, a Zarr group)
 * and then mutated: truncated, overwritten, a JSON token replaced, a file deleted. There the
 * only outcomes allowed are a completed read, an {@link IOException} or an
 * {@link IllegalArgumentException}, each with a message.
 *
 * <p>Targets stay small (at most 4096 elements) while shapes, offsets and ranges take any
 * value, so huge tensors are addressed without allocating them. Raw addresses always point
 * into a buffer we own with its true size: beyond that, {@code fillAddress} trusts its caller
 * by contract. The default build replays the seeds in {@code ApiFuzzTestInputs/} and fuzzes
 * for {@code maxExecutions}; see docs/HARDENING.md for the long run.
 */
public class ApiFuzzTest {
    private static final int MAX_TARGET = 4096;
    private static final Pattern NAMED = Pattern.compile("^[a-zA-Z][a-zA-Z0-9 ]*: .+", Pattern.DOTALL);
    private static final long[] DIMS = {0, 1, 2, 3, 4, 5, 7, 16, 63, 64, 65, 1000, 4096, 65537, 1L << 31, 1L << 32,
        Integer.MAX_VALUE, Long.MAX_VALUE, Long.MAX_VALUE / 3, -1, Long.MIN_VALUE};
    private static final long[] INDICES = {0, 1, 3, 4, 5, 64, 4095, 4096, 1L << 31, Integer.MAX_VALUE,
        Long.MAX_VALUE, Long.MAX_VALUE - 3, -1, -4096, Long.MIN_VALUE};
    private static final double[] REALS = {0, -0.0, 1, 0.01, -0.2, 1e-300, 1e300, Double.MIN_VALUE, Double.MAX_VALUE,
        Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, -1, 65504, 1e6};
    private static final String[] NAMES = {"relu", "leaky_relu", "prelu", "elu", "linear", "tanh", "selu", "sigmoid",
        "conv2d", "gelu", "silu", "RELU", "leaky-relu", "", " relu", "relu6"};
    private static final List<Initializer> INITIALIZERS = initializers();
    /** Where each reader input's files are written (a fresh directory per input, deleted after). */
    private static final Path SCRATCH = scratch();
    /** Real checkpoints, one set of files per format: relative path → bytes, and the path to open. */
    private static final List<Map<String, byte[]>> CHECKPOINTS = new ArrayList<>();
    private static final List<String> OPEN = new ArrayList<>();
    /** Tokens of those files that a mutation replaces (JSON keys and values, .npy header fields). */
    private static final String[] TOKENS = {"F32", "F16", "<f4", "<f2", "shape", "data_offsets", "dtype", "[", "]",
        "{", "}", ",", ":", "\"", "8", "4", "0", "weight_map", "total_size", "model-00001", "chunks", "\"C\"", "null",
        "zarr_format", "__metadata__", "init:", "kaiming", "fan_in", "seed", "descr", "fortran_order", "False", "(",
        "a.weight", "b.weight", "a.bias"};
    private static final String[] VALUES = {"-1", "0", "1e309", "2.5", "9223372036854775807", "18446744073709551616",
        "-9223372036854775808", "\"../x\"", "\"/etc/passwd\"", "\"a\\u0000b\"", "[]", "{}", "null", "true", "\"\"",
        "[4294967296,4294967296]", "[1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1]", "\"F64\"",
        "\"BF16\"", "\"I8\"", "\"<f8\"", "\">f4\"", "\"F\"", "True", "\"model-00002-of-00001.safetensors\""};
    private static final String SPEC = "{\"seed\": 3, \"rules\": [{\"match\": \"*.bias\", \"init\": \"zeros\"}, "
            + "{\"match\": \"b.*\", \"init\": \"ones\"}, {\"match\": \"*\", \"init\": \"kaiming\"}]}";

    static {
        try {
            writeCheckpoints();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<Initializer> initializers() {
        List<Initializer> list = new ArrayList<>();
        for (BackendProvider p : Backends.providers()) {
            // Not mkl: loading its JavaCPP bindings under the Jazzer agent takes ~30 s per
            // JVM. The checks fuzzed here run before any backend; ConcurrencyTest and the
            // conformance suite drive mkl.
            if (!p.name().startsWith("mkl") && p.isAvailable()) {
                // One thread, and several threads with odd chunks: both paths of the split.
                list.add(Initializer.builder().backend(p.create()).threads(1).build());
                list.add(Initializer.builder().backend(p.create()).threads(3).chunkElements(1001).build());
            }
        }
        return list;
    }

    @FuzzTest(maxExecutions = 10_000)
    void apiEntryPoints(FuzzedDataProvider data) {
        fuzzerTestOneInput(data);
    }

    /** The target; also the entry point of Jazzer's standalone driver. */
    public static void fuzzerTestOneInput(FuzzedDataProvider data) {
        try {
            run(data);
        } catch (IllegalArgumentException e) {
            assertTrue(e.getMessage() != null && NAMED.matcher(e.getMessage()).matches(),
                    () -> "IllegalArgumentException must name its argument: " + e.getMessage());
        } catch (IllegalStateException e) {
            assertTrue(e.getMessage() != null && e.getMessage().startsWith("tensor: closed"),
                    () -> "unexpected IllegalStateException: " + e.getMessage());
        }
    }

    private static void run(FuzzedDataProvider data) {
        int what = data.consumeInt(0, 10);
        if (what == 9) {
            parseNames(data);
            return;
        }
        if (what == 10) {
            readers(data);
            return;
        }
        InitSpec spec = spec(data);
        Initializer init = data.pickValue(INITIALIZERS);
        // Cases 0-2 stay alike in shape: Initializer's float[], double[] and short[] overloads share
        // no array type a generic helper could take.
        switch (what) {
            case 0: {
                float[] a = new float[data.consumeInt(0, MAX_TARGET)];
                if (data.consumeBoolean()) {
                    init.fill(spec, a);
                } else {
                    init.fill(spec, a, (int) index(data), index(data), (int) index(data));
                }
                assertFinite(a);
                break;
            }
            case 1: {
                double[] a = new double[data.consumeInt(0, MAX_TARGET)];
                if (data.consumeBoolean()) {
                    init.fill(spec, a);
                } else {
                    init.fill(spec, a, (int) index(data), index(data), (int) index(data));
                }
                for (double v : a) {
                    assertTrue(Double.isFinite(v), "non-finite output");
                }
                break;
            }
            case 2: {
                short[] a = new short[data.consumeInt(0, MAX_TARGET)];
                if (data.consumeBoolean()) {
                    init.fill(spec, a);
                } else {
                    init.fill(spec, a, (int) index(data), index(data), (int) index(data));
                }
                break;
            }
            case 3: {
                ByteBuffer b = buffer(data);
                if (data.consumeBoolean()) {
                    init.fill(spec, b);
                } else {
                    init.fill(spec, b, index(data), index(data));
                }
                break;
            }
            case 4: {
                ByteBuffer b = buffer(data);
                if (data.consumeBoolean()) {
                    FloatBuffer f = data.consumeBoolean() || b.isReadOnly() ? b.asFloatBuffer() : FloatBuffer.allocate(b.remaining() / 4);
                    init.fill(spec, f);
                } else {
                    DoubleBuffer d = b.asDoubleBuffer();
                    init.fill(spec, d);
                }
                break;
            }
            case 5: {
                ByteBuffer b = ByteBuffer.allocateDirect(data.consumeInt(1, 4 * MAX_TARGET)).order(ByteOrder.nativeOrder());
                // Our buffer or null: any other address is memory we do not own, which
                // fillAddress trusts its caller about by contract.
                long address = data.consumeInt(0, 7) == 0 ? 0 : NativeMemory.address(b);
                long byteSize = data.consumeBoolean() ? b.capacity() : data.consumeLong(-8, b.capacity());
                init.fillAddress(spec, address, byteSize, index(data), index(data));
                NativeMemory.free(b);
                break;
            }
            case 6: {
                if (spec.elementCount() > MAX_TARGET) {
                    return;
                }
                OffHeapTensor t = data.consumeBoolean() ? init.allocate(spec)
                        : OffHeapTensor.allocate(spec.shape(), spec.dtype());
                if (data.consumeBoolean()) {
                    t.close();
                }
                try {
                    init.fill(spec, t, index(data), index(data));
                } finally {
                    t.close();
                }
                break;
            }
            case 7: {
                long[] start = longs(data, spec.shape().rank());
                long[] size = longs(data, spec.shape().rank());
                if (data.consumeBoolean()) {
                    float[] a = new float[data.consumeInt(0, MAX_TARGET)];
                    init.fillBox(spec, start, size, a);
                    assertFinite(a);
                } else {
                    init.fillBox(spec, start, size, buffer(data));
                }
                break;
            }
            default: {
                long bytes = spec.elementCount() * spec.dtype().byteSize();
                if (bytes > 0 && bytes <= 4L * MAX_TARGET) {
                    try (OffHeapTensor t = init.allocate(spec)) {
                        assertTrue(t.address() % 64 == 0);
                    }
                }
                break;
            }
        }
    }

    private static void assertFinite(float[] a) {
        for (float v : a) {
            assertTrue(Float.isFinite(v), "non-finite output");
        }
    }

    private static InitSpec spec(FuzzedDataProvider data) {
        int rank = data.consumeInt(0, 4);
        long[] dims = new long[rank];
        for (int i = 0; i < rank; i++) {
            dims[i] = data.consumeBoolean() ? data.pickValue(DIMS) : data.consumeLong(0, 300);
        }
        InitSpec.Builder b = InitSpec.builder(Shape.of(dims))
                .layout(data.pickValue(Layout.values()))
                .family(data.pickValue(ScaleFamily.values()))
                .distribution(data.pickValue(Distribution.values()))
                .dtype(data.pickValue(DType.values()))
                .seed(data.consumeLong());
        if (data.consumeBoolean()) {
            b.mode(data.pickValue(FanMode.values()));
        }
        if (data.consumeBoolean()) {
            OptionalDouble slope = data.consumeBoolean() ? OptionalDouble.of(real(data)) : OptionalDouble.empty();
            b.nonlinearity(Nonlinearity.of(data.pickValue(NAMES), slope));
        }
        if (data.consumeBoolean()) {
            b.gain(real(data));
        }
        if (data.consumeBoolean()) {
            b.std(real(data));
        }
        return b.build();
    }

    private static void parseNames(FuzzedDataProvider data) {
        String text = data.consumeString(40);
        switch (data.consumeInt(0, 6)) {
            case 0: Shape.parse(text); break;
            case 1: Nonlinearity.of(text); break;
            case 2: Distribution.parse(text); break;
            case 3: DType.parse(text); break;
            case 4: Layout.parse(text); break;
            case 5: FanMode.parse(text); break;
            default: Backends.select(text); break;
        }
    }

    private static ByteBuffer buffer(FuzzedDataProvider data) {
        int capacity = data.consumeInt(0, 4 * MAX_TARGET);
        ByteBuffer b = data.consumeBoolean() ? ByteBuffer.allocateDirect(capacity) : ByteBuffer.allocate(capacity);
        b.order(data.consumeInt(0, 7) == 0 ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN);
        b.position(data.consumeInt(0, capacity));
        return data.consumeInt(0, 7) == 0 ? b.asReadOnlyBuffer().order(b.order()) : b;
    }

    private static long index(FuzzedDataProvider data) {
        return data.consumeBoolean() ? data.pickValue(INDICES) : data.consumeLong(-2, 5000);
    }

    private static double real(FuzzedDataProvider data) {
        return data.consumeBoolean() ? data.pickValue(REALS) : data.consumeDouble();
    }

    private static long[] longs(FuzzedDataProvider data, int rank) {
        int n = data.consumeInt(0, 7) == 0 ? data.consumeInt(0, 5) : rank;
        long[] v = new long[n];
        for (int i = 0; i < n; i++) {
            v[i] = index(data);
        }
        return v;
    }

    private static Path scratch() {
        try {
            Path p = Files.createTempDirectory("kaiming4j-fuzz");
            Runtime.getRuntime().addShutdownHook(new Thread(() -> deleteTree(p)));
            return p;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** One small model (float32, a constant, float16) in every format, with small shards and Zarr chunks. */
    private static void writeCheckpoints() throws IOException {
        ModelSpec model = ModelSpec.builder(7)
                .tensor("a.weight", InitSpec.kaiming(8, 4))
                .constant("a.bias", Shape.of(8), DType.FLOAT32, 0)
                .tensor("b.weight", InitSpec.kaiming(4, 8).dtype(DType.FLOAT16))
                .build();
        try (Initializer java = Initializer.builder().backend("java").threads(1).build()) {
            WriteOptions o = WriteOptions.defaults().initializer(java);
            String[] outs = {"m.npy", "m.safetensors", "model.safetensors", "m.zarr"};
            for (String out : outs) {
                Path dir = Files.createTempDirectory(SCRATCH, "real");
                if (out.endsWith(".npy")) {
                    Checkpoints.writeTensor(model.tensors().get(0), dir.resolve(out), o);
                } else if (out.startsWith("model")) {
                    Checkpoints.write(model, dir.resolve(out), o.shardBytes(100)); // three shards and an index
                } else {
                    Checkpoints.write(model, dir.resolve(out), o.chunkBytes(64)); // several chunks per array
                }
                Map<String, byte[]> files = new TreeMap<>();
                try (Stream<Path> walk = Files.walk(dir)) {
                    for (Path p : (Iterable<Path>) walk.filter(Files::isRegularFile)::iterator) {
                        files.put(dir.relativize(p).toString(), Files.readAllBytes(p));
                    }
                }
                CHECKPOINTS.add(files);
                OPEN.add(out.startsWith("model") ? out + ".index.json" : out);
                deleteTree(dir);
            }
        }
    }

    /**
     * A real checkpoint, mutated, given to every reader. Reading stays bounded: at most
     * {@code MAX_TARGET} floats are read per tensor, whatever the file claims.
     */
    private static void readers(FuzzedDataProvider data) {
        int which = data.consumeInt(0, CHECKPOINTS.size() - 1);
        Path dir = null;
        try {
            dir = Files.createTempDirectory(SCRATCH, "in");
            List<String> names = new ArrayList<>(CHECKPOINTS.get(which).keySet());
            for (String name : names) {
                Path p = dir.resolve(name);
                Files.createDirectories(p.getParent());
                Files.write(p, mutate(data, CHECKPOINTS.get(which).get(name)));
            }
            if (data.consumeInt(0, 7) == 0) {
                Files.delete(dir.resolve(data.pickValue(names))); // a missing shard, chunk or .zarray
            }
            Path target = dir.resolve(OPEN.get(which));
            List<TensorInfo> like = Checkpoints.describe(target).tensors();
            try (Checkpoint c = Checkpoints.open(target)) {
                for (TensorInfo t : c.tensors()) {
                    c.initRecord(t.name());
                    // Often the whole tensor (or its first MAX_TARGET elements), so reads also complete.
                    long whole = Math.min(MAX_TARGET, t.elementCount()) * (t.dtype() == null ? 1 : t.dtype().byteSize());
                    boolean all = data.consumeBoolean();
                    c.read(t.name(), all ? 0 : index(data),
                            ByteBuffer.allocate(all ? (int) whole : data.consumeInt(0, 4 * MAX_TARGET)));
                }
                c.read(data.consumeString(12), 0, ByteBuffer.allocate(4)); // a name the checkpoint may lack
            }
            ModelSpec.parse(new String(mutate(data, SPEC.getBytes(StandardCharsets.UTF_8)), StandardCharsets.UTF_8),
                    OptionalLong.empty(), like);
        } catch (IOException | IllegalArgumentException e) {
            assertTrue(e.getMessage() != null && !e.getMessage().isBlank(), () -> "no message: " + e);
        } finally {
            if (dir != null) {
                deleteTree(dir);
            }
        }
    }

    /** Keeps {@code b}, or truncates it, overwrites a few bytes, or replaces one of its {@link #TOKENS}. */
    private static byte[] mutate(FuzzedDataProvider data, byte[] b) {
        switch (data.consumeInt(0, 5)) {
            case 0:
                return java.util.Arrays.copyOf(b, data.consumeInt(0, b.length));
            case 1: {
                byte[] m = b.clone();
                int at = data.consumeInt(0, m.length);
                byte[] patch = data.consumeBytes(16);
                System.arraycopy(patch, 0, m, Math.min(at, m.length - Math.min(patch.length, m.length)),
                        Math.min(patch.length, m.length));
                return m;
            }
            case 2:
            case 3: {
                String text = new String(b, StandardCharsets.ISO_8859_1);
                String token = data.pickValue(TOKENS);
                int at = text.indexOf(token, data.consumeInt(0, text.length()));
                if (at < 0) {
                    at = text.indexOf(token);
                }
                if (at < 0) {
                    return b;
                }
                String value = data.consumeBoolean() ? data.pickValue(VALUES) : data.consumeString(12);
                return (text.substring(0, at) + value + text.substring(at + token.length()))
                        .getBytes(StandardCharsets.ISO_8859_1);
            }
            default:
                return b;
        }
    }

    private static void deleteTree(Path p) {
        try (Stream<Path> walk = Files.walk(p)) {
            for (Path q : (Iterable<Path>) walk.sorted(Comparator.reverseOrder())::iterator) {
                Files.deleteIfExists(q);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
