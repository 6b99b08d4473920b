// A whole `distcp` run: resolve and check the sources and the target, list both
// sides, plan with DistCp's rules, execute (directories, files in parallel, -delete
// only if everything succeeded, directory attributes last), and report.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "copy/counters.h"
#include "copy/distcp_options.h"
#include "copy/file_log.h"
#include "copy/filters.h"
#include "copy/journal.h"
#include "copy/planner.h"
#include "copy/preserve.h"
#include "copy/source_list.h"
#include "fs/filesystem.h"

namespace hmig::copy {

class DistCpJob {
 public:
  explicit DistCpJob(CopyOptions options);

  // Runs the job. A non-OK Status means the job could not be carried out (bad
  // input found before copying, listing failure, disk full): the report says
  // what was done up to then. Per-file failures are counted, not returned.
  Status Run();

  // Safe to read from another thread while Run() is in progress (progress display).
  const Counters& counters() const { return counters_; }
  const JobReport& report() const { return report_; }
  const CopyOptions& options() const { return options_; }
  const std::string& log_path() const { return log_.path(); }

 private:
  Status ResolveInputs();
  Status PrepareAtomicWorkDir();
  Status ListAndPlan();
  Status OpenJournal();
  Status ApplyJournal();
  void RemoveStaleTemps();
  Status FinishJournal(const Status& outcome);
  std::string JobKey() const;
  Status Execute();
  Status CreateDirectories();
  void CopyFiles();
  Status DeleteMissing();
  void PreserveDirectories();
  Status CommitAtomic();

  void RecordFailure(const PlanItem& item, const Status& status);
  fs::FileSystem& SourceFs(const PlanItem& item) { return *sources_[item.root_index].where.fs; }

  CopyOptions options_;
  PathFilter filter_;
  std::vector<ResolvedSource> sources_;
  fs::Resolved target_;  // where the data goes (the work dir with -atomic)
  std::optional<fs::FileStatus> target_status_;
  std::string final_target_;  // the user's target (differs with -atomic)
  Plan plan_;
  std::unique_ptr<Journal> journal_;
  std::vector<std::string> stale_temps_;
  Counters counters_;
  JobReport report_;
  NotApplicableNotes notes_;
  FileLog log_;
  std::mutex failures_mu_;
  Status fatal_;  // first job-stopping error raised by a worker (no space)
};

}  // namespace hmig::copy
