package dev.kaiming4j.cli;

import dev.kaiming4j.DType;
import dev.kaiming4j.Initializer;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Writes tensors to an .npy or .safetensors file by generating them straight into the
 * memory-mapped file (windows of at most 1 GiB), so the heap stays small whatever the size.
 * The file is written under a temporary name and renamed into place only when complete.
 */
final class TensorFileWriter {

    /** The output format, chosen by the file extension. */
    enum Format {
        NPY, SAFETENSORS;

        static Format of(Path out) {
            String name = out.getFileName() == null ? "" : out.getFileName().toString().toLowerCase(Locale.ROOT);
            if (name.endsWith(".npy")) {
                return NPY;
            }
            if (name.endsWith(".safetensors")) {
                return SAFETENSORS;
            }
            throw new UsageException("--out: '" + out + "' must end in .npy or .safetensors");
        }
    }

    /** What was written: file size, seconds spent generating, and per-tensor stats if asked. */
    record Result(Path file, long bytes, double fillSeconds, List<SampleStats> stats) {
    }

    private final Initializer initializer;
    private final boolean collectStats;
    private long fillNanos;

    TensorFileWriter(Initializer initializer, boolean collectStats) {
        this.initializer = initializer;
        this.collectStats = collectStats;
    }

    /** Checks that the tensors fit the format before anything is created. */
    static void checkFormat(Format format, List<TensorPlan> plans) {
        if (format == Format.NPY) {
            if (plans.size() != 1) {
                throw new UsageException("--out: .npy holds exactly one array, got " + plans.size());
            }
            NpyFormat.header(plans.get(0).dtype(), plans.get(0).shape());
        }
        long total = 0;
        for (TensorPlan p : plans) {
            try {
                total = Math.addExact(total, p.byteSize());
            } catch (ArithmeticException e) {
                throw new UsageException("tensors: total size exceeds 2^63 bytes");
            }
        }
    }

    /** Writes {@code plans} (in order) to {@code out} atomically; {@code metadata} is for safetensors. */
    Result write(Path out, List<TensorPlan> plans, Map<String, String> metadata) throws IOException {
        if (ByteOrder.nativeOrder() != ByteOrder.LITTLE_ENDIAN) {
            throw new IllegalStateException("this host is big-endian; kaiming writes little-endian files by "
                    + "filling mapped memory in native order, which needs a little-endian host");
        }
        Format format = Format.of(out);
        checkFormat(format, plans);
        Layout layout = layout(format, plans, metadata);
        try (AtomicOutput output = AtomicOutput.create(out)) {
            checkSpace(output.target().getParent(), layout.total);
            List<SampleStats> stats = new ArrayList<>();
            try (RandomAccessFile raf = new RandomAccessFile(output.temp().toFile(), "rw");
                 FileChannel ch = raf.getChannel()) {
                raf.setLength(layout.total);
                reserve(ch, layout.total);
                ByteBuffer header = ByteBuffer.wrap(layout.header);
                while (header.hasRemaining()) {
                    ch.write(header, header.position());
                }
                for (int i = 0; i < plans.size(); i++) {
                    stats.add(writeTensor(ch, layout.header.length + layout.offsets[i], plans.get(i)));
                }
                ch.force(true);
            }
            output.commit();
            return new Result(output.target(), layout.total, fillNanos * 1e-9, stats);
        }
    }

