package dev.kaiming4j;

import dev.kaiming4j.internal.Checks;
import java.util.Locale;

/**
 * Variance-scaling families: all draw with Var[w] = gain² / fan and differ only in their
 * defaults. Kaiming (He et al. 2015): fan_in, ReLU gain. Xavier/Glorot (2010): fan_avg,
 * gain 1. LeCun (1998): fan_in, gain 1.
 */
public enum ScaleFamily {
    KAIMING(FanMode.FAN_IN, "relu"),
    XAVIER(FanMode.FAN_AVG, "linear"),
    LECUN(FanMode.FAN_IN, "linear");

    private final FanMode defaultMode;
    private final String defaultNonlinearity;

    ScaleFamily(FanMode defaultMode, String defaultNonlinearity) {
        this.defaultMode = defaultMode;
        this.defaultNonlinearity = defaultNonlinearity;
    }

    public FanMode defaultMode() {
        return defaultMode;
    }

    public Nonlinearity defaultNonlinearity() {
        return Nonlinearity.of(defaultNonlinearity);
    }

    public static ScaleFamily parse(String name) {
        Checks.notNull(name, "family");
        switch (name.toLowerCase(Locale.ROOT)) {
            case "kaiming": case "he": return KAIMING;
            case "xavier": case "glorot": return XAVIER;
            case "lecun": return LECUN;
            default:
                throw new IllegalArgumentException("family: unknown value '" + name
                        + "' (expected kaiming, xavier or lecun)");
        }
    }

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }
}
