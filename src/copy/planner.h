// DistCp's planning rules: what to do with every source entry, and what -delete
// removes. Pure logic over listings, no I/O, so every rule is unit-tested.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "copy/listing.h"

namespace hmig::copy {

enum class Action : uint8_t {
  kCreateDir,    // directory absent at the target
  kExistingDir,  // directory already there: only its attributes are applied
  kCopy,         // file absent, or to be replaced (-overwrite, -update with another length)
  kCompare,      // -update, same length: compare checksums, copy only if they differ
  kAppend,       // -update -append, target shorter: append the tail if the target is a prefix
  kSkip,         // target file kept (default mode, or -update -skipcrccheck with same length)
  kSkipSymlink,  // symlinks are not followed
  kSkipSpecial,  // devices, fifos, sockets
  kConflict,     // a file where the other side has a directory, or the reverse
};

const char* ActionName(Action a);

struct PlanItem {
  size_t root_index = 0;  // which source root (and so which source filesystem)
  std::string dst_path;
  fs::FileStatus src;
  std::optional<fs::FileStatus> dst;
  Action action = Action::kCopy;
  // Set when the journal proves the target is already this source's copy (see
  // journal.h); `committed_by_this_job` when an earlier run of the same job did it.
  bool proven_by_journal = false;
  bool committed_by_this_job = false;
};

struct DeleteItem {
  std::string path;  // topmost entry to delete (recursively if a directory)
  bool is_dir = false;
  uint64_t files = 0;  // files removed with it (itself included)
  uint64_t dirs = 0;   // directories removed with it (itself included)
  uint64_t bytes = 0;
};

struct PlanRoot {
  std::string source_root;           // path of the source on its filesystem
  std::string target_root;           // where its entries go (see source_roots.h)
  std::vector<ListedEntry> entries;  // ListTree(source_root)
};

struct PlanModes {
  bool update = false;
  bool overwrite = false;
  bool append = false;
  bool skip_crc = false;
  bool delete_missing = false;
};

struct Plan {
  std::vector<PlanItem> items;  // sorted by dst_path: parents before children
  std::vector<DeleteItem> deletes;
};

// `target_entries` are the existing entries under the target roots, with absolute
// paths in status.path (any order). `keep_at_target(source_path)` returns true for
// paths the filters exclude, which -delete must not touch either.
// Errors: two sources that would write the same target file.
// `roots` are consumed (their entries move into the plan).
Result<Plan> BuildPlan(std::vector<PlanRoot> roots, std::vector<fs::FileStatus> target_entries,
                       const PlanModes& modes,
                       const std::function<bool(const std::string&)>& keep_at_target = nullptr);

}  // namespace hmig::copy
