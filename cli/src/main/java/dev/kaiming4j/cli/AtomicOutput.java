package dev.kaiming4j.cli;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.SecureRandom;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * An output file that appears whole or not at all: written under a hidden temporary name in
 * the same directory, then renamed atomically over the final name by {@link #commit()}.
 * {@link #close()} without commit deletes the temporary file, and so does a shutdown hook if
 * the JVM is stopped (Ctrl-C, SIGTERM) while writing.
 */
final class AtomicOutput implements AutoCloseable {
    private static final Set<Path> PENDING = ConcurrentHashMap.newKeySet();
    private static final SecureRandom RANDOM = new SecureRandom();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            for (Path p : PENDING) {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException ignored) {
                    // best effort at exit
                }
            }
        }, "kaiming4j-temp-cleanup"));
    }

    private final Path target;
    private final Path temp;
    private boolean committed;

    private AtomicOutput(Path target, Path temp) {
        this.target = target;
        this.temp = temp;
    }

    /**
     * Checks that {@code out} can be written and creates the empty temporary file beside it.
     *
     * @throws UsageException when the path cannot be an output file
     */
    static AtomicOutput create(Path out) {
        Path target = resolve(out);
        Path dir = target.getParent();
        String name = target.getFileName().toString();
        Path temp = dir.resolve("." + name + "." + Long.toHexString(RANDOM.nextLong() & Long.MAX_VALUE) + ".tmp");
        try {
            Files.createFile(temp);
        } catch (AccessDeniedException e) {
            throw new UsageException("--out: permission denied to create a file in " + dir);
        } catch (FileAlreadyExistsException e) {
            throw new IllegalStateException("temporary file " + temp + " exists already", e);
        } catch (IOException | UnsupportedOperationException e) {
            throw new UsageException("--out: cannot create a file in " + dir + " (" + reason(e) + ")");
        }
        PENDING.add(temp);
        return new AtomicOutput(target, temp);
    }

    /** The final path, symbolic links resolved; checked but not created. */
    static Path resolve(Path out) {
        Path p = out.toAbsolutePath().normalize();
        if (p.getFileName() == null) {
            throw new UsageException("--out: '" + out + "' is not a file name");
        }
        if (Files.isSymbolicLink(p)) {
            try {
                p = p.toRealPath();
            } catch (IOException e) {
                throw new UsageException("--out: '" + out + "' is a dangling symbolic link");
            }
        }
        if (Files.isDirectory(p)) {
            throw new UsageException("--out: '" + out + "' is a directory");
        }
        if (Files.exists(p, LinkOption.NOFOLLOW_LINKS) && !Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
            throw new UsageException("--out: '" + out + "' exists and is not a regular file");
        }
        Path dir = p.getParent();
        if (dir == null || !Files.isDirectory(dir)) {
            throw new UsageException("--out: directory '" + (dir == null ? out : dir) + "' does not exist");
        }
        return p;
    }

    Path temp() {
        return temp;
    }

    Path target() {
        return target;
    }

    /** Renames the temporary file over the target, atomically. */
    void commit() throws IOException {
        Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
        committed = true;
        PENDING.remove(temp);
    }

    @Override
    public void close() throws IOException {
        if (!committed) {
            try {
                Files.deleteIfExists(temp);
            } finally {
                PENDING.remove(temp);
            }
        }
    }

    /** Why the file system refused, in words ("no such file", "read only file system"). */
    private static String reason(Exception e) {
        String r = e instanceof java.nio.file.FileSystemException
                ? ((java.nio.file.FileSystemException) e).getReason() : e.getMessage();
        if (r != null && !r.isBlank()) {
            return r;
        }
        String type = e.getClass().getSimpleName().replace("Exception", "");
        return type.replaceAll("([a-z])([A-Z])", "$1 $2").toLowerCase(java.util.Locale.ROOT);
    }
}
