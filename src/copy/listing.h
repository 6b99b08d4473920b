// Parallel listing of a tree (DistCp's copy-listing, -numListstatusThreads).
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "fs/filesystem.h"

namespace hmig::copy {

struct ListedEntry {
  std::string rel;  // path relative to the listed root; "" for the root itself
  fs::FileStatus status;
};

// Returns true when the entry (given its full path on the filesystem) is to be left
// out; an excluded directory is not descended into.
using ExcludeFn = std::function<bool(const std::string& path)>;

// Lists `root` and everything below it with `threads` workers, without following
// symlinks. The result is sorted by `rel` (byte order). Any listing error stops the
// walk and is returned: a partial listing must never drive a copy or a delete.
Result<std::vector<ListedEntry>> ListTree(fs::FileSystem& fs, const std::string& root, int threads,
                                          const ExcludeFn& exclude = nullptr);

}  // namespace hmig::copy
