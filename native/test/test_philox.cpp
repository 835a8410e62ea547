// Philox4x32-10 known answers: Random123's kat_vectors, and Intel VSL's seed-42 stream as
// checked against MKL 2025.2 (docs/DETERMINISM.md). Checked on the scalar block function and, through
// the public API, on every runnable SIMD level (uniform float64 with scale 1 is 2x, where
// x = (int32(w) + 1/2) * 2^-32, so the word is recovered exactly from the output).
#include "k4j_scalar.hpp"
#include "k4j_test.hpp"

using namespace k4jtest;

static uint32_t word_from_uniform(double v) {
    double x = v * 0x1p31 - 0.5;  // exact
    return (uint32_t)(int32_t)x;
}

int main() {
    uint32_t out[4];
    // Random123 philox4x32_10: counter 0, key 0.
    k4j::philox_block(0, 0, 0, out);
    const uint32_t r123[4] = {0x6627e8d5u, 0xe169c58du, 0xbc57ac4cu, 0x9b00dbd8u};
    for (int j = 0; j < 4; j++) K4J_CHECK_EQ(out[j], r123[j], "Random123 KAT lane %d", j);
    // VSL vslNewStream(VSL_BRNG_PHILOX4X32X10, 42): k0 = 42, k1 = 0, counter 0.
    const uint32_t vsl[8] = {2632642643u, 2012563771u, 314527917u,  1463989207u,
                             4242219303u, 1404726525u, 2207210094u, 1951270651u};
    k4j::philox_block(0, 42, 0, out);
    for (int j = 0; j < 4; j++) K4J_CHECK_EQ(out[j], vsl[j], "VSL seed 42 block 0 lane %d", j);
    k4j::philox_block(1, 42, 0, out);
    for (int j = 0; j < 4; j++) K4J_CHECK_EQ(out[j], vsl[4 + j], "VSL seed 42 block 1 lane %d", j);

    for (int level : runnable_levels()) {
        double buf[8];
        K4J_CHECK_EQ(k4j_fill_at_level(level, buf, K4J_FLOAT64, K4J_UNIFORM, 1.0, 42, 0, 0, 8), K4J_OK, "fill");
        for (int j = 0; j < 8; j++) {
            K4J_CHECK_EQ(word_from_uniform(buf[j]), vsl[j], "level %s word %d", level_name(level), j);
        }
        double one;
        K4J_CHECK_EQ(k4j_fill_at_level(level, &one, K4J_FLOAT64, K4J_UNIFORM, 1.0, 0, 0, 3, 1), K4J_OK, "fill");
        K4J_CHECK_EQ(word_from_uniform(one), r123[3], "level %s Random123 lane 3 alone", level_name(level));
        // Counter blocks above 2^32 (c1 != 0) and a key with k1 != 0, against the scalar block.
        const uint64_t first = (5ull << 32) * 4 + 4 * 7 + 1;  // block 5*2^32 + 7, lane 1
        double many[67];
        K4J_CHECK_EQ(k4j_fill_at_level(level, many, K4J_FLOAT64, K4J_UNIFORM, 1.0, 0xDEADBEEFu,
                                       0x01234567u, first, 67), K4J_OK, "fill");
        for (uint64_t k = 0; k < 67; k++) {
            uint64_t i = first + k;
            k4j::philox_block(i >> 2, 0xDEADBEEFu, 0x01234567u, out);
            K4J_CHECK_EQ(word_from_uniform(many[k]), out[i & 3], "level %s element %llu",
                         level_name(level), (unsigned long long)i);
        }
    }
    return finish("test_philox");
}
