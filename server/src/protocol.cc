// Frame codec: client frames to typed commands, server frames to JSON text.
#include "relais/server/protocol.h"

#include <array>
#include <utility>
#include <variant>

namespace relais::server {

vocabulary::ClientFrame FrameOf(const Command& command) {
  return std::visit([](const auto& c) { return c.kFrame; }, command);
}

namespace protocol {
namespace {

using nlohmann::json;

// Command's alternatives are in the vocabulary's order, so that a frame type
// indexes its decoder.
template <size_t... I>
constexpr bool InVocabularyOrder(std::index_sequence<I...>) {
  return ((std::variant_alternative_t<I, Command>::kFrame == static_cast<ClientFrame>(I)) && ...);
}
static_assert(std::variant_size_v<Command> == vocabulary::kClientFrameValues.size(),
              "every client frame of the vocabulary has a command");
static_assert(InVocabularyOrder(std::make_index_sequence<std::variant_size_v<Command>>()),
              "Command lists the commands in the order of vocabulary::ClientFrame");

using Decoder = Command (*)(FieldReader&);
template <size_t... I>
constexpr std::array<Decoder, sizeof...(I)> MakeDecoders(std::index_sequence<I...>) {
  return {+[](FieldReader& r) -> Command {
    return std::variant_alternative_t<I, Command>::Decode(r);
  }...};
}
constexpr auto kDecoders = MakeDecoders(std::make_index_sequence<std::variant_size_v<Command>>());

bool Fail(FrameError* e, ErrorCode code, std::string message, std::string_view type = {},
          std::string_view field = {}) {
  *e = FrameError{code, std::move(message), std::string(type), std::string(field)};
  return false;
}

}  // namespace

bool DecodeClientFrame(std::string_view text, Role role, const DecodeLimits& limits,
                       Command* command, FrameError* error) {
  if (text.size() > limits.max_frame_bytes) {
    return Fail(error, ErrorCode::kTooLarge,
                "frame larger than " + std::to_string(limits.max_frame_bytes) + " bytes");
  }
  bool too_deep = false;
  json::parser_callback_t depth_guard = [&](int depth, json::parse_event_t, json&) {
    if (depth > limits.max_depth) too_deep = true;
    return true;
  };
  json body = json::parse(text.begin(), text.end(), depth_guard, false);
  if (body.is_discarded()) return Fail(error, ErrorCode::kBadJson, "not valid JSON (or not UTF-8)");
  if (too_deep) return Fail(error, ErrorCode::kTooLarge, "JSON nested too deeply");
  if (!body.is_object()) return Fail(error, ErrorCode::kBadFrame, "a frame must be a JSON object");
  auto t = body.find("type");
  if (t == body.end() || !t->is_string()) {
    return Fail(error, ErrorCode::kMissingField, "type: required string", {}, "type");
  }
  const std::string& type_name = t->get_ref<const std::string&>();
  if (auto v = body.find("v"); v != body.end()) {
    if (!v->is_number_integer() || v->get<int64_t>() != kVersion) {
      return Fail(error, ErrorCode::kUnsupportedVersion,
                  "this server speaks protocol version " + std::to_string(kVersion), type_name,
                  "v");
    }
  }
  const auto frame = vocabulary::ParseClientFrame(type_name);
  if (!frame) {
    return Fail(error, ErrorCode::kUnknownType, "unknown type \"" + type_name.substr(0, 64) + "\"",
                {}, "type");
  }
  if (!vocabulary::MaySend(role, *frame)) {
    return Fail(error, ErrorCode::kNotAllowed,
                type_name + " is not allowed for " + std::string(vocabulary::Name(role)) + "s",
                type_name);
  }
  FieldReader reader(body, role, limits, type_name);
  Command decoded = kDecoders[static_cast<size_t>(*frame)](reader);
  if (!reader.ok()) {
    *error = reader.error();
    return false;
  }
  *command = std::move(decoded);
  return true;
}

std::string EncodeFrame(ServerFrame type, const nlohmann::json& data) {
  const std::string_view name = vocabulary::Name(type);
  const auto dump = [](const json& value) {
    return value.dump(-1, ' ', false, json::error_handler_t::replace);
  };
  if (!data.is_object() || data.contains("type") || data.contains("v")) {
    json out = data.is_object() ? data : json::object();
    out["type"] = name;
    out["v"] = kVersion;
    return dump(out);
  }
  // Usually: the data's members after "type" and "v", spliced into its
  // serialisation rather than into a copy of it (every message sent is encoded).
  const std::string members = dump(data);  // "{...}"
  std::string frame = R"({"type":)" + dump(json(name)) + R"(,"v":)" + std::to_string(kVersion);
  if (members.size() > 2) frame += ',';
  frame.append(members, 1);
  return frame;
}

std::string EncodeError(const FrameError& error) {
  json data = {{"code", vocabulary::Name(error.code)}, {"message", error.message}};
  if (!error.request_type.empty()) data["request_type"] = error.request_type;
  if (!error.field.empty()) data["field"] = error.field;
  return EncodeFrame(ServerFrame::kError, data);
}

}  // namespace protocol
}  // namespace relais::server
