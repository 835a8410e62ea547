package dev.kaiming4j;

import dev.kaiming4j.internal.EnumIds;
import java.util.Map;

/**
 * Which fan sets the scale: fan_in preserves forward variance, fan_out backward, fan_avg
 * (Xavier/Glorot) and fan_geo_avg (JAX's {@code variance_scaling}) compromise between them.
 */
public enum FanMode {
    FAN_IN, FAN_OUT, FAN_AVG,
    /** √(fan_in·fan_out), as JAX's {@code variance_scaling(mode="fan_geo_avg")}. */
    FAN_GEO_AVG;

    /** Parses {@code fan_in}, {@code fan_out}, {@code fan_avg}, {@code fan_geo_avg} (case-insensitive). */
    public static FanMode parse(String name) {
        return EnumIds.parse(name, "mode", values(), Map.of());
    }

    /** Lower-case name as used on the command line and in file metadata. */
    public String id() {
        return EnumIds.id(this);
    }

    /** The fan this mode selects; fan_avg is (fan_in + fan_out) / 2, fan_geo_avg √(fan_in·fan_out). */
    public double select(Fans fans) {
        switch (this) {
            case FAN_IN: return fans.fanIn();
            case FAN_OUT: return fans.fanOut();
            case FAN_AVG: return (fans.fanIn() + (double) fans.fanOut()) / 2.0;
            default: return Math.sqrt((double) fans.fanIn() * fans.fanOut());
        }
    }
}
