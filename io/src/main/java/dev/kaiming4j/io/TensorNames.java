package dev.kaiming4j.io;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Tensor names come from specs and from checkpoints that may be hostile. A name is stored as a
 * JSON string in every format, and in Zarr it also becomes a directory name: there it must stay
 * one plain path segment inside the group, and no two names may map to the same directory.
 */
final class TensorNames {
    private TensorNames() {
    }

    /** Any format: non-empty, no control characters (NUL included), not the metadata key. */
    static String check(String name) {
        if (name == null || name.isEmpty()) {
            throw new IllegalArgumentException("name: a tensor needs a non-empty name");
        }
        if (name.equals(SafetensorsFormat.METADATA)) {
            throw new IllegalArgumentException("name: '" + name + "' is reserved by safetensors");
        }
        for (int i = 0; i < name.length(); i++) {
            if (Character.isISOControl(name.charAt(i))) {
                throw new IllegalArgumentException("name: tensor name " + quote(name)
                        + " contains a control character (code " + (int) name.charAt(i) + ")");
            }
        }
        return name;
    }

    /**
     * Zarr: each name is one directory of the group, so no {@code /} or {@code \}, not
     * {@code .}/{@code ..}, no leading dot (the group's {@code .zgroup}/{@code .zattrs} live
     * there), and no two names equal ignoring case (they would collide on macOS or Windows).
     */
    static void checkZarr(List<String> names) {
        Map<String, String> seen = new HashMap<>();
        for (String name : names) {
            if (name.contains("/") || name.contains("\\") || name.startsWith(".")) {
                throw new IllegalArgumentException("name: tensor " + quote(name) + " cannot be a Zarr array name "
                        + "(no '/', '\\' or leading '.': it must stay one directory inside the group)");
            }
            String prior = seen.put(name.toLowerCase(Locale.ROOT), name);
            if (prior != null) {
                throw new IllegalArgumentException("name: tensors " + quote(prior) + " and " + quote(name)
                        + " map to the same Zarr directory on a case-insensitive file system");
            }
        }
    }

    static String quote(String name) {
        StringBuilder b = new StringBuilder("'");
        for (int i = 0; i < name.length() && i < 200; i++) {
            char c = name.charAt(i);
            b.append(Character.isISOControl(c) ? String.format("\\u%04x", (int) c) : String.valueOf(c));
        }
        return b.append(name.length() > 200 ? "...'" : "'").toString();
    }
}
