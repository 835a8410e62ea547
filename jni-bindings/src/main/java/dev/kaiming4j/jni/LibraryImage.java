package dev.kaiming4j.jni;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.bytedeco.javacpp.Loader;

/**
 * Checks that a bundled JNI library is a whole ELF image before it is loaded. glibc's loader
 * maps the segments a truncated file promises and the process dies of SIGBUS when it touches
 * them — a crash no Java code can catch — so a damaged jar or cache must be refused here, as
 * an {@link UnsatisfiedLinkError} that becomes the backend's unavailability cause.
 */
final class LibraryImage {
    private LibraryImage() {
    }

    /**
     * Finds {@code owner}'s bundled library {@code name} ({@code <platform>/lib<name>.so} beside
     * the class, where JavaCPP's build puts it) and, on Linux, checks it. Returns its URL, or null
     * when the resource is absent (then loading fails by itself, cleanly).
     */
    static URL checkBundled(Class<?> owner, String name) {
        String platform = Loader.getPlatform();
        URL url = owner.getResource(platform + "/" + System.mapLibraryName(name));
        if (url == null || !platform.startsWith("linux")) {
            return url;
        }
        byte[] image;
        try (InputStream in = url.openStream()) {
            image = in.readAllBytes();
        } catch (IOException e) {
            throw (UnsatisfiedLinkError) new UnsatisfiedLinkError(url + ": cannot be read: " + e).initCause(e);
        }
        check(url.toString(), image);
        return url;
    }

    /** Throws {@link UnsatisfiedLinkError} unless every header and segment lies within the file. */
    static void check(String what, byte[] image) {
        if (image.length < 64 || image[0] != 0x7f || image[1] != 'E' || image[2] != 'L' || image[3] != 'F') {
            throw new UnsatisfiedLinkError(what + ": not an ELF library (" + image.length + " bytes)");
        }
        if (image[4] != 2) {
            return; // ELF32: not a platform we ship
        }
        ByteBuffer b = ByteBuffer.wrap(image).order(image[5] == 2 ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN);
        long phoff = b.getLong(0x20);
        long shoff = b.getLong(0x28);
        int phentsize = b.getShort(0x36) & 0xffff;
        int phnum = b.getShort(0x38) & 0xffff;
        int shentsize = b.getShort(0x3a) & 0xffff;
        int shnum = b.getShort(0x3c) & 0xffff;
        within(what, image, phoff, (long) phentsize * phnum, "program headers");
        within(what, image, shoff, (long) shentsize * shnum, "section headers");
        for (int i = 0; i < phnum; i++) {
            int at = (int) phoff + i * phentsize;
            within(what, image, b.getLong(at + 8), b.getLong(at + 32), "segment " + i);
        }
    }

    private static void within(String what, byte[] image, long offset, long length, String part) {
        if (offset < 0 || length < 0 || offset > image.length || length > image.length - offset) {
            throw new UnsatisfiedLinkError(what + ": truncated or corrupt: " + part + " [" + offset + ", +" + length
                    + ") lies beyond the file's " + image.length + " bytes");
        }
    }
}
