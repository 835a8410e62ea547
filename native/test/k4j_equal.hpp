// Shared by test_simd_equal and test_avx512_emulated: a SIMD fill must give the scalar path's
// bits for every dtype x distribution, on long odd ranges, on many short ranges (heads, tails,
// chunk boundaries), with unaligned destinations and extreme scales, and write nothing outside.
#ifndef KAIMING4J_EQUAL_HPP
#define KAIMING4J_EQUAL_HPP

#include "k4j_test.hpp"

namespace k4jtest {

using Filler = void (*)(void *ctx, void *dst, int dtype, int dist, double scale, uint32_t k0,
                        uint32_t k1, uint64_t first, uint64_t count);

struct Range { uint64_t first, count; };

/** Compares `fill` against the scalar level through the API; returns the number of mismatches. */
inline void check_against_scalar(const char *name, Filler fill, void *ctx, uint64_t long_count) {
    const double scales[] = {0.044721359549995794, 1.0, 3.0e-6, 0.0, -0.0, 1e-310, 1e300, 65504.0 / 4};
    const uint32_t keys[][2] = {{42, 0}, {0x9E3779B9u, 0xFFFFFFFFu}};
    std::vector<Range> ranges;
    ranges.push_back({(1ull << 34) + 3, long_count});  // odd first, c1 != 0
    ranges.push_back({0xFFFFFFFFFFull * 4 + 1, 4099});
    for (uint64_t c : {1, 2, 3, 4, 5, 7, 8, 9, 15, 16, 17, 31, 32, 33, 63, 64, 65, 509, 510, 511,
                       512, 513, 515, 1023, 1024, 1025, 1537})
        for (uint64_t f : {0, 1, 2, 3, 5, 6, 7, 509, 1021})
            ranges.push_back({f, c});
    std::vector<unsigned char> a, b;
    const size_t guard = 64;
    for (int dtype = 0; dtype < 4; dtype++)
        for (int dist = 0; dist < 3; dist++) {
            const size_t es = dtype_size(dtype);
            size_t bad = 0;
            for (size_t ri = 0; ri < ranges.size(); ri++) {
                const Range r = ranges[ri];
                // The long range runs once per scale of the first two; short ones with all scales
                // and both keys.
                for (size_t si = 0; si < sizeof(scales) / sizeof(scales[0]); si++)
                    for (size_t ki = 0; ki < 2; ki++) {
                        if (ri == 0 && (si > 1 || ki > 0)) continue;
                        const size_t bytes = r.count * es;
                        // Destination one element past a 64-byte boundary: unaligned for SIMD.
                        a.assign(bytes + 2 * guard, 0xA5);
                        b.assign(bytes + 2 * guard, 0xA5);
                        int st = k4j_fill_at_level(K4J_SIMD_SCALAR, a.data() + guard + es, dtype, dist,
                                                   scales[si], keys[ki][0], keys[ki][1], r.first, r.count);
                        K4J_CHECK_EQ(st, K4J_OK, "scalar fill");
                        fill(ctx, b.data() + guard + es, dtype, dist, scales[si], keys[ki][0],
                             keys[ki][1], r.first, r.count);
                        if (memcmp(a.data(), b.data(), a.size()) != 0) {
                            if (bad++ < 5) {
                                size_t off = 0;
                                while (a[off] == b[off]) off++;
                                fprintf(stderr, "%s %s %s: first %llu count %llu scale %g: first "
                                        "difference at byte %lld of the element area\n", name,
                                        dtype_name(dtype), dist_name(dist), (unsigned long long)r.first,
                                        (unsigned long long)r.count, scales[si],
                                        (long long)off - (long long)(guard + es));
                            }
                        }
                    }
            }
            K4J_CHECK_EQ(bad, (size_t)0, "%s %s %s: ranges differing from scalar", name,
                         dtype_name(dtype), dist_name(dist));
            printf("%s %s %s: %s\n", name, dtype_name(dtype), dist_name(dist), bad ? "DIFFERS" : "bitwise equal");
        }
}

}  // namespace k4jtest

#endif
