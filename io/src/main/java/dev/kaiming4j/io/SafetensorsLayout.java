package dev.kaiming4j.io;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * Where each tensor of one .safetensors file goes: the header (tensors listed in the given
 * order) and the data in order of decreasing element width (stable), so every tensor is
 * aligned to its element size. A writer anywhere (another thread, process or machine) can
 * produce any tensor's bytes at {@link #offset} alone.
 */
public final class SafetensorsLayout {
    private final List<TensorPlan> tensors;
    private final byte[] header;
    private final long[] offsets;
    private final long size;

    private SafetensorsLayout(List<TensorPlan> tensors, byte[] header, long[] offsets, long size) {
        this.tensors = tensors;
        this.header = header;
        this.offsets = offsets;
        this.size = size;
    }

    /** The layout of {@code tensors} with the string-to-string {@code metadata}. */
    public static SafetensorsLayout of(List<TensorPlan> tensors, Map<String, String> metadata) {
        List<TensorPlan> plans = List.copyOf(tensors);
        long[] data = new long[plans.size()];
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < plans.size(); i++) {
            order.add(i);
        }
        order.sort(Comparator.comparingInt((Integer i) -> -plans.get(i).dtype().byteSize()));
        long at = 0;
        for (int i : order) {
            data[i] = at;
            at = Math.addExact(at, plans.get(i).byteSize());
        }
        List<SafetensorsFormat.Entry> entries = new ArrayList<>();
        for (int i = 0; i < plans.size(); i++) {
            TensorPlan p = plans.get(i);
            entries.add(new SafetensorsFormat.Entry(p.name(), p.dtype().safetensorsName(), p.dtype(),
                    p.shape().dims(), data[i], data[i] + p.byteSize()));
        }
        byte[] header = SafetensorsFormat.header(entries, metadata);
        long[] offsets = new long[plans.size()];
        for (int i = 0; i < offsets.length; i++) {
            offsets[i] = header.length + data[i];
        }
        return new SafetensorsLayout(plans, header, offsets, Math.addExact(header.length, at));
    }

    /** The tensors, in header order. */
    public List<TensorPlan> tensors() {
        return tensors;
    }

    /** The first bytes of the file: length prefix and padded JSON. */
    public byte[] header() {
        return header.clone();
    }

    /** Byte offset in the file of tensor {@code i} (header order). */
    public long offset(int i) {
        return offsets[i];
    }

    /** The file's size in bytes. */
    public long size() {
        return size;
    }

    /** Tensor indices in order of their data in the file. */
    List<Integer> fileOrder() {
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < offsets.length; i++) {
            order.add(i);
        }
        order.sort(Comparator.comparingLong(i -> offsets[i]));
        return order;
    }
}
