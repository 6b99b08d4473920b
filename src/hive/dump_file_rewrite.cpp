// RewriteDumpFile: the file around DumpRewriter. Reading, lexing and writing
// overlap: the input is mapped (no copy into a read buffer), and the output
// goes to a writer thread through a few recycled buffers while the lexer
// carries on; the writer starts the kernel's writeback of each 32 MB it has
// written (sync_file_range), so the final fsync does not write the whole file.
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <condition_variable>
#include <deque>
#include <memory>
#include <mutex>
#include <thread>

#include "hive/dump_rewriter.h"

namespace hmig::hive {
namespace {

constexpr size_t kFeedBytes = 8 << 20;          // input handed to the lexer at a time
constexpr size_t kBuffers = 4;                  // output buffers in flight
constexpr uint64_t kWritebackBytes = 32 << 20;  // start writeback every this much

Status WriteAll(int fd, std::string_view data, const std::string& path) {
  while (!data.empty()) {
    ssize_t n = ::write(fd, data.data(), data.size());
    if (n < 0) {
      if (errno == EINTR) continue;
      return Status::FromErrno(errno, "cannot write the output", path);
    }
    data.remove_prefix(static_cast<size_t>(n));
  }
  return Status::OK();
}

// Writes full buffers on its own thread; Put() hands one over and returns an
// empty one to fill next (waiting while all are in flight).
class AsyncWriter {
 public:
  AsyncWriter(int fd, std::string path) : fd_(fd), path_(std::move(path)) {
    for (size_t i = 0; i < kBuffers; ++i) free_.emplace_back();
    thread_ = std::thread([this] { Run(); });
  }
  ~AsyncWriter() {
    Status ignored = Close();
    (void)ignored;
  }  // errors: reported by Close()

  Status Put(std::string& data) {
    std::unique_lock lock(mu_);
    cv_.wait(lock, [&] { return !free_.empty() || !error_.ok(); });
    if (!error_.ok()) return error_;
    std::string empty = std::move(free_.back());
    free_.pop_back();
    empty.clear();
    full_.push_back(std::move(data));
    data = std::move(empty);
    cv_.notify_all();
    return Status::OK();
  }

  // Waits for every buffer to be written; the first write error, if any.
  Status Close() {
    {
      std::lock_guard lock(mu_);
      closing_ = true;
      cv_.notify_all();
    }
    if (thread_.joinable()) thread_.join();
    return error_;
  }

 private:
  void Run() {
    uint64_t written = 0, writeback_from = 0;
    for (;;) {
      std::string data;
      {
        std::unique_lock lock(mu_);
        cv_.wait(lock, [&] { return !full_.empty() || closing_; });
        if (full_.empty()) return;
        data = std::move(full_.front());
        full_.pop_front();
      }
      Status st = error_.ok() ? WriteAll(fd_, data, path_) : Status::OK();
      written += data.size();
#ifdef __linux__
      if (st.ok() && written - writeback_from >= kWritebackBytes) {
        // Only starts the writeback (no wait); failures surface at fsync.
        ::sync_file_range(fd_, static_cast<off_t>(writeback_from),
                          static_cast<off_t>(written - writeback_from), SYNC_FILE_RANGE_WRITE);
        writeback_from = written;
      }
#endif
      std::lock_guard lock(mu_);
      if (!st.ok() && error_.ok()) error_ = st;
      free_.push_back(std::move(data));
      cv_.notify_all();
    }
  }

  const int fd_;
  const std::string path_;
  std::mutex mu_;
  std::condition_variable cv_;
  std::deque<std::string> full_;
  std::deque<std::string> free_;
  bool closing_ = false;
  Status error_;
  std::thread thread_;
};

// Feeds the whole input to `feed`, mapped when possible, else read in pieces.
Status ReadInput(int fd, const std::string& path,
                 const std::function<Status(std::string_view)>& feed) {
  struct stat st {};
  if (::fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && st.st_size > 0) {
    const size_t size = static_cast<size_t>(st.st_size);
    void* map = ::mmap(nullptr, size, PROT_READ, MAP_PRIVATE, fd, 0);
    if (map != MAP_FAILED) {
      ::madvise(map, size, MADV_SEQUENTIAL);
      const char* data = static_cast<const char*>(map);
      Status result;
      for (size_t off = 0; off < size && result.ok(); off += kFeedBytes) {
        const size_t len = std::min(kFeedBytes, size - off);
#ifdef MADV_POPULATE_READ
        // One call maps the slice's pages instead of a page fault per 16 pages
        // (an optimisation only: older kernels refuse it and fault as usual).
        ::madvise(const_cast<char*>(data) + off, len, MADV_POPULATE_READ);
#endif
        result = feed(std::string_view(data + off, len));
      }
      ::munmap(map, size);
      return result;
    }
  }
  std::unique_ptr<char[]> buf(new char[kFeedBytes]);
  for (;;) {
    ssize_t n = ::read(fd, buf.get(), kFeedBytes);
    if (n < 0) {
      if (errno == EINTR) continue;
      return Status::FromErrno(errno, "cannot read the dump", path);
    }
    if (n == 0) return Status::OK();
    HMIG_RETURN_IF_ERROR(feed(std::string_view(buf.get(), static_cast<size_t>(n))));
  }
}

}  // namespace

Result<ColumnChanges> RewriteDumpFile(const std::string& in_path, const std::string& out_path,
                                      const LocationMatcher& matcher,
                                      std::optional<SqlDialect> dialect) {
  int in = ::open(in_path.c_str(), O_RDONLY | O_CLOEXEC);
  if (in < 0) return Status::FromErrno(errno, "cannot open the dump", in_path);
  const std::string tmp = out_path + ".hmig-tmp";
  int out = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (out < 0) {
    Status err = Status::FromErrno(errno, "cannot create the output", tmp);
    ::close(in);
    return err;
  }
  auto writer = std::make_unique<AsyncWriter>(out, tmp);
  auto fail = [&](Status st) {
    writer.reset();  // joins the writer before the descriptor goes
    ::close(in);
    ::close(out);
    ::unlink(tmp.c_str());
    return st;
  };
  std::unique_ptr<DumpRewriter> rewriter;
  Status st = ReadInput(in, in_path, [&](std::string_view chunk) -> Status {
    if (!rewriter) {
      SqlDialect d = dialect ? *dialect : DetectDumpDialect(chunk);
      rewriter = std::make_unique<DumpRewriter>(
          matcher, d, [&](std::string& data) { return writer->Put(data); });
    }
    return rewriter->Feed(chunk);
  });
  if (st.ok() && !rewriter) {  // an empty dump
    rewriter = std::make_unique<DumpRewriter>(matcher, dialect.value_or(SqlDialect::kMySql),
                                              [&](std::string& data) { return writer->Put(data); });
  }
  if (st.ok()) st = rewriter->Finish();
  if (!st.ok()) return fail(st.WithPath(in_path));
  st = writer->Close();
  if (!st.ok()) return fail(st);
  if (::fsync(out) != 0) return fail(Status::FromErrno(errno, "cannot sync the output", tmp));
  writer.reset();
  ::close(in);
  if (::close(out) != 0) {
    Status err = Status::FromErrno(errno, "cannot close the output", tmp);
    ::unlink(tmp.c_str());
    return err;
  }
  if (::rename(tmp.c_str(), out_path.c_str()) != 0) {
    Status err = Status::FromErrno(errno, "cannot move the output into place", out_path);
    ::unlink(tmp.c_str());
    return err;
  }
  return rewriter->changes();
}

}  // namespace hmig::hive
