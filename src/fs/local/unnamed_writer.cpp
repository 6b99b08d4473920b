#include "fs/local/unnamed_writer.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <string>
#include <vector>

#include "checksum/crc.h"
#include "fs/local/mapped_crc.h"

namespace hmig::fs {

namespace {

class UnnamedWriter : public Writer {
 public:
  UnnamedWriter(int fd, std::string dir) : fd_(fd), dir_(std::move(dir)) {}
  ~UnnamedWriter() override {
    if (fd_ >= 0) close(fd_);  // an unpublished file vanishes with its descriptor
  }

  Status Write(const void* data, size_t len) override {
    const char* p = static_cast<const char*>(data);
    while (len > 0) {
      ssize_t n = write(fd_, p, len);
      if (n < 0) {
        if (errno == EINTR) continue;
        return Status::FromErrno(errno, "write failed", Where());
      }
      p += n;
      len -= static_cast<size_t>(n);
      written_ += static_cast<uint64_t>(n);
    }
    return Status::OK();
  }

  // Nothing to flush: the data is in the file; Publish names it and closes it.
  Status Close() override { return Status::OK(); }
  uint64_t written() const override { return written_; }

  Result<FileStatus> WrittenStatus() override {
    struct stat st;
    if (fstat(fd_, &st) != 0) return Status::FromErrno(errno, "cannot stat", Where());
    FileStatus status;
    status.length = static_cast<uint64_t>(st.st_size);
    status.mtime_ns = int64_t{st.st_mtim.tv_sec} * 1000000000 + st.st_mtim.tv_nsec;
    status.atime_ns = int64_t{st.st_atim.tv_sec} * 1000000000 + st.st_atim.tv_nsec;
    status.permission = st.st_mode & 07777;
    return status;
  }

  Result<uint32_t> WrittenCrc32c() override {
    HMIG_ASSIGN_OR_RETURN(FileStatus status, WrittenStatus());
    if (status.length >= (4u << 20)) return MappedCrc32c(fd_, status.length, Where());
    thread_local std::vector<char> buf(1 << 20);
    uint32_t crc = 0;
    for (uint64_t off = 0; off < status.length;) {
      ssize_t n = pread(fd_, buf.data(), buf.size(), static_cast<off_t>(off));
      if (n < 0 && errno == EINTR) continue;
      if (n < 0) return Status::FromErrno(errno, "cannot read back", Where());
      if (n == 0) break;
      crc = checksum::Crc32c(buf.data(), static_cast<size_t>(n), crc);
      off += static_cast<uint64_t>(n);
    }
    return crc;
  }

  Status Publish(const std::string& path) override {
    // linkat(fd, "", AT_EMPTY_PATH) is the direct way but needs CAP_DAC_READ_SEARCH;
    // the /proc link works for everyone, at the price of a lookup in /proc.
    if (linkat(fd_, "", AT_FDCWD, path.c_str(), AT_EMPTY_PATH) != 0) {
      if (errno != ENOENT && errno != EPERM) {
        return Status::FromErrno(errno, "cannot give the copied file its name", path);
      }
      const std::string self = "/proc/self/fd/" + std::to_string(fd_);
      if (linkat(AT_FDCWD, self.c_str(), AT_FDCWD, path.c_str(), AT_SYMLINK_FOLLOW) != 0) {
        return Status::FromErrno(errno, "cannot give the copied file its name", path);
      }
    }
    int fd = fd_;
    fd_ = -1;
    if (close(fd) != 0) return Status::FromErrno(errno, "close failed", path);
    return Status::OK();
  }

 private:
  std::string Where() const { return dir_ + "/(unnamed new file)"; }

  int fd_;
  std::string dir_;
  uint64_t written_ = 0;
};

}  // namespace

Result<std::unique_ptr<Writer>> CreateUnnamedLocal(const std::string& dir) {
  int fd = open(dir.c_str(), O_TMPFILE | O_RDWR | O_CLOEXEC, 0666);
  if (fd < 0) {
    if (errno == EOPNOTSUPP || errno == EISDIR || errno == EINVAL) {
      return Status::Unsupported("no O_TMPFILE on this filesystem");
    }
    return Status::FromErrno(errno, "cannot create", dir);
  }
  return std::unique_ptr<Writer>(new UnnamedWriter(fd, dir));
}

}  // namespace hmig::fs
