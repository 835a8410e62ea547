package dev.kaiming4j.io;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * An output file (or directory, for Zarr) that appears whole or not at all: written under a
 * hidden temporary name in the same directory, {@code .NAME.PID-RANDOM.tmp}, then renamed over
 * the final name by {@link #commit()}. {@link #close()} without commit deletes the temporary,
 * and so does a shutdown hook if the JVM is stopped (Ctrl-C, SIGTERM) while writing. A JVM
 * killed outright (SIGKILL, power loss) cannot clean up: the next output to the same name
 * removes temporaries of that name whose process ({@code PID}) is gone.
 */
final class AtomicOutput implements AutoCloseable {
    private static final Set<Path> PENDING = ConcurrentHashMap.newKeySet();
    private static final long PID = ProcessHandle.current().pid();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            for (Path p : PENDING) {
                try {
                    deleteTree(p);
                } catch (IOException ignored) {
                    // best effort at exit
                }
            }
        }, "kaiming4j-temp-cleanup"));
    }

    private final Path target;
    private final Path temp;
    private final boolean directory;
    private boolean committed;

    private AtomicOutput(Path target, Path temp, boolean directory) {
        this.target = target;
        this.temp = temp;
        this.directory = directory;
    }

    /** Checks that {@code out} can be written and creates the empty temporary file beside it. */
    static AtomicOutput create(Path out) throws IOException {
        return create(out, false);
    }

    /** As {@link #create(Path)}, for a directory output (a Zarr group). */
    static AtomicOutput createDirectory(Path out) throws IOException {
        return create(out, true);
    }

    private static AtomicOutput create(Path out, boolean directory) throws IOException {
        Path target = resolve(out, directory);
        Path dir = target.getParent();
        String name = target.getFileName().toString();
        removeStaleTemporaries(dir, name);
        Path temp = dir.resolve(tempName(name));
        try {
            if (directory) {
                Files.createDirectory(temp);
            } else {
                Files.createFile(temp);
            }
        } catch (AccessDeniedException e) {
            throw new OutputPathException("permission denied to create a file in " + dir);
        } catch (FileAlreadyExistsException e) {
            throw new IllegalStateException("temporary file " + temp + " exists already", e);
        } catch (IOException | UnsupportedOperationException e) {
            throw new OutputPathException("cannot create a file in " + dir + " (" + reason(e) + ")");
        }
        PENDING.add(temp);
        return new AtomicOutput(target, temp, directory);
    }

    /** {@code .NAME.PID-RANDOM.tmp}: the writer's process id lets a later run tell a leftover. */
    static String tempName(String name) {
        return "." + name + "." + PID + "-" + random() + ".tmp";
    }

    /**
     * The RANDOM part: it must differ between writers of one process, not be secret (the file is
     * created exclusively, so a name taken already fails instead of being followed), hence no
     * SecureRandom, whose set-up is slow on the start-up path of every write.
     */
    private static String random() {
        return Long.toHexString(ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE);
    }

    /**
     * Deletes {@code .NAME.PID-HEX.tmp} entries of {@code dir} whose process is gone: only our
     * exact pattern for this name, never a running writer's, never anything else.
     */
    static void removeStaleTemporaries(Path dir, String name) throws IOException {
        Pattern ours = Pattern.compile("\\." + Pattern.quote(name) + "\\.(\\d{1,18})-[0-9a-f]{1,16}(\\.old)?\\.tmp");
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir, "." + globQuote(name) + ".*.tmp")) {
            for (Path p : entries) {
                Matcher m = ours.matcher(p.getFileName().toString());
                if (m.matches() && ProcessHandle.of(Long.parseLong(m.group(1))).map(h -> !h.isAlive()).orElse(true)) {
                    deleteTree(p);
                }
            }
        } catch (AccessDeniedException e) {
            // an unreadable directory: creating the temporary reports it
        }
    }

    private static String globQuote(String name) {
        return name.replaceAll("([\\\\*?\\[\\]{}])", "\\\\$1");
    }

    /** The final path, symbolic links resolved; checked but not created. */
    static Path resolve(Path out, boolean directory) {
        Path p = out.toAbsolutePath().normalize();
        if (p.getFileName() == null) {
            throw new OutputPathException("'" + out + "' is not a file name");
        }
        if (Files.isSymbolicLink(p)) {
            try {
                p = p.toRealPath();
            } catch (IOException e) {
                throw new OutputPathException("'" + out + "' is a dangling symbolic link");
            }
        }
        if (!directory && Files.isDirectory(p)) {
            throw new OutputPathException("'" + out + "' is a directory");
        }
        if (directory && Files.exists(p, LinkOption.NOFOLLOW_LINKS) && !Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
            throw new OutputPathException("'" + out + "' exists and is not a directory");
        }
        if (!directory && Files.exists(p, LinkOption.NOFOLLOW_LINKS) && !Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
            throw new OutputPathException("'" + out + "' exists and is not a regular file");
        }
        Path dir = p.getParent();
        if (dir == null || !Files.isDirectory(dir)) {
            throw new OutputPathException("directory '" + (dir == null ? out : dir) + "' does not exist");
        }
        return p;
    }

    Path temp() {
        return temp;
    }

    Path target() {
        return target;
    }

    /**
     * Renames the temporary over the target, atomically for a file. A directory that exists
     * already is first renamed aside, then deleted once the new one is in place.
     */
    void commit() throws IOException {
        if (directory && Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
            Path old = target.resolveSibling("." + target.getFileName() + "." + PID + "-" + random() + ".old.tmp");
            PENDING.add(old);
            Files.move(target, old, StandardCopyOption.ATOMIC_MOVE);
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
            committed = true;
            PENDING.remove(temp);
            deleteTree(old);
            PENDING.remove(old);
            return;
        }
        Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
        committed = true;
        PENDING.remove(temp);
    }

    @Override
    public void close() throws IOException {
        if (!committed) {
            try {
                deleteTree(temp);
            } finally {
                PENDING.remove(temp);
            }
        }
    }

    static void deleteTree(Path p) throws IOException {
        if (!Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
            Files.deleteIfExists(p);
            return;
        }
        try (Stream<Path> walk = Files.walk(p)) {
            for (Path q : (Iterable<Path>) walk.sorted(Comparator.reverseOrder())::iterator) {
                Files.deleteIfExists(q);
            }
        }
    }

    /** Why the file system refused, in words ("no such file", "read only file system"). */
    private static String reason(Exception e) {
        String r = e instanceof FileSystemException ? ((FileSystemException) e).getReason() : e.getMessage();
        if (r != null && !r.isBlank()) {
            return r;
        }
        String type = e.getClass().getSimpleName().replace("Exception", "");
        return type.replaceAll("([a-z])([A-Z])", "$1 $2").toLowerCase(Locale.ROOT);
    }
}
