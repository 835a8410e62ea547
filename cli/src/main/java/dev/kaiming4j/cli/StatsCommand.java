package dev.kaiming4j.cli;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import dev.kaiming4j.DType;
import dev.kaiming4j.Distribution;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.commons.statistics.distribution.ContinuousDistribution;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code kaiming stats FILE}: per tensor one JSON line with mean, std, min, max, and the
 * Kolmogorov–Smirnov p-value against the init recorded in the file's metadata.
 */
@Command(name = "stats", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Prints statistics and a KS test of each tensor in an .npy or .safetensors file.", "",
            "One JSON line per tensor: name, dtype, shape, elements, mean, std (population), min, max; for tensors "
                + "whose init is recorded in the metadata, the one-sample Kolmogorov-Smirnov statistic and p-value "
                + "against it (on every k-th element, at most 10^6, when larger: ks_stride = k)."})
final class StatsCommand implements Callable<Integer> {
    @Spec
    CommandSpec cmd;

    @Parameters(index = "0", paramLabel = "FILE", description = ".npy or .safetensors file.")
    Path file;

    @Option(names = "--tensor", paramLabel = "NAME", description = "Only this tensor.")
    String tensor;

    @Option(names = "--expect-std", paramLabel = "S",
            description = "Run the KS test against this std where the file records none (e.g. .npy).")
    Double expectStd;

    @Option(names = "--expect-distribution", paramLabel = "normal|uniform|truncated_normal", defaultValue = "normal",
            description = "Distribution for --expect-std (default: ${DEFAULT-VALUE}).")
    String expectDistribution;

    /** What a tensor was initialized with, as far as the file says. */
    private record Expectation(String init, Distribution distribution, double scale, double std, Double constant) {
    }