    private SampleStats writeTensor(FileChannel ch, long offset, TensorPlan plan) throws IOException {
        SampleStats stats = collectStats ? new SampleStats() : null;
        DType dtype = plan.dtype();
        if (plan.isConstant()) {
            byte[] value = ElementCodec.encode(plan.constant(), dtype);
            boolean zero = isZero(value);
            if (zero && stats == null) {
                return null; // a freshly sized file reads as zeros already
            }
            ByteBuffer pattern = pattern(value);
            MappedWindows.forEach(ch, FileChannel.MapMode.READ_WRITE, offset, plan.elementCount(), dtype.byteSize(),
                    (buf, first, count) -> {
                        if (!zero) {
                            fillPattern(buf, pattern);
                        }
                        if (stats != null) {
                            stats.accept(buf, count, dtype);
                        }
                    });
            return stats;
        }
        MappedWindows.forEach(ch, FileChannel.MapMode.READ_WRITE, offset, plan.elementCount(), dtype.byteSize(),
                (buf, first, count) -> {
                    long t0 = System.nanoTime();
                    initializer.fill(plan.spec(), buf, first, count);
                    fillNanos += System.nanoTime() - t0;
                    if (stats != null) {
                        stats.accept(buf, count, dtype);
                    }
                });
        return stats;
    }

    private static boolean isZero(byte[] value) {
        for (byte b : value) {
            if (b != 0) {
                return false;
            }
        }
        return true;
    }

    private static ByteBuffer pattern(byte[] value) {
        ByteBuffer p = ByteBuffer.allocate(1 << 16);
        while (p.remaining() >= value.length) {
            p.put(value);
        }
        p.flip();
        return p;
    }

    private static void fillPattern(MappedByteBuffer buf, ByteBuffer pattern) {
        ByteBuffer dst = buf.duplicate();
        while (dst.hasRemaining()) {
            ByteBuffer src = pattern.duplicate();
            src.limit(Math.min(src.limit(), dst.remaining()));
            dst.put(src);
        }
    }

    /**
     * Makes the file system allocate every block now by writing the (zero) contents once, so
     * a disk that fills up fails here with an IOException. A block it cannot allocate later,
     * when the mapped file is written, raises SIGBUS, which kills the JVM inside native code.
     */
    private static void reserve(FileChannel ch, long bytes) throws IOException {
        ByteBuffer zeros = ByteBuffer.allocateDirect(1 << 16);
        for (long at = 0; at < bytes; at += zeros.capacity()) {
            zeros.clear().limit((int) Math.min(zeros.capacity(), bytes - at));
            while (zeros.hasRemaining()) {
                ch.write(zeros, at + zeros.position());
            }
        }
    }

    private static void checkSpace(Path dir, long bytes) throws IOException {
        long usable = Files.getFileStore(dir).getUsableSpace();
        if (usable > 0 && bytes > usable) {
            throw new FailureException("not enough disk space in " + dir + ": the file needs " + bytes
                    + " bytes, " + usable + " are usable");
        }
    }

    /** Header bytes and each tensor's offset in the data section. */
    private static final class Layout {
        byte[] header;
        long[] offsets;
        long total;
    }

    private static Layout layout(Format format, List<TensorPlan> plans, Map<String, String> metadata) {
        Layout l = new Layout();
        l.offsets = new long[plans.size()];
        if (format == Format.NPY) {
            l.header = NpyFormat.header(plans.get(0).dtype(), plans.get(0).shape());
        } else {
            // Data in order of decreasing element width (stable), so every tensor is aligned to
            // its element size; the header lists tensors in the given order.
            List<Integer> order = new ArrayList<>();
            for (int i = 0; i < plans.size(); i++) {
                order.add(i);
            }
            order.sort(Comparator.comparingInt((Integer i) -> -plans.get(i).dtype().byteSize()));
            long at = 0;
            for (int i : order) {
                l.offsets[i] = at;
                at += plans.get(i).byteSize();
            }
            List<SafetensorsFormat.Entry> entries = new ArrayList<>();
            for (int i = 0; i < plans.size(); i++) {
                TensorPlan p = plans.get(i);
                entries.add(new SafetensorsFormat.Entry(p.name(), p.dtype().safetensorsName(), p.dtype(),
                        p.shape().dims(), l.offsets[i], l.offsets[i] + p.byteSize()));
            }
            l.header = SafetensorsFormat.header(entries, metadata);
        }
        long total = l.header.length;
        for (TensorPlan p : plans) {
            total = Math.addExact(total, p.byteSize());
        }
        l.total = total;
        return l;
    }
}
