// A whole `distcp` run: resolve and check the sources and the target, then walk
// both trees directory by directory, planning each with DistCp's rules while the
// copy workers already copy what was planned (memory stays bounded however many
// files), then -delete (only if everything succeeded), directory attributes last,
// and report.
#pragma once

#include <atomic>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "copy/counters.h"
#include "copy/delete_spill.h"
#include "copy/distcp_options.h"
#include "copy/file_copier.h"
#include "copy/file_log.h"
#include "copy/filters.h"
#include "copy/journal.h"
#include "copy/planner.h"
#include "copy/preserve.h"
#include "copy/source_list.h"
#include "copy/work_queue.h"
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
  // A target directory to plan, and the source directories that map onto it.
  struct DirTask {
    std::string target_dir;
    std::vector<std::pair<size_t, std::string>> sources;  // (root index, source directory)
    bool target_exists = false;
  };
  using Pinned = std::vector<std::pair<size_t, fs::FileStatus>>;  // (root index, source root)
  // What a copy worker takes: a planned file, or one chunk of a large file.
  struct WorkItem {
    PlanItem item;
    std::shared_ptr<ChunkedFile> chunked;
    size_t chunk = 0;
  };

  Status ResolveInputs();
  Status PrepareAtomicWorkDir();
  Status OpenJournal();
  Status FinishJournal(const Status& outcome);
  std::string JobKey() const;

  // Maps the sources onto the target (DistCp's path rules) and plans the roots
  // themselves (sorted by target path); sources landing inside another source's
  // target directory go to `pinned_` instead.
  Status PlanRoots(std::vector<PlanItem>* root_items);
  // Walks the directory tasks in parallel (-numListstatusThreads), planning each
  // directory and feeding its files to `files` as it goes. `dry`: only look for
  // sources that would collide (nothing listed at the target, nothing done).
  Status Walk(std::vector<DirTask> tasks, bool dry);
  Status PlanTask(const DirTask& task, bool dry, std::vector<DirTask>* subtasks);
  Status ListChildren(fs::FileSystem& fs, const std::string& dir, bool apply_filters,
                      std::vector<fs::FileStatus>* out);
  Status ApplyJournal(const std::string& dir, std::vector<PlanItem>& items);
  // Acts on planned entries: directories are created (or noted) and become tasks,
  // files go to the copy workers, the rest is counted.
  // `dry`: only the directory tasks are made.
  Status Dispatch(std::vector<PlanItem>& items, bool dry, std::vector<DirTask>* subtasks);

  Status Execute();
  void CopyWorker();
  void CopyOne(FileCopier& copier, const PlanItem& item);
  Result<FileCopyResult> CopyWithRetries(FileCopier& copier, const PlanItem& item);
  // Counts, logs and journals the outcome of one file.
  void FinishFile(const PlanItem& item, Result<FileCopyResult> r);
  // The chunk size when `item` is to be copied in parallel chunks, else 0.
  uint64_t ChunkSizeFor(const PlanItem& item);
  void CopyChunk(FileCopier& copier, WorkItem& work);
  Status DeleteMissing();
  void PreserveDirectories();
  Status CommitAtomic();
  void Stop(Status fatal);

  void RecordFailure(const PlanItem& item, const Status& status);
  fs::FileSystem& SourceFs(const PlanItem& item) { return *sources_[item.root_index].where.fs; }
  bool Excluded(fs::FileSystem& fs, const std::string& path) const;

  CopyOptions options_;
  PathFilter filter_;
  PlanModes modes_;
  std::vector<ResolvedSource> sources_;
  fs::Resolved target_;  // where the data goes (the work dir with -atomic)
  std::optional<fs::FileStatus> target_status_;
  std::string final_target_;  // the user's target (differs with -atomic)
  std::unique_ptr<Journal> journal_;
  // Source roots copied into another root's target directory as its children.
  std::map<std::string, Pinned> pinned_;
  std::unique_ptr<WorkQueue<WorkItem>> files_;  // planned files, to the copy workers
  std::atomic<int> files_in_flight_{0};
  DeleteSpill deletes_;
  std::mutex dirs_mu_;
  std::vector<PlanItem> dirs_to_preserve_;  // only with -p
  std::atomic<bool> warned_symlink_{false};
  Counters counters_;
  JobReport report_;
  NotApplicableNotes notes_;
  FileLog log_;
  std::mutex failures_mu_;
  std::atomic<bool> stopped_{false};
  Status fatal_;  // first job-stopping error (no space, listing failure)
};

}  // namespace hmig::copy
