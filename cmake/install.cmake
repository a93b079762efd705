# cmake --install: the library (one archive per layer), the public headers
# (include/mpingest/), the command, and a package config, so that a program
# of its own does
#
#   find_package(mpingest REQUIRED)
#   target_link_libraries(my_program PRIVATE mpingest::core)
#
# tests/install/ builds apps/longest_subject.cpp that way.
include(GNUInstallDirs)
include(CMakePackageConfigHelpers)

get_property(mpingest_layers GLOBAL PROPERTY MPINGEST_LAYERS)
set(mpingest_layer_targets)
foreach(layer IN LISTS mpingest_layers)
  list(APPEND mpingest_layer_targets mpingest_${layer})
endforeach()

install(TARGETS mpingest_options mpingest_core ${mpingest_layer_targets}
        EXPORT mpingestTargets
        ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR})
install(TARGETS mpingest RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
if(TARGET mpingest-mpi)
  install(TARGETS mpingest-mpi RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})  # mpingest runs it for --mode mpi
endif()
install(DIRECTORY ${PROJECT_SOURCE_DIR}/include/mpingest DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})

set(mpingest_config_dir ${CMAKE_INSTALL_LIBDIR}/cmake/mpingest)
install(EXPORT mpingestTargets NAMESPACE mpingest:: DESTINATION ${mpingest_config_dir})
configure_package_config_file(${PROJECT_SOURCE_DIR}/cmake/mpingestConfig.cmake.in
                              ${PROJECT_BINARY_DIR}/mpingestConfig.cmake
                              INSTALL_DESTINATION ${mpingest_config_dir})
write_basic_package_version_file(${PROJECT_BINARY_DIR}/mpingestConfigVersion.cmake
                                 COMPATIBILITY SameMinorVersion)
install(FILES ${PROJECT_BINARY_DIR}/mpingestConfig.cmake ${PROJECT_BINARY_DIR}/mpingestConfigVersion.cmake
        DESTINATION ${mpingest_config_dir})
