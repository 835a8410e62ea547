package dev.kaiming4j.spark;

import java.util.Locale;

/** Byte counts as given on the command line: {@code 1048576}, {@code 5GB} (10^9), {@code 256MiB} (2^20). */
final class ByteSize {
    private ByteSize() {
    }

    static long parse(String text, String option) {
        String s = text.trim().toUpperCase(Locale.ROOT);
        int end = 0;
        while (end < s.length() && Character.isDigit(s.charAt(end))) {
            end++;
        }
        long unit;
        switch (s.substring(end)) {
            case "", "B" -> unit = 1;
            case "KB" -> unit = 1_000L;
            case "MB" -> unit = 1_000_000L;
            case "GB" -> unit = 1_000_000_000L;
            case "TB" -> unit = 1_000_000_000_000L;
            case "KIB" -> unit = 1L << 10;
            case "MIB" -> unit = 1L << 20;
            case "GIB" -> unit = 1L << 30;
            case "TIB" -> unit = 1L << 40;
            default -> throw new IllegalArgumentException(option + ": '" + text + "' is not a byte count (e.g. "
                    + "1048576, 5GB, 256MiB)");
        }
        try {
            long n = Long.parseLong(s.substring(0, end));
            if (n <= 0) {
                throw new IllegalArgumentException(option + ": must be positive, got '" + text + "'");
            }
            return Math.multiplyExact(n, unit);
        } catch (NumberFormatException | ArithmeticException e) {
            throw new IllegalArgumentException(option + ": '" + text + "' is not a byte count below 2^63");
        }
    }
}
