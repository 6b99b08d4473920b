#include "fs/webhdfs/webhdfs_json.h"

namespace hmig::fs::webhdfs {

namespace {

uint64_t U64(const nlohmann::json& j, const char* key) {
  auto it = j.find(key);
  if (it == j.end() || !it->is_number()) return 0;
  return it->is_number_unsigned() ? it->get<uint64_t>()
                                  : static_cast<uint64_t>(std::max<int64_t>(0, it->get<int64_t>()));
}

std::string Str(const nlohmann::json& j, const char* key) {
  auto it = j.find(key);
  return it != j.end() && it->is_string() ? it->get<std::string>() : std::string();
}

StatusCode CodeForException(const std::string& name, long http_status, const std::string& message) {
  if (http_status == 401) return StatusCode::kAuth;  // no or rejected credentials (SPNEGO, token)
  if (name == "FileNotFoundException" || name == "XAttrNotFoundException")
    return StatusCode::kNotFound;
  if (name == "AccessControlException" || name == "AuthorizationException")
    return StatusCode::kPermissionDenied;
  if (name == "FileAlreadyExistsException") return StatusCode::kAlreadyExists;
  if (name == "SafeModeException" || name == "RetriableException" || name == "StandbyException" ||
      name == "ObserverRetryOnActiveException") {
    return StatusCode::kTransient;
  }
  if (name == "NSQuotaExceededException" || name == "DSQuotaExceededException" ||
      name == "QuotaExceededException" || name == "QuotaByStorageTypeExceededException") {
    return StatusCode::kNoSpace;
  }
  if (name == "InvalidToken" || name == "SecretManager$InvalidToken") return StatusCode::kAuth;
  if (name == "AclException" && message.find("disabled") != std::string::npos)
    return StatusCode::kUnsupported;
  if (name == "UnsupportedOperationException") return StatusCode::kUnsupported;
  if (name == "IllegalArgumentException" || name == "HadoopIllegalArgumentException" ||
      name == "InvalidPathException" || name == "AclException") {
    return StatusCode::kInvalidArgument;
  }
  if (http_status == 404) return StatusCode::kNotFound;
  if (http_status >= 500 || http_status == 429) return StatusCode::kTransient;
  return StatusCode::kIOError;
}

}  // namespace

Result<nlohmann::json> ParseJsonBody(const std::string& body, const std::string& what,
                                     const std::string& path) {
  auto j = nlohmann::json::parse(body, nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded() || !j.is_object()) {
    return Status::Corrupt("WebHDFS " + what + " answer is not JSON: " + body.substr(0, 200), path);
  }
  return j;
}

Result<FileStatus> ParseFileStatus(const nlohmann::json& j, const std::string& path) {
  if (!j.is_object()) return Status::Corrupt("FileStatus is not a JSON object", path);
  FileStatus st;
  st.path = path;
  std::string type = Str(j, "type");
  if (type == "FILE") {
    st.type = FileType::kFile;
  } else if (type == "DIRECTORY") {
    st.type = FileType::kDirectory;
  } else if (type == "SYMLINK") {
    st.type = FileType::kSymlink;
  } else {
    return Status::Corrupt("FileStatus has an unknown type '" + type + "'", path);
  }
  st.length = U64(j, "length");
  std::string perm = Str(j, "permission");
  try {
    st.permission = perm.empty() ? 0 : static_cast<uint32_t>(std::stoul(perm, nullptr, 8)) & 07777;
  } catch (...) {
    return Status::Corrupt("FileStatus has a bad permission '" + perm + "'", path);
  }
  st.owner = Str(j, "owner");
  st.group = Str(j, "group");
  st.mtime_ns = static_cast<int64_t>(U64(j, "modificationTime")) * 1000000;
  st.atime_ns = static_cast<int64_t>(U64(j, "accessTime")) * 1000000;
  st.replication = static_cast<uint32_t>(U64(j, "replication"));
  st.block_size = U64(j, "blockSize");
  auto acl = j.find("aclBit");
  st.has_acl = acl != j.end() && acl->is_boolean() && acl->get<bool>();
  return st;
}

std::string RemoteExceptionName(const HttpResponse& response) {
  auto j = nlohmann::json::parse(response.body, nullptr, false);
  if (j.is_discarded() || !j.is_object()) return "";
  auto re = j.find("RemoteException");
  if (re == j.end() || !re->is_object()) return "";
  return Str(*re, "exception");
}

Status ErrorFromResponse(const HttpResponse& response, const std::string& op,
                         const std::string& path) {
  std::string name, message;
  auto j = nlohmann::json::parse(response.body, nullptr, false);
  if (!j.is_discarded() && j.is_object() && j.contains("RemoteException") &&
      j["RemoteException"].is_object()) {
    name = Str(j["RemoteException"], "exception");
    message = Str(j["RemoteException"], "message");
    // DataNode messages carry the server's stack trace after the first "\n\tat ".
    auto trace = message.find("\n\tat ");
    if (trace != std::string::npos) message.resize(trace);
  } else {
    message = response.body.substr(0, 300);
    while (!message.empty() && std::isspace(static_cast<unsigned char>(message.back())))
      message.pop_back();
  }
  std::string text = "WebHDFS " + op + " failed with HTTP " + std::to_string(response.status);
  if (!name.empty()) text.append(" ").append(name);
  if (!message.empty()) text.append(": ").append(message);
  if (response.status == 401) {
    text.append(
        " (the server wants authentication: get a Kerberos ticket with kinit and set "
        "HMIG_WEBHDFS_AUTH=kerberos, or give a delegation token)");
  }
  return Status(CodeForException(name, response.status, message), text, path);
}

}  // namespace hmig::fs::webhdfs
