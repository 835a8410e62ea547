// Internal interface between the ABI layer (k4j_api.cpp) and the per-ISA kernels. Each kernel
// TU is compiled with its own -m flags (cmake/Kaiming4jSimd.cmake) and is only called after a
// runtime CPU check. Arguments are already validated; count > 0, first + count does not wrap.
#ifndef KAIMING4J_KERNELS_HPP
#define KAIMING4J_KERNELS_HPP

#include <stdint.h>

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
template <template <int, int> class Fn, typename... Args>
inline void dispatch_kernel(int dtype, int distribution, Args... args) {
#define K4J_CASE(D)                                                        \
    switch (dtype) {                                                       \
        case 0: Fn<D, 0>::run(args...); return;                            \
        case 1: Fn<D, 1>::run(args...); return;                            \
        case 2: Fn<D, 2>::run(args...); return;                            \
        default: Fn<D, 3>::run(args...); return;                           \
    }
    switch (distribution) {
        case 0: K4J_CASE(0)
        case 1: K4J_CASE(1)
        default: K4J_CASE(2)
    }
#undef K4J_CASE
}

}  // namespace k4j

#endif
