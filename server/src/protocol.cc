// Frame codec: table-driven validation of client frames.
#include "relais/server/protocol.h"

#include <array>
#include <vector>

namespace relais::server::protocol {
namespace {

using nlohmann::json;

enum class Kind { kString, kInt, kBool, kObject, kArray };

// Which roles may send a type.
enum Who { kVisitorOnly = 1, kAgentOnly = 2, kBoth = 3 };

constexpr size_t kText = 0;  // "use the configured text budget"

struct Field {
  const char* name;
  Kind kind;
  bool required;
  size_t max_bytes;          // strings: byte budget (kText = limits.max_text_bytes); 0 otherwise
  Who required_for = kBoth;  // roles for which `required` applies
};

struct Spec {
  std::string_view type;
  Who who;
  std::vector<Field> fields;
};

const std::vector<Spec>& Specs() {
  static const std::vector<Spec> kSpecs = {
      {type::kHandoff,
       kVisitorOnly,
       {{"language", Kind::kString, true, 8},
        {"queue", Kind::kString, false, 32},
        {"skill", Kind::kString, false, 32},
        {"reason", Kind::kString, false, 200},
        {"priority", Kind::kString, false, 16},
        {"page_url", Kind::kString, false, 2048},
        {"entities", Kind::kObject, false, 0},
        {"transcript", Kind::kArray, false, 0}}},
      {type::kResume,
       kVisitorOnly,
       {{"conversation_id", Kind::kString, true, 64},
        {"token", Kind::kString, true, 128},
        {"last_seq", Kind::kInt, false, 0}}},
      {type::kLeave, kVisitorOnly, {}},
      {type::kFollowUpRequest,
       kVisitorOnly,
       {{"kind", Kind::kString, true, 16},
        {"name", Kind::kString, false, 200},
        {"phone", Kind::kString, false, 40},
        {"preferred_time", Kind::kString, false, 200},
        {"contact", Kind::kString, false, 320},
        {"text", Kind::kString, false, kText}}},
      {type::kSurveySubmit,
       kVisitorOnly,
       {{"rating", Kind::kInt, true, 0}, {"comment", Kind::kString, false, kText}}},
      {type::kMessageCreate,
       kBoth,
       {{"client_id", Kind::kString, true, 64},
        {"text", Kind::kString, true, kText},
        {"conversation_id", Kind::kString, true, 64, kAgentOnly}}},
      {type::kTyping,
       kBoth,
       {{"active", Kind::kBool, true, 0},
        {"conversation_id", Kind::kString, true, 64, kAgentOnly}}},
      {type::kPing, kBoth, {}},
      {type::kAgentStatus, kAgentOnly, {{"status", Kind::kString, true, 16}}},
      {type::kAccept, kAgentOnly, {{"conversation_id", Kind::kString, true, 64}}},
      {type::kDecline, kAgentOnly, {{"conversation_id", Kind::kString, true, 64}}},
      {type::kView,
       kAgentOnly,
       {{"conversation_id", Kind::kString, true, 64}, {"before_seq", Kind::kInt, false, 0}}},
      {type::kTransfer,
       kAgentOnly,
       {{"conversation_id", Kind::kString, true, 64},
        {"queue", Kind::kString, false, 32},
        {"agent_email", Kind::kString, false, 320},
        {"note", Kind::kString, false, kText}}},
      {type::kClose,
       kAgentOnly,
       {{"conversation_id", Kind::kString, true, 64}, {"outcome", Kind::kString, true, 64}}},
      {type::kNoteCreate,
       kAgentOnly,
       {{"conversation_id", Kind::kString, true, 64},
        {"client_id", Kind::kString, true, 64},
        {"text", Kind::kString, true, kText}}},
      {type::kFollowUpList, kAgentOnly, {}},
      {type::kFollowUpComplete, kAgentOnly, {{"id", Kind::kInt, true, 0}}},
      {type::kKbSearch,
       kAgentOnly,
       {{"query", Kind::kString, true, 500},
        {"language", Kind::kString, false, 8},
        {"conversation_id", Kind::kString, false, 64}}},
  };
  return kSpecs;
}

const char* KindName(Kind k) {
  switch (k) {
    case Kind::kString:
      return "a string";
    case Kind::kInt:
      return "an integer";
    case Kind::kBool:
      return "true or false";
    case Kind::kObject:
      return "an object";
    case Kind::kArray:
      return "an array";
  }
  return "?";
}

bool HasKind(const json& v, Kind k) {
  switch (k) {
    case Kind::kString:
      return v.is_string();
    case Kind::kInt:
      return v.is_number_integer();
    case Kind::kBool:
      return v.is_boolean();
    case Kind::kObject:
      return v.is_object();
    case Kind::kArray:
      return v.is_array();
  }
  return false;
}

bool Fail(FrameError* e, std::string_view code, std::string message, std::string type = "") {
  e->code = code;
  e->message = std::move(message);
  e->request_type = std::move(type);
  return false;
}

// Extra checks that a flat table cannot express.
bool CheckSpecial(const ClientFrame& f, const DecodeLimits& limits, FrameError* e) {
  const json& b = f.body;
  if (f.type == type::kHandoff) {
    if (auto it = b.find("transcript"); it != b.end()) {
      if (static_cast<int>(it->size()) > limits.max_transcript) {
        return Fail(e, code::kTooLarge, "transcript: too many entries", f.type);
      }
      for (size_t i = 0; i < it->size(); ++i) {
        const json& m = (*it)[i];
        std::string path = "transcript[" + std::to_string(i) + "]";
        if (!m.is_object())
          return Fail(e, code::kInvalidField, path + ": expected an object", f.type);
        auto author = m.find("author");
        auto text = m.find("text");
        if (author == m.end() || !author->is_string() ||
            (*author != "visitor" && *author != "bot")) {
          return Fail(e, code::kInvalidField, path + ".author: \"visitor\" or \"bot\"", f.type);
        }
        if (text == m.end() || !text->is_string()) {
          return Fail(e, code::kMissingField, path + ".text: required string", f.type);
        }
        if (text->get_ref<const std::string&>().size() > limits.max_text_bytes) {
          return Fail(e, code::kTooLarge, path + ".text: too long", f.type);
        }
      }
    }
    if (auto it = b.find("entities"); it != b.end() && it->dump().size() > 8192) {
      return Fail(e, code::kTooLarge, "entities: larger than 8 KiB", f.type);
    }
  }
  if ((f.type == type::kMessageCreate || f.type == type::kNoteCreate) &&
      b["text"].get_ref<const std::string&>().find_first_not_of(" \t\r\n") == std::string::npos) {
    return Fail(e, code::kInvalidField, "text: must not be empty", f.type);
  }
  if (f.type == type::kMessageCreate || f.type == type::kNoteCreate) {
    if (b["client_id"].get_ref<const std::string&>().empty()) {
      return Fail(e, code::kInvalidField, "client_id: must not be empty", f.type);
    }
  }
  if (f.type == type::kSurveySubmit) {
    int64_t r = b["rating"].get<int64_t>();
    if (r < 1 || r > 5) return Fail(e, code::kInvalidField, "rating: 1 to 5", f.type);
  }
  if (f.type == type::kView) {
    if (auto it = b.find("before_seq"); it != b.end() && it->get<int64_t>() < 1) {
      return Fail(e, code::kInvalidField, "before_seq: must be >= 1", f.type);
    }
  }
  if (f.type == type::kResume) {
    if (auto it = b.find("last_seq"); it != b.end() && it->get<int64_t>() < 0) {
      return Fail(e, code::kInvalidField, "last_seq: must be >= 0", f.type);
    }
  }
  return true;
}

}  // namespace

bool DecodeClientFrame(std::string_view text, Role role, const DecodeLimits& limits,
                       ClientFrame* frame, FrameError* error) {
  if (text.size() > limits.max_frame_bytes) {
    return Fail(error, code::kTooLarge,
                "frame larger than " + std::to_string(limits.max_frame_bytes) + " bytes");
  }
  bool too_deep = false;
  json::parser_callback_t depth_guard = [&](int depth, json::parse_event_t, json&) {
    if (depth > limits.max_depth) too_deep = true;
    return true;
  };
  json body = json::parse(text.begin(), text.end(), depth_guard, false);
  if (body.is_discarded()) return Fail(error, code::kBadJson, "not valid JSON (or not UTF-8)");
  if (too_deep) return Fail(error, code::kTooLarge, "JSON nested too deeply");
  if (!body.is_object()) return Fail(error, code::kBadFrame, "a frame must be a JSON object");
  auto t = body.find("type");
  if (t == body.end() || !t->is_string()) {
    return Fail(error, code::kMissingField, "type: required string");
  }
  std::string type_name = t->get<std::string>();
  if (auto v = body.find("v"); v != body.end()) {
    if (!v->is_number_integer() || v->get<int64_t>() != kVersion) {
      return Fail(error, code::kUnsupportedVersion,
                  "this server speaks protocol version " + std::to_string(kVersion), type_name);
    }
  }
  const Spec* spec = nullptr;
  for (const auto& s : Specs()) {
    if (s.type == type_name) spec = &s;
  }
  if (!spec) {
    return Fail(error, code::kUnknownType, "unknown type \"" + type_name.substr(0, 64) + "\"");
  }
  Who me = role == Role::kVisitor ? kVisitorOnly : kAgentOnly;
  if (!(spec->who & me)) {
    return Fail(error, code::kNotAllowed, type_name + " is not allowed for this role", type_name);
  }
  for (const Field& field : spec->fields) {
    auto it = body.find(field.name);
    if (it != body.end() && it->is_null()) {
      body.erase(it);  // null means absent: handlers may then use value(name, default)
      it = body.end();
    }
    if (it == body.end()) {
      if (field.required && (field.required_for & me)) {
        return Fail(error, code::kMissingField, std::string(field.name) + ": required", type_name);
      }
      continue;
    }
    if (!HasKind(*it, field.kind)) {
      return Fail(error, code::kInvalidField,
                  std::string(field.name) + ": expected " + KindName(field.kind), type_name);
    }
    if (field.kind == Kind::kString) {
      size_t budget = field.max_bytes == kText ? limits.max_text_bytes : field.max_bytes;
      if (it->get_ref<const std::string&>().size() > budget) {
        return Fail(error, code::kTooLarge,
                    std::string(field.name) + ": longer than " + std::to_string(budget) + " bytes",
                    type_name);
      }
    }
  }
  frame->type = std::move(type_name);
  frame->body = std::move(body);
  return CheckSpecial(*frame, limits, error);
}

std::string EncodeFrame(std::string_view type, const nlohmann::json& data) {
  const auto dump = [](const json& value) {
    return value.dump(-1, ' ', false, json::error_handler_t::replace);
  };
  if (!data.is_object() || data.contains("type") || data.contains("v")) {
    json out = data.is_object() ? data : json::object();
    out["type"] = type;
    out["v"] = kVersion;
    return dump(out);
  }
  // Usually: the data's members after "type" and "v", spliced into its
  // serialisation rather than into a copy of it (every message sent is encoded).
  const std::string members = dump(data);  // "{...}"
  std::string frame = R"({"type":)" + dump(json(type)) + R"(,"v":)" + std::to_string(kVersion);
  if (members.size() > 2) frame += ',';
  frame.append(members, 1);
  return frame;
}

std::string EncodeError(const FrameError& error) {
  json data = {{"code", error.code}, {"message", error.message}};
  if (!error.request_type.empty()) data["request_type"] = error.request_type;
  return EncodeFrame(type::kError, data);
}

std::string_view CodeFor(StatusCode c) {
  switch (c) {
    case StatusCode::kOk:
      return "ok";
    case StatusCode::kInvalidArgument:
      return code::kInvalidField;
    case StatusCode::kNotFound:
      return code::kNotFound;
    case StatusCode::kAlreadyExists:
      return code::kInvalidState;
    case StatusCode::kPermissionDenied:
      return code::kForbidden;
    case StatusCode::kUnauthenticated:
      return code::kUnauthenticated;
    case StatusCode::kFailedPrecondition:
      return code::kInvalidState;
    case StatusCode::kResourceExhausted:
      return code::kRateLimited;
    case StatusCode::kUnavailable:
      return code::kUnavailable;
    case StatusCode::kCorrupt:
    case StatusCode::kInternal:
      return code::kInternal;
  }
  return code::kInternal;
}

}  // namespace relais::server::protocol
