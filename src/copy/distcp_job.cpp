#include "copy/distcp_job.h"
#include "copy/source_list.h"

#include <fmt/format.h>

#include <chrono>
#include <random>
#include <set>

#include "copy/file_copier.h"
#include "copy/source_roots.h"

namespace hmig::copy {

DistCpJob::DistCpJob(CopyOptions options) : options_(std::move(options)) {}

Status DistCpJob::Run() {
  auto start = std::chrono::steady_clock::now();
  report_.warnings = options_.warnings;
  Status s = [&]() -> Status {
    if (!options_.filters_file.empty()) {
      HMIG_ASSIGN_OR_RETURN(filter_, PathFilter::FromFile(options_.filters_file));
    }
    if (!options_.log_dir.empty())
      HMIG_RETURN_IF_ERROR(log_.Open(options_.log_dir, options_.verbose));
    HMIG_RETURN_IF_ERROR(ResolveInputs());
    if (options_.atomic) HMIG_RETURN_IF_ERROR(PrepareAtomicWorkDir());
    // -atomic writes into a fresh work directory each run: nothing to resume.
    if (!options_.atomic) HMIG_RETURN_IF_ERROR(OpenJournal());
    HMIG_RETURN_IF_ERROR(ListAndPlan());
    if (journal_) HMIG_RETURN_IF_ERROR(ApplyJournal());
    return Execute();
  }();
  if (journal_) {
    Status j = FinishJournal(s);
    if (s.ok() && !j.ok()) s = j;
  }
  for (const auto& n : notes_.notes()) report_.notes.push_back(n);
  report_.elapsed_seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  Status closed = log_.Close();
  if (s.ok() && !closed.ok()) s = closed;
  if (!s.ok()) report_.fatal = s.ToString();
  return s;
}

Status DistCpJob::ResolveInputs() {
  HMIG_ASSIGN_OR_RETURN(sources_, ResolveSources(&options_.sources, options_.source_list_file));
  HMIG_ASSIGN_OR_RETURN(target_, fs::Resolve(options_.target));
  final_target_ = target_.path;
  auto st = target_.fs->Stat(target_.path);
  if (st.ok()) {
    target_status_ = *st;
  } else if (st.status().code() != StatusCode::kNotFound) {
    return st.status().WithContext("cannot read target");
  }
  for (const auto& src : sources_) {
    if (src.where.fs != target_.fs) continue;
    if (src.status.is_dir() && IsSameOrBelow(target_.path, src.where.path)) {
      return Status::Invalid("the target lies inside the source " + src.where.uri.ToString() +
                                 ": the copy would copy itself",
                             options_.target);
    }
    if (options_.delete_missing && IsSameOrBelow(src.where.path, target_.path)) {
      return Status::Invalid("the source " + src.where.uri.ToString() +
                                 " lies inside the target: -delete would remove what it copies",
                             options_.target);
    }
  }
  return Status::OK();
}

Status DistCpJob::PrepareAtomicWorkDir() {
  if (target_status_) {
    return Status(StatusCode::kAlreadyExists,
                  "-atomic needs a target that does not exist yet (it is moved into place at once)",
                  options_.target);
  }
  std::string base = ParentPath(target_.path);
  if (!options_.tmp_dir.empty()) {
    HMIG_ASSIGN_OR_RETURN(fs::Resolved tmp, fs::Resolve(options_.tmp_dir));
    if (tmp.fs != target_.fs) {
      return Status::Invalid("-tmp must be on the same filesystem as the target", options_.tmp_dir);
    }
    base = tmp.path;
  }
  std::mt19937_64 rng{std::random_device{}()};
  target_.path = JoinPath(base, fmt::format(".hmig.atomic.{}.{:08x}", BaseName(final_target_),
                                            static_cast<uint32_t>(rng())));
  return Status::OK();
}

Status DistCpJob::ListAndPlan() {
  std::vector<SourceInput> inputs;
  for (const auto& s : sources_)
    inputs.push_back({s.where.uri.ToString(), s.status, s.where.path == "/"});
  const bool contents_mode = options_.update || options_.overwrite;
  HMIG_ASSIGN_OR_RETURN(auto mappings,
                        MapSourcesToTarget(inputs, target_.path, target_status_, contents_mode));

  auto excluded = [&](fs::FileSystem& fs, const std::string& path) {
    if (filter_.empty()) return false;
    std::string uri = fs.Describe(path);
    return filter_.Excludes(uri) || (fs.root().IsLocal() && filter_.Excludes("file:" + path));
  };

  std::vector<PlanRoot> roots;
  for (size_t i = 0; i < sources_.size(); ++i) {
    fs::FileSystem& fs = *sources_[i].where.fs;
    HMIG_ASSIGN_OR_RETURN(auto entries,
                          ListTree(fs, sources_[i].where.path, options_.list_threads,
                                   [&](const std::string& p) { return excluded(fs, p); }));
    roots.push_back({sources_[i].where.path, mappings[i].target_root, std::move(entries)});
  }

  std::vector<fs::FileStatus> target_entries;
  std::set<std::string> listed;
  auto keep_entry = [&](fs::FileStatus&& st) {
    // Temp files of a killed run are removed, never treated as data.
    if (st.is_file() && IsTempName(BaseName(st.path))) {
      stale_temps_.push_back(st.path);
    } else {
      target_entries.push_back(std::move(st));
    }
  };
  for (const auto& m : mappings) {
    if (!listed.insert(m.target_root).second) continue;
    auto st = target_.fs->Stat(m.target_root);
    if (!st.ok()) {
      if (st.status().code() == StatusCode::kNotFound) continue;
      return st.status().WithContext("cannot read target");
    }
    if (!st->is_dir()) {
      target_entries.push_back(*st);
      continue;
    }
    HMIG_ASSIGN_OR_RETURN(auto entries,
                          ListTree(*target_.fs, m.target_root, options_.list_threads));
    for (auto& e : entries) keep_entry(std::move(e.status));
  }

  PlanModes modes{options_.update, options_.overwrite, options_.append, options_.skip_crc,
                  options_.delete_missing};
  auto keep = [&](const std::string& source_path) {
    return !filter_.empty() && excluded(*sources_.front().where.fs, source_path);
  };
  HMIG_ASSIGN_OR_RETURN(plan_, BuildPlan(std::move(roots), std::move(target_entries), modes, keep));
  return Status::OK();
}

std::string DistCpJob::JobKey() const {
  // Everything that changes what a run does; not -m, -bandwidth or -log.
  std::string key = "target=" + target_.fs->Describe(final_target_);
  for (const auto& s : sources_) key += "\nsource=" + s.where.uri.ToString();
  key += fmt::format("\nupdate={} overwrite={} append={} delete={} skipcrc={} direct={} p={}",
                     options_.update, options_.overwrite, options_.append, options_.delete_missing,
                     options_.skip_crc, options_.direct, options_.preserve.Letters());
  key += "\nfilters=" + options_.filters_file;
  return key;
}

Status DistCpJob::OpenJournal() {
  std::string name = BaseName(final_target_).empty() ? "root" : BaseName(final_target_);
  std::string uri = target_.fs->Describe(final_target_);
  std::string path;
  std::string dir = !options_.state_dir.empty() ? options_.state_dir : options_.log_dir;
  if (!dir.empty()) {
    path = JoinPath(dir, BaseName(DefaultJournalPath(uri, true, final_target_)));
  } else {
    path = DefaultJournalPath(uri, target_.fs->root().IsLocal(), final_target_);
  }
  auto opened = Journal::Open(path, JobKey());
  if (!opened.ok() && dir.empty() && opened.status().code() != StatusCode::kAlreadyExists) {
    // Beside the target is not writable for this user: keep the journal at home.
    std::string fallback = DefaultJournalPath(uri, false, final_target_);
    auto second = Journal::Open(fallback, JobKey());
    if (second.ok()) {
      report_.warnings.push_back("cannot keep the journal at " + path + " (" +
                                 opened.status().message() + "); using " + fallback);
    }
    opened = std::move(second);
  }
  if (!opened.ok()) {
    return opened.status().WithContext(
        "cannot open the resume journal (choose a writable place "
        "with --state DIR)");
  }
  journal_ = std::move(opened).value();
  report_.journal = journal_->path();
  report_.runs = journal_->earlier_totals().runs + 1;
  return Status::OK();
}

Status DistCpJob::ApplyJournal() {
  // Both the plan and the records are in byte order of the target path: one merge.
  auto item = plan_.items.begin();
  const bool update = options_.update;
  return journal_->ForEachRecord([&](const JournalRecord& rec) {
    while (item != plan_.items.end() && item->dst_path < rec.dst) ++item;
    if (item == plan_.items.end() || item->dst_path != rec.dst || !item->dst) return;
    const bool same_job = rec.job_id == journal_->job_id();
    const bool candidate =
        (item->action == Action::kCompare && update) || (item->action == Action::kCopy && same_job);
    if (!candidate) return;
    if (rec.src_length != item->src.length || rec.src_mtime_ns != item->src.mtime_ns ||
        rec.dst_length != item->dst->length || rec.dst_mtime_ns != item->dst->mtime_ns) {
      return;
    }
    item->action = Action::kSkip;
    item->proven_by_journal = true;
    item->committed_by_this_job = same_job;
  });
}

Status DistCpJob::FinishJournal(const Status& outcome) {
  // A job that did not complete stays open: the same command resumes it.
  bool complete = outcome.ok() && counters_.files_failed.load() == 0;
  Status s = complete ? journal_->Finish() : journal_->Flush();
  const JournalTotals& e = journal_->earlier_totals();
  counters_.files_copied += e.files_copied;
  counters_.bytes_copied += e.bytes_copied;
  counters_.files_appended += e.files_appended;
  counters_.files_deleted += e.files_deleted;
  counters_.dirs_deleted += e.dirs_deleted;
  counters_.bytes_deleted += e.bytes_deleted;
  counters_.dirs_created += e.dirs_created;
  if (!s.ok())
    report_.warnings.push_back("the resume journal could not be written: " + s.ToString());
  return Status::OK();
}

void DistCpJob::RecordFailure(const PlanItem& item, const Status& status) {
  counters_.files_failed.fetch_add(1);
  std::string cause = status.ToString();
  log_.Record("FAILED", 0, SourceFs(item).Describe(item.src.path),
              target_.fs->Describe(item.dst_path), cause);
  std::lock_guard lock(failures_mu_);
  if (report_.failures.size() < 1000) {
    report_.failures.push_back(
        {SourceFs(item).Describe(item.src.path), target_.fs->Describe(item.dst_path), cause});
  }
}

}  // namespace hmig::copy
