// Helpers for integration tests on directory trees.
#pragma once

#include <sys/stat.h>

#include <filesystem>
#include <map>
#include <string>

#include "support/temp_dir.h"

namespace hmig::testing {

// rel path -> "d" for directories, "l:<target>" for symlinks, "f:<content>" for files.
inline std::map<std::string, std::string> Snapshot(const std::string& root) {
  std::map<std::string, std::string> out;
  namespace stdfs = std::filesystem;
  for (auto it = stdfs::recursive_directory_iterator(root);
       it != stdfs::recursive_directory_iterator(); ++it) {
    std::string rel = stdfs::relative(it->path(), root).string();
    if (it->is_symlink()) {
      out[rel] = "l:" + stdfs::read_symlink(it->path()).string();
    } else if (it->is_directory()) {
      out[rel] = "d";
    } else {
      out[rel] = "f:" + ReadFile(it->path().string());
    }
  }
  return out;
}

// Temp files hmig left behind (there must never be any after a run ends).
inline int CountTempFiles(const std::string& root) {
  int n = 0;
  for (auto& e : std::filesystem::recursive_directory_iterator(root)) {
    std::string name = e.path().filename().string();
    if (name.rfind(".hmig.", 0) == 0) ++n;
  }
  return n;
}

inline struct stat Lstat(const std::string& path) {
  struct stat st {};
  lstat(path.c_str(), &st);
  return st;
}

}  // namespace hmig::testing
