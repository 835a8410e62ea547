package dev.kaiming4j.spark;

import java.io.IOException;
import java.io.OutputStream;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * Where task attempts write, and how the driver publishes them. Every attempt writes its files
 * under {@code OUT/_temporary/JOB/task-NNNNN-attempt-ID/}, so a retried or speculative attempt
 * never touches another's files. When every task has succeeded the driver moves the files of the
 * winning attempts (the ones Spark returned) to {@code OUT}, then writes the index files (each
 * under a temporary name, renamed), deletes {@code _temporary}, and writes {@code _SUCCESS} last.
 * Until the index exists the output cannot be opened as a checkpoint; until {@code _SUCCESS}
 * exists it is not complete. A failed or cancelled job is rolled back by {@link #abort}; a killed
 * one leaves only {@code _temporary}, which the next run into the same {@code OUT} removes.
 */
public final class CommitProtocol implements Serializable {
    private static final long serialVersionUID = 1L;
    /** The attempts' directory under the output. */
    public static final String TEMPORARY = "_temporary";
    /** Written last: the output is complete. */
    public static final String SUCCESS = "_SUCCESS";

    private final String out;
    private final String job;
    private final boolean createdOut;
    private final transient List<String> published = new ArrayList<>();

    private CommitProtocol(String out, String job, boolean createdOut) {
        this.out = out;
        this.job = job;
        this.createdOut = createdOut;
    }

    /**
     * Prepares {@code out}: it must not exist, or be a directory holding nothing but a
     * {@code _temporary} left by a killed run (removed here).
     *
     * @throws IOException naming {@code --out} if it exists and holds anything else
     */
    public static CommitProtocol setup(String out, Configuration conf) throws IOException {
        Path dir = new Path(out);
        FileSystem fs = dir.getFileSystem(conf);
        boolean exists = check(out, conf);
        if (exists) {
            fs.delete(new Path(dir, TEMPORARY), true);
        }
        CommitProtocol p = new CommitProtocol(dir.toString(), UUID.randomUUID().toString(), !exists);
        if (!fs.mkdirs(p.jobDir())) {
            throw new IOException("--out: cannot create " + p.jobDir());
        }
        return p;
    }

    /**
     * Checks, changing nothing, that {@link #setup} will accept {@code out}; returns whether it exists.
     *
     * @throws IOException naming {@code --out} if it is a file, or a directory holding anything but
     *     {@code _temporary}
     */
    public static boolean check(String out, Configuration conf) throws IOException {
        Path dir = new Path(out);
        FileSystem fs = dir.getFileSystem(conf);
        if (!fs.exists(dir)) {
            return false;
        }
        if (!fs.getFileStatus(dir).isDirectory()) {
            throw new IOException("--out: " + out + " is a file, not a directory");
        }
        for (FileStatus s : fs.listStatus(dir)) {
            if (!s.getPath().getName().equals(TEMPORARY)) {
                throw new IOException("--out: " + out + " is not empty (it holds " + s.getPath().getName()
                        + "); refusing to write into it");
            }
        }
        return true;
    }

    /** The output directory. */
    public String out() {
        return out;
    }

    /** The directory of one task attempt ({@code attemptId}: Spark's task attempt id, unique in the application). */
    public Path attemptDir(int task, long attemptId) {
        return new Path(jobDir(), String.format("task-%05d-attempt-%d", task, attemptId));
    }

    private Path jobDir() {
        return new Path(new Path(out, TEMPORARY), job);
    }

    /**
     * Moves each winning attempt's files into the output, writes {@code indexFiles} (path
     * relative to the output → contents) in the map's order, removes {@code _temporary} and
     * writes {@code _SUCCESS}.
     */
    public void publish(List<TaskResult> winners, Map<String, byte[]> indexFiles, Configuration conf) throws IOException {
        Path dir = new Path(out);
        FileSystem fs = dir.getFileSystem(conf);
        fs.setWriteChecksum(false);
        for (TaskResult r : winners) {
            for (String file : r.files()) {
                Path target = new Path(dir, file);
                fs.mkdirs(target.getParent());
                published.add(file);
                if (!fs.rename(new Path(r.attemptDir(), file), target)) {
                    throw new IOException("cannot move " + new Path(r.attemptDir(), file) + " to " + target);
                }
            }
        }
        for (Map.Entry<String, byte[]> e : indexFiles.entrySet()) {
            Path target = new Path(dir, e.getKey());
            Path temp = new Path(jobDir(), e.getKey().replace('/', '_') + ".tmp");
            try (OutputStream o = fs.create(temp, false)) {
                o.write(e.getValue());
            }
            fs.mkdirs(target.getParent());
            published.add(e.getKey());
            if (!fs.rename(temp, target)) {
                throw new IOException("cannot move " + temp + " to " + target);
            }
        }
        fs.delete(new Path(dir, TEMPORARY), true);
        fs.create(new Path(dir, SUCCESS), false).close();
    }

    /**
     * Rolls back: removes this job's attempts, whatever {@link #publish} had moved, and the
     * output directory itself if this job created it and it is now empty.
     */
    public void abort(Configuration conf) throws IOException {
        Path dir = new Path(out);
        FileSystem fs = dir.getFileSystem(conf);
        fs.delete(jobDir(), true);
        for (String file : published) {
            fs.delete(new Path(dir, file), false);
        }
        Path temporary = new Path(dir, TEMPORARY);
        if (fs.exists(temporary) && fs.listStatus(temporary).length == 0) {
            fs.delete(temporary, false);
        }
        if (createdOut && fs.exists(dir)) {
            deleteEmptyDirs(fs, dir);
        }
    }

    /** Deletes {@code dir} and its subdirectories bottom-up where they hold no files. */
    private static boolean deleteEmptyDirs(FileSystem fs, Path dir) throws IOException {
        boolean empty = true;
        for (FileStatus s : fs.listStatus(dir)) {
            empty &= s.isDirectory() && deleteEmptyDirs(fs, s.getPath());
        }
        return empty && fs.delete(dir, false);
    }
}
