#include "fs/webhdfs/webhdfs_fs.h"

#include <fmt/format.h>

#include <chrono>
#include <thread>

#include "checksum/hdfs_checksum.h"
#include "fs/webhdfs/webhdfs_json.h"
#include "util/uri.h"

namespace hmig::fs::webhdfs {

namespace {

std::string Octal(uint32_t permission) {
  return fmt::format("{:o}", permission & 07777);
}

std::string Param(const std::string& name, const std::string& value) {
  return "&" + name + "=" + UrlEncode(value, /*keep_slash=*/true);
}

std::string BoolText(bool b) {
  return b ? "true" : "false";
}

std::string ToHex(const std::string& bytes) {
  std::string out = "0x";
  for (unsigned char c : bytes) out += fmt::format("{:02x}", c);
  return out;
}

Result<std::string> FromHexValue(const std::string& text, const std::string& path) {
  if (text.size() < 2 || text[0] != '0' || (text[1] != 'x' && text[1] != 'X') ||
      text.size() % 2 != 0) {
    return Status::Corrupt("xattr value is not 0x-hex: " + text.substr(0, 40), path);
  }
  std::string out;
  for (size_t i = 2; i < text.size(); i += 2) {
    try {
      out.push_back(static_cast<char>(std::stoi(text.substr(i, 2), nullptr, 16)));
    } catch (...) {
      return Status::Corrupt("xattr value is not 0x-hex", path);
    }
  }
  return out;
}

// "rwx" from three permission bits.
std::string Rwx(uint32_t bits) {
  std::string s = "---";
  if (bits & 4) s[0] = 'r';
  if (bits & 2) s[1] = 'w';
  if (bits & 1) s[2] = 'x';
  return s;
}

bool StartsWith(const std::string& s, const std::string& prefix) {
  return s.rfind(prefix, 0) == 0;
}

}  // namespace

WebHdfsFileSystem::WebHdfsFileSystem(Uri root, WebHdfsOptions options)
    : root_(std::move(root)), options_(std::move(options)), transport_(options_.transport) {}

WebHdfsFileSystem::~WebHdfsFileSystem() = default;

Capabilities WebHdfsFileSystem::capabilities() const {
  Capabilities c;
  c.owner_group = c.permission = c.times = c.acls = c.xattrs = true;
  c.replication = c.block_size = true;
  c.checksum_type = false;  // WebHDFS CREATE has no checksum-type parameter
  c.append = true;
  c.atomic_rename = true;  // RENAME with renameoptions=OVERWRITE is one NameNode operation
  c.server_side_checksum = true;
  return c;
}

std::string WebHdfsFileSystem::AuthParams() const {
  if (!options_.delegation_token.empty())
    return "&delegation=" + UrlEncode(options_.delegation_token, false);
  if (!options_.transport.spnego && !options_.user.empty())
    return Param("user.name", options_.user);
  return "";
}

std::string WebHdfsFileSystem::NameNodeUrl(size_t index, const std::string& path,
                                           const std::string& op, const std::string& params) const {
  std::string url = options_.namenodes[index];
  url.append("/webhdfs/v1").append(UrlEncode(path, /*keep_slash=*/true));
  url.append("?op=").append(op).append(params).append(AuthParams());
  return url;
}

std::string WebHdfsFileSystem::ActiveEndpoint() const {
  return options_.namenodes[active_.load()];
}

Result<HttpResponse> WebHdfsFileSystem::NameNode(const std::string& method, const std::string& path,
                                                 const std::string& op, const std::string& params,
                                                 size_t body_limit) {
  // Like Hadoop's own client, retry what surely did not take effect (no connection,
  // 503 / RetriableException) and, for reads, any transport failure.
  for (int attempt = 0;; ++attempt) {
    bool retryable = false;
    auto r = NameNodeOnce(method, path, op, params, body_limit, &retryable);
    if (!retryable || attempt >= options_.namenode_retries) return r;
    std::this_thread::sleep_for(std::chrono::milliseconds(200 << std::min(attempt, 4)));
  }
}

Result<HttpResponse> WebHdfsFileSystem::NameNodeOnce(const std::string& method,
                                                     const std::string& path, const std::string& op,
                                                     const std::string& params, size_t body_limit,
                                                     bool* retryable) {
  const size_t n = options_.namenodes.size();
  const size_t first = active_.load();
  std::string tried;
  Status last;
  *retryable = false;
  for (size_t k = 0; k < n; ++k) {
    size_t index = (first + k) % n;
    HttpResponse response;
    TransportFailure failure = TransportFailure::kNone;
    Status st = transport_.Perform(method, NameNodeUrl(index, path, op, params), nullptr, &response,
                                   &failure, body_limit);
    if (!tried.empty()) tried.append(", ");
    tried.append(options_.namenodes[index]);
    if (!st.ok()) {
      last = st.WithPath(path);
      if (failure == TransportFailure::kConnect && n > 1) continue;  // try the next NameNode
      *retryable = st.IsTransient() && (failure == TransportFailure::kConnect || method == "GET");
      return last;
    }
    if (response.status == 403 && RemoteExceptionName(response) == "StandbyException") {
      last = ErrorFromResponse(response, op, path);
      continue;
    }
    active_.store(index);
    *retryable = response.status == 503 || RemoteExceptionName(response) == "RetriableException";
    return response;
  }
  *retryable = true;
  return Status(StatusCode::kTransient,
                "no active NameNode among " + tried + " (last: " + last.message() + ")", path);
}

Result<nlohmann::json> WebHdfsFileSystem::CallJson(const std::string& method,
                                                   const std::string& path, const std::string& op,
                                                   const std::string& params) {
  HMIG_ASSIGN_OR_RETURN(HttpResponse r, NameNode(method, path, op, params));
  if (r.status != 200) return ErrorFromResponse(r, op, path);
  return ParseJsonBody(r.body, op, path);
}

Status WebHdfsFileSystem::CallEmpty(const std::string& method, const std::string& path,
                                    const std::string& op, const std::string& params) {
  HMIG_ASSIGN_OR_RETURN(HttpResponse r, NameNode(method, path, op, params));
  if (r.status != 200) return ErrorFromResponse(r, op, path);
  return Status::OK();
}

Result<bool> WebHdfsFileSystem::CallBoolean(const std::string& method, const std::string& path,
                                            const std::string& op, const std::string& params) {
  HMIG_ASSIGN_OR_RETURN(nlohmann::json j, CallJson(method, path, op, params));
  auto it = j.find("boolean");
  if (it == j.end() || !it->is_boolean())
    return Status::Corrupt("WebHDFS " + op + " answer has no boolean", path);
  return it->get<bool>();
}

Result<FileStatus> WebHdfsFileSystem::Stat(const std::string& path) {
  HMIG_ASSIGN_OR_RETURN(nlohmann::json j, CallJson("GET", path, "GETFILESTATUS", ""));
  if (!j.contains("FileStatus"))
    return Status::Corrupt("GETFILESTATUS answer has no FileStatus", path);
  return ParseFileStatus(j["FileStatus"], path);
}

Status WebHdfsFileSystem::List(const std::string& path, const ListVisitor& visit) {
  std::string start_after;
  bool batch = true;
  while (true) {
    std::string params = start_after.empty() ? "" : Param("startAfter", start_after);
    HMIG_ASSIGN_OR_RETURN(HttpResponse r,
                          NameNode("GET", path, batch ? "LISTSTATUS_BATCH" : "LISTSTATUS", params));
    if (batch && r.status == 400 && r.body.find("LISTSTATUS_BATCH") != std::string::npos) {
      batch = false;  // a server before Hadoop 2.8: one LISTSTATUS answer
      continue;
    }
    const std::string op = batch ? "LISTSTATUS_BATCH" : "LISTSTATUS";
    if (r.status != 200) return ErrorFromResponse(r, op, path);
    HMIG_ASSIGN_OR_RETURN(nlohmann::json j, ParseJsonBody(r.body, op, path));
    const nlohmann::json* statuses = nullptr;
    int64_t remaining = 0;
    try {
      if (batch) {
        const auto& listing = j.at("DirectoryListing");
        statuses = &listing.at("partialListing").at("FileStatuses").at("FileStatus");
        remaining = listing.value("remainingEntries", int64_t{0});
      } else {
        statuses = &j.at("FileStatuses").at("FileStatus");
      }
    } catch (const std::exception&) {
      return Status::Corrupt("WebHDFS " + op + " answer lacks the listing", path);
    }
    if (!statuses->is_array())
      return Status::Corrupt("WebHDFS " + op + " listing is not an array", path);
    std::string last;
    for (const auto& entry : *statuses) {
      std::string suffix = entry.value("pathSuffix", std::string());
      if (suffix.empty()) {
        // Listing a file answers the file itself, with an empty suffix.
        return Status::Invalid("not a directory", path);
      }
      HMIG_ASSIGN_OR_RETURN(FileStatus st, ParseFileStatus(entry, JoinPath(path, suffix)));
      HMIG_RETURN_IF_ERROR(visit(st));
      last = std::move(suffix);
    }
    if (!batch || remaining <= 0 || last.empty()) return Status::OK();
    start_after = std::move(last);
  }
}

Result<std::string> WebHdfsFileSystem::DataLocation(const std::string& method,
                                                    const std::string& path, const std::string& op,
                                                    const std::string& params) {
  std::string p = params;
  if (options_.noredirect) p.append("&noredirect=true");
  // A tiny body limit: an HttpFS gateway answers OPEN with the data itself.
  HMIG_ASSIGN_OR_RETURN(HttpResponse r, NameNode(method, path, op, p, 64u << 10));
  if (r.status == 307 || r.status == 302 || r.status == 303) {
    if (r.location.empty())
      return Status::Corrupt("WebHDFS " + op + " redirect without a Location", path);
    return r.location;
  }
  if (r.status == 200 && r.content_type.find("json") != std::string::npos) {
    HMIG_ASSIGN_OR_RETURN(nlohmann::json j, ParseJsonBody(r.body, op, path));
    if (j.contains("Location") && j["Location"].is_string())
      return j["Location"].get<std::string>();
  }
  if (r.status >= 200 && r.status < 300) return std::string();
  return ErrorFromResponse(r, op, path);
}

Status WebHdfsFileSystem::Mkdirs(const std::string& path, std::optional<uint32_t> permission) {
  std::string params = permission ? Param("permission", Octal(*permission)) : "";
  HMIG_ASSIGN_OR_RETURN(bool ok, CallBoolean("PUT", path, "MKDIRS", params));
  if (!ok) return Status::IOError("WebHDFS MKDIRS answered false", path);
  return Status::OK();
}

Status WebHdfsFileSystem::Rename(const std::string& src, const std::string& dst, bool overwrite) {
  // With renameoptions the NameNode runs rename2, which fails with a reason (and
  // replaces atomically with OVERWRITE) instead of answering a bare false.
  std::string params =
      Param("destination", dst) + Param("renameoptions", overwrite ? "OVERWRITE" : "NONE");
  HMIG_ASSIGN_OR_RETURN(HttpResponse r, NameNode("PUT", src, "RENAME", params));
  if (r.status != 200) return ErrorFromResponse(r, "RENAME", src);
  if (r.body.find("\"boolean\":false") != std::string::npos) {
    // A server that ignored renameoptions: find out why it refused.
    auto s = Stat(src);
    if (!s.ok()) return s.status();
    if (Stat(dst).ok())
      return Status(StatusCode::kAlreadyExists, "rename destination exists: " + dst, src);
    return Status::IOError("WebHDFS RENAME to " + dst + " answered false", src);
  }
  return Status::OK();
}

Status WebHdfsFileSystem::Delete(const std::string& path, bool recursive) {
  HMIG_ASSIGN_OR_RETURN(
      bool ok, CallBoolean("DELETE", path, "DELETE", Param("recursive", BoolText(recursive))));
  if (!ok) return Status::NotFound("no such file or directory", path);
  return Status::OK();
}

Status WebHdfsFileSystem::SetPermission(const std::string& path, uint32_t permission) {
  return CallEmpty("PUT", path, "SETPERMISSION", Param("permission", Octal(permission)));
}

Status WebHdfsFileSystem::SetOwner(const std::string& path, const std::string& owner,
                                   const std::string& group) {
  if (owner.empty() && group.empty()) return Status::OK();
  std::string params;
  if (!owner.empty()) params += Param("owner", owner);
  if (!group.empty()) params += Param("group", group);
  return CallEmpty("PUT", path, "SETOWNER", params);
}

Status WebHdfsFileSystem::SetTimes(const std::string& path, int64_t mtime_ns, int64_t atime_ns) {
  auto ms = [](int64_t ns) { return ns < 0 ? std::string("-1") : std::to_string(ns / 1000000); };
  return CallEmpty("PUT", path, "SETTIMES",
                   Param("modificationtime", ms(mtime_ns)) + Param("accesstime", ms(atime_ns)));
}

Status WebHdfsFileSystem::SetReplication(const std::string& path, uint32_t replication) {
  HMIG_ASSIGN_OR_RETURN(bool ok, CallBoolean("PUT", path, "SETREPLICATION",
                                             Param("replication", std::to_string(replication))));
  if (!ok) return Status::Invalid("replication applies to files only", path);
  return Status::OK();
}

Result<AclEntries> WebHdfsFileSystem::GetAcl(const std::string& path) {
  HMIG_ASSIGN_OR_RETURN(nlohmann::json j, CallJson("GET", path, "GETACLSTATUS", ""));
  const auto& acl = j.value("AclStatus", nlohmann::json::object());
  std::vector<std::string> entries;
  for (const auto& e : acl.value("entries", nlohmann::json::array())) {
    if (e.is_string()) entries.push_back(e.get<std::string>());
  }
  if (entries.empty()) return AclEntries{};
  uint32_t perm = 0;
  try {
    perm = static_cast<uint32_t>(std::stoul(acl.value("permission", std::string("0")), nullptr, 8));
  } catch (...) {
    return Status::Corrupt("GETACLSTATUS has a bad permission", path);
  }
  // HDFS lists the named entries (and group::) only; rebuild the whole ACL.
  AclEntries access, defaults;
  bool has_access_extended = false;
  for (auto& e : entries) {
    if (StartsWith(e, "default:")) {
      defaults.push_back(e);
    } else {
      access.push_back(e);
      has_access_extended = true;
    }
  }
  AclEntries out;
  if (has_access_extended) {
    out.push_back("user::" + Rwx((perm >> 6) & 7));
    for (auto& e : access) {
      if (StartsWith(e, "user:")) out.push_back(e);
    }
    for (auto& e : access) {
      if (StartsWith(e, "group:")) out.push_back(e);
    }
    out.push_back("mask::" + Rwx((perm >> 3) & 7));
    out.push_back("other::" + Rwx(perm & 7));
  } else {
    // A default ACL only: the access part is the permission bits, listed as the
    // local backend lists them.
    out.push_back("user::" + Rwx((perm >> 6) & 7));
    out.push_back("group::" + Rwx((perm >> 3) & 7));
    out.push_back("other::" + Rwx(perm & 7));
  }
  out.insert(out.end(), defaults.begin(), defaults.end());
  return out;
}

Status WebHdfsFileSystem::SetAcl(const std::string& path, const AclEntries& entries) {
  if (entries.empty()) return CallEmpty("PUT", path, "REMOVEACL", "");
  // SETACL replaces the whole ACL and needs the base entries; take the missing
  // ones from the permission bits.
  bool has_user = false, has_group = false, has_other = false;
  for (const auto& e : entries) {
    has_user |= StartsWith(e, "user::");
    has_group |= StartsWith(e, "group::");
    has_other |= StartsWith(e, "other::");
  }
  std::string spec;
  auto add = [&spec](const std::string& e) {
    if (!spec.empty()) spec.push_back(',');
    spec.append(e);
  };
  if (!has_user || !has_group || !has_other) {
    HMIG_ASSIGN_OR_RETURN(FileStatus st, Stat(path));
    if (!has_user) add("user::" + Rwx((st.permission >> 6) & 7));
    if (!has_group) add("group::" + Rwx((st.permission >> 3) & 7));
    if (!has_other) add("other::" + Rwx(st.permission & 7));
  }
  for (const auto& e : entries) add(e);
  return CallEmpty("PUT", path, "SETACL", Param("aclspec", spec));
}

Result<XAttrs> WebHdfsFileSystem::GetXAttrs(const std::string& path) {
  HMIG_ASSIGN_OR_RETURN(nlohmann::json j,
                        CallJson("GET", path, "GETXATTRS", Param("encoding", "hex")));
  XAttrs out;
  for (const auto& x : j.value("XAttrs", nlohmann::json::array())) {
    if (!x.is_object() || !x.contains("name")) continue;
    std::string value;
    if (x.contains("value") && x["value"].is_string()) {
      HMIG_ASSIGN_OR_RETURN(value, FromHexValue(x["value"].get<std::string>(), path));
    }
    out[x["name"].get<std::string>()] = std::move(value);
  }
  return out;
}

Status WebHdfsFileSystem::SetXAttr(const std::string& path, const std::string& name,
                                   const std::string& value) {
  return CallEmpty("PUT", path, "SETXATTR",
                   Param("xattr.name", name) + Param("xattr.value", ToHex(value)) +
                       Param("flag", "CREATE,REPLACE"));
}

Status WebHdfsFileSystem::RemoveXAttr(const std::string& path, const std::string& name) {
  return CallEmpty("PUT", path, "REMOVEXATTR", Param("xattr.name", name));
}

Result<checksum::FileChecksum> WebHdfsFileSystem::Checksum(const std::string& path) {
  HMIG_ASSIGN_OR_RETURN(FileStatus st, Stat(path));
  if (!st.is_file()) return Status::Invalid("checksums exist for files only", path);
  HMIG_ASSIGN_OR_RETURN(std::string location, DataLocation("GET", path, "GETFILECHECKSUM", ""));
  HttpResponse r;
  if (location.empty()) {
    HMIG_ASSIGN_OR_RETURN(r, NameNode("GET", path, "GETFILECHECKSUM", ""));
  } else {
    TransportFailure failure;
    HMIG_RETURN_IF_ERROR(
        transport_.Perform("GET", location, nullptr, &r, &failure, 1u << 20).WithPath(path));
  }
  if (r.status != 200) return ErrorFromResponse(r, "GETFILECHECKSUM", path);
  auto c = checksum::ParseWebHdfsChecksumJson(r.body, st.block_size);
  if (!c.ok()) return c.status().WithPath(path);
  return c;
}

Result<uint64_t> WebHdfsFileSystem::FreeSpace(const std::string& path) {
  // HDFS enforces the space quota of every ancestor, and a directory's content
  // summary shows only its own: the tightest one wins. The root is left out: its
  // content summary walks the whole namespace, and root quotas are rare.
  std::optional<uint64_t> free;
  for (std::string dir = NormalizePath(path); dir != "/"; dir = ParentPath(dir)) {
    auto cs = GetContentSummary(dir);
    if (!cs.ok()) {
      if (cs.status().code() == StatusCode::kNotFound) continue;  // not made yet
      return cs.status();
    }
    if (cs->space_quota < 0) continue;
    uint64_t quota = static_cast<uint64_t>(cs->space_quota);
    uint64_t left = quota > cs->space_consumed ? quota - cs->space_consumed : 0;
    free = free ? std::min(*free, left) : left;
  }
  if (!free) return Status::Unsupported("no space quota is set on it or its parents", path);
  return *free;
}

Result<ContentSummary> WebHdfsFileSystem::GetContentSummary(const std::string& path) {
  HMIG_ASSIGN_OR_RETURN(nlohmann::json j, CallJson("GET", path, "GETCONTENTSUMMARY", ""));
  const auto& c = j.value("ContentSummary", nlohmann::json::object());
  ContentSummary s;
  s.length = c.value("length", uint64_t{0});
  s.file_count = c.value("fileCount", uint64_t{0});
  s.directory_count = c.value("directoryCount", uint64_t{0});
  s.quota = c.value("quota", int64_t{-1});
  s.space_consumed = c.value("spaceConsumed", uint64_t{0});
  s.space_quota = c.value("spaceQuota", int64_t{-1});
  return s;
}

Result<std::string> WebHdfsFileSystem::GetHomeDirectory() {
  HMIG_ASSIGN_OR_RETURN(nlohmann::json j, CallJson("GET", "/", "GETHOMEDIRECTORY", ""));
  if (!j.contains("Path") || !j["Path"].is_string())
    return Status::Corrupt("GETHOMEDIRECTORY answer has no Path");
  return j["Path"].get<std::string>();
}

Result<std::string> WebHdfsFileSystem::CreateSnapshot(const std::string& dir,
                                                      const std::string& name) {
  HMIG_ASSIGN_OR_RETURN(
      nlohmann::json j,
      CallJson("PUT", dir, "CREATESNAPSHOT", name.empty() ? "" : Param("snapshotname", name)));
  if (!j.contains("Path") || !j["Path"].is_string())
    return Status::Corrupt("CREATESNAPSHOT answer has no Path", dir);
  return j["Path"].get<std::string>();
}

Status WebHdfsFileSystem::DeleteSnapshot(const std::string& dir, const std::string& name) {
  return CallEmpty("DELETE", dir, "DELETESNAPSHOT", Param("snapshotname", name));
}

Result<std::vector<SnapshotDiffEntry>> WebHdfsFileSystem::GetSnapshotDiff(const std::string& dir,
                                                                          const std::string& from,
                                                                          const std::string& to) {
  HMIG_ASSIGN_OR_RETURN(nlohmann::json j,
                        CallJson("GET", dir, "GETSNAPSHOTDIFF",
                                 Param("oldsnapshotname", from) + Param("snapshotname", to)));
  std::vector<SnapshotDiffEntry> out;
  const auto& report = j.value("SnapshotDiffReport", nlohmann::json::object());
  for (const auto& e : report.value("diffList", nlohmann::json::array())) {
    SnapshotDiffEntry d;
    d.type = e.value("type", std::string());
    d.source_path = e.value("sourcePath", std::string());
    d.target_path = e.value("targetPath", std::string());
    out.push_back(std::move(d));
  }
  return out;
}

Result<std::string> WebHdfsFileSystem::GetDelegationToken(const std::string& renewer) {
  HMIG_ASSIGN_OR_RETURN(
      nlohmann::json j,
      CallJson("GET", "/", "GETDELEGATIONTOKEN", renewer.empty() ? "" : Param("renewer", renewer)));
  auto it = j.find("Token");
  if (it == j.end()) return Status::Corrupt("GETDELEGATIONTOKEN answer has no Token");
  if (it->is_null()) return std::string();
  return it->value("urlString", std::string());
}

Result<int64_t> WebHdfsFileSystem::RenewDelegationToken(const std::string& token) {
  HMIG_ASSIGN_OR_RETURN(nlohmann::json j,
                        CallJson("PUT", "/", "RENEWDELEGATIONTOKEN", Param("token", token)));
  if (!j.contains("long") || !j["long"].is_number())
    return Status::Corrupt("RENEWDELEGATIONTOKEN answer has no long");
  return j["long"].get<int64_t>();
}

Status WebHdfsFileSystem::CancelDelegationToken(const std::string& token) {
  return CallEmpty("PUT", "/", "CANCELDELEGATIONTOKEN", Param("token", token));
}

}  // namespace hmig::fs::webhdfs
