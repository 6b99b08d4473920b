#include "fs/local/local_fs.h"

#include <dirent.h>
#include <fcntl.h>
#include <grp.h>
#include <pwd.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <sys/xattr.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <mutex>
#include <unordered_map>
#include <vector>

#include "checksum/crc.h"
#include "fs/local/local_acl.h"
#include "fs/local/mapped_crc.h"
#include "fs/local/unnamed_writer.h"

namespace hmig::fs {

namespace {

// uid/gid <-> name lookups are slow (NSS) and repeat for every file: cache them.
class IdNames {
 public:
  // Listing threads ask for every entry: a per-thread cache in front of the shared
  // one keeps them from contending on its mutex.
  const std::string& UserNameCached(uid_t uid) {
    thread_local std::unordered_map<uid_t, std::string> local;
    auto it = local.find(uid);
    if (it != local.end()) return it->second;
    return local[uid] = UserName(uid);
  }
  const std::string& GroupNameCached(gid_t gid) {
    thread_local std::unordered_map<gid_t, std::string> local;
    auto it = local.find(gid);
    if (it != local.end()) return it->second;
    return local[gid] = GroupName(gid);
  }
  std::string UserName(uid_t uid) {
    std::lock_guard lock(mu_);
    auto it = users_.find(uid);
    if (it != users_.end()) return it->second;
    std::string name = std::to_string(uid);
    struct passwd pw, *res = nullptr;
    std::vector<char> buf(16384);
    if (getpwuid_r(uid, &pw, buf.data(), buf.size(), &res) == 0 && res) name = res->pw_name;
    return users_[uid] = name;
  }
  std::string GroupName(gid_t gid) {
    std::lock_guard lock(mu_);
    auto it = groups_.find(gid);
    if (it != groups_.end()) return it->second;
    std::string name = std::to_string(gid);
    struct group gr, *res = nullptr;
    std::vector<char> buf(16384);
    if (getgrgid_r(gid, &gr, buf.data(), buf.size(), &res) == 0 && res) name = res->gr_name;
    return groups_[gid] = name;
  }
  // A name that is all digits and unknown to NSS is taken as a numeric id.
  Result<uid_t> Uid(const std::string& name) {
    struct passwd pw, *res = nullptr;
    std::vector<char> buf(16384);
    if (getpwnam_r(name.c_str(), &pw, buf.data(), buf.size(), &res) == 0 && res) return res->pw_uid;
    if (!name.empty() && name.find_first_not_of("0123456789") == std::string::npos) {
      return static_cast<uid_t>(std::stoul(name));
    }
    return Status(StatusCode::kNotFound, "no such user '" + name + "' on this machine");
  }
  Result<gid_t> Gid(const std::string& name) {
    struct group gr, *res = nullptr;
    std::vector<char> buf(16384);
    if (getgrnam_r(name.c_str(), &gr, buf.data(), buf.size(), &res) == 0 && res) return res->gr_gid;
    if (!name.empty() && name.find_first_not_of("0123456789") == std::string::npos) {
      return static_cast<gid_t>(std::stoul(name));
    }
    return Status(StatusCode::kNotFound, "no such group '" + name + "' on this machine");
  }

 private:
  std::mutex mu_;
  std::unordered_map<uid_t, std::string> users_;
  std::unordered_map<gid_t, std::string> groups_;
};

FileType TypeOf(mode_t mode) {
  if (S_ISREG(mode)) return FileType::kFile;
  if (S_ISDIR(mode)) return FileType::kDirectory;
  if (S_ISLNK(mode)) return FileType::kSymlink;
  return FileType::kOther;
}

// Files from this size on are checksummed through a memory map (mapped_crc.h);
// below it one read(2) per file is cheaper than mapping.
constexpr uint64_t kMapAtLeast = 4 << 20;

class FdReader : public RandomReader {
 public:
  FdReader(int fd, uint64_t size, std::string path)
      : fd_(fd), size_(size), path_(std::move(path)) {}
  ~FdReader() override { close(fd_); }
  Result<size_t> ReadAt(uint64_t offset, void* buf, size_t len) override {
    for (;;) {
      ssize_t n = pread(fd_, buf, len, static_cast<off_t>(offset));
      if (n >= 0) return static_cast<size_t>(n);
      if (errno != EINTR) return Status::FromErrno(errno, "read failed", path_);
    }
  }
  uint64_t size() const override { return size_; }
  int fd() const { return fd_; }

