package dev.kaiming4j.internal;

import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The lower-case ids of kaiming4j's enums ({@code FAN_IN} is {@code fan_in}) as the command
 * line and file metadata spell them, and the one way they are parsed back: case-insensitive,
 * by id or alias, with an error naming the argument and listing the ids.
 */
public final class EnumIds {
    private EnumIds() {
    }

    /** The constant's name in lower case. */
    public static String id(Enum<?> constant) {
        return constant.name().toLowerCase(Locale.ROOT);
    }

    /**
     * The constant of {@code constants} whose id, or whose alias in {@code aliases} (keys in
     * lower case), equals {@code name} ignoring case.
     *
     * @throws IllegalArgumentException naming {@code argument} if {@code name} is null or
     *     matches none
     */
    public static <E extends Enum<E>> E parse(String name, String argument, E[] constants, Map<String, E> aliases) {
        Checks.notNull(name, argument);
        String key = name.toLowerCase(Locale.ROOT);
        for (E c : constants) {
            if (id(c).equals(key)) {
                return c;
            }
        }
        E alias = aliases.get(key);
        if (alias != null) {
            return alias;
        }
        String ids = Arrays.stream(constants).map(EnumIds::id).collect(Collectors.joining(", "));
        int last = ids.lastIndexOf(", ");
        throw new IllegalArgumentException(argument + ": unknown value '" + name + "' (expected "
                + (last < 0 ? ids : ids.substring(0, last) + " or " + ids.substring(last + 2)) + ")");
    }
}
