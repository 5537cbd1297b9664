# Third-party libraries, as three imported names every target links the same way:
#   relais::json     nlohmann/json (header-only, Debian's nlohmann-json3-dev)
#   relais::re2      RE2
#   relais::sqlite3  SQLite with FTS5
# Natively they are Debian's packages. For WebAssembly, RE2 and SQLite are compiled
# from source with emcc (see WasmThirdParty.cmake); nothing is downloaded at build
# time except through Debian's apt and the npm registry, and every archive is
# checked against a pinned SHA-256.

if(EMSCRIPTEN)
  include(WasmThirdParty)
  # emcc must not see /usr/include (glibc headers would shadow its libc): stage
  # the nlohmann headers alone.
  set(staged "${CMAKE_BINARY_DIR}/_deps/include")
  if(NOT EXISTS /usr/include/nlohmann/json.hpp)
    message(FATAL_ERROR "nlohmann/json headers not found: apt-get install nlohmann-json3-dev")
  endif()
  if(NOT EXISTS "${staged}/nlohmann/json.hpp")
    file(COPY /usr/include/nlohmann DESTINATION "${staged}")
  endif()
  add_library(relais_json INTERFACE)
  target_include_directories(relais_json SYSTEM INTERFACE "${staged}")
  # No exceptions in the WebAssembly build: nlohmann aborts instead of throwing.
  target_compile_definitions(relais_json INTERFACE JSON_NOEXCEPTION=1)
  add_library(relais::json ALIAS relais_json)
else()
  find_package(nlohmann_json 3.10 REQUIRED)
  add_library(relais::json ALIAS nlohmann_json::nlohmann_json)

  find_package(PkgConfig REQUIRED)
  pkg_check_modules(RE2 REQUIRED IMPORTED_TARGET re2)
  add_library(relais::re2 ALIAS PkgConfig::RE2)

  find_package(SQLite3 REQUIRED)
  add_library(relais::sqlite3 ALIAS SQLite::SQLite3)

  if(RELAIS_BUILD_TESTS)
    find_package(Catch2 3.7 REQUIRED)
  endif()
endif()
