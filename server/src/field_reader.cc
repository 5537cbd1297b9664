// Reading validated fields of a client frame (field_reader.h).
#include "relais/server/field_reader.h"

#include <algorithm>
#include <cctype>

namespace relais::server {

using nlohmann::json;
using vocabulary::ErrorCode;

FieldReader::FieldReader(const json& object, vocabulary::Role role, const DecodeLimits& limits,
                         std::string_view request_type)
    : object_(object), state_(std::make_shared<State>(State{role, limits, true, {}})) {
  state_->error.request_type = request_type;
}

FieldReader::FieldReader(const json& object, std::shared_ptr<State> state, std::string prefix)
    : object_(object), state_(std::move(state)), prefix_(std::move(prefix)) {}

void FieldReader::Fail(ErrorCode code, std::string_view field, std::string_view detail) {
  if (!state_->ok) return;
  state_->ok = false;
  state_->error.code = code;
  state_->error.field = prefix_ + std::string(field);
  state_->error.message = state_->error.field + ": " + std::string(detail);
}

const json* FieldReader::Find(std::string_view name, Need need) {
  if (!state_->ok) return nullptr;
  auto it = object_.find(name);
  if (it != object_.end() && !it->is_null()) return &*it;  // null means absent
  const bool required = need == Need::kRequired || (need == Need::kUnlessVisitor &&
                                                    state_->role != vocabulary::Role::kVisitor);
  if (required) Fail(ErrorCode::kMissingField, name, "required");
  return nullptr;
}

bool FieldReader::Expect(std::string_view name, bool is_right, std::string_view what) {
  if (!is_right) Fail(ErrorCode::kInvalidField, name, "expected " + std::string(what));
  return is_right;
}

std::string FieldReader::String(std::string_view name, Need need, size_t max_bytes) {
  const json* value = Find(name, need);
  if (!value || !Expect(name, value->is_string(), "a string")) return {};
  const std::string& text = value->get_ref<const std::string&>();
  const size_t budget = max_bytes == kTextBudget ? state_->limits.max_text_bytes : max_bytes;
  if (text.size() > budget) {
    Fail(ErrorCode::kTooLarge, name, "longer than " + std::to_string(budget) + " bytes");
    return {};
  }
  return text;
}

int64_t FieldReader::Int(std::string_view name, Need need, int64_t min, int64_t max) {
  const json* value = Find(name, need);
  if (!value || !Expect(name, value->is_number_integer(), "an integer")) return 0;
  // A huge unsigned value does not fit: it is out of range, not a negative number.
  if (value->is_number_unsigned() &&
      value->get<uint64_t>() > static_cast<uint64_t>(std::numeric_limits<int64_t>::max())) {
    Fail(ErrorCode::kInvalidField, name, "out of range");
    return 0;
  }
  const int64_t n = value->get<int64_t>();
  if (n < min || n > max) {
    std::string range = max == std::numeric_limits<int64_t>::max()
                            ? "must be >= " + std::to_string(min)
                            : std::to_string(min) + " to " + std::to_string(max);
    Fail(ErrorCode::kInvalidField, name, range);
    return 0;
  }
  return n;
}

bool FieldReader::Bool(std::string_view name, Need need) {
  const json* value = Find(name, need);
  if (!value || !Expect(name, value->is_boolean(), "true or false")) return false;
  return value->get<bool>();
}

std::string FieldReader::ClientId(std::string_view name) {
  std::string id = String(name, Need::kRequired, 64);
  if (ok() && id.empty()) Fail(ErrorCode::kInvalidField, name, "must not be empty");
  return id;
}

std::string FieldReader::Text(std::string_view name) {
  std::string text = String(name, Need::kRequired, kTextBudget);
  if (ok() && text.find_first_not_of(" \t\r\n") == std::string::npos) {
    Fail(ErrorCode::kInvalidField, name, "must not be empty");
  }
  return text;
}

std::string FieldReader::Email(std::string_view name) {
  std::string email = String(name, Need::kOptional, 320);
  std::transform(email.begin(), email.end(), email.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return email;
}

std::vector<std::string> FieldReader::Strings(std::string_view name, int max_items,
                                              size_t max_bytes) {
  const json* value = Find(name, Need::kOptional);
  if (!value || !Expect(name, value->is_array(), "an array")) return {};
  if (static_cast<int>(value->size()) > max_items) {
    Fail(ErrorCode::kTooLarge, name, "more than " + std::to_string(max_items) + " entries");
    return {};
  }
  std::vector<std::string> out;
  for (size_t i = 0; i < value->size(); ++i) {
    const json& item = (*value)[i];
    const std::string path = std::string(name) + "[" + std::to_string(i) + "]";
    if (!item.is_string()) {
      Fail(ErrorCode::kInvalidField, path, "expected a string");
      return {};
    }
    if (item.get_ref<const std::string&>().size() > max_bytes) {
      Fail(ErrorCode::kTooLarge, path, "longer than " + std::to_string(max_bytes) + " bytes");
      return {};
    }
    out.push_back(item.get<std::string>());
  }
  return out;
}

std::string FieldReader::ObjectJson(std::string_view name, size_t max_bytes) {
  const json* value = Find(name, Need::kOptional);
  if (!value) return "{}";
  if (!Expect(name, value->is_object(), "an object")) return "{}";
  std::string text = value->dump(-1, ' ', false, json::error_handler_t::replace);
  if (text.size() > max_bytes) {
    Fail(ErrorCode::kTooLarge, name, "larger than " + std::to_string(max_bytes / 1024) + " KiB");
    return "{}";
  }
  return text;
}

void FieldReader::ForEachObject(std::string_view name, int max_items,
                                const std::function<void(FieldReader&)>& read) {
  const json* value = Find(name, Need::kOptional);
  if (!value || !Expect(name, value->is_array(), "an array")) return;
  if (static_cast<int>(value->size()) > max_items) {
    Fail(ErrorCode::kTooLarge, name, "more than " + std::to_string(max_items) + " entries");
    return;
  }
  for (size_t i = 0; i < value->size() && ok(); ++i) {
    const std::string path = prefix_ + std::string(name) + "[" + std::to_string(i) + "]";
    if (!(*value)[i].is_object()) {
      Fail(ErrorCode::kInvalidField, std::string(name) + "[" + std::to_string(i) + "]",
           "expected an object");
      return;
    }
    FieldReader item((*value)[i], state_, path + ".");
    read(item);
  }
}

}  // namespace relais::server
