// The execution half of DistCpJob: the phases that act on the plan.
#include <fmt/format.h>

#include <algorithm>
#include <atomic>
#include <random>
#include <thread>

#include "copy/distcp_job.h"
#include "copy/file_copier.h"

namespace hmig::copy {

Status DistCpJob::Execute() {
  modes_ = {options_.update, options_.overwrite, options_.append, options_.skip_crc,
            options_.delete_missing};
  std::vector<PlanItem> roots;
  HMIG_RETURN_IF_ERROR(PlanRoots(&roots));
  const bool merging =
      !pinned_.empty() || std::adjacent_find(roots.begin(), roots.end(), [](auto& a, auto& b) {
                            return a.dst_path == b.dst_path;
                          }) != roots.end();
  if (merging) {
    // Merged sources may collide on a file: find out before anything is written,
    // as DistCp does while it builds its copy listing.
    std::vector<PlanItem> dry_roots = roots;
    std::vector<DirTask> dry_tasks;
    HMIG_RETURN_IF_ERROR(Dispatch(dry_roots, true, &dry_tasks));
    HMIG_RETURN_IF_ERROR(Walk(std::move(dry_tasks), true));
  }

  // Enough queued files to keep every worker busy while the walk looks further.
  files_ = std::make_unique<WorkQueue<WorkItem>>(
      std::max<size_t>(1024, static_cast<size_t>(options_.max_workers) * 64));
  std::vector<std::thread> workers;
  for (int i = 0; i < std::max(1, options_.max_workers); ++i)
    workers.emplace_back([this] { CopyWorker(); });
  std::vector<DirTask> tasks;
  Status walked = Dispatch(roots, false, &tasks);
  if (walked.ok()) walked = Walk(std::move(tasks), false);
  counters_.walk_done = true;
  if (walked.ok()) {
    files_->Close();
  } else if (walked.code() != StatusCode::kCancelled) {
    Stop(walked);
  }
  for (auto& t : workers) t.join();
  if (!fatal_.ok()) return fatal_;
  if (options_.delete_missing) HMIG_RETURN_IF_ERROR(DeleteMissing());
  PreserveDirectories();
  if (options_.atomic) return CommitAtomic();
  return Status::OK();
}

void DistCpJob::Stop(Status fatal) {
  {
    std::lock_guard lock(failures_mu_);
    if (fatal_.ok()) fatal_ = std::move(fatal);
  }
  stopped_ = true;
  if (files_) files_->Abort();
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

void DistCpJob::CopyWorker() {
  CopySettings settings;
  settings.skip_crc = options_.skip_crc;
  settings.verify_bytes = options_.verify_bytes;
  settings.direct = options_.direct;
  settings.preserve = options_.preserve;
  const double rate = options_.bandwidth_mb * 1024 * 1024;  // DistCp's MB is MiB
  FileCopier copier(settings, rate, notes_, &counters_.bytes_in_flight_done);
  while (auto work = files_->Pop()) {
    if (stopped_.load()) return;
    if (work->chunked) {
      CopyChunk(copier, *work);
    } else {
      CopyOne(copier, work->item);
    }
  }
}

uint64_t DistCpJob::ChunkSizeFor(const PlanItem& item) {
  constexpr uint64_t kLocalBlock = 128ull << 20;  // HDFS's default block size
  constexpr uint64_t kAutoCutoff = 256ull << 20;  // as rclone's --multi-thread-cutoff
  if (item.action != Action::kCopy || options_.direct ||
      !target_.fs->capabilities().positional_write) {
    return 0;
  }
  const uint64_t block = item.src.block_size > 0 ? item.src.block_size : kLocalBlock;
  if (options_.blocks_per_chunk > 0) {
    // DistCp's rule: files of more than N blocks go in chunks of N blocks.
    const uint64_t chunk = block * static_cast<uint64_t>(options_.blocks_per_chunk);
    return item.src.length > chunk ? chunk : 0;
  }
  // Unasked, only when cores would otherwise idle: fewer files in flight than cores.
  static const int cores = std::max(1u, std::thread::hardware_concurrency());
  // (Files the walk has yet to find queue behind the chunks: no harm, a little order.)
  if (item.src.length < kAutoCutoff || options_.max_workers < 2 ||
      files_in_flight_.load() + static_cast<int>(files_->size()) > cores) {
    return 0;
  }
  const uint64_t streams = static_cast<uint64_t>(std::min(cores, options_.max_workers));
  return std::max<uint64_t>(64ull << 20, (item.src.length + streams - 1) / streams);
}

void DistCpJob::CopyOne(FileCopier& copier, const PlanItem& item) {
  struct InFlight {
    std::atomic<int>& n;
    explicit InFlight(std::atomic<int>& c) : n(c) { ++n; }
    ~InFlight() { --n; }
  } in_flight(files_in_flight_);
  if (item.action == Action::kSkip) {
    // Files an earlier run of this job committed were counted as copied then.
    if (!item.committed_by_this_job) {
      counters_.files_skipped.fetch_add(1);
      counters_.bytes_skipped.fetch_add(item.src.length);
    }
    if (log_.verbose())
      log_.Record("SKIPPED", item.src.length, SourceFs(item).Describe(item.src.path),
                  target_.fs->Describe(item.dst_path));
    Status s = copier.Preserve(SourceFs(item), *target_.fs, item);
    if (!s.ok()) RecordFailure(item, s.WithContext("cannot apply attributes"));
    return;
  }
  if (uint64_t chunk = ChunkSizeFor(item); chunk > 0) {
    auto started = copier.StartChunked(SourceFs(item), *target_.fs, item, chunk);
    if (started.ok()) {
      auto file = std::move(*started);
      // The other chunks go to whichever workers are free; this one takes the first.
      for (size_t i = 1; i < file->chunks; ++i) files_->PushNow({PlanItem{}, file, i});
      WorkItem first{PlanItem{}, file, 0};
      CopyChunk(copier, first);
      return;
    }
    if (started.status().code() != StatusCode::kTransient) {
      return FinishFile(item, started.status());
    }
  }
  FinishFile(item, CopyWithRetries(copier, item));
}

Result<FileCopyResult> DistCpJob::CopyWithRetries(FileCopier& copier, const PlanItem& item) {
  fs::FileSystem& src_fs = SourceFs(item);
  auto r = copier.Run(src_fs, *target_.fs, item);
  for (int attempt = 0; !r.ok() && Retryable(r.status()) && attempt < options_.retries; ++attempt) {
    if (attempt == 0) counters_.files_retried.fetch_add(1);
    BackoffSleep(attempt);
    r = copier.Run(src_fs, *target_.fs, item);
  }
  return r;
}

void DistCpJob::CopyChunk(FileCopier& copier, WorkItem& work) {
  ChunkedFile& file = *work.chunked;
  fs::FileSystem& src_fs = SourceFs(file.item);
  Status s;
  {
    bool failed_before;
    {
      std::lock_guard lock(file.mu);
      failed_before = !file.error.ok();
    }
    // Once one chunk failed the file will not be committed: the others stop early.
    if (!failed_before && !stopped_.load()) {
      s = copier.CopyChunk(src_fs, file, work.chunk);
      for (int attempt = 0;
           !s.ok() && s.code() == StatusCode::kTransient && attempt < options_.retries; ++attempt) {
        BackoffSleep(attempt);
        s = copier.CopyChunk(src_fs, file, work.chunk);
      }
    }
    if (!s.ok()) file.Fail(s);
  }
  if (file.remaining.fetch_sub(1) != 1) return;
  // The last chunk: commit the file, or clean up and report.
  auto r = copier.FinishChunked(src_fs, *target_.fs, file);
  if (!r.ok() && Retryable(r.status()) && !stopped_.load()) {
    // A source that changed while its chunks were read gets the whole-file retries.
    counters_.files_retried.fetch_add(1);
    r = CopyWithRetries(copier, file.item);
  }
  FinishFile(file.item, std::move(r));
}

void DistCpJob::FinishFile(const PlanItem& item, Result<FileCopyResult> r) {
  fs::FileSystem& src_fs = SourceFs(item);
  // Built only when a log line needs them: most files need none.
  auto src_uri = [&] { return src_fs.Describe(item.src.path); };
  auto dst_uri = [&] { return target_.fs->Describe(item.dst_path); };
  if (!r.ok() && r.status().code() == StatusCode::kNotFound && r.status().path() == item.src.path) {
    // Deleted at the source after the listing: normal on a live cluster.
    counters_.files_vanished.fetch_add(1);
    if (log_.enabled()) log_.Record("VANISHED", 0, src_uri(), dst_uri(), r.status().message());
    return;
  }
  if (!r.ok()) {
    if (r.status().code() == StatusCode::kNoSpace) {
      auto free_bytes = target_.fs->FreeSpace(ParentPath(item.dst_path));
      std::string free_text = free_bytes.ok() ? fmt::format("{} bytes free", *free_bytes)
                                              : std::string("free space unknown");
      Stop(Status(StatusCode::kNoSpace,
                  fmt::format("no space left on the target while writing ({}); stopped "
                              "starting new copies, nothing partial was kept: {}",
                              free_text, r.status().message()),
                  dst_uri()));
    }
    RecordFailure(item, r.status());
    return;
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
        r->bytes, r->outcome == FileOutcome::kAppended, r->outcome != FileOutcome::kSkippedSame);
  }
}

namespace {

struct TreeSize {
  uint64_t files = 0, dirs = 0, bytes = 0;
};

// What deleting `path` removes, for the counters. One directory at a time, so a
// huge doomed tree costs no memory.
Status MeasureTree(fs::FileSystem& fs, const std::string& path, bool is_dir, TreeSize* size) {
  if (!is_dir) {
    auto st = fs.Stat(path);
    if (!st.ok()) return st.status();
    ++size->files;
    size->bytes += st->length;
    return Status::OK();
  }
  ++size->dirs;
  std::vector<std::string> subdirs;
  HMIG_RETURN_IF_ERROR(fs.List(path, [&](const fs::FileStatus& child) {
    if (child.is_dir()) {
      subdirs.push_back(child.path);
    } else {
      ++size->files;
      size->bytes += child.length;
    }
    return Status::OK();
  }));
  for (const auto& d : subdirs) HMIG_RETURN_IF_ERROR(MeasureTree(fs, d, true, size));
  return Status::OK();
}

}  // namespace

Status DistCpJob::DeleteMissing() {
  if (counters_.files_failed.load() > 0) {
    report_.delete_skipped = true;
    report_.warnings.push_back(
        "-delete was not run: some entries failed, and deleting after an incomplete copy could "
        "remove data that exists nowhere else; fix the failures and run again");
    return Status::OK();
  }
  return deletes_.ForEach([&](const DeleteItem& d) {
    // The walk only proposes paths under the target root; check again, since a
    // delete outside it would be unrecoverable.
    if (!IsSameOrBelow(d.path, target_.path) || d.path == target_.path) {
      return Status::Internal("refusing to delete outside the target root", d.path);
    }
    TreeSize size;
    Status s = MeasureTree(*target_.fs, d.path, d.is_dir, &size);
    if (s.ok()) s = target_.fs->Delete(d.path, d.is_dir);
    if (!s.ok() && s.code() != StatusCode::kNotFound) {
      counters_.files_failed.fetch_add(1);
      std::lock_guard lock(failures_mu_);
      report_.failures.push_back({"", target_.fs->Describe(d.path), s.ToString()});
      log_.Record("FAILED", 0, "", target_.fs->Describe(d.path), s.ToString());
      return Status::OK();
    }
    if (!s.ok()) return Status::OK();  // already gone
    counters_.files_deleted.fetch_add(size.files);
    counters_.dirs_deleted.fetch_add(size.dirs);
    counters_.bytes_deleted.fetch_add(size.bytes);
    if (journal_) journal_->RecordDelete(d.path, size.files, size.dirs, size.bytes);
    if (log_.enabled()) log_.Record("DELETED", size.bytes, "", target_.fs->Describe(d.path));
    return Status::OK();
  });
}

void DistCpJob::PreserveDirectories() {
  if (!options_.preserve.any()) return;
  CopySettings settings;
  settings.preserve = options_.preserve;
  FileCopier copier(settings, 0, notes_, nullptr);
  // Deepest first: setting a child's attributes must not disturb a parent's times.
  auto depth = [](const std::string& p) { return std::count(p.begin(), p.end(), '/'); };
  std::stable_sort(
      dirs_to_preserve_.begin(), dirs_to_preserve_.end(),
      [&](const PlanItem& a, const PlanItem& b) { return depth(a.dst_path) > depth(b.dst_path); });
  for (PlanItem& item : dirs_to_preserve_) {
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
