# Brings the WebAssembly tree up to date before the tests that load its modules
# (CTest fixture "build: wasm", tests/CMakeLists.txt): `cmake -DWASM_BUILD_DIR=...
# -P build_wasm_tree.cmake`. A tree that was never configured (no Emscripten here)
# is reported, not an error: those tests then say what is missing and skip.
if(NOT EXISTS "${WASM_BUILD_DIR}/build.ninja")
  message(STATUS "${WASM_BUILD_DIR} is not configured (make wasm): the WebAssembly tests will skip")
  return()
endif()
execute_process(COMMAND "${CMAKE_COMMAND}" --build "${WASM_BUILD_DIR}" RESULT_VARIABLE result)
if(NOT result EQUAL 0)
  message(FATAL_ERROR "building ${WASM_BUILD_DIR} failed")
endif()
