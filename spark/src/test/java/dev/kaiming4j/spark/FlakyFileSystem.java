package dev.kaiming4j.spark;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RawLocalFileSystem;
import org.apache.hadoop.util.Progressable;

/**
 * The local file system under the scheme {@code flaky:}, where the first file created whose name
 * ends in {@code flaky.fail.suffix} fails with an IOException after half a megabyte, leaving a
 * partial file behind as a dying datanode would, and the first file created whose path ends in
 * {@code flaky.stall.suffix} stalls for a minute (a slow disk) unless its task is killed. "First"
 * holds across JVMs: a marker file in {@code flaky.marker.dir} is created atomically by the one
 * attempt that fails or stalls.
 */
public final class FlakyFileSystem extends RawLocalFileSystem {
    static final String SUFFIX = "flaky.fail.suffix";
    static final String MARKER_DIR = "flaky.marker.dir";
    static final String STALL_SUFFIX = "flaky.stall.suffix";
    private static final long STALL_MILLIS = 60_000;
    private static final int FAIL_AFTER_BYTES = 1 << 19;

    @Override
    public void initialize(URI uri, Configuration conf) throws IOException {
        super.initialize(URI.create("file:///"), conf);
    }

    @Override
    public URI getUri() {
        return URI.create("flaky:///");
    }

    @Override
    public String getScheme() {
        return "flaky";
    }

    @Override
    public FSDataOutputStream create(Path f, boolean overwrite, int bufferSize, short replication, long blockSize,
            Progressable progress) throws IOException {
        FSDataOutputStream out = super.create(f, overwrite, bufferSize, replication, blockSize, progress);
        String stall = getConf().get(STALL_SUFFIX);
        if (stall != null && f.toString().endsWith(stall)
                && new File(getConf().get(MARKER_DIR), "stalled-" + f.getName()).createNewFile()) {
            try {
                Thread.sleep(STALL_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                out.close();
                throw new IOException("flaky: interrupted while stalling on " + f);
            }
        }
        String suffix = getConf().get(SUFFIX);
        if (suffix == null || !f.getName().endsWith(suffix)
                || !new File(getConf().get(MARKER_DIR), f.getName()).createNewFile()) {
            return out;
        }
        return new FSDataOutputStream(new OutputStream() {
            private long written;

            @Override
            public void write(int b) throws IOException {
                write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                if (written + len > FAIL_AFTER_BYTES) {
                    out.close();
                    throw new IOException("flaky: injected failure writing " + f + " after " + written + " bytes");
                }
                out.write(b, off, len);
                written += len;
            }

            @Override
            public void close() throws IOException {
                out.close();
            }
        }, null);
    }
}
