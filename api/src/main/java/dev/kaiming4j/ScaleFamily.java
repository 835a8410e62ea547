package dev.kaiming4j;

import dev.kaiming4j.internal.EnumIds;
import java.util.Map;

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

    /** Parses {@code kaiming} ({@code he}), {@code xavier} ({@code glorot}), {@code lecun} (case-insensitive). */
    public static ScaleFamily parse(String name) {
        return EnumIds.parse(name, "family", values(), Map.of("he", KAIMING, "glorot", XAVIER));
    }

    /** Lower-case name as used on the command line and in file metadata. */
    public String id() {
        return EnumIds.id(this);
    }
}
