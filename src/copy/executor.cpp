// The execution half of DistCpJob: the phases that act on the plan.
#include <fmt/format.h>

#include <atomic>
#include <random>
#include <thread>

#include "copy/distcp_job.h"
#include "copy/file_copier.h"

namespace hmig::copy {

Status DistCpJob::Execute() {
  for (const auto& item : plan_.items) {
    if (item.action == Action::kCopy || item.action == Action::kCompare ||
        item.action == Action::kAppend) {
      ++counters_.planned_files;
      counters_.planned_bytes += item.src.length;
    }
  }
  RemoveStaleTemps();
  HMIG_RETURN_IF_ERROR(CreateDirectories());
  CopyFiles();
  if (!fatal_.ok()) return fatal_;
  if (options_.delete_missing) HMIG_RETURN_IF_ERROR(DeleteMissing());
  PreserveDirectories();
  if (options_.atomic) return CommitAtomic();
  return Status::OK();
}

void DistCpJob::RemoveStaleTemps() {
  for (const auto& path : stale_temps_) {
    Status s = target_.fs->Delete(path, false);
    if (s.ok() || s.code() == StatusCode::kNotFound) {
      counters_.stale_temps_removed.fetch_add(1);
    } else {
      report_.warnings.push_back("cannot remove a temp file of an earlier run: " + s.ToString());
    }
  }
}

namespace {

// Exponential backoff with full jitter: 0.1 s, 0.2 s, 0.4 s, ... (capped at 10 s),
// each scaled by a random factor in [0.5, 1.5) so that workers hitting the same
// overloaded server do not retry in lockstep.
void BackoffSleep(int attempt) {
  thread_local std::mt19937 rng{std::random_device{}()};
  double base = std::min(10.0, 0.1 * static_cast<double>(1u << std::min(attempt, 7)));
  double factor = std::uniform_real_distribution<double>(0.5, 1.5)(rng);
  std::this_thread::sleep_for(std::chrono::duration<double>(base * factor));
}

bool Retryable(const Status& s) {
  return s.code() == StatusCode::kTransient || s.code() == StatusCode::kChanged;
}

}  // namespace

Status DistCpJob::CreateDirectories() {
  bool warned_symlink = false;
  for (const auto& item : plan_.items) {
    switch (item.action) {
      case Action::kCreateDir: {
        Status s = target_.fs->Mkdirs(item.dst_path, std::nullopt);
        if (s.code() == StatusCode::kNoSpace) return s.WithContext("cannot create directory");
        if (!s.ok()) {
          RecordFailure(item, s);
        } else {
          counters_.dirs_created.fetch_add(1);
          if (journal_) journal_->RecordDirCreated();
        }
        break;
      }
      case Action::kConflict:
        RecordFailure(item, Status(StatusCode::kAlreadyExists,
                                   fmt::format("cannot replace: target is a {}, source is a {}",
                                               item.dst->is_dir() ? "directory" : "file",
                                               item.src.is_dir() ? "directory" : "file"),
                                   target_.fs->Describe(item.dst_path)));
        break;
      case Action::kSkipSymlink:
        counters_.symlinks_skipped.fetch_add(1);
        if (!warned_symlink) {
          report_.warnings.push_back("symbolic links are not followed; skipped (first: " +
                                     SourceFs(item).Describe(item.src.path) + ")");
          warned_symlink = true;
        }
        break;
      case Action::kSkipSpecial:
        counters_.special_files_skipped.fetch_add(1);
        break;
      default:
        break;
    }
  }
  return Status::OK();
}

void DistCpJob::CopyFiles() {
  std::vector<const PlanItem*> work;
  for (const auto& item : plan_.items) {
    if (item.action == Action::kCopy || item.action == Action::kCompare ||
        item.action == Action::kAppend || item.action == Action::kSkip) {
      work.push_back(&item);
    }
  }
  if (work.empty()) return;
  CopySettings settings;
  settings.skip_crc = options_.skip_crc;
  settings.direct = options_.direct;
  settings.preserve = options_.preserve;
  const double rate = options_.bandwidth_mb * 1024 * 1024;  // DistCp's MB is MiB
  std::atomic<size_t> next{0};
  std::atomic<bool> stop{false};

  auto worker = [&] {
    FileCopier copier(settings, rate, notes_, &counters_.bytes_in_flight_done);
    for (;;) {
      size_t i = next.fetch_add(1);
      if (i >= work.size() || stop.load()) return;
      const PlanItem& item = *work[i];
      fs::FileSystem& src_fs = SourceFs(item);
      // Built only when a log line needs them: most files need none.
      auto src_uri = [&] { return src_fs.Describe(item.src.path); };
      auto dst_uri = [&] { return target_.fs->Describe(item.dst_path); };
      if (item.action == Action::kSkip) {
        // Files an earlier run of this job committed were counted as copied then.
        if (!item.committed_by_this_job) {
          counters_.files_skipped.fetch_add(1);
          counters_.bytes_skipped.fetch_add(item.src.length);
        }
        if (log_.verbose()) log_.Record("SKIPPED", item.src.length, src_uri(), dst_uri());
        Status s = copier.Preserve(src_fs, *target_.fs, item);
        if (!s.ok()) RecordFailure(item, s.WithContext("cannot apply attributes"));
        continue;
      }
      auto r = copier.Run(src_fs, *target_.fs, item);
      for (int attempt = 0; !r.ok() && Retryable(r.status()) && attempt < options_.retries;
           ++attempt) {
        if (attempt == 0) counters_.files_retried.fetch_add(1);
        BackoffSleep(attempt);
        r = copier.Run(src_fs, *target_.fs, item);
      }
      if (!r.ok() && r.status().code() == StatusCode::kNotFound &&
          r.status().path() == item.src.path) {
        // Deleted at the source after the listing: normal on a live cluster.
        counters_.files_vanished.fetch_add(1);
        if (log_.enabled()) log_.Record("VANISHED", 0, src_uri(), dst_uri(), r.status().message());
        continue;
      }
      if (!r.ok()) {
        if (r.status().code() == StatusCode::kNoSpace) {
          std::lock_guard lock(failures_mu_);
          if (fatal_.ok()) {
            auto free_bytes = target_.fs->FreeSpace(ParentPath(item.dst_path));
            std::string free_text = free_bytes.ok() ? fmt::format("{} bytes free", *free_bytes)
                                                    : std::string("free space unknown");
            fatal_ = Status(StatusCode::kNoSpace,
                            fmt::format("no space left on the target while writing ({}); stopped "
                                        "starting new copies, nothing partial was kept: {}",
                                        free_text, r.status().message()),
                            dst_uri());
          }
          stop = true;
        }
        RecordFailure(item, r.status());
        continue;
      }
      switch (r->outcome) {
        case FileOutcome::kSkippedSame:
          counters_.files_skipped.fetch_add(1);
          counters_.bytes_skipped.fetch_add(item.src.length);
          counters_.bytes_in_flight_done.fetch_add(item.src.length);
          if (log_.verbose()) log_.Record("SKIPPED", item.src.length, src_uri(), dst_uri());
          break;
        case FileOutcome::kAppended:
          counters_.files_appended.fetch_add(1);
          [[fallthrough]];
        case FileOutcome::kCopied:
          counters_.files_copied.fetch_add(1);
          counters_.bytes_copied.fetch_add(r->bytes);
          if (log_.enabled())
            log_.Record(r->outcome == FileOutcome::kAppended ? "APPENDED" : "COPIED", r->bytes,
                        src_uri(), dst_uri());
          break;
      }
      if (journal_) {
        journal_->RecordCommit(
            {item.dst_path, r->src_length, r->src_mtime_ns, r->dst_length, r->dst_mtime_ns, 0},
            r->bytes, r->outcome == FileOutcome::kAppended,
            r->outcome != FileOutcome::kSkippedSame);
      }
    }
  };
  size_t n = std::min<size_t>(static_cast<size_t>(options_.max_workers), work.size());
  std::vector<std::thread> pool;
  for (size_t i = 1; i < n; ++i) pool.emplace_back(worker);
  worker();
  for (auto& t : pool) t.join();
}

Status DistCpJob::DeleteMissing() {
  if (counters_.files_failed.load() > 0) {
    report_.delete_skipped = true;
    report_.warnings.push_back(
        "-delete was not run: some entries failed, and deleting after an incomplete copy could "
        "remove data that exists nowhere else; fix the failures and run again");
    return Status::OK();
  }
  for (const auto& d : plan_.deletes) {
    // The planner only proposes paths under the target root; check again, since a
    // delete outside it would be unrecoverable.
    if (!IsSameOrBelow(d.path, target_.path) || d.path == target_.path) {
      return Status::Internal("refusing to delete outside the target root", d.path);
    }
    Status s = target_.fs->Delete(d.path, d.is_dir);
    if (!s.ok() && s.code() != StatusCode::kNotFound) {
      counters_.files_failed.fetch_add(1);
      std::lock_guard lock(failures_mu_);
      report_.failures.push_back({"", target_.fs->Describe(d.path), s.ToString()});
      log_.Record("FAILED", 0, "", target_.fs->Describe(d.path), s.ToString());
      continue;
    }
    counters_.files_deleted.fetch_add(d.files);
    counters_.dirs_deleted.fetch_add(d.dirs);
    counters_.bytes_deleted.fetch_add(d.bytes);
    if (journal_) journal_->RecordDelete(d.path, d.files, d.dirs, d.bytes);
    if (log_.enabled()) log_.Record("DELETED", d.bytes, "", target_.fs->Describe(d.path));
  }
  return Status::OK();
}

void DistCpJob::PreserveDirectories() {
  if (!options_.preserve.any()) return;
  CopySettings settings;
  settings.preserve = options_.preserve;
  FileCopier copier(settings, 0, notes_, nullptr);
  // Deepest first: setting a child's attributes must not disturb a parent's times.
  for (auto it = plan_.items.rbegin(); it != plan_.items.rend(); ++it) {
    if (it->action != Action::kCreateDir && it->action != Action::kExistingDir) continue;
    PlanItem item = *it;
    if (item.action == Action::kCreateDir) item.dst.reset();  // nothing known about it
    Status s = copier.Preserve(SourceFs(item), *target_.fs, item);
    if (!s.ok()) RecordFailure(item, s.WithContext("cannot apply directory attributes"));
  }
}

Status DistCpJob::CommitAtomic() {
  if (counters_.files_failed.load() > 0) {
    (void)target_.fs->Delete(target_.path, true);
    return Status(StatusCode::kIOError,
                  "-atomic: some files failed, so nothing was committed (the work directory was "
                  "removed)",
                  options_.target);
  }
  Status s = target_.fs->Mkdirs(ParentPath(final_target_), std::nullopt);
  if (s.ok()) s = target_.fs->Rename(target_.path, final_target_, false);
  if (!s.ok()) {
    return s.WithContext("-atomic: could not move the work directory " +
                         target_.fs->Describe(target_.path) +
                         " into place; the copied data is there");
  }
  return Status::OK();
}

}  // namespace hmig::copy
