// Exposes the toolchain smoke check (tests/smoke) to JavaScript, so the Node test
// runs exactly the C++ that the native Catch2 test runs.
#include <emscripten/bind.h>

#include "toolchain_smoke.h"

EMSCRIPTEN_BINDINGS(relais_toolchain_smoke) {
  emscripten::function("runToolchainSmoke", &relais::smoke::RunToolchainSmoke);
}
