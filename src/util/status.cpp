#include "util/status.h"

#include <cerrno>
#include <cstring>

namespace hmig {

const char* StatusCodeName(StatusCode code) {
  switch (code) {
    case StatusCode::kOk:
      return "OK";
    case StatusCode::kInvalidArgument:
      return "invalid argument";
    case StatusCode::kNotFound:
      return "not found";
    case StatusCode::kAlreadyExists:
      return "already exists";
    case StatusCode::kPermissionDenied:
      return "permission denied";
    case StatusCode::kNoSpace:
      return "no space left";
    case StatusCode::kTransient:
      return "transient error";
    case StatusCode::kCorrupt:
      return "corrupt data";
    case StatusCode::kChanged:
      return "changed during copy";
    case StatusCode::kUnsupported:
      return "unsupported";
    case StatusCode::kAuth:
      return "authentication failed";
    case StatusCode::kCancelled:
      return "cancelled";
    case StatusCode::kInternal:
      return "internal error";
    case StatusCode::kIOError:
      return "I/O error";
  }
  return "unknown";
}

Status Status::FromErrno(int err, std::string what, std::string path) {
  StatusCode code = StatusCode::kIOError;
  switch (err) {
    case ENOENT:
    case ENOTDIR:
      code = StatusCode::kNotFound;
      break;
    case EEXIST:
    case ENOTEMPTY:
      code = StatusCode::kAlreadyExists;
      break;
    case EACCES:
    case EPERM:
    case EROFS:
      code = StatusCode::kPermissionDenied;
      break;
    case ENOSPC:
    case EDQUOT:
    case EFBIG:
      code = StatusCode::kNoSpace;
      break;
    // EIO is how NFS and FUSE mounts report a lost server: worth a retry.
    case EINTR:
    case EAGAIN:
    case ETIMEDOUT:
    case ECONNRESET:
    case ESTALE:
    case EIO:
      code = StatusCode::kTransient;
      break;
    case EINVAL:
    case ENAMETOOLONG:
      code = StatusCode::kInvalidArgument;
      break;
    case EOPNOTSUPP:
      code = StatusCode::kUnsupported;
      break;
    default:
      break;
  }
  std::string msg = std::move(what);
  if (!msg.empty()) msg += ": ";
  msg += std::strerror(err);
  return Status(code, std::move(msg), std::move(path));
}

std::string Status::ToString() const {
  if (ok()) return "OK";
  if (path_.empty()) return message_;
  return path_ + ": " + message_;
}

Status Status::WithContext(const std::string& context) const {
  if (ok()) return *this;
  Status s = *this;
  s.message_ = context + ": " + message_;
  return s;
}

}  // namespace hmig
