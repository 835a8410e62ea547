package dev.kaiming4j.cli;

import dev.kaiming4j.DType;
import dev.kaiming4j.Distribution;
import dev.kaiming4j.io.Checkpoint;
import dev.kaiming4j.io.Checkpoints;
import dev.kaiming4j.io.ElementCodec;
import dev.kaiming4j.io.InitRecord;
import dev.kaiming4j.io.SampleStats;
import dev.kaiming4j.io.TensorInfo;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.apache.commons.statistics.distribution.ContinuousDistribution;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code kaiming stats FILE}: per tensor one JSON line with mean, std, min, max, and the
 * Kolmogorov–Smirnov p-value against the init recorded in the file's metadata. Streams the
 * data through one reused buffer of {@link #BUFFER_BYTES}, so memory stays bounded whatever
 * the file's size.
 */
@Command(name = "stats", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Prints statistics and a KS test of each tensor in an .npy, .safetensors (single or sharded) "
                + "or Zarr checkpoint.", "",
            "One JSON line per tensor: name, dtype, shape, elements, mean, std (population), min, max; for tensors "
                + "whose init is recorded in the metadata, the one-sample Kolmogorov-Smirnov statistic and p-value "
                + "against it (on every k-th element, at most 10^6, when larger: ks_stride = k)."})
final class StatsCommand implements Callable<Integer> {
    /** The read buffer: a multiple of every dtype's 64 Ki-element stats block. */
    static final int BUFFER_BYTES = 8 << 20;

    // picocli declares one annotated field per option: this block resembles other commands' in shape only;
    // the options differ.
    @Spec
    CommandSpec cmd;

    @Parameters(index = "0", paramLabel = "FILE",
            description = ".npy, .safetensors, .safetensors.index.json or .zarr directory.")
    Path file;

    @Option(names = "--tensor", paramLabel = "NAME", description = "Only this tensor.")
    String tensor;

    @Option(names = "--expect-std", paramLabel = "S",
            description = "Run the KS test against this std where the file records none (e.g. .npy).")
    Double expectStd;

    @Option(names = "--expect-distribution", paramLabel = "normal|uniform|truncated_normal", defaultValue = "normal",
            description = "Distribution for --expect-std (default: ${DEFAULT-VALUE}).")
    String expectDistribution;

    @Override
    public Integer call() throws IOException {
        if (!Files.exists(file) && !Files.exists(file.resolveSibling(file.getFileName() + ".index.json"))) {
            throw new UsageException("FILE: '" + file + "' does not exist");
        }
        if (!Files.isRegularFile(file) && !Files.isDirectory(file) && Files.exists(file)) {
            throw new UsageException("FILE: '" + file + "' is not a regular file");
        }
        if (expectStd != null && !(expectStd > 0 && Double.isFinite(expectStd))) {
            throw new UsageException("--expect-std: must be positive and finite, got " + expectStd);
        }
        Distribution expectDist = Distribution.parse(expectDistribution);
        PrintWriter out = cmd.commandLine().getOut();
        try (Checkpoint c = Checkpoints.open(file)) {
            ByteBuffer buffer = null;
            boolean found = false;
            for (TensorInfo e : c.tensors()) {
                if (tensor != null && !tensor.equals(e.name())) {
                    continue;
                }
                found = true;
                Optional<InitRecord> x = c.initRecord(e.name());
                if (x.isEmpty() && expectStd != null) {
                    x = Optional.of(new InitRecord("expected", expectDist,
                            dev.kaiming4j.Sampling.withStd(expectDist, expectStd).scale(), expectStd, null));
                }
                if (buffer == null && e.dtype() != null) {
                    buffer = ByteBuffer.allocateDirect(BUFFER_BYTES).order(ByteOrder.LITTLE_ENDIAN);
                }
                out.println(stats(c, e, x.orElse(null), buffer));
            }
            if (!found) {
                List<String> names = new ArrayList<>();
                c.tensors().forEach(e -> names.add(e.name()));
                throw new UsageException("--tensor: no tensor '" + tensor + "' in " + file + " (has "
                        + (names.size() > 8 ? String.join(", ", names.subList(0, 8)) + ", ..." : String.join(", ", names))
                        + ")");
            }
        }
        return 0;
    }

    private static JsonLine stats(Checkpoint c, TensorInfo e, InitRecord x, ByteBuffer buffer) throws IOException {
        JsonLine line = new JsonLine().put("name", e.name()).put("dtype", e.dtype() == null ? e.dtypeName()
                : e.dtype().id()).put("shape", e.shape());
        DType dtype = e.dtype();
        if (dtype == null) {
            return line.put("note", "statistics need a float dtype (F32, F64, F16, BF16)");
        }
        long count = e.elementCount();
        SampleStats s = new SampleStats();
        int per = BUFFER_BYTES / dtype.byteSize();
        for (long first = 0; first < count; first += per) {
            int n = (int) Math.min(per, count - first);
            buffer.clear().limit(n * dtype.byteSize());
            c.read(e.name(), first, buffer);
            buffer.flip();
            s.accept(buffer, n, dtype);
        }
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
                    .order(ByteOrder.LITTLE_ENDIAN), 0, dtype);
            return line.put("expected_value", want)
                    .put("all_equal", count == 0 || (s.nonFinite() == 0 && s.min() == want && s.max() == want));
        }
        if (x.structured()) {
            return StructureCheck.check(c, e, dtype, x, buffer, line);
        }
        line.put("distribution", x.distribution().id()).put("expected_std", x.std());
        ContinuousDistribution dist = KsCheck.distribution(x);
        if (dist == null || count == 0) {
            return line.put("ks_p_value", null).put("note", "no KS test (degenerate or empty)");
        }
        KsCheck.Result r = KsCheck.test(c, e.name(), count, dtype, dist, buffer);
        line.put("ks_statistic", r.statistic()).put("ks_p_value", r.pValue()).put("ks_sample", r.sampleSize());
        if (r.stride() > 1) {
            line.put("ks_stride", r.stride());
        }
        return line;
    }
}
