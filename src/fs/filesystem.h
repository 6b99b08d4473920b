// The FileSystem interface every backend implements (file://, webhdfs://, hdfs://,
// s3://...). Modelled on Arrow's arrow::fs::FileSystem and rclone's fs.Fs: small,
// complete, every call returns Status/Result, and what a backend can hold is told
// by Capabilities() so the copy engine never asks which backend it talks to.
//
// Paths are absolute within the filesystem ("/user/hive/warehouse"), normalised,
// without scheme or authority. Unless stated otherwise every method is safe for
// concurrent use by multiple threads.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "checksum/file_checksum.h"
#include "util/status.h"
#include "util/uri.h"

namespace hmig::fs {

enum class FileType : uint8_t { kFile, kDirectory, kSymlink, kOther };

struct FileStatus {
  std::string path;  // absolute path within the filesystem
  FileType type = FileType::kFile;
  uint64_t length = 0;
  uint32_t permission = 0;  // the 12 low mode bits: rwx for u/g/o plus setuid, setgid, sticky
  std::string owner;
  std::string group;
  int64_t mtime_ns = 0;  // nanoseconds since the epoch (HDFS has millisecond precision)
  int64_t atime_ns = 0;
  uint32_t replication = 0;  // 0 where the backend has no replication
  uint64_t block_size = 0;   // 0 where the backend has no blocks
  bool has_acl = false;      // extended ACL entries beyond the permission bits
  bool has_xattrs = false;   // only set where the listing says so cheaply (may be false-negative)

  bool is_dir() const { return type == FileType::kDirectory; }
  bool is_file() const { return type == FileType::kFile; }
};

// A whole ACL as entries in HDFS's aclspec text form,
// "[default:]user|group|mask|other:[name]:rwx": the access entries (base ones
// included) followed by the default entries. Empty when the file has nothing beyond
// its permission bits.
using AclEntries = std::vector<std::string>;
// Extended attributes by full name ("user.foo", "trusted.bar"), raw bytes as values.
using XAttrs = std::map<std::string, std::string>;

// What a backend can store. The copy engine maps DistCp's -p flags onto these.
struct Capabilities {
  bool owner_group = false;
  bool permission = false;
  bool times = false;  // mtime and atime settable
  bool acls = false;
  bool xattrs = false;
  bool replication = false;    // HDFS only
  bool block_size = false;     // HDFS only
  bool checksum_type = false;  // HDFS only (dfs.checksum.type per file)
  bool append = false;
  bool atomic_rename = false;  // Rename replaces the destination atomically
  // Writer::WriteAt works (a large file may be written in parallel parts).
  bool positional_write = false;
  // CreateUnnamed works where the directory's filesystem allows it.
  bool unnamed_create = false;
  // Checksum() is answered by the server without the data crossing the network
  // (HDFS GETFILECHECKSUM); false where computing it means reading the whole file.
  bool server_side_checksum = false;
};

struct CreateOptions {
  bool overwrite = false;  // replace an existing file; otherwise kAlreadyExists
  std::optional<uint32_t> permission;
  uint32_t replication = 0;  // 0: backend default
  uint64_t block_size = 0;   // 0: backend default
  bool create_parents = false;
};

// Positional reader over one file. Not safe for concurrent use.
class RandomReader {
 public:
  virtual ~RandomReader() = default;
  // Reads up to `len` bytes at `offset` into buf; returns the count, 0 at end of file.
  // A short count does not mean end of file: callers loop.
  virtual Result<size_t> ReadAt(uint64_t offset, void* buf, size_t len) = 0;
  // The length of the file when it was opened.
  virtual uint64_t size() const = 0;
};

// Sequential writer. Close() must succeed for the data to count as written; a
// writer destroyed without Close() leaves whatever reached the backend.
class Writer {
 public:
  virtual ~Writer() = default;
  virtual Status Write(const void* data, size_t len) = 0;
  // Flushes and makes the data durable as far as the backend promises.
  virtual Status Close() = 0;
  // Bytes accepted so far by Write().
  virtual uint64_t written() const = 0;
  // Writes at `offset`, independently of Write()'s position; safe to call from
  // several threads at once (parts of one large file copied in parallel). Only
  // where capabilities().positional_write.
  virtual Status WriteAt(uint64_t offset, const void* data, size_t len) {
    (void)offset, (void)data, (void)len;
    return Status::Unsupported("this filesystem writes files in sequence only");
  }
  // For a writer from FileSystem::CreateUnnamed: the length and mtime of what was
  // written, its CRC32C, and Publish, which gives the file its name (failing with
  // kAlreadyExists if the name exists, never replacing it) and closes the writer.
  virtual Result<FileStatus> WrittenStatus() { return Status::Unsupported("not an unnamed file"); }
  virtual Result<uint32_t> WrittenCrc32c() { return Status::Unsupported("not an unnamed file"); }
  virtual Status Publish(const std::string& path) {
    (void)path;
    return Status::Unsupported("not an unnamed file");
  }
};

// Called once per entry by List. Returning a non-OK Status stops the listing and
// List returns that Status. The entry is the backend's own temporary: a visitor
// that keeps it may move from it (listings of millions of entries, one copy less).
using ListVisitor = std::function<Status(FileStatus&)>;

class FileSystem {
 public:
  virtual ~FileSystem() = default;