 private:
  int fd_;
  uint64_t size_;
  std::string path_;
};

class FdWriter : public Writer {
 public:
  FdWriter(int fd, std::string path, uint64_t start)
      : fd_(fd), path_(std::move(path)), start_(start) {}
  ~FdWriter() override {
    if (fd_ >= 0) close(fd_);
  }
  Status Write(const void* data, size_t len) override {
    const char* p = static_cast<const char*>(data);
    while (len > 0) {
      ssize_t n = write(fd_, p, len);
      if (n < 0) {
        if (errno == EINTR) continue;
        return Status::FromErrno(errno, "write failed", path_);
      }
      p += n;
      len -= static_cast<size_t>(n);
      written_ += static_cast<uint64_t>(n);
    }
    return Status::OK();
  }
  Status Close() override {
    int fd = fd_;
    fd_ = -1;
    // close() reports deferred errors (e.g. ENOSPC on NFS); ignoring it would
    // let a short file look complete.
    if (close(fd) != 0) return Status::FromErrno(errno, "close failed", path_);
    return Status::OK();
  }
  uint64_t written() const override { return written_; }
  Status WriteAt(uint64_t offset, const void* data, size_t len) override {
    const char* p = static_cast<const char*>(data);
    while (len > 0) {
      ssize_t n = pwrite(fd_, p, len, static_cast<off_t>(offset));
      if (n < 0) {
        if (errno == EINTR) continue;
        return Status::FromErrno(errno, "write failed", path_);
      }
      p += n;
      offset += static_cast<uint64_t>(n);
      len -= static_cast<size_t>(n);
    }
    return Status::OK();
  }

 private:
  int fd_;
  std::string path_;
  uint64_t start_;
  uint64_t written_ = 0;
};

class LocalFileSystem : public FileSystem {
 public:
  LocalFileSystem() { root_ = *ParseUri("/"); }

  const Uri& root() const override { return root_; }

  Capabilities capabilities() const override {
    Capabilities c;
    c.owner_group = c.permission = c.times = c.acls = c.xattrs = true;
    c.append = c.atomic_rename = c.positional_write = c.unnamed_create = true;
    return c;
  }

  FileStatus FromStat(std::string path, const struct stat& st) {
    FileStatus fs;
    fs.path = std::move(path);
    fs.type = TypeOf(st.st_mode);
    fs.length = fs.type == FileType::kFile ? static_cast<uint64_t>(st.st_size) : 0;
    fs.permission = st.st_mode & 07777;
    fs.owner = ids_.UserNameCached(st.st_uid);
    fs.group = ids_.GroupNameCached(st.st_gid);
    fs.mtime_ns = int64_t{st.st_mtim.tv_sec} * 1000000000 + st.st_mtim.tv_nsec;
    fs.atime_ns = int64_t{st.st_atim.tv_sec} * 1000000000 + st.st_atim.tv_nsec;
    fs.block_size = 0;
    return fs;
  }

  Result<FileStatus> Stat(const std::string& path) override {
    struct stat st;
    if (lstat(path.c_str(), &st) != 0) return Status::FromErrno(errno, "cannot stat", path);
    return FromStat(path, st);
  }

