// DistCp's -log DIR: one line per file with what was done to it and why it failed.
// Lines are tab-separated: ACTION, bytes, source, target, cause (for FAILED).
// Safe for concurrent use by multiple threads.
#pragma once

#include <cstdio>
#include <mutex>
#include <string>

#include "util/status.h"

namespace hmig::copy {

class FileLog {
 public:
  FileLog() = default;
  ~FileLog();
  FileLog(const FileLog&) = delete;
  FileLog& operator=(const FileLog&) = delete;

  // Creates DIR if needed and opens DIR/distcp-<UTC time>-<pid>.log.
  Status Open(const std::string& dir, bool verbose);
  bool enabled() const { return file_ != nullptr; }
  bool verbose() const { return verbose_; }
  const std::string& path() const { return path_; }

  void Record(const char* action, uint64_t bytes, const std::string& source,
              const std::string& target, const std::string& cause = {});
  Status Close();

 private:
  std::mutex mu_;
  FILE* file_ = nullptr;
  bool verbose_ = false;
  std::string path_;
};

}  // namespace hmig::copy
