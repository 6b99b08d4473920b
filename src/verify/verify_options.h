// `hmig verify` command line. The same arguments that copied can verify: DistCp's
// flags are read by the distcp parser (one or two dashes, -f LISTFILE, -filters,
// -p[rbugpcaxt], -m, -numListstatusThreads); copy-only flags are accepted and
// noted; the verify flags (--json, --html, --size-only, --verify-bytes,
// --group-depth) are taken out first.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "copy/distcp_options.h"
#include "fs/filesystem.h"
#include "verify/grouping.h"

namespace hmig::verify {

// Files compared at once, at most: each worker holds a read buffer, and the
// seed's `-m 1000` (cluster map tasks) would otherwise mean 1000 threads.
inline constexpr int kMaxVerifyWorkers = 128;

struct VerifyOptions {
  std::vector<std::string> sources;
  std::string target;
  std::string source_list_file;  // -f
  std::string filters_file;      // -filters
  copy::PreserveSet preserve;    // attributes compared
  bool size_only = false;        // --size-only (or DistCp's -skipcrccheck)
  bool verify_bytes = false;     // read both sides, compare CRC32C
  int group_depth = kHiveGroupDepth;
  int workers = 20;      // -m: files compared at once
  int list_threads = 8;  // -numListstatusThreads, per side
  std::string json_file;
  std::string html_file;
  bool help = false;

  // Where sources land under the target: DistCp's -update rules (contents of
  // SOURCE compared with TARGET). `hmig distcp --verify` sets these to what the
  // copy used: its mode, and the target's status from before the copy.
  bool contents_mode = true;
  bool use_mapping_status = false;
  std::optional<fs::FileStatus> mapping_target_status;

  std::vector<std::string> warnings;  // how the command line was read
  std::vector<std::string> ignored;   // copy-only flags with no effect here
};

// Arguments after `hmig verify`. kInvalidArgument names the offending flag.
Result<VerifyOptions> ParseVerifyArgs(const std::vector<std::string>& args);

// The status of `target` now (nullopt when it does not exist or cannot be read):
// `hmig distcp --verify` takes it before copying, because DistCp's path rules
// depend on whether the target existed.
std::optional<fs::FileStatus> TargetStatusBeforeCopy(const std::string& target);

// The comparison `hmig distcp --verify` runs after a copy made with `copy` (whose
// sources include those read from -f), mapping paths as the copy did.
VerifyOptions VerifyOptionsForCopy(const copy::CopyOptions& copy,
                                   const std::optional<fs::FileStatus>& target_before_copy);

std::string VerifyUsage();

}  // namespace hmig::verify
