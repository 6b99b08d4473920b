// `hmig jobs check`: the seed's "Gateway OOM" and "Insufficient job execution memory" as
// checks over the new cluster's configuration, hive-env.sh and job scripts, with
// corrected copies on request (never edits in place).
//
// Corrected copies (--fix OUTDIR):
//   OUTDIR/conf/<site file>   each site file that needed a change (mapred-site.xml gets
//                             properties the cluster did not set)
//   OUTDIR/hive-env.sh        when HADOOP_HEAPSIZE needed a change
//   OUTDIR/scripts/<rel path> each script whose `set`/--hiveconf/-D values needed a change
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "conf/finding.h"
#include "util/status.h"

namespace hmig::conf {

struct JobsCheckOptions {
  std::string conf_dir;                    // mapred-site.xml, yarn-site.xml, ...
  std::optional<std::string> hive_env;     // hive-env.sh
  std::optional<std::string> scripts_dir;  // .hql/.sql/.q/.hive/.sh/.bash, recursively
  std::optional<std::string> fix_dir;      // write corrected copies here
};

struct JobsCheckResult {
  std::vector<Finding> findings;
  std::vector<std::string> written;  // corrected copies
  std::vector<std::string> notes;    // fixes that could not be applied automatically
  int scripts_scanned = 0;
};

// Fatal (returned Status): the configuration directory or hive-env.sh cannot be read or
// parsed, the scripts dir does not exist, a copy cannot be written, or fix_dir is one of
// the input locations.
Result<JobsCheckResult> CheckJobs(const JobsCheckOptions& options);

}  // namespace hmig::conf
