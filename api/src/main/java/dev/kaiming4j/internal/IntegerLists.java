package dev.kaiming4j.internal;

/** Comma-separated integers, as shapes ({@code 256,128,3,3}) and axis lists ({@code 0,1}) are written. */
public final class IntegerLists {
    private IntegerLists() {
    }

    /**
     * The integers of {@code text} (not blank; blanks around each item are ignored), each in
     * {@code [min, max]}.
     *
     * @throws IllegalArgumentException naming {@code name}, the item and the text, which says the
     *     item is not {@code what}
     */
    public static long[] parse(String text, String name, String what, long min, long max) {
        String[] items = text.trim().split(",", -1);
        long[] values = new long[items.length];
        for (int i = 0; i < items.length; i++) {
            String item = items[i].trim();
            try {
                values[i] = Long.parseLong(item);
            } catch (NumberFormatException e) {
                throw notA(name, item, text, what);
            }
            if (values[i] < min || values[i] > max) {
                throw notA(name, item, text, what);
            }
        }
        return values;
    }

    private static IllegalArgumentException notA(String name, String item, String text, String what) {
        return new IllegalArgumentException(name + ": '" + item + "' in '" + text + "' is not " + what);
    }
}
