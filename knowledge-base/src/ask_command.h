// `relais-kb ask`: questions from a JSON-lines stream through the engine, one
// decision per line (internal to relais-kb). Used to regenerate the engine's
// golden file (tests/engine/golden/README.md) and to try questions by hand.
#ifndef RELAIS_KB_SRC_ASK_COMMAND_H_
#define RELAIS_KB_SRC_ASK_COMMAND_H_

#include <iosfwd>
#include <string_view>

#include "relais/engine/status.h"

namespace relais::kb {

// Loads the engine from `bundle` (a bundle's bytes) and answers every line of
// `in`: {"query": "...", "context": {...} | "raw context text"} (context optional);
// blank lines and lines starting with '#' are skipped. Writes one line per
// question to `out`: {"query": ..., "context": ..., "result": <AskResultToJson>},
// the result byte for byte as the WebAssembly module's ask() returns it.
// Fails (kInvalidArgument, naming the line) on a line that is not such an object,
// or with the loader's error when the bundle cannot be loaded.
engine::Status RunAsk(std::string_view bundle, std::istream& in, std::ostream& out);

}  // namespace relais::kb

#endif  // RELAIS_KB_SRC_ASK_COMMAND_H_
