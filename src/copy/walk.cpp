// The planning half of DistCpJob: a parallel walk of the source and target trees,
// one directory at a time. Each directory's listings are merged, planned with
// DistCp's rules (planner.h), checked against the journal, and acted on at once:
// subdirectories become new tasks, files go to the copy workers through a bounded
// queue. Nothing holds the whole tree, so memory depends on the widest directory
// and the queue, not on the number of files.
#include <fmt/format.h>

#include <algorithm>
#include <condition_variable>
#include <mutex>
#include <thread>

#include "copy/distcp_job.h"

namespace hmig::copy {

namespace {

// Directory tasks still to plan. Last in, first out, so the walk goes deep before
// wide and the pending tasks stay few. The walk ends when no task is left and no
// worker is busy (a busy worker may still add tasks), or at the first error.
template <typename Task>
class TaskStack {
 public:
  explicit TaskStack(std::vector<Task> initial) : tasks_(std::move(initial)) {
    std::reverse(tasks_.begin(), tasks_.end());  // the first task is planned first
  }
  void Push(std::vector<Task>& more) {
    std::lock_guard lock(mu_);
    for (auto it = more.rbegin(); it != more.rend(); ++it) tasks_.push_back(std::move(*it));
    cv_.notify_all();
  }
  bool Pop(Task* out) {
    std::unique_lock lock(mu_);
    cv_.wait(lock, [&] { return !tasks_.empty() || busy_ == 0 || !error_.ok(); });
    if (!error_.ok() || tasks_.empty()) {
      cv_.notify_all();
      return false;
    }
    *out = std::move(tasks_.back());
    tasks_.pop_back();
    ++busy_;
    return true;
  }
  void Done() {
    std::lock_guard lock(mu_);
    --busy_;
    cv_.notify_all();
  }
  void Fail(Status s) {
    std::lock_guard lock(mu_);
    if (error_.ok()) error_ = std::move(s);
    cv_.notify_all();
  }
  Status error() {
    std::lock_guard lock(mu_);
    return error_;
  }

