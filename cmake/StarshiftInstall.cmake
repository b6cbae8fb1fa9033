# Install rules and the CMake package (find_package(starshift CONFIG)): headers, the libraries, an export set
# starshiftTargets with namespace starshift::, starshiftConfig.cmake and starshiftConfigVersion.cmake.
#
#   find_package(starshift 0.1 CONFIG REQUIRED)          # or: COMPONENTS db
#   target_link_libraries(app PRIVATE starshift::starshift)   # model, rendering, … (no database)
#   target_link_libraries(app PRIVATE starshift::db)          # + libpqxx executor and PostgreSQL copy engine
#
# Warnings and sanitizers are linked as $<BUILD_INTERFACE:…> (src/CMakeLists.txt), so the package never carries
# them. libpqxx is wrapped in the exported interface target starshift::pqxx; the config file recreates what it
# points at (libpqxx's CMake package, or pkg-config's PkgConfig::PQXX/PkgConfig::PQ) the same way the build found it.
include(GNUInstallDirs)
include(CMakePackageConfigHelpers)

set(STARSHIFT_INSTALL_CMAKEDIR "${CMAKE_INSTALL_LIBDIR}/cmake/starshift"
    CACHE STRING "Where starshiftConfig.cmake is installed, relative to the prefix")

install(DIRECTORY "${PROJECT_SOURCE_DIR}/include/starshift"
        DESTINATION "${CMAKE_INSTALL_INCLUDEDIR}"
        COMPONENT starshift_development
        FILES_MATCHING PATTERN "*.hpp" PATTERN "*.h"
        PATTERN "detail" EXCLUDE)

set(_starshift_export_targets starshift)
set(STARSHIFT_PQXX_VIA "")
if(TARGET starshift_db)
  list(APPEND _starshift_export_targets starshift_db starshift_pqxx)
  set_target_properties(starshift_pqxx PROPERTIES EXPORT_NAME pqxx)
  get_target_property(_starshift_pqxx_links starshift_pqxx INTERFACE_LINK_LIBRARIES)
  if("libpqxx::pqxx" IN_LIST _starshift_pqxx_links)
    set(STARSHIFT_PQXX_VIA "config")
  else()
    set(STARSHIFT_PQXX_VIA "pkg-config")
  endif()
endif()

install(TARGETS ${_starshift_export_targets}
        EXPORT starshiftTargets
        ARCHIVE DESTINATION "${CMAKE_INSTALL_LIBDIR}" COMPONENT starshift_development
        LIBRARY DESTINATION "${CMAKE_INSTALL_LIBDIR}" COMPONENT starshift_runtime
        RUNTIME DESTINATION "${CMAKE_INSTALL_BINDIR}" COMPONENT starshift_runtime
        INCLUDES DESTINATION "${CMAKE_INSTALL_INCLUDEDIR}")

install(EXPORT starshiftTargets
        NAMESPACE starshift::
        DESTINATION "${STARSHIFT_INSTALL_CMAKEDIR}"
        COMPONENT starshift_development)

# Dependencies beyond the fixed set (Threads, simdjson, ZLIB, BZip2, zstd; Boost and libpqxx for db) are found from
# what the libraries really link, so a layer that adds e.g. CURL::libcurl needs no change here.
set(_starshift_links "")
foreach(_t IN LISTS _starshift_export_targets)
  get_target_property(_l ${_t} LINK_LIBRARIES)
  get_target_property(_il ${_t} INTERFACE_LINK_LIBRARIES)
  foreach(_x IN LISTS _l _il)
    if(_x)
      list(APPEND _starshift_links "${_x}")
    endif()
  endforeach()
endforeach()
set(STARSHIFT_CONFIG_EXTRA_DEPENDENCIES "")
if(_starshift_links MATCHES "CURL::")
  string(APPEND STARSHIFT_CONFIG_EXTRA_DEPENDENCIES "find_dependency(CURL)\n")
endif()
if(_starshift_links MATCHES "pugixml")
  string(APPEND STARSHIFT_CONFIG_EXTRA_DEPENDENCIES "find_dependency(pugixml CONFIG)\n")
endif()
set(_starshift_boost_components "")
string(REGEX MATCHALL "Boost::[a-z_]+" _starshift_boost_targets "${_starshift_links}")
foreach(_b IN LISTS _starshift_boost_targets)
  string(REPLACE "Boost::" "" _c "${_b}")
  if(NOT _c STREQUAL "headers" AND NOT _c STREQUAL "boost")
    list(APPEND _starshift_boost_components ${_c})
  endif()
endforeach()
list(REMOVE_DUPLICATES _starshift_boost_components)
string(REPLACE ";" " " STARSHIFT_BOOST_COMPONENTS "${_starshift_boost_components}")
if(TARGET starshift_db)
  set(STARSHIFT_HAS_DB TRUE)
else()
  set(STARSHIFT_HAS_DB FALSE)
endif()

configure_package_config_file(
  "${CMAKE_CURRENT_LIST_DIR}/starshiftConfig.cmake.in"
  "${PROJECT_BINARY_DIR}/starshiftConfig.cmake"
  INSTALL_DESTINATION "${STARSHIFT_INSTALL_CMAKEDIR}")
write_basic_package_version_file(
  "${PROJECT_BINARY_DIR}/starshiftConfigVersion.cmake"
  VERSION ${PROJECT_VERSION}
  COMPATIBILITY SameMajorVersion)
install(FILES "${PROJECT_BINARY_DIR}/starshiftConfig.cmake" "${PROJECT_BINARY_DIR}/starshiftConfigVersion.cmake"
        DESTINATION "${STARSHIFT_INSTALL_CMAKEDIR}"
        COMPONENT starshift_development)
install(FILES "${PROJECT_SOURCE_DIR}/LICENSE" DESTINATION "${CMAKE_INSTALL_DATADIR}/doc/starshift" OPTIONAL)

unset(_starshift_export_targets)
unset(_starshift_links)