  // The URI this filesystem was made for, with path "/" ("file:", "webhdfs://nn:9870").
  virtual const Uri& root() const = 0;
  virtual Capabilities capabilities() const = 0;

  // Status of `path` without following a final symlink. kNotFound if absent.
  virtual Result<FileStatus> Stat(const std::string& path) = 0;

  // Streams the direct children of directory `path`, in no promised order, without
  // holding the whole directory in memory. kNotFound if `path` is absent; error if it
  // is not a directory.
  virtual Status List(const std::string& path, const ListVisitor& visit) = 0;

  virtual Result<std::unique_ptr<RandomReader>> OpenRead(const std::string& path) = 0;

  // Creates (or with overwrite, truncates) `path`. The parent must exist unless
  // create_parents. kAlreadyExists if present and !overwrite.
  virtual Result<std::unique_ptr<Writer>> Create(const std::string& path,
                                                 const CreateOptions& options) = 0;

  // Opens an existing file for writing at its end. kUnsupported where the backend
  // cannot append.
  // A new file in directory `dir` without a name (Linux O_TMPFILE): invisible until
  // Writer::Publish names it, so a killed copy leaves nothing behind, and a new file
  // costs one directory update instead of a create and a rename. kUnsupported where
  // the filesystem cannot; the caller then writes under a temp name and renames.
  virtual Result<std::unique_ptr<Writer>> CreateUnnamed(const std::string& dir) {
    (void)dir;
    return Status::Unsupported("unnamed files are not supported here");
  }
  virtual Result<std::unique_ptr<Writer>> Append(const std::string& path) = 0;

  // Creates `path` and missing parents. OK if it already is a directory; error if a
  // file stands in the way.
  virtual Status Mkdirs(const std::string& path, std::optional<uint32_t> permission) = 0;

  // Renames `src` to `dst`. If `dst` exists: a file is replaced when overwrite is
  // true (atomically where capabilities().atomic_rename), otherwise kAlreadyExists;
  // a directory destination is an error. The parent of `dst` must exist.
  virtual Status Rename(const std::string& src, const std::string& dst, bool overwrite) = 0;

  // Deletes a file, a symlink or (with recursive) a directory tree. kNotFound if
  // absent. A non-empty directory without recursive is an error.
  virtual Status Delete(const std::string& path, bool recursive) = 0;

  virtual Status SetPermission(const std::string& path, uint32_t permission) = 0;
  // Empty owner or group leaves that one unchanged.
  virtual Status SetOwner(const std::string& path, const std::string& owner,
                          const std::string& group) = 0;
  // A negative value leaves that time unchanged.
  virtual Status SetTimes(const std::string& path, int64_t mtime_ns, int64_t atime_ns) = 0;
  virtual Status SetReplication(const std::string& path, uint32_t replication) = 0;

  // The extended entries only (access and default); empty when the file has none.
  virtual Result<AclEntries> GetAcl(const std::string& path) = 0;
  // Replaces the extended ACL with `entries` (plus the permission bits, which stay).
  virtual Status SetAcl(const std::string& path, const AclEntries& entries) = 0;
  virtual Result<XAttrs> GetXAttrs(const std::string& path) = 0;
  virtual Status SetXAttr(const std::string& path, const std::string& name,
                          const std::string& value) = 0;
  virtual Status RemoveXAttr(const std::string& path, const std::string& name) = 0;

  // The backend's native checksum of a file (a remote filesystem computes it
  // without sending the data). Local backends compute a whole-file CRC32C.
  virtual Result<checksum::FileChecksum> Checksum(const std::string& path) = 0;

  // The checksum of `path` computed the way `like` was (same algorithm and, for
  // HDFS's MD5-of-MD5, the same bytes-per-CRC and block size), so the two compare:
  // how a local file is checked against an HDFS file's GETFILECHECKSUM. The default
  // reads the file once and hashes it (checksum/hdfs_checksum.h); a backend whose
  // native checksum already matches answers without reading. kInvalidArgument when
  // `like` cannot be reproduced (an MD5-of-MD5 checksum without its block size).
  virtual Result<checksum::FileChecksum> ChecksumLike(const std::string& path,
                                                      const checksum::FileChecksum& like);

  // The server this filesystem talks to at the moment ("http://nn2:9870": with HA,
  // the NameNode that answered last), for -v and reports; empty where none (local).
  virtual std::string Endpoint() const { return {}; }

  // Free bytes available to this user under `path`, if the backend knows.
  virtual Result<uint64_t> FreeSpace(const std::string& path) {
    (void)path;
    return Status::Unsupported("free space is not known for this filesystem");
  }

  // Full URI text of a path on this filesystem, for messages and reports.
  std::string Describe(const std::string& path) const { return root().WithPath(path).ToString(); }
};

// Backends register a factory per URI scheme; fs::Resolve is the only code that
// looks at schemes (Arrow's FileSystemFromUri).
using FileSystemFactory = std::function<Result<std::shared_ptr<FileSystem>>(const Uri& uri)>;
void RegisterScheme(const std::string& scheme, FileSystemFactory factory);

struct Resolved {
  std::shared_ptr<FileSystem> fs;
  std::string path;
  Uri uri;
};

// Parses `location` and returns the filesystem for its scheme/authority plus the
// path in it. Filesystems are shared per scheme+authority within the process.
Result<Resolved> Resolve(const std::string& location);

}  // namespace hmig::fs