    @Override
    public Integer call() throws IOException {
        if (!Files.exists(file)) {
            throw new UsageException("FILE: '" + file + "' does not exist");
        }
        if (!Files.isRegularFile(file)) {
            throw new UsageException("FILE: '" + file + "' is not a regular file");
        }
        if (expectStd != null && !(expectStd > 0 && Double.isFinite(expectStd))) {
            throw new UsageException("--expect-std: must be positive and finite, got " + expectStd);
        }
        Distribution expectDist = Distribution.parse(expectDistribution);
        PrintWriter out = cmd.commandLine().getOut();
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            List<SafetensorsFormat.Entry> entries = new ArrayList<>();
            long dataOffset;
            java.util.Map<String, String> metadata = java.util.Map.of();
            if (isNpy(ch)) {
                NpyFormat.Header h = NpyFormat.read(ch, file.toString());
                long bytes = h.shape().elementCount() * h.dtype().byteSize();
                if (h.dataOffset() + bytes > ch.size()) {
                    throw new FailureException(file + ": .npy data is truncated (needs " + bytes + " bytes)");
                }
                entries.add(new SafetensorsFormat.Entry(npyName(), h.dtype().safetensorsName(), h.dtype(),
                        h.shape().dims(), 0, bytes));
                dataOffset = h.dataOffset();
            } else {
                SafetensorsFormat.Header h = SafetensorsFormat.read(ch, file.toString());
                entries.addAll(h.tensors());
                metadata = h.metadata();
                dataOffset = h.dataOffset();
            }
            boolean found = false;
            for (SafetensorsFormat.Entry e : entries) {
                if (tensor != null && !tensor.equals(e.name())) {
                    continue;
                }
                found = true;
                Expectation x = expectation(metadata.get(TensorPlan.METADATA_PREFIX + e.name()), e.name());
                if (x == null && expectStd != null) {
                    x = new Expectation("expected", expectDist, dev.kaiming4j.Sampling.withStd(expectDist, expectStd)
                            .scale(), expectStd, null);
                }
                out.println(stats(ch, dataOffset, e, x));
            }
            if (!found) {
                List<String> names = new ArrayList<>();
                entries.forEach(e -> names.add(e.name()));
                throw new UsageException("--tensor: no tensor '" + tensor + "' in " + file + " (has "
                        + (names.size() > 8 ? String.join(", ", names.subList(0, 8)) + ", ..." : String.join(", ", names))
                        + ")");
            }
        }
        return 0;
    }

    private String npyName() {
        String n = file.getFileName().toString();
        return n.endsWith(".npy") ? n.substring(0, n.length() - 4) : n;
    }

    private static boolean isNpy(FileChannel ch) throws IOException {
        ByteBuffer magic = ByteBuffer.allocate(6);
        ch.read(magic, 0);
        return magic.position() == 6 && new String(magic.array(), 1, 5, StandardCharsets.ISO_8859_1).equals("NUMPY")
                && magic.get(0) == (byte) 0x93;
    }

    private JsonLine stats(FileChannel ch, long dataOffset, SafetensorsFormat.Entry e, Expectation x)
            throws IOException {
        JsonLine line = new JsonLine().put("name", e.name()).put("dtype", e.dtype() == null ? e.dtypeName()
                : e.dtype().id()).put("shape", e.shape());
        DType dtype = e.dtype();
        if (dtype == null) {
            return line.put("note", "statistics need a float dtype (F32, F64, F16, BF16)");
        }
        long count = (e.end() - e.begin()) / dtype.byteSize();
        SampleStats s = new SampleStats();
        MappedWindows.forEach(ch, FileChannel.MapMode.READ_ONLY, dataOffset + e.begin(), count, dtype.byteSize(),
                (buf, first, n) -> s.accept(buf, n, dtype));
        line.put("elements", count).put("mean", s.mean()).put("std", s.std()).put("min", s.min()).put("max", s.max());
        if (s.nonFinite() > 0) {
            line.put("non_finite", s.nonFinite());
        }
        if (x == null) {
            return line;
        }
        line.put("init", x.init());
        if (x.constant() != null) {
            double want = ElementCodec.get(ByteBuffer.wrap(ElementCodec.encode(x.constant(), dtype))
                    .order(java.nio.ByteOrder.LITTLE_ENDIAN), 0, dtype);
            return line.put("expected_value", want)
                    .put("all_equal", count == 0 || (s.nonFinite() == 0 && s.min() == want && s.max() == want));
        }
        line.put("distribution", x.distribution().id()).put("expected_std", x.std());
        ContinuousDistribution dist = KsCheck.distribution(x.distribution(), x.scale());
        if (dist == null || count == 0) {
            return line.put("ks_p_value", null).put("note", "no KS test (degenerate or empty)");
        }
        KsCheck.Result r = KsCheck.test(ch, dataOffset + e.begin(), count, dtype, dist);
        line.put("ks_statistic", r.statistic()).put("ks_p_value", r.pValue()).put("ks_sample", r.sampleSize());
        if (r.stride() > 1) {
            line.put("ks_stride", r.stride());
        }
        return line;
    }

    private static Expectation expectation(String record, String name) {
        if (record == null) {
            return null;
        }
        try {
            JsonElement el = JsonParser.parseString(record);
            if (!el.isJsonObject()) {
                return null;
            }
            JsonObject o = el.getAsJsonObject();
            String init = o.has("init") ? o.get("init").getAsString() : "unknown";
            if (o.has("value")) {
                return new Expectation(init, null, 0, 0, o.get("value").getAsDouble());
            }
            Distribution d = Distribution.parse(o.get("distribution").getAsString());
            if (o.get("scale").isJsonNull()) { // an empty tensor with an undefined std
                return new Expectation(init, d, Double.NaN, Double.NaN, null);
            }
            return new Expectation(init, d, o.get("scale").getAsDouble(), o.get("std").getAsDouble(), null);
        } catch (JsonParseException | IllegalStateException | IllegalArgumentException
                 | UnsupportedOperationException | NullPointerException ex) {
            throw new FailureException("metadata of tensor '" + name + "' is not a valid init record");
        }
    }
}
