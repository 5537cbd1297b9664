// The wire protocol: the JSON frame codec. Frame types, roles and error codes
// are names of the vocabulary (vocabulary/vocabulary.json, described in
// server/PROTOCOL.md); client frames decode into typed commands (commands.h). No sockets.
//
// A frame is one JSON object per WebSocket text message:
//   {"type": "message.create", "v": 1, ...fields}
// "v" (protocol major version) is optional from clients and always sent by the
// server. Unknown fields are ignored (forward compatibility); unknown types,
// missing or mistyped fields and over-budget strings are rejected.
#ifndef RELAIS_SERVER_PROTOCOL_H_
#define RELAIS_SERVER_PROTOCOL_H_

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "relais/server/commands.h"
#include "relais/server/field_reader.h"
#include "relais/vocabulary.h"

namespace relais::server::protocol {

inline constexpr int kVersion = 1;

using server::DecodeLimits;
using server::FrameError;
using vocabulary::ClientFrame;
using vocabulary::ErrorCode;
using vocabulary::Role;
using vocabulary::ServerFrame;

// Decodes one client frame sent by `role` into its typed command (commands.h):
// the JSON, the version, the type, whether `role` may send it (vocabulary.json)
// and every field. On failure fills *error and returns false; never throws.
bool DecodeClientFrame(std::string_view text, Role role, const DecodeLimits& limits,
                       Command* command, FrameError* error);

// Builds a server frame {"type": ..., "v": 1, ...data}. `data` must be an object.
std::string EncodeFrame(ServerFrame type, const nlohmann::json& data);

// Builds an "error" frame: code, message, and request_type and field when known.
std::string EncodeError(const FrameError& error);

}  // namespace relais::server::protocol

#endif  // RELAIS_SERVER_PROTOCOL_H_
