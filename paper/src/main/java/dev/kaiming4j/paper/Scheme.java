package dev.kaiming4j.paper;

import dev.kaiming4j.FanMode;
import dev.kaiming4j.InitSpec;
import dev.kaiming4j.Nonlinearity;
import dev.kaiming4j.ScaleFamily;
import dev.kaiming4j.Shape;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * A weight-init scheme compared by the diagnostics, named as in their CSV files:
 * {@code kaiming_fan_in} and {@code kaiming_fan_out} (He et al., with the activation's gain),
 * {@code xavier} (Glorot: fan_avg, gain 1, as in He et al.'s comparison), {@code lecun}
 * (fan_in, gain 1), and {@code normal_S}, a fixed N(0, S²).
 */
record Scheme(String name, ScaleFamily family, FanMode mode, double fixedStd) {
    /** Parses one name; unknown names are an {@link IllegalArgumentException} naming {@code --schemes}. */
    static Scheme parse(String name) {
        String key = name.trim().toLowerCase(Locale.ROOT);
        switch (key) {
            case "kaiming_fan_in":
                return new Scheme(key, ScaleFamily.KAIMING, FanMode.FAN_IN, Double.NaN);
            case "kaiming_fan_out":
                return new Scheme(key, ScaleFamily.KAIMING, FanMode.FAN_OUT, Double.NaN);
            case "xavier":
                return new Scheme(key, ScaleFamily.XAVIER, FanMode.FAN_AVG, Double.NaN);
            case "lecun":
                return new Scheme(key, ScaleFamily.LECUN, FanMode.FAN_IN, Double.NaN);
            default:
                break;
        }
        if (key.startsWith("normal_")) {
            double std;
            try {
                std = Double.parseDouble(key.substring("normal_".length()));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("--schemes: bad std in '" + name + "'");
            }
            return normal(std);
        }
        throw new IllegalArgumentException("--schemes: unknown scheme '" + name
                + "' (expected kaiming_fan_in, kaiming_fan_out, xavier, lecun or normal_STD, e.g. normal_0.01)");
    }

    /** N(0, std²), named {@code normal_} followed by the std in plain decimal ({@code normal_0.05}). */
    static Scheme normal(double std) {
        if (!(std > 0) || !Double.isFinite(std)) {
            throw new IllegalArgumentException("--std: must be positive and finite, got " + std);
        }
        String text = BigDecimal.valueOf(std).stripTrailingZeros().toPlainString();
        return new Scheme("normal_" + text, ScaleFamily.KAIMING, FanMode.FAN_IN, std);
    }

    /** The comma-separated {@code schemes}, then {@code normal_STD} if a std is given; duplicates dropped. */
    static List<Scheme> parseList(String schemes, Double std) {
        Set<String> seen = new LinkedHashSet<>();
        List<Scheme> out = new ArrayList<>();
        for (String part : schemes.split(",")) {
            if (!part.isBlank()) {
                Scheme s = parse(part);
                if (seen.add(s.name)) {
                    out.add(s);
                }
            }
        }
        if (std != null) {
            Scheme s = normal(std);
            if (seen.add(s.name)) {
                out.add(s);
            }
        }
        if (out.isEmpty()) {
            throw new IllegalArgumentException("--schemes: no scheme given");
        }
        return out;
    }

    /** The kaiming4j spec of one weight tensor (torch layout) under this scheme. */
    InitSpec spec(Shape shape, Nonlinearity nonlinearity, long seed) {
        InitSpec.Builder b = InitSpec.builder(shape).seed(seed);
        if (!Double.isNaN(fixedStd)) {
            return b.std(fixedStd).build();
        }
        b.family(family).mode(mode);
        if (family == ScaleFamily.KAIMING) {
            b.nonlinearity(nonlinearity);
        }
        return b.build();
    }
}
