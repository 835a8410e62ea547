// Scalar kernel: the portable path, always built, and the one every SIMD path must equal.
#include "k4j_kernels.hpp"
#include "k4j_scalar.hpp"

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

void fill_scalar(void *dst, int dtype, int distribution, double scale, uint32_t k0,
                 uint32_t k1, uint64_t first, uint64_t count) {
    dispatch_kernel<ScalarFill>(dtype, distribution, dst, scale, k0, k1, first, count);
}

}  // namespace k4j
