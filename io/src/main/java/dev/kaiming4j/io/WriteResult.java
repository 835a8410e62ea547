package dev.kaiming4j.io;

import java.nio.file.Path;
import java.util.List;

/**
 * What {@link Checkpoints#write} wrote.
 *
 * @param path the output (the file, the index of a sharded checkpoint, or the Zarr directory)
 * @param files every file written, in order (shards, then the index last)
 * @param bytes total bytes written
 * @param fillSeconds seconds spent generating random elements (their statistics, when asked, are taken in
 *        the same pass and counted in)
 * @param stats each tensor's statistics in spec order when asked, else empty
 * @param backend the name of the backend that generated
 */
public record WriteResult(Path path, List<Path> files, long bytes, double fillSeconds, List<SampleStats> stats,
        String backend) {
}
