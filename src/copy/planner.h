// DistCp's planning rules, one directory at a time: what to do with every source
// entry, and which target entries -delete removes. Pure logic over listings, no
// I/O, so every rule is unit-tested; the walk that feeds it (tree_walk.h) streams
// the tree directory by directory, so memory does not grow with the tree.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "fs/filesystem.h"
#include "util/status.h"

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

// A target entry -delete removes: the topmost one (a directory goes with all it holds).
struct DeleteItem {
  std::string path;
  bool is_dir = false;
};

struct PlanModes {
  bool update = false;
  bool overwrite = false;
  bool append = false;
  bool skip_crc = false;
  bool delete_missing = false;
};

// DistCp's decision for one source entry given what the target holds at its place.
Action Decide(const fs::FileStatus& src, const std::optional<fs::FileStatus>& dst,
              const PlanModes& modes);

// The children of one source directory that maps onto the planned target directory.
// Several sources may map onto one target directory (they merge).
struct SourceChildren {
  size_t root_index = 0;
  std::string source_dir;                // for -delete's filter question
  std::vector<fs::FileStatus> children;  // any order
};

struct DirectoryInput {
  std::string target_dir;
  std::vector<SourceChildren> sources;
  std::vector<fs::FileStatus> target_children;  // any order; empty if the directory is new
};

struct DirectoryPlan {
  std::vector<PlanItem> items;  // one per source child, sorted by dst_path
  // With -delete, the target children no source has. Every planned directory lies
  // under the target root of a directory source, the only place -delete acts.
  std::vector<DeleteItem> deletes;
  std::vector<std::string> stale_temps;  // temp files of a killed run, to remove
};

// `keep_at_target(source_path)` returns true for paths the filters exclude, which
// -delete must not touch either. `is_temp_name(name)` recognises hmig's temp files.
// Errors: two sources that would write the same target file.
Result<DirectoryPlan> PlanDirectory(DirectoryInput in, const PlanModes& modes,
                                    const std::function<bool(const std::string&)>& keep_at_target,
                                    const std::function<bool(const std::string&)>& is_temp_name);

}  // namespace hmig::copy
