// Scalar kernel, FMA variant: the same source as k4j_kernel_scalar.cpp, compiled with -mfma
// (cmake/Kaiming4jSimd.cmake) so that k4j_fma is the fused-multiply-add instruction instead of a
// libm fma() call. fma is correctly rounded either way, so the bits are the same; the API selects
// this variant for the scalar level only when the CPU has FMA.
#define K4J_SCALAR_FILL fill_scalar_fma
#include "k4j_kernel_scalar.cpp"
