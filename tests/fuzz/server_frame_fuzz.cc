// libFuzzer target for the wire codec: any bytes, for both roles, must decode
// to a frame or to an error with a code, never crash, and a decoded frame must
// survive re-encoding. Replayed over corpus/server_frame_fuzz by CTest (see CMakeLists.txt).
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "relais/server/protocol.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace relais::server::protocol;
  std::string_view text(reinterpret_cast<const char*>(data), size);
  DecodeLimits limits;
  limits.max_frame_bytes = 1 << 20;
  for (Role role : {Role::kVisitor, Role::kAgent}) {
    ClientFrame frame;
    FrameError error;
    if (DecodeClientFrame(text, role, limits, &frame, &error)) {
      if (frame.type.empty() || !frame.body.is_object()) std::abort();
      std::string again = EncodeFrame(frame.type, frame.body);
      if (again.empty()) std::abort();
    } else if (error.code.empty() || error.message.empty()) {
      std::abort();
    }
  }
  return 0;
}
