// libFuzzer target for the wire codec: any bytes, for both roles, must decode
// to a command that role may send, with its text within budget, or to an error
// with a message (and the offending field for missing or invalid fields); never
// crash. Replayed over corpus/server_frame_fuzz by CTest (see CMakeLists.txt).
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "relais/server/protocol.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace relais::server;
  using namespace relais::server::protocol;
  std::string_view text(reinterpret_cast<const char*>(data), size);
  DecodeLimits limits;
  limits.max_frame_bytes = 1 << 20;
  for (Role role : {Role::kVisitor, Role::kAgent}) {
    Command command;
    FrameError error;
    if (DecodeClientFrame(text, role, limits, &command, &error)) {
      if (!relais::vocabulary::MaySend(role, FrameOf(command))) std::abort();
      if (const auto* m = std::get_if<command::MessageCreate>(&command)) {
        if (m->text.size() > limits.max_text_bytes || m->client_id.empty()) std::abort();
      }
    } else {
      if (error.message.empty()) std::abort();
      if ((error.code == ErrorCode::kMissingField || error.code == ErrorCode::kInvalidField) &&
          error.field.empty()) {
        std::abort();
      }
    }
  }
  return 0;
}
