package dev.kaiming4j;

import dev.kaiming4j.internal.Checks;
import java.util.Locale;

/**
 * Which fan sets the scale: fan_in preserves forward variance, fan_out backward, fan_avg
 * (Xavier/Glorot) and fan_geo_avg (JAX's {@code variance_scaling}) compromise between them.
 */
public enum FanMode {
    FAN_IN, FAN_OUT, FAN_AVG,
    /** √(fan_in·fan_out), as JAX's {@code variance_scaling(mode="fan_geo_avg")}. */
    FAN_GEO_AVG;

    public static FanMode parse(String name) {
        Checks.notNull(name, "mode");
        switch (name.toLowerCase(Locale.ROOT)) {
            case "fan_in": return FAN_IN;
            case "fan_out": return FAN_OUT;
            case "fan_avg": return FAN_AVG;
            case "fan_geo_avg": return FAN_GEO_AVG;
            default:
                throw new IllegalArgumentException("mode: unknown value '" + name
                        + "' (expected fan_in, fan_out, fan_avg or fan_geo_avg)");
        }
    }

    public String id() {
        return name().toLowerCase(Locale.ROOT);
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
