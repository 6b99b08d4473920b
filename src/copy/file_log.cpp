#include "copy/file_log.h"

#include <fmt/format.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <ctime>
#include <filesystem>

namespace hmig::copy {

namespace {
// Tabs and newlines inside file names would break the line format.
std::string Escape(const std::string& s) {
  std::string out;
  out.reserve(s.size());
  for (char c : s) {
    if (c == '\t')
      out += "\\t";
    else if (c == '\n')
      out += "\\n";
    else if (c == '\\')
      out += "\\\\";
    else
      out += c;
  }
  return out;
}
}  // namespace

FileLog::~FileLog() {
  (void)Close();
}

Status FileLog::Open(const std::string& dir, bool verbose) {
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec) return Status::FromErrno(ec.value(), "cannot create log directory", dir);
  std::time_t now = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&now, &tm);
  char stamp[32];
  std::strftime(stamp, sizeof stamp, "%Y%m%d-%H%M%S", &tm);
  path_ = fmt::format("{}/distcp-{}-{}.log", dir, stamp, getpid());
  file_ = std::fopen(path_.c_str(), "w");
  if (!file_) return Status::FromErrno(errno, "cannot create log file", path_);
  verbose_ = verbose;
  return Status::OK();
}

void FileLog::Record(const char* action, uint64_t bytes, const std::string& source,
                     const std::string& target, const std::string& cause) {
  if (!file_) return;
  std::string line = fmt::format("{}\t{}\t{}\t{}", action, bytes, Escape(source), Escape(target));
  if (!cause.empty()) line += "\t" + Escape(cause);
  line += '\n';
  std::lock_guard lock(mu_);
  std::fputs(line.c_str(), file_);
}

Status FileLog::Close() {
  std::lock_guard lock(mu_);
  if (!file_) return Status::OK();
  bool ok = std::fclose(file_) == 0;
  file_ = nullptr;
  if (!ok) return Status::FromErrno(errno, "cannot write log file", path_);
  return Status::OK();
}

}  // namespace hmig::copy
