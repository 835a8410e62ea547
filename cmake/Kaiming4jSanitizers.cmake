# Kaiming4jSanitizers.cmake: option KAIMING4J_SANITIZE=ON builds the library and the tests with
# AddressSanitizer + UndefinedBehaviorSanitizer (any UB report fails the test).
# kaiming4j_sanitize(<target>) applies it to one target (compile and link).

include_guard(GLOBAL)

option(KAIMING4J_SANITIZE "Build kaiming4j and its tests with -fsanitize=address,undefined" OFF)

function(kaiming4j_sanitize target)
  if(NOT KAIMING4J_SANITIZE)
    return()
  endif()
  if(NOT CMAKE_CXX_COMPILER_ID MATCHES "GNU|Clang")
    message(FATAL_ERROR "KAIMING4J_SANITIZE needs GCC or Clang")
  endif()
  set(_k4j_san -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer)
  target_compile_options(${target} PRIVATE ${_k4j_san})
  get_target_property(_k4j_type ${target} TYPE)
  if(NOT _k4j_type STREQUAL "OBJECT_LIBRARY" AND NOT _k4j_type STREQUAL "STATIC_LIBRARY")
    target_link_options(${target} PRIVATE -fsanitize=address,undefined)
  endif()
endfunction()
