// Scalar kernel, FMA variant: the same source as k4j_kernel_scalar.cpp (k4j_scalar.hpp), compiled
// with -mfma (cmake/Kaiming4jSimd.cmake) so that k4j_fma is the fused-multiply-add instruction
// instead of a libm fma() call (~4x faster). fma is correctly rounded either way, so the bits are
// the same; the API selects this variant for the scalar level only when the CPU has FMA.
#include "k4j_kernels.hpp"
#include "k4j_scalar.hpp"

namespace k4j {
namespace {
template <int Dist, int DType>
struct ScalarFmaFill {
    static void run(void *dst, double scale, uint32_t k0, uint32_t k1, uint64_t first,
                    uint64_t count) {
        fill_scalar_range<Dist, DType>(dst, scale, k0, k1, first, count);
    }
};
}  // namespace

void fill_scalar_fma(void *dst, int dtype, int distribution, double scale, uint32_t k0,
                     uint32_t k1, uint64_t first, uint64_t count) {
    dispatch_kernel<ScalarFmaFill>(dtype, distribution, dst, scale, k0, k1, first, count);
}

}  // namespace k4j