 private:
  std::mutex mu_;
  std::condition_variable cv_;
  std::vector<Task> tasks_;
  int busy_ = 0;
  Status error_;
};

}  // namespace

Status DistCpJob::Walk(std::vector<DirTask> tasks, bool dry) {
  TaskStack<DirTask> stack(std::move(tasks));
  auto worker = [&] {
    DirTask task;
    std::vector<DirTask> subtasks;
    while (stack.Pop(&task)) {
      subtasks.clear();
      Status s = stopped_.load() ? Status(StatusCode::kCancelled, "the job stopped")
                                 : PlanTask(task, dry, &subtasks);
      if (s.ok()) {
        stack.Push(subtasks);
      } else {
        stack.Fail(std::move(s));
      }
      stack.Done();
    }
  };
  int n = std::max(1, options_.list_threads);
  std::vector<std::thread> pool;
  for (int i = 1; i < n; ++i) pool.emplace_back(worker);
  worker();
  for (auto& t : pool) t.join();
  return stack.error();
}

Status DistCpJob::ListChildren(fs::FileSystem& fs, const std::string& dir, bool apply_filters,
                               std::vector<fs::FileStatus>* out) {
  Status s = fs.List(dir, [&](fs::FileStatus& child) {
    if (!apply_filters || !Excluded(fs, child.path)) out->push_back(std::move(child));
    return Status::OK();
  });
  // A partial listing must never drive a copy or a delete.
  return s.ok() ? s : s.WithContext("listing failed");
}

Status DistCpJob::PlanTask(const DirTask& task, bool dry, std::vector<DirTask>* subtasks) {
  DirectoryInput in;
  in.target_dir = task.target_dir;
  for (const auto& [root, dir] : task.sources) {
    SourceChildren children{root, dir, {}};
    HMIG_RETURN_IF_ERROR(ListChildren(*sources_[root].where.fs, dir, true, &children.children));
    in.sources.push_back(std::move(children));
  }
  if (!pinned_.empty()) {
    auto it = pinned_.find(task.target_dir);
    if (it != pinned_.end()) {
      for (const auto& [root, status] : it->second)
        in.sources.push_back({root, ParentPath(status.path), {status}});
    }
  }
  if (!dry && task.target_exists) {
    HMIG_RETURN_IF_ERROR(ListChildren(*target_.fs, task.target_dir, false, &in.target_children));
  }
  auto keep = [&](const std::string& source_path) {
    return !filter_.empty() && Excluded(*sources_.front().where.fs, source_path);
  };
  HMIG_ASSIGN_OR_RETURN(DirectoryPlan plan,
                        PlanDirectory(std::move(in), modes_, keep,
                                      [](const std::string& name) { return IsTempName(name); }));
  if (dry) return Dispatch(plan.items, true, subtasks);

  for (const auto& path : plan.stale_temps) {
    // Left by a killed run (the journal's lock proves no run is using it now).
    Status s = target_.fs->Delete(path, false);
    if (s.ok() || s.code() == StatusCode::kNotFound) {
      counters_.stale_temps_removed.fetch_add(1);
    } else {
      std::lock_guard lock(failures_mu_);
      report_.warnings.push_back("cannot remove a temp file of an earlier run: " + s.ToString());
    }
  }
  for (const auto& d : plan.deletes) HMIG_RETURN_IF_ERROR(deletes_.Add(d));
  if (journal_) HMIG_RETURN_IF_ERROR(ApplyJournal(task.target_dir, plan.items));
  return Dispatch(plan.items, false, subtasks);
}

Status DistCpJob::ApplyJournal(const std::string& dir, std::vector<PlanItem>& items) {
  const bool update = options_.update;
  auto candidate = [&](const PlanItem& item, bool same_job) {
    return item.dst && ((item.action == Action::kCompare && update) ||
                        (item.action == Action::kCopy && same_job));
  };
  // Most directories of a first run have nothing at the target: no query at all.
  if (std::none_of(items.begin(), items.end(),
                   [&](const PlanItem& i) { return candidate(i, true); }))
    return Status::OK();
  auto records = journal_->RecordsIn(dir);
  if (!records.ok()) return records.status().WithContext("cannot read the resume journal");
  // Both in byte order of the target path: one merge.
  auto item = items.begin();
  for (const JournalRecord& rec : *records) {
    while (item != items.end() && item->dst_path < rec.dst) ++item;
    if (item == items.end()) break;
    if (item->dst_path != rec.dst) continue;
    const bool same_job = rec.job_id == journal_->job_id();
    if (!candidate(*item, same_job)) continue;
    if (rec.src_length != item->src.length || rec.src_mtime_ns != item->src.mtime_ns ||
        rec.dst_length != item->dst->length || rec.dst_mtime_ns != item->dst->mtime_ns) {
      continue;
    }
    item->action = Action::kSkip;
    item->proven_by_journal = true;
    item->committed_by_this_job = same_job;
  }
  return Status::OK();
}

Status DistCpJob::Dispatch(std::vector<PlanItem>& items, bool dry, std::vector<DirTask>* subtasks) {
  const bool preserve = options_.preserve.any();
  for (size_t i = 0; i < items.size(); ++i) {
    PlanItem& item = items[i];
    if (item.action == Action::kCreateDir || item.action == Action::kExistingDir) {
      // Several sources may merge into one directory: one task lists them all.
      DirTask task{item.dst_path, {}, item.action == Action::kExistingDir};
      size_t end = i;
      for (; end < items.size() && items[end].dst_path == item.dst_path; ++end)
        task.sources.emplace_back(items[end].root_index, items[end].src.path);
      if (!dry && item.action == Action::kCreateDir) {
        Status s = target_.fs->Mkdirs(item.dst_path, std::nullopt);
        if (s.code() == StatusCode::kNoSpace) return s.WithContext("cannot create directory");
        if (!s.ok()) {
          RecordFailure(item, s);
          i = end - 1;
          continue;
        }
        counters_.dirs_created.fetch_add(1);
        if (journal_) journal_->RecordDirCreated();
      }
      if (!dry && preserve) {
        std::lock_guard lock(dirs_mu_);
        for (size_t k = i; k < end; ++k) dirs_to_preserve_.push_back(items[k]);
      }
      subtasks->push_back(std::move(task));
      i = end - 1;
      continue;
    }
    if (dry) continue;
    switch (item.action) {
      case Action::kConflict:
        RecordFailure(item, Status(StatusCode::kAlreadyExists,
                                   fmt::format("cannot replace: target is a {}, source is a {}",
                                               item.dst->is_dir() ? "directory" : "file",
                                               item.src.is_dir() ? "directory" : "file"),
                                   target_.fs->Describe(item.dst_path)));
        break;
      case Action::kSkipSymlink:
        counters_.symlinks_skipped.fetch_add(1);
        if (!warned_symlink_.exchange(true)) {
          std::lock_guard lock(failures_mu_);
          report_.warnings.push_back("symbolic links are not followed; skipped (first: " +
                                     SourceFs(item).Describe(item.src.path) + ")");
        }
        break;
      case Action::kSkipSpecial:
        counters_.special_files_skipped.fetch_add(1);
        break;
      case Action::kSkip:
        if (!preserve && !log_.verbose()) {
          // Nothing to read, write or log: counted here, no worker needed.
          // Files an earlier run of this job committed were counted as copied then.
          if (!item.committed_by_this_job) {
            counters_.files_skipped.fetch_add(1);
            counters_.bytes_skipped.fetch_add(item.src.length);
          }
          break;
        }
        if (!files_->Push({std::move(item), nullptr, 0})) return Status::OK();  // the job stopped
        break;
      default:  // kCopy, kCompare, kAppend
        counters_.planned_files.fetch_add(1);
        counters_.planned_bytes.fetch_add(item.src.length);
        if (!files_->Push({std::move(item), nullptr, 0})) return Status::OK();
        break;
    }
  }
  return Status::OK();
}

}  // namespace hmig::copy
