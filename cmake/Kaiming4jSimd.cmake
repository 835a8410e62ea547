# Kaiming4jSimd.cmake: which SIMD kernels are built, and with which per-file flags.
#
# The library itself is compiled for the baseline ISA (runs on any x86-64 / aarch64); only the
# kernel translation units get -mavx2 / -mavx512*, and k4j_api.cpp calls them after a runtime
# CPU check (__builtin_cpu_supports). Options:
#   KAIMING4J_SIMD          ON   build the SIMD kernels at all (OFF: scalar only)
#   KAIMING4J_AVX2, KAIMING4J_AVX512   ON   per level, when the compiler supports the flags
# kaiming4j_add_kernels(<target> <src_dir>) adds the kernel sources and KAIMING4J_HAVE_* defines.

include_guard(GLOBAL)
include(CheckCXXCompilerFlag)

option(KAIMING4J_SIMD "Build SIMD kernels (runtime-dispatched)" ON)
option(KAIMING4J_AVX2 "Build the AVX2+FMA kernel (x86-64)" ON)
option(KAIMING4J_AVX512 "Build the AVX-512 kernel (x86-64)" ON)

set(KAIMING4J_X86 OFF)
if(CMAKE_SYSTEM_PROCESSOR MATCHES "^(x86_64|AMD64|amd64|x64)$")
  set(KAIMING4J_X86 ON)
endif()

set(KAIMING4J_AVX2_FLAGS -mavx2 -mfma -mf16c)
set(KAIMING4J_AVX512_FLAGS -mavx2 -mfma -mf16c -mavx512f -mavx512dq -mavx512vl -mavx512bw)
if(CMAKE_CXX_COMPILER_ID STREQUAL "GNU")
  # GCC 12 false positives inside avx512fintrin.h (GCC bug 105593).
  list(APPEND KAIMING4J_AVX512_FLAGS -Wno-maybe-uninitialized)
endif()

set(KAIMING4J_BUILD_AVX2 OFF)
set(KAIMING4J_BUILD_AVX512 OFF)
if(KAIMING4J_SIMD AND KAIMING4J_X86 AND CMAKE_CXX_COMPILER_ID MATCHES "GNU|Clang")
  if(KAIMING4J_AVX2)
    check_cxx_compiler_flag("-mavx2 -mfma -mf16c" KAIMING4J_COMPILER_HAS_AVX2)
    set(KAIMING4J_BUILD_AVX2 ${KAIMING4J_COMPILER_HAS_AVX2})
  endif()
  if(KAIMING4J_AVX512 AND KAIMING4J_BUILD_AVX2)
    check_cxx_compiler_flag("-mavx512f -mavx512dq -mavx512vl -mavx512bw" KAIMING4J_COMPILER_HAS_AVX512)
    set(KAIMING4J_BUILD_AVX512 ${KAIMING4J_COMPILER_HAS_AVX512})
  endif()
endif()
set(_k4j_kernels scalar)
if(KAIMING4J_BUILD_AVX2)
  list(APPEND _k4j_kernels avx2)
endif()
if(KAIMING4J_BUILD_AVX512)
  list(APPEND _k4j_kernels avx512)
endif()
message(STATUS "kaiming4j kernels: ${_k4j_kernels}")

function(kaiming4j_add_kernels target src_dir)
  target_sources(${target} PRIVATE ${src_dir}/k4j_kernel_scalar.cpp)
  if(KAIMING4J_BUILD_AVX2)
    # The scalar kernel again with hardware FMA (selected at run time when the CPU has FMA).
    target_sources(${target} PRIVATE ${src_dir}/k4j_kernel_scalar_fma.cpp)
    set_source_files_properties(${src_dir}/k4j_kernel_scalar_fma.cpp TARGET_DIRECTORY ${target}
                                PROPERTIES COMPILE_OPTIONS "-mfma")
    target_compile_definitions(${target} PRIVATE KAIMING4J_HAVE_SCALAR_FMA=1)
    target_sources(${target} PRIVATE ${src_dir}/k4j_kernel_avx2.cpp)
    set_source_files_properties(${src_dir}/k4j_kernel_avx2.cpp TARGET_DIRECTORY ${target}
                                PROPERTIES COMPILE_OPTIONS "${KAIMING4J_AVX2_FLAGS}")
    target_compile_definitions(${target} PRIVATE KAIMING4J_HAVE_AVX2=1)
  endif()
  if(KAIMING4J_BUILD_AVX512)
    target_sources(${target} PRIVATE ${src_dir}/k4j_kernel_avx512.cpp)
    set_source_files_properties(${src_dir}/k4j_kernel_avx512.cpp TARGET_DIRECTORY ${target}
                                PROPERTIES COMPILE_OPTIONS "${KAIMING4J_AVX512_FLAGS}")
    target_compile_definitions(${target} PRIVATE KAIMING4J_HAVE_AVX512=1)
  endif()
endfunction()
