// Status and Result<T>: the error currency of every I/O path (LevelDB/Arrow style).
// A Status carries a code, the path it concerns and a message; no exceptions cross
// layer boundaries.
#pragma once

#include <cassert>
#include <optional>
#include <string>
#include <utility>
#include <variant>

namespace hmig {

enum class StatusCode {
  kOk = 0,
  kInvalidArgument,   // bad input from the user: flag, URI, config value
  kNotFound,          // path, table, version does not exist
  kAlreadyExists,     // target exists and overwriting was not asked for
  kPermissionDenied,  // EACCES/EPERM, AccessControlException
  kNoSpace,           // ENOSPC, EDQUOT, HDFS quota exceeded
  kTransient,         // worth retrying: EINTR/EAGAIN/EIO on network fs, 5xx, timeouts
  kCorrupt,           // checksum or length mismatch, malformed data
  kChanged,           // a source changed while it was being read
  kUnsupported,       // the backend cannot do this (e.g. ACLs on a filesystem without them)
  kAuth,              // authentication failed or token expired
  kCancelled,         // stopped on request
  kInternal,          // a bug or an unexpected state
  kIOError,           // any other I/O failure
};

const char* StatusCodeName(StatusCode code);

class [[nodiscard]] Status {
 public:
  Status() = default;
  Status(StatusCode code, std::string message, std::string path = {})
      : code_(code), message_(std::move(message)), path_(std::move(path)) {}

  static Status OK() { return Status(); }
  static Status Invalid(std::string msg, std::string path = {}) {
    return {StatusCode::kInvalidArgument, std::move(msg), std::move(path)};
  }
  static Status NotFound(std::string msg, std::string path = {}) {
    return {StatusCode::kNotFound, std::move(msg), std::move(path)};
  }
  static Status Internal(std::string msg, std::string path = {}) {
    return {StatusCode::kInternal, std::move(msg), std::move(path)};
  }
  static Status IOError(std::string msg, std::string path = {}) {
    return {StatusCode::kIOError, std::move(msg), std::move(path)};
  }
  static Status Unsupported(std::string msg, std::string path = {}) {
    return {StatusCode::kUnsupported, std::move(msg), std::move(path)};
  }
  static Status Corrupt(std::string msg, std::string path = {}) {
    return {StatusCode::kCorrupt, std::move(msg), std::move(path)};
  }
  // Maps an errno value to the closest code, keeping strerror's text.
  static Status FromErrno(int err, std::string what, std::string path = {});

  bool ok() const { return code_ == StatusCode::kOk; }
  StatusCode code() const { return code_; }
  const std::string& message() const { return message_; }
  const std::string& path() const { return path_; }
  bool IsTransient() const { return code_ == StatusCode::kTransient; }

  // "<path>: <message>" or just the message when no path is attached.
  std::string ToString() const;

  // Returns a copy with context prepended to the message ("while X: ...").
  Status WithContext(const std::string& context) const;
  Status WithPath(std::string path) const {
    Status s = *this;
    if (s.path_.empty()) s.path_ = std::move(path);
    return s;
  }

 private:
  StatusCode code_ = StatusCode::kOk;
  std::string message_;
  std::string path_;
};

template <typename T>
class [[nodiscard]] Result {
 public:
  Result(T value) : v_(std::move(value)) {}  // NOLINT: implicit by design
  Result(Status status) : v_(std::move(status)) { assert(!std::get<Status>(v_).ok()); }  // NOLINT

  bool ok() const { return std::holds_alternative<T>(v_); }
  const Status& status() const {
    static const Status kOk;
    return ok() ? kOk : std::get<Status>(v_);
  }
  T& operator*() & { return std::get<T>(v_); }
  const T& operator*() const& { return std::get<T>(v_); }
  T&& operator*() && { return std::get<T>(std::move(v_)); }
  T* operator->() { return &std::get<T>(v_); }
  const T* operator->() const { return &std::get<T>(v_); }
  T& value() & { return std::get<T>(v_); }
  T&& value() && { return std::get<T>(std::move(v_)); }
  T ValueOr(T fallback) const { return ok() ? std::get<T>(v_) : std::move(fallback); }

 private:
  std::variant<T, Status> v_;
};

}  // namespace hmig

#define HMIG_CONCAT_INNER(a, b) a##b
#define HMIG_CONCAT(a, b) HMIG_CONCAT_INNER(a, b)

#define HMIG_RETURN_IF_ERROR(expr)       \
  do {                                   \
    ::hmig::Status _hmig_st = (expr);    \
    if (!_hmig_st.ok()) return _hmig_st; \
  } while (0)

#define HMIG_ASSIGN_OR_RETURN_IMPL(tmp, lhs, rexpr) \
  auto tmp = (rexpr);                               \
  if (!tmp.ok()) return tmp.status();               \
  lhs = std::move(tmp).value()

#define HMIG_ASSIGN_OR_RETURN(lhs, rexpr) \
  HMIG_ASSIGN_OR_RETURN_IMPL(HMIG_CONCAT(_hmig_res_, __LINE__), lhs, rexpr)
