# Warnings and sanitizers as INTERFACE targets, linked PRIVATE so consumers never inherit them.
add_library(starshift_warnings INTERFACE)
if(CMAKE_CXX_COMPILER_ID MATCHES "GNU|Clang")
  target_compile_options(starshift_warnings INTERFACE -Wall -Wextra -Wpedantic -Wshadow -Wconversion
                         -Wno-sign-conversion)
  if(STARSHIFT_WARNINGS_AS_ERRORS)
    target_compile_options(starshift_warnings INTERFACE -Werror)
  endif()
endif()

add_library(starshift_sanitizers INTERFACE)
if(STARSHIFT_SANITIZE)
  target_compile_options(starshift_sanitizers INTERFACE -fsanitize=${STARSHIFT_SANITIZE} -fno-omit-frame-pointer
                         -fno-sanitize-recover=all)
  target_link_options(starshift_sanitizers INTERFACE -fsanitize=${STARSHIFT_SANITIZE})
endif()
