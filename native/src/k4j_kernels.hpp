// Internal interface between the ABI layer (k4j_api.cpp) and the per-ISA kernels. Each kernel
// TU is compiled with its own -m flags (cmake/Kaiming4jSimd.cmake) and is only called after a
// runtime CPU check. Arguments are already validated; count > 0, first + count does not wrap.
#ifndef KAIMING4J_KERNELS_HPP
#define KAIMING4J_KERNELS_HPP

#include <stdint.h>

#include "k4j_constants.hpp"

namespace k4j {

using FillFn = void (*)(void *dst, int dtype, int distribution, double scale, uint32_t k0,
                        uint32_t k1, uint64_t first, uint64_t count);

void fill_scalar(void *dst, int dtype, int distribution, double scale, uint32_t k0,
                 uint32_t k1, uint64_t first, uint64_t count);
#if defined(KAIMING4J_HAVE_SCALAR_FMA)
/** fill_scalar compiled with -mfma: same bits, hardware FMA (selected when the CPU has it). */
void fill_scalar_fma(void *dst, int dtype, int distribution, double scale, uint32_t k0,
                     uint32_t k1, uint64_t first, uint64_t count);
#endif
#if defined(KAIMING4J_HAVE_AVX2)
void fill_avx2(void *dst, int dtype, int distribution, double scale, uint32_t k0, uint32_t k1,
               uint64_t first, uint64_t count);
#endif
#if defined(KAIMING4J_HAVE_AVX512)
void fill_avx512(void *dst, int dtype, int distribution, double scale, uint32_t k0,
                 uint32_t k1, uint64_t first, uint64_t count);
#endif

/** Calls Fn<Dist, DType>::run(args...) for runtime codes (already validated). */
template <template <int, int> class Fn, int Dist, typename... Args>
inline void dispatch_dtype(int dtype, Args... args) {
    switch (dtype) {
        case kFloat32: Fn<Dist, kFloat32>::run(args...); return;
        case kFloat64: Fn<Dist, kFloat64>::run(args...); return;
        case kFloat16: Fn<Dist, kFloat16>::run(args...); return;
        default: Fn<Dist, kBFloat16>::run(args...); return;
    }
}

template <template <int, int> class Fn, typename... Args>
inline void dispatch_kernel(int dtype, int distribution, Args... args) {
    switch (distribution) {
        case kNormal: dispatch_dtype<Fn, kNormal>(dtype, args...); return;
        case kUniform: dispatch_dtype<Fn, kUniform>(dtype, args...); return;
        default: dispatch_dtype<Fn, kTruncatedNormal>(dtype, args...); return;
    }
}

}  // namespace k4j

#endif
