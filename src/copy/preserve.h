// Applies DistCp's -p attributes of a source entry to a target entry, asking the
// target's Capabilities() what it can hold instead of which backend it is.
#pragma once

#include <mutex>
#include <optional>
#include <set>
#include <string>

#include "copy/distcp_options.h"
#include "fs/filesystem.h"

namespace hmig::copy {

// Collects, once per attribute, the -p letters the target cannot hold.
class NotApplicableNotes {
 public:
  void Add(const std::string& note) {
    std::lock_guard lock(mu_);
    notes_.insert(note);
  }
  std::set<std::string> notes() const {
    std::lock_guard lock(mu_);
    return notes_;
  }

 private:
  mutable std::mutex mu_;
  std::set<std::string> notes_;
};

// Sets owner/group (u g), permission (p), ACL (a), xattrs (x), replication (r) and
// times (t) of `dst_path` from `src`. `dst_current`, when known, lets unchanged
// attributes be left alone. Order matters: chown clears setuid/setgid, so the
// permission comes after it, and times come last because the others touch ctime
// only. Block size and checksum type (b c) are fixed when a file is created.
Status ApplyAttributes(fs::FileSystem& src_fs, const fs::FileStatus& src, fs::FileSystem& dst_fs,
                       const std::string& dst_path,
                       const std::optional<fs::FileStatus>& dst_current,
                       const PreserveSet& preserve, NotApplicableNotes& notes);

}  // namespace hmig::copy
