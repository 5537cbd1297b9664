// Reading the fields of one client frame, with the budgets and the first error
// (its code, the offending field and a message for a person). Commands
// (commands.h) are decoded with it; nothing else reads a frame's JSON.
#ifndef RELAIS_SERVER_FIELD_READER_H_
#define RELAIS_SERVER_FIELD_READER_H_

#include <array>
#include <cstdint>
#include <functional>
#include <limits>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "relais/vocabulary.h"

namespace relais::server {

// Budgets for decoding; the server fills them from Config::limits.
struct DecodeLimits {
  size_t max_frame_bytes = 65536;
  size_t max_text_bytes = 4000;  // "text" fields of chat messages
  int max_transcript = 100;
  int max_depth = 8;
};

// A frame-level failure, sent back as an `error` frame.
struct FrameError {
  vocabulary::ErrorCode code = vocabulary::ErrorCode::kBadFrame;
  std::string message;       // for a person: "text: required"
  std::string request_type;  // the offending frame type when known
  std::string field;         // the offending field when there is one ("transcript[2].text")
};

enum class Need {
  kOptional,
  kRequired,
  kUnlessVisitor,  // required from everyone but visitors (who have one conversation)
};

// A string budget meaning "the configured budget of chat text".
inline constexpr size_t kTextBudget = 0;

class FieldReader {
 public:
  // Reads `object` (a JSON object) for a frame of `request_type` sent by `role`.
  FieldReader(const nlohmann::json& object, vocabulary::Role role, const DecodeLimits& limits,
              std::string_view request_type);

  // Each read returns the field's value, or the default (empty, 0, false) when it
  // is absent or null and optional, or after any failure. The first failure is
  // kept: later reads do nothing.
  std::string String(std::string_view name, Need need, size_t max_bytes);
  int64_t Int(std::string_view name, Need need, int64_t min = std::numeric_limits<int64_t>::min(),
              int64_t max = std::numeric_limits<int64_t>::max());
  bool Bool(std::string_view name, Need need);
  // A client id: required, 1 to 64 bytes.
  std::string ClientId(std::string_view name);
  // Chat text: required, within the text budget, not only spaces.
  std::string Text(std::string_view name);
  // An optional e-mail address, lower-cased (at most 320 bytes).
  std::string Email(std::string_view name);
  // An optional array of at most `max_items` strings of at most `max_bytes` each.
  std::vector<std::string> Strings(std::string_view name, int max_items, size_t max_bytes);
  // An optional object, as JSON text ("{}" when absent), at most `max_bytes`.
  std::string ObjectJson(std::string_view name, size_t max_bytes);
  // A name of the vocabulary: `absent` when the field is absent, an
  // `invalid_field` error naming the accepted values when it is not one.
  template <typename E, size_t N>
  E Enum(std::string_view name, E absent, std::optional<E> (*parse)(std::string_view),
         const std::array<std::string_view, N>& names) {
    return ReadEnum(name, Need::kOptional, absent, parse, names);
  }
  template <typename E, size_t N>
  E RequiredEnum(std::string_view name, std::optional<E> (*parse)(std::string_view),
                 const std::array<std::string_view, N>& names) {
    return ReadEnum(name, Need::kRequired, E{}, parse, names);
  }
  // An optional array of at most `max_items` objects; `read` reads each one
  // (errors then name "name[i].field").
  void ForEachObject(std::string_view name, int max_items,
                     const std::function<void(FieldReader&)>& read);

  // Records a failure on `field` (message: "field: <detail>") unless one is recorded.
  void Fail(vocabulary::ErrorCode code, std::string_view field, std::string_view detail);

  bool ok() const { return state_->ok; }
  const FrameError& error() const { return state_->error; }
  const DecodeLimits& limits() const { return state_->limits; }

 private:
  struct State {
    vocabulary::Role role;
    const DecodeLimits& limits;
    bool ok = true;
    FrameError error;
  };
  FieldReader(const nlohmann::json& object, std::shared_ptr<State> state, std::string prefix);
  // The field's value, or nullptr when absent/null (failing when required).
  const nlohmann::json* Find(std::string_view name, Need need);
  // Checks the value's JSON type; fails with "expected <what>" otherwise.
  bool Expect(std::string_view name, bool is_right, std::string_view what);

  template <typename E, size_t N>
  E ReadEnum(std::string_view name, Need need, E absent,
             std::optional<E> (*parse)(std::string_view),
             const std::array<std::string_view, N>& names) {
    const nlohmann::json* value = Find(name, need);
    if (!value || !Expect(name, value->is_string(), "a string")) return absent;
    if (auto parsed = parse(value->get_ref<const std::string&>())) return *parsed;
    std::string accepted;
    for (std::string_view n : names) {
      if (n.empty()) continue;
      accepted += accepted.empty() ? "one of " : ", ";
      accepted += n;
    }
    Fail(vocabulary::ErrorCode::kInvalidField, name, accepted);
    return absent;
  }

  const nlohmann::json& object_;
  std::shared_ptr<State> state_;
  std::string prefix_;  // "transcript[2]." inside an array
};

}  // namespace relais::server

#endif  // RELAIS_SERVER_FIELD_READER_H_
