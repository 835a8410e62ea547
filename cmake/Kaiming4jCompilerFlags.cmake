# Kaiming4jCompilerFlags.cmake: warnings and strict IEEE floating point for kaiming4j targets.
#
# The determinism contract (docs/DETERMINISM.md) needs every kernel to execute exactly the IEEE
# operations of the Java reference: no FP contraction (the compiler must not fuse a * b + c into
# an FMA on its own; explicit fma intrinsics are the only FMAs), no fast-math, no x87 excess
# precision. kaiming4j_strict_fp(<target>) applies that; configuring with -ffast-math / -Ofast
# in the global flags is refused.

include_guard(GLOBAL)

foreach(_k4j_flags_var CMAKE_CXX_FLAGS CMAKE_CXX_FLAGS_RELEASE CMAKE_CXX_FLAGS_RELWITHDEBINFO
        CMAKE_CXX_FLAGS_DEBUG CMAKE_CXX_FLAGS_MINSIZEREL)
  if("${${_k4j_flags_var}}" MATCHES "(-ffast-math|-Ofast|-funsafe-math-optimizations|/fp:fast)")
    message(FATAL_ERROR "kaiming4j: ${_k4j_flags_var} contains '${CMAKE_MATCH_1}', which breaks "
                        "bit-exact determinism. Remove it.")
  endif()
endforeach()

# Strict FP flags, as a list usable for targets and for single sources.
if(CMAKE_CXX_COMPILER_ID MATCHES "GNU|Clang")
  set(KAIMING4J_STRICT_FP_FLAGS -ffp-contract=off -fno-fast-math -fno-unsafe-math-optimizations)
  if(CMAKE_SYSTEM_PROCESSOR MATCHES "^(i[3-6]86|x86)$")
    list(APPEND KAIMING4J_STRICT_FP_FLAGS -msse2 -mfpmath=sse)  # no x87 extended precision
  endif()
  set(KAIMING4J_WARNING_FLAGS -Wall -Wextra -Wshadow -Wno-unused-function)
elseif(MSVC)
  set(KAIMING4J_STRICT_FP_FLAGS /fp:precise /fp:contract-)
  set(KAIMING4J_WARNING_FLAGS /W4)
else()
  set(KAIMING4J_STRICT_FP_FLAGS "")
  set(KAIMING4J_WARNING_FLAGS "")
  message(WARNING "kaiming4j: unknown compiler ${CMAKE_CXX_COMPILER_ID}; make sure it does not "
                  "contract a*b+c into FMA, or the native backend will not match Java bit for bit.")
endif()

# kaiming4j_strict_fp(<target>): C++17, strict FP, warnings.
function(kaiming4j_strict_fp target)
  target_compile_features(${target} PRIVATE cxx_std_17)
  set_target_properties(${target} PROPERTIES CXX_EXTENSIONS OFF)
  target_compile_options(${target} PRIVATE ${KAIMING4J_STRICT_FP_FLAGS} ${KAIMING4J_WARNING_FLAGS})
endfunction()
