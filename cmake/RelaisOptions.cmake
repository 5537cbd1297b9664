# Project-wide options and the one helper every Relais target uses for its
# compile settings (per-target, never global).
option(RELAIS_BUILD_TESTS "Build the Catch2 unit tests and register every test with CTest" ON)
option(RELAIS_SANITIZE "Build with AddressSanitizer and UndefinedBehaviorSanitizer" OFF)
option(RELAIS_FUZZ "Build libFuzzer targets (needs clang)" OFF)

# Native tools land in build/bin, web artefacts in build/web, whatever the preset.
set(RELAIS_OUTPUT_DIR "${CMAKE_SOURCE_DIR}/build" CACHE PATH "Where build/bin and build/web go")
set(RELAIS_BIN_DIR "${RELAIS_OUTPUT_DIR}/bin")
set(RELAIS_WEB_DIR "${RELAIS_OUTPUT_DIR}/web")

# relais_target_defaults(target): C++20, warnings, sanitizers when asked.
function(relais_target_defaults target)
  target_compile_features(${target} PUBLIC cxx_std_20)
  set_target_properties(${target} PROPERTIES CXX_EXTENSIONS OFF)
  target_compile_options(${target} PRIVATE -Wall -Wextra -Wpedantic -Wno-unused-parameter)
  if(RELAIS_SANITIZE)
    target_compile_options(${target} PRIVATE -fsanitize=address,undefined -fno-omit-frame-pointer
                                             -fno-sanitize-recover=undefined)
    target_link_options(${target} PRIVATE -fsanitize=address,undefined)
  endif()
  if(RELAIS_FUZZ)
    # Coverage feedback for libFuzzer from every Relais library, not only the
    # fuzz targets themselves (tests/fuzz/CMakeLists.txt links libFuzzer).
    target_compile_options(${target} PRIVATE -fsanitize=fuzzer-no-link,address,undefined)
    target_link_options(${target} PRIVATE -fsanitize=address,undefined)
  endif()
endfunction()

# relais_tool(target): a native command-line tool installed into build/bin.
function(relais_tool target)
  relais_target_defaults(${target})
  set_target_properties(${target} PROPERTIES RUNTIME_OUTPUT_DIRECTORY "${RELAIS_BIN_DIR}")
endfunction()
