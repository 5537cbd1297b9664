// Errors as values at the engine's boundary: nothing the engine does throws
// across its public API (the WebAssembly build has exceptions disabled). The
// server and the knowledge-base compiler use the same type.
#ifndef RELAIS_ENGINE_STATUS_H_
#define RELAIS_ENGINE_STATUS_H_

#include <string>
#include <utility>
#include <variant>

namespace relais::engine {

// What went wrong, coarse enough for a caller to branch on.
enum class StatusCode {
  kOk = 0,
  kInvalidArgument,     // the caller's input is malformed (bad UTF-8, empty data set...)
  kCorrupt,             // a bundle or model is damaged or of an unknown format version
  kResourceExhausted,   // an input is over its budget (query length, model size, rate...)
  kNotFound,            // the named entry, conversation, agent or file does not exist
  kInternal,            // storage or system failure
  // Used by the server (relais/server/status.h is this header):
  kAlreadyExists,       // a unique key is taken (agent email)
  kPermissionDenied,    // authenticated, but not allowed (another queue's conversation)
  kUnauthenticated,     // bad credentials, session or token
  kFailedPrecondition,  // the object is not in a state that allows this (closed conversation)
  kUnavailable,         // queue closed or full
};

// A success, or an error code with a message meant for a person.
class Status {
 public:
  Status() = default;
  static Status Ok() { return Status(); }
  static Status Error(StatusCode code, std::string message) {
    return Status(code, std::move(message));
  }

  bool ok() const { return code_ == StatusCode::kOk; }
  StatusCode code() const { return code_; }
  const std::string& message() const { return message_; }

 private:
  Status(StatusCode code, std::string message) : code_(code), message_(std::move(message)) {}

  StatusCode code_ = StatusCode::kOk;
  std::string message_;
};

// A value or the Status explaining why there is none.
template <typename T>
class Result {
 public:
  Result(T value) : value_(std::move(value)) {}          // NOLINT: implicit by design
  Result(Status status) : value_(std::move(status)) {}   // NOLINT: must not be ok()

  bool ok() const { return std::holds_alternative<T>(value_); }
  // The error; Status::Ok() when there is a value.
  Status status() const { return ok() ? Status::Ok() : std::get<Status>(value_); }
  // The value. Precondition: ok().
  T& value() & { return std::get<T>(value_); }
  const T& value() const& { return std::get<T>(value_); }
  T&& value() && { return std::get<T>(std::move(value_)); }

 private:
  std::variant<T, Status> value_;
};

}  // namespace relais::engine

#endif  // RELAIS_ENGINE_STATUS_H_
