package dev.kaiming4j.io;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/** The kaiming4j version this library was built as (recorded in every file it writes). */
public final class Version {
    private static final String VERSION = load();

    private Version() {
    }

    /** The Maven project version, or {@code unknown} outside a built jar. */
    public static String get() {
        return VERSION;
    }

    private static String load() {
        try (InputStream in = Version.class.getResourceAsStream("/kaiming4j-io.properties")) {
            if (in == null) {
                return "unknown";
            }
            Properties p = new Properties();
            p.load(in);
            return p.getProperty("version", "unknown");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
