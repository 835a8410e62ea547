package dev.kaiming4j;

import dev.kaiming4j.internal.Checks;
import java.util.Locale;

/**
 * What a freshly constructed PyTorch module holds, as {@link InitSpec} builders (add dtype and
 * seed): the {@code reset_parameters} of torch 1.13.
 * <ul>
 *   <li>{@code nn.Linear}, {@code nn.ConvNd}, {@code nn.ConvTransposeNd} weight:
 *       {@code kaiming_uniform_(a=√5)}, i.e. U(−b, b) with b = gain·√(3/fan_in),
 *       gain = √(2/(1 + 5)), so b = 1/√fan_in, fan_in from torch's
 *       {@code _calculate_fan_in_and_fan_out} of the weight's shape (read as torch layout, also
 *       for transposed convs, as torch does);</li>
 *   <li>their bias: U(−1/√fan_in, 1/√fan_in) with the fan_in of the weight it belongs to (0 if
 *       that fan_in is 0);</li>
 *   <li>{@code nn.Embedding} weight: N(0, 1);</li>
 *   <li>{@code nn.LayerNorm} weight: ones; bias: zeros (a normal with std 0 and that mean).</li>
 * </ul>
 */
public final class TorchDefaults {
    private TorchDefaults() {
    }

    /** {@code nn.Linear}/{@code nn.ConvNd}/{@code nn.ConvTransposeNd} weight of this shape. */
    public static InitSpec.Builder weight(Shape weight) {
        return InitSpec.builder(weight).sampling(uniformOfFanIn(weight));
    }

    /** The bias of {@code nn.Linear}/{@code nn.ConvNd}, for the weight of shape {@code weight}. */
    public static InitSpec.Builder bias(Shape bias, Shape weight) {
        return InitSpec.builder(Checks.notNull(bias, "bias")).sampling(uniformOfFanIn(weight));
    }

    /** {@code nn.Embedding} weight: N(0, 1). */
    public static InitSpec.Builder embedding(Shape weight) {
        return InitSpec.builder(weight).normal(0, 1);
    }

    /** {@code nn.LayerNorm} weight: ones. */
    public static InitSpec.Builder layerNormWeight(Shape weight) {
        return InitSpec.builder(weight).normal(1, 0);
    }

    /** {@code nn.LayerNorm} bias: zeros. */
    public static InitSpec.Builder layerNormBias(Shape bias) {
        return InitSpec.builder(bias).normal(0, 0);
    }

    /**
     * By name: {@code module} is {@code linear}, {@code conv} (any {@code convNd},
     * {@code conv_transposeNd}), {@code embedding} or {@code layer_norm}; {@code parameter} is
     * {@code weight} or {@code bias}; {@code weight} is the shape of the module's weight (used
     * by a linear or conv bias, ignored otherwise; may be null then).
     */
    public static InitSpec.Builder of(String module, String parameter, Shape shape, Shape weight) {
        Checks.notNull(module, "module");
        Checks.notNull(parameter, "parameter");
        Checks.notNull(shape, "shape");
        String m = module.toLowerCase(Locale.ROOT).replace("nn.", "").replace("_", "");
        boolean isWeight = parameter.equals("weight");
        if (!isWeight && !parameter.equals("bias")) {
            throw new IllegalArgumentException("parameter: expected weight or bias, got '" + parameter + "'");
        }
        if (m.equals("linear") || m.startsWith("conv")) {
            if (isWeight) {
                return weight(shape);
            }
            if (weight == null) {
                throw new IllegalArgumentException("of: a " + module + " bias needs the shape of its weight");
            }
            return bias(shape, weight);
        }
        if (m.equals("embedding")) {
            if (!isWeight) {
                throw new IllegalArgumentException("parameter: nn.Embedding has no bias");
            }
            return embedding(shape);
        }
        if (m.equals("layernorm")) {
            return isWeight ? layerNormWeight(shape) : layerNormBias(shape);
        }
        throw new IllegalArgumentException("module: unknown '" + module
                + "' (expected linear, conv, conv_transpose, embedding or layer_norm)");
    }

    private static Sampling uniformOfFanIn(Shape weight) {
        long fanIn = Fans.of(Checks.notNull(weight, "weight"), Layout.TORCH).fanIn();
        double bound = fanIn > 0 ? 1 / Math.sqrt(fanIn) : 0;
        return Sampling.uniform(-bound, bound);
    }
}
