// The WebHDFS backend: webhdfs://, swebhdfs:// and (through the Hadoop
// configuration) hdfs://, speaking the WebHDFS REST API of Hadoop 2.x and 3.x
// NameNodes and HttpFS gateways.
//
// Metadata goes to the NameNode; data never passes through it: OPEN, CREATE,
// APPEND and GETFILECHECKSUM follow the NameNode's 307 (or, with noredirect, its
// {"Location":..} answer) to a DataNode and stream there. With several NameNode
// addresses (an HA nameservice) a call that meets a StandbyException or a refused
// connection moves on to the next address, and the one that answered is
// remembered for the following calls.
#pragma once

#include <nlohmann/json.hpp>

#include <atomic>
#include <memory>
#include <string>
#include <vector>

#include "fs/filesystem.h"
#include "fs/webhdfs/webhdfs_http.h"

namespace hmig::fs::webhdfs {

struct WebHdfsOptions {
  // NameNode (or HttpFS) base URLs, "http://host:port" / "https://host:port", in
  // HA order. At least one.
  std::vector<std::string> namenodes;
  // Simple authentication: sent as user.name unless a delegation token or SPNEGO
  // is used. Empty: let the server decide (hadoop.http.staticuser.user).
  std::string user;
  // A delegation token in Hadoop's URL-safe string form, sent as delegation=.
  std::string delegation_token;
  // Ask the NameNode for {"Location":..} instead of a 307 (useful behind proxies
  // that follow redirects themselves).
  bool noredirect = false;
  // How often a read stream is reopened at its offset after a dropped connection.
  int read_retries = 4;
  // How often a NameNode call is repeated when it surely did not take effect
  // (connection refused, 503 / RetriableException, every NameNode standby) or
  // when a read-only call failed in transport.
  int namenode_retries = 3;
  TransportOptions transport;
};

struct ContentSummary {
  uint64_t length = 0;
  uint64_t file_count = 0;
  uint64_t directory_count = 0;
  int64_t quota = -1;
  uint64_t space_consumed = 0;
  int64_t space_quota = -1;
};

struct SnapshotDiffEntry {
  std::string type;         // CREATE, DELETE, MODIFY, RENAME
  std::string source_path;  // relative to the snapshot root ("" for the root itself)
  std::string target_path;  // RENAME only
};

class WebHdfsFileSystem : public FileSystem {
 public:
  WebHdfsFileSystem(Uri root, WebHdfsOptions options);
  ~WebHdfsFileSystem() override;

  const Uri& root() const override { return root_; }
  Capabilities capabilities() const override;
  Result<FileStatus> Stat(const std::string& path) override;
  Status List(const std::string& path, const ListVisitor& visit) override;
  Result<std::unique_ptr<RandomReader>> OpenRead(const std::string& path) override;
  Result<std::unique_ptr<Writer>> Create(const std::string& path,
                                         const CreateOptions& options) override;
  Result<std::unique_ptr<Writer>> Append(const std::string& path) override;
  Status Mkdirs(const std::string& path, std::optional<uint32_t> permission) override;
  Status Rename(const std::string& src, const std::string& dst, bool overwrite) override;
  Status Delete(const std::string& path, bool recursive) override;
  Status SetPermission(const std::string& path, uint32_t permission) override;
  Status SetOwner(const std::string& path, const std::string& owner,
                  const std::string& group) override;
  Status SetTimes(const std::string& path, int64_t mtime_ns, int64_t atime_ns) override;
  Status SetReplication(const std::string& path, uint32_t replication) override;
  // The whole ACL in the local backend's form: user::, named entries, group::,
  // mask:: (the group bits when an ACL exists), other::, then default entries.
  Result<AclEntries> GetAcl(const std::string& path) override;
  Status SetAcl(const std::string& path, const AclEntries& entries) override;
  Result<XAttrs> GetXAttrs(const std::string& path) override;
  Status SetXAttr(const std::string& path, const std::string& name,
                  const std::string& value) override;
  Status RemoveXAttr(const std::string& path, const std::string& name) override;
  // GETFILECHECKSUM (MD5-of-MD5-of-CRC over WebHDFS) with block_size filled in
  // from the file's status, so it can be reproduced over local bytes.
  Result<checksum::FileChecksum> Checksum(const std::string& path) override;
  // Space quota left under `path` (GETCONTENTSUMMARY); kUnsupported without a quota.
  Result<uint64_t> FreeSpace(const std::string& path) override;

  // WebHDFS operations beyond the FileSystem interface.
  Result<ContentSummary> GetContentSummary(const std::string& path);
  Result<std::string> GetHomeDirectory();
  // Returns the snapshot's path ("/dir/.snapshot/name"); empty name: server-chosen.
  Result<std::string> CreateSnapshot(const std::string& dir, const std::string& name);
  Status DeleteSnapshot(const std::string& dir, const std::string& name);
  Result<std::vector<SnapshotDiffEntry>> GetSnapshotDiff(const std::string& dir,
                                                         const std::string& from,
                                                         const std::string& to);
  // Empty result when the server runs simple authentication ({"Token":null}).
  Result<std::string> GetDelegationToken(const std::string& renewer);
  // Returns the new expiry time in milliseconds since the epoch.
  Result<int64_t> RenewDelegationToken(const std::string& token);
  Status CancelDelegationToken(const std::string& token);

  // The NameNode base URL that answered last ("http://nn2:9870"), for -v and reports.
  std::string ActiveEndpoint() const;
  std::string Endpoint() const override { return ActiveEndpoint(); }
  size_t active_index() const { return active_.load(); }

  // Internal: used by the reader and writer.
  Result<HttpResponse> NameNode(const std::string& method, const std::string& path,
                                const std::string& op, const std::string& params,
                                size_t body_limit = 64u << 20);
  // Step 1 of a data operation: the DataNode URL the NameNode redirects to, or ""
  // when the NameNode (an HttpFS gateway) answers with the data itself.
  Result<std::string> DataLocation(const std::string& method, const std::string& path,
                                   const std::string& op, const std::string& params);
  const Transport& transport() const { return transport_; }
  const WebHdfsOptions& options() const { return options_; }
  std::string NameNodeUrl(size_t index, const std::string& path, const std::string& op,
                          const std::string& params) const;

 private:
  Result<nlohmann::json> CallJson(const std::string& method, const std::string& path,
                                  const std::string& op, const std::string& params);
  Status CallEmpty(const std::string& method, const std::string& path, const std::string& op,
                   const std::string& params);
  Result<bool> CallBoolean(const std::string& method, const std::string& path,
                           const std::string& op, const std::string& params);
  Result<std::unique_ptr<Writer>> OpenWriter(const std::string& method, const std::string& path,
                                             const std::string& op, const std::string& params);
  std::string AuthParams() const;
  Result<HttpResponse> NameNodeOnce(const std::string& method, const std::string& path,
                                    const std::string& op, const std::string& params,
                                    size_t body_limit, bool* retryable);

  Uri root_;
  WebHdfsOptions options_;
  Transport transport_;
  std::atomic<size_t> active_{0};
};

}  // namespace hmig::fs::webhdfs
