# Every dependency comes from Debian 12's packages (scripts/install-deps.sh); nothing is downloaded.
find_package(Threads REQUIRED)
find_package(simdjson CONFIG REQUIRED)
find_package(ZLIB REQUIRED)
find_package(BZip2 REQUIRED)
find_package(zstd CONFIG REQUIRED)

if(STARSHIFT_BUILD_DB OR STARSHIFT_BUILD_EXAMPLES OR STARSHIFT_BUILD_TESTS OR STARSHIFT_BUILD_BENCH)
  find_package(Boost 1.74 CONFIG REQUIRED COMPONENTS program_options log log_setup)
endif()

if(STARSHIFT_BUILD_DB)
  # libpqxx 6.4.5 on Debian ships only a pkg-config file.
  find_package(libpqxx CONFIG QUIET)
  if(libpqxx_FOUND AND TARGET libpqxx::pqxx)
    add_library(starshift_pqxx INTERFACE)
    target_link_libraries(starshift_pqxx INTERFACE libpqxx::pqxx)
  else()
    find_package(PkgConfig REQUIRED)
    pkg_check_modules(PQXX REQUIRED IMPORTED_TARGET libpqxx)
    pkg_check_modules(PQ REQUIRED IMPORTED_TARGET libpq)
    add_library(starshift_pqxx INTERFACE)
    target_link_libraries(starshift_pqxx INTERFACE PkgConfig::PQXX PkgConfig::PQ)
  endif()
endif()

if(STARSHIFT_BUILD_TESTS)
  find_package(doctest CONFIG REQUIRED)
  include(doctest)
endif()

if(STARSHIFT_BUILD_BENCH)
  find_package(benchmark CONFIG REQUIRED)
endif()

# S3 object store (src/io/s3_*.cpp): libcurl 7.88 (CURLOPT_AWS_SIGV4) and pugixml.
find_package(CURL REQUIRED)
find_package(pugixml CONFIG REQUIRED)