  Status List(const std::string& path, const ListVisitor& visit) override {
    int dfd = open(path.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (dfd < 0) return Status::FromErrno(errno, "cannot open directory", path);
    DIR* dir = fdopendir(dfd);
    if (!dir) {
      int err = errno;
      close(dfd);
      return Status::FromErrno(err, "cannot list directory", path);
    }
    Status result;
    for (;;) {
      errno = 0;
      struct dirent* ent = readdir(dir);
      if (!ent) {
        if (errno != 0) result = Status::FromErrno(errno, "cannot list directory", path);
        break;
      }
      std::string_view name(ent->d_name);
      if (name == "." || name == "..") continue;
      struct stat st;
      std::string child;  // JoinPath(path, name) in one allocation
      child.reserve(path.size() + 1 + name.size());
      child.append(path);
      if (path != "/") child.push_back('/');
      child.append(name);
      if (fstatat(dfd, ent->d_name, &st, AT_SYMLINK_NOFOLLOW) != 0) {
        if (errno == ENOENT) continue;  // deleted since readdir: not part of the tree now
        result = Status::FromErrno(errno, "cannot stat", child);
        break;
      }
      FileStatus status = FromStat(std::move(child), st);
      result = visit(status);
      if (!result.ok()) break;
    }
    closedir(dir);
    return result;
  }

  Result<std::unique_ptr<RandomReader>> OpenRead(const std::string& path) override {
    int fd = open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
    if (fd < 0) return Status::FromErrno(errno, "cannot open for reading", path);
    struct stat st;
    if (fstat(fd, &st) != 0) {
      int err = errno;
      close(fd);
      return Status::FromErrno(err, "cannot stat", path);
    }
    if (!S_ISREG(st.st_mode)) {
      close(fd);
      return Status::Invalid("not a regular file", path);
    }
    // Read-ahead hint only where there is something to read ahead.
    if (st.st_size > (1 << 20)) posix_fadvise(fd, 0, 0, POSIX_FADV_SEQUENTIAL);
    return std::unique_ptr<RandomReader>(new FdReader(fd, static_cast<uint64_t>(st.st_size), path));
  }

  Result<std::unique_ptr<Writer>> Create(const std::string& path,
                                         const CreateOptions& options) override {
    if (options.create_parents) HMIG_RETURN_IF_ERROR(Mkdirs(ParentPath(path), std::nullopt));
    int flags = O_WRONLY | O_CREAT | O_CLOEXEC | O_NOFOLLOW;
    flags |= options.overwrite ? O_TRUNC : O_EXCL;
    mode_t mode = options.permission ? (*options.permission & 07777) : 0666;
    int fd = open(path.c_str(), flags, mode);
    if (fd < 0) return Status::FromErrno(errno, "cannot create", path);
    return std::unique_ptr<Writer>(new FdWriter(fd, path, 0));
  }

  Result<std::unique_ptr<Writer>> CreateUnnamed(const std::string& dir) override {
    return CreateUnnamedLocal(dir);
  }

  Result<std::unique_ptr<Writer>> Append(const std::string& path) override {
    int fd = open(path.c_str(), O_WRONLY | O_APPEND | O_CLOEXEC | O_NOFOLLOW);
    if (fd < 0) return Status::FromErrno(errno, "cannot open for append", path);
    struct stat st;
    fstat(fd, &st);
    return std::unique_ptr<Writer>(new FdWriter(fd, path, static_cast<uint64_t>(st.st_size)));
  }

  Status Mkdirs(const std::string& path, std::optional<uint32_t> permission) override {
    struct stat st;
    if (lstat(path.c_str(), &st) == 0) {
      if (S_ISDIR(st.st_mode)) return Status::OK();
      return Status(StatusCode::kAlreadyExists, "exists and is not a directory", path);
    }
    if (path != "/") HMIG_RETURN_IF_ERROR(Mkdirs(ParentPath(path), std::nullopt));
    mode_t mode = permission ? (*permission & 07777) : 0777;
    if (mkdir(path.c_str(), mode) != 0 && errno != EEXIST) {
      return Status::FromErrno(errno, "cannot create directory", path);
    }
    return Status::OK();
  }

  Status Rename(const std::string& src, const std::string& dst, bool overwrite) override {
    if (!overwrite) {
      if (renameat2(AT_FDCWD, src.c_str(), AT_FDCWD, dst.c_str(), RENAME_NOREPLACE) == 0) {
        return Status::OK();
      }
      if (errno != EINVAL && errno != ENOSYS) {
        return Status::FromErrno(errno, "cannot rename to " + dst, src);
      }
      struct stat st;  // filesystem without RENAME_NOREPLACE: check, then rename
      if (lstat(dst.c_str(), &st) == 0) {
        return Status(StatusCode::kAlreadyExists, "rename target exists", dst);
      }
    } else {
      struct stat st;
      if (lstat(dst.c_str(), &st) == 0 && S_ISDIR(st.st_mode)) {
        return Status(StatusCode::kAlreadyExists, "rename target is a directory", dst);
      }
    }
    if (rename(src.c_str(), dst.c_str()) != 0) {
      return Status::FromErrno(errno, "cannot rename to " + dst, src);
    }
    return Status::OK();
  }

  Status Delete(const std::string& path, bool recursive) override {
    struct stat st;
    if (lstat(path.c_str(), &st) != 0) return Status::FromErrno(errno, "cannot delete", path);
    if (!S_ISDIR(st.st_mode)) {
      if (unlink(path.c_str()) != 0) return Status::FromErrno(errno, "cannot delete", path);
      return Status::OK();
    }
    if (recursive) {
      std::vector<std::string> children;
      HMIG_RETURN_IF_ERROR(List(path, [&](const FileStatus& c) {
        children.push_back(c.path);
        return Status::OK();
      }));
      for (const auto& c : children) {
        Status s = Delete(c, true);
        if (!s.ok() && s.code() != StatusCode::kNotFound) return s;
      }
    }
    if (rmdir(path.c_str()) != 0) return Status::FromErrno(errno, "cannot delete directory", path);
    return Status::OK();
  }

  Status SetPermission(const std::string& path, uint32_t permission) override {
    if (chmod(path.c_str(), permission & 07777) != 0) {
      return Status::FromErrno(errno, "cannot set permission", path);
    }
    return Status::OK();
  }

  Status SetOwner(const std::string& path, const std::string& owner,
                  const std::string& group) override {
    uid_t uid = static_cast<uid_t>(-1);
    gid_t gid = static_cast<gid_t>(-1);
    if (!owner.empty()) {
      auto u = ids_.Uid(owner);
      if (!u.ok()) return u.status().WithPath(path);
      uid = *u;
    }
    if (!group.empty()) {
      auto g = ids_.Gid(group);
      if (!g.ok()) return g.status().WithPath(path);
      gid = *g;
    }
    // chown clears setuid/setgid bits: callers set the permission afterwards.
    if (lchown(path.c_str(), uid, gid) != 0)
      return Status::FromErrno(errno, "cannot set owner", path);
    return Status::OK();
  }

  Status SetTimes(const std::string& path, int64_t mtime_ns, int64_t atime_ns) override {
    struct timespec ts[2];
    auto to_ts = [](int64_t ns, struct timespec* t) {
      if (ns < 0) {
        t->tv_sec = 0;
        t->tv_nsec = UTIME_OMIT;
      } else {
        t->tv_sec = ns / 1000000000;
        t->tv_nsec = ns % 1000000000;
      }
    };
    to_ts(atime_ns, &ts[0]);
    to_ts(mtime_ns, &ts[1]);
    if (utimensat(AT_FDCWD, path.c_str(), ts, AT_SYMLINK_NOFOLLOW) != 0) {
      return Status::FromErrno(errno, "cannot set times", path);
    }
    return Status::OK();
  }

  Status SetReplication(const std::string& path, uint32_t) override {
    return Status::Unsupported("replication is not applicable to file://", path);
  }

  Result<AclEntries> GetAcl(const std::string& path) override { return GetPosixAcl(path); }
  Status SetAcl(const std::string& path, const AclEntries& entries) override {
    return SetPosixAcl(path, entries);
  }

  Result<XAttrs> GetXAttrs(const std::string& path) override {
    XAttrs out;
    std::vector<char> names(4096);
    ssize_t n;
    while ((n = llistxattr(path.c_str(), names.data(), names.size())) < 0 && errno == ERANGE) {
      names.resize(names.size() * 4);
    }
    if (n < 0) {
      if (errno == ENOTSUP) return out;
      return Status::FromErrno(errno, "cannot list extended attributes", path);
    }
    for (ssize_t i = 0; i < n;) {
      std::string name(&names[i]);
      i += static_cast<ssize_t>(name.size()) + 1;
      // POSIX ACLs live in system.* xattrs and are handled by -pa, not -px.
      if (name.rfind("system.", 0) == 0) continue;
      std::vector<char> value(256);
      ssize_t vn;
      while ((vn = lgetxattr(path.c_str(), name.c_str(), value.data(), value.size())) < 0 &&
             errno == ERANGE) {
        value.resize(value.size() * 4);
      }
      if (vn < 0) {
        if (errno == ENODATA) continue;
        return Status::FromErrno(errno, "cannot read extended attribute " + name, path);
      }
      out[name] = std::string(value.data(), static_cast<size_t>(vn));
    }
    return out;
  }

  Status SetXAttr(const std::string& path, const std::string& name,
                  const std::string& value) override {
    if (lsetxattr(path.c_str(), name.c_str(), value.data(), value.size(), 0) != 0) {
      return Status::FromErrno(errno, "cannot set extended attribute " + name, path);
    }
    return Status::OK();
  }

  Status RemoveXAttr(const std::string& path, const std::string& name) override {
    if (lremovexattr(path.c_str(), name.c_str()) != 0 && errno != ENODATA) {
      return Status::FromErrno(errno, "cannot remove extended attribute " + name, path);
    }
    return Status::OK();
  }

  Result<checksum::FileChecksum> Checksum(const std::string& path) override {
    HMIG_ASSIGN_OR_RETURN(auto reader, OpenRead(path));
    const uint64_t size = reader->size();
    if (size >= kMapAtLeast) {
      HMIG_ASSIGN_OR_RETURN(uint32_t crc,
                            MappedCrc32c(static_cast<FdReader&>(*reader).fd(), size, path));
      return checksum::FileChecksum::Crc32c(crc);
    }
    checksum::CrcAccumulator crc(checksum::CrcType::kCrc32c);
    // One uninitialised buffer per thread: a fresh zeroed 1 MiB per file costs more
    // than reading a small file.
    constexpr size_t kBufSize = 1 << 20;
    thread_local std::unique_ptr<char[]> buf(new char[kBufSize]);
    uint64_t off = 0;
    for (;;) {
      HMIG_ASSIGN_OR_RETURN(size_t n, reader->ReadAt(off, buf.get(), kBufSize));
      if (n == 0) break;
      crc.Update(buf.get(), n);
      off += n;
    }
    return checksum::FileChecksum::Crc32c(crc.value());
  }

  Result<uint64_t> FreeSpace(const std::string& path) override {
    struct statvfs sv;
    if (statvfs(path.c_str(), &sv) != 0) return Status::FromErrno(errno, "cannot statvfs", path);
    return static_cast<uint64_t>(sv.f_bavail) * sv.f_frsize;
  }

 private:
  Uri root_;
  IdNames ids_;
};

}  // namespace

std::unique_ptr<FileSystem> MakeLocalFileSystem() {
  return std::make_unique<LocalFileSystem>();
}

}  // namespace hmig::fs
