// Scalar kernel: the portable path, always built, and the one every SIMD path must equal.
#include "k4j_kernels.hpp"
#include "k4j_scalar.hpp"

// k4j_kernel_scalar_fma.cpp compiles this same source under another name.
#ifndef K4J_SCALAR_FILL
#define K4J_SCALAR_FILL fill_scalar
#endif

namespace k4j {
namespace {
template <int Dist, int DType>
struct ScalarFill {
    static void run(void *dst, double scale, uint32_t k0, uint32_t k1, uint64_t first,
                    uint64_t count) {
        fill_scalar_range<Dist, DType>(dst, scale, k0, k1, first, count);
    }
};
}  // namespace

void K4J_SCALAR_FILL(void *dst, int dtype, int distribution, double scale, uint32_t k0,
                     uint32_t k1, uint64_t first, uint64_t count) {
    dispatch_kernel<ScalarFill>(dtype, distribution, dst, scale, k0, k1, first, count);
}

}  // namespace k4j
