# Kaiming4jInstall.cmake: install layout of the native library, e.g. for the JavaCPP build
#   <prefix>/include/kaiming4j/kaiming4j.h
#   <prefix>/lib/libkaiming4j.so, libkaiming4j.a (static: kaiming4j_static target)
#   <prefix>/lib/cmake/Kaiming4j/Kaiming4jConfig.cmake  (find_package(Kaiming4j) ->
#                                                       Kaiming4j::kaiming4j, ::kaiming4j_static)
# kaiming4j_install(<targets...>) installs them.

include_guard(GLOBAL)
include(GNUInstallDirs)
include(CMakePackageConfigHelpers)

function(kaiming4j_install)
  install(TARGETS ${ARGN}
          EXPORT Kaiming4jTargets
          LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR}
          ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR}
          RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR}
          INCLUDES DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
  install(DIRECTORY ${PROJECT_SOURCE_DIR}/include/kaiming4j
          DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
  set(_k4j_cmake_dir ${CMAKE_INSTALL_LIBDIR}/cmake/Kaiming4j)
  install(EXPORT Kaiming4jTargets NAMESPACE Kaiming4j:: DESTINATION ${_k4j_cmake_dir})
  file(WRITE ${PROJECT_BINARY_DIR}/Kaiming4jConfig.cmake
       "include(\"\${CMAKE_CURRENT_LIST_DIR}/Kaiming4jTargets.cmake\")\n")
  write_basic_package_version_file(${PROJECT_BINARY_DIR}/Kaiming4jConfigVersion.cmake
                                   VERSION ${PROJECT_VERSION} COMPATIBILITY SameMinorVersion)
  install(FILES ${PROJECT_BINARY_DIR}/Kaiming4jConfig.cmake
                ${PROJECT_BINARY_DIR}/Kaiming4jConfigVersion.cmake
          DESTINATION ${_k4j_cmake_dir})
endfunction()
