package dev.kaiming4j;

import dev.kaiming4j.internal.Checks;
import java.util.Locale;

/** Which fan sets the scale: fan_in preserves forward variance, fan_out backward. */
public enum FanMode {
    FAN_IN, FAN_OUT, FAN_AVG;

    public static FanMode parse(String name) {
        Checks.notNull(name, "mode");
        switch (name.toLowerCase(Locale.ROOT)) {
            case "fan_in": return FAN_IN;
            case "fan_out": return FAN_OUT;
            case "fan_avg": return FAN_AVG;
            default:
                throw new IllegalArgumentException("mode: unknown value '" + name
                        + "' (expected fan_in, fan_out or fan_avg)");
        }
    }

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The fan this mode selects; fan_avg is (fan_in + fan_out) / 2. */
    public double select(Fans fans) {
        switch (this) {
            case FAN_IN: return fans.fanIn();
            case FAN_OUT: return fans.fanOut();
            default: return (fans.fanIn() + (double) fans.fanOut()) / 2.0;
        }
    }
}
