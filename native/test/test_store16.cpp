// The AVX2 kernel's float16 / bfloat16 rounding (to_16bit) against the scalar DTypeRounding on
// the values where a shortcut could go wrong: every midpoint of each format (subnormal halves
// included), the doubles next to it and those that round to it as floats, every 16-bit value
// and its neighbours, and values past the largest finite one; both signs, in vectors of one
// kind and mixed. The fills of test_simd_equal meet these values only by chance.
#include <math.h>
#include <stdio.h>

#include <algorithm>
#include <random>
#include <vector>

#include "k4j_kernel_avx2.cpp"
#include "k4j_test.hpp"

namespace {

/** The double of a finite float16 / bfloat16 bit pattern (positive). */
double value_of(int dtype, uint32_t bits) {
    if (dtype == k4j::kBFloat16) {
        uint32_t f = bits << 16;
        float x;
        memcpy(&x, &f, 4);
        return x;
    }
    const int exponent = (int)(bits >> 10), mantissa = (int)(bits & 0x3ff);
    return exponent == 0 ? ldexp(mantissa, -24) : ldexp(1024 + mantissa, exponent - 25);
}

/** Midpoints and 16-bit values with their neighbours, then values past the largest one. */
std::vector<double> hard_values(int dtype) {
    const uint32_t largest = dtype == k4j::kBFloat16 ? 0x7f7f : 0x7bff;
    std::vector<double> out;
    auto around = [&](double m) {
        // m; the doubles next to it; doubles 2^-26 and 2^-40 away, which round to m as floats.
        for (double x : {m, nextafter(m, 0.0), nextafter(m, INFINITY), m * (1 - 0x1p-26), m * (1 + 0x1p-26),
                         m * (1 - 0x1p-40), m * (1 + 0x1p-40)}) {
            out.push_back(x);
            out.push_back(-x);
        }
    };
    for (uint32_t b = 0; b < largest; b++) {
        const double lo = value_of(dtype, b), hi = value_of(dtype, b + 1);
        around(lo);
        around(lo + (hi - lo) / 2);  // exact: one more bit than the format
    }
    const double top = value_of(dtype, largest);
    const double ulp = top - value_of(dtype, largest - 1);
    around(top);
    around(top + ulp / 2);  // rounds to infinity (ties to even)
    for (double x : {top + ulp, 3.0 * top, 1e300}) around(x);
    return out;
}

}  // namespace

int main() {
    if (!__builtin_cpu_supports("avx2") || !__builtin_cpu_supports("fma") ||
        !__builtin_cpu_supports("f16c")) {
        printf("test_store16: this CPU has no AVX2 + FMA + F16C: skipped\n");
        return 0;
    }
    for (int dtype : {k4j::kFloat16, k4j::kBFloat16}) {
        std::vector<double> values = hard_values(dtype);
        std::vector<double> mixed = values;
        std::shuffle(mixed.begin(), mixed.end(), std::mt19937_64(42));
        values.insert(values.end(), mixed.begin(), mixed.end());
        while (values.size() % 4 != 0) values.push_back(0.0);
        size_t bad = 0;
        for (size_t i = 0; i < values.size(); i += 4) {
            const __m256d v = _mm256_loadu_pd(&values[i]);
            uint16_t got[4];
            _mm_storel_epi64((__m128i *)got, dtype == k4j::kFloat16 ? k4j::to_16bit<k4j::kFloat16>(v)
                                                                   : k4j::to_16bit<k4j::kBFloat16>(v));
            for (int j = 0; j < 4; j++) {
                const double x = values[i + j];
                const uint16_t want = dtype == k4j::kFloat16 ? k4j::to_float16(x) : k4j::to_bfloat16(x);
                if (got[j] != want && bad++ < 5)
                    fprintf(stderr, "%s of %a: 0x%04x, scalar 0x%04x\n",
                            dtype == k4j::kFloat16 ? "float16" : "bfloat16", x, got[j], want);
            }
        }
        K4J_CHECK_EQ(bad, (size_t)0, "%s: lanes differing from the scalar rounding (of %zu)",
                     dtype == k4j::kFloat16 ? "float16" : "bfloat16", values.size());
    }
    return k4jtest::finish("test_store16");
}
