package dev.kaiming4j.io;

import java.nio.file.Path;
import java.util.Locale;

/** The file formats, chosen by the output name. */
public enum CheckpointFormat {
    /** numpy {@code .npy}: one array, C order, little-endian. */
    NPY,
    /** {@code .safetensors}: one file, or shards beside a {@code .safetensors.index.json}. */
    SAFETENSORS,
    /** A Zarr v2 group directory {@code NAME.zarr}: one array per tensor, uncompressed row chunks. */
    ZARR;

    /**
     * The format {@code out}'s name asks for: {@code .npy}, {@code .safetensors} (also a
     * {@code .safetensors.index.json} to read) or {@code .zarr}.
     *
     * @throws IllegalArgumentException for any other name
     */
    public static CheckpointFormat of(Path out) {
        String name = out.getFileName() == null ? "" : out.getFileName().toString().toLowerCase(Locale.ROOT);
        if (name.endsWith(".npy")) {
            return NPY;
        }
        if (name.endsWith(".safetensors") || name.endsWith(".safetensors.index.json")) {
            return SAFETENSORS;
        }
        if (name.endsWith(".zarr")) {
            return ZARR;
        }
        throw new IllegalArgumentException("'" + out + "' must end in .npy, .safetensors or .zarr");
    }
}
