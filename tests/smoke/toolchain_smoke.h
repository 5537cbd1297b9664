// The toolchain smoke check: one piece of C++ that exercises SQLite (in-memory
// database, FTS5 full-text query) and RE2 the way the engine does. The same code
// runs natively under Catch2 and inside the WebAssembly module under Node, which
// proves both builds link and behave the same.
#ifndef RELAIS_TESTS_SMOKE_TOOLCHAIN_SMOKE_H_
#define RELAIS_TESTS_SMOKE_TOOLCHAIN_SMOKE_H_

#include <string>

namespace relais::smoke {

// Runs the check and returns a one-line report, "fts5=<title>;re2=<match>;sqlite=<version>",
// or "error: ..." naming the step that failed. Never throws.
std::string RunToolchainSmoke();

}  // namespace relais::smoke

#endif  // RELAIS_TESTS_SMOKE_TOOLCHAIN_SMOKE_H_
