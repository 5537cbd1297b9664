// Errors as values at the server's module boundaries. The server keeps its own
// small Status/Result (same shape as relais/engine/status.h) so that it does not
// depend on the engine library before it needs suggested answers.
#ifndef RELAIS_SERVER_STATUS_H_
#define RELAIS_SERVER_STATUS_H_

#include <string>
#include <utility>
#include <variant>

namespace relais::server {

// Coarse error kinds a caller can branch on.
enum class StatusCode {
  kOk = 0,
  kInvalidArgument,     // malformed input (config field, frame field, CLI argument)
  kNotFound,            // the named conversation, agent or file does not exist
  kAlreadyExists,       // a unique key is taken (agent email)
  kPermissionDenied,    // authenticated, but not allowed (another queue's conversation)
  kUnauthenticated,     // bad credentials, session or token
  kFailedPrecondition,  // the object is not in a state that allows this (closed conversation)
  kResourceExhausted,   // a budget was hit (size, rate, capacity, lockout)
  kUnavailable,         // queue closed or full
  kInternal,            // storage or system failure
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
  Result(T value) : value_(std::move(value)) {}         // NOLINT: implicit by design
  Result(Status status) : value_(std::move(status)) {}  // NOLINT: must not be ok()

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

}  // namespace relais::server

#endif  // RELAIS_SERVER_STATUS_H_
