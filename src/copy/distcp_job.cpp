#include "copy/distcp_job.h"
#include "copy/source_list.h"

#include <fmt/format.h>

#include <algorithm>
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
    return Execute();
  }();
  if (journal_) {
    Status j = FinishJournal(s);
    if (s.ok() && !j.ok()) s = j;
  }
  for (const auto& n : notes_.notes()) report_.notes.push_back(n);
  // Which servers answered (an HA pair may have failed over during the run).
  for (const auto& src : sources_) {
    std::string endpoint = src.where.fs->Endpoint();
    if (!endpoint.empty())
      report_.endpoints.push_back("source " + src.where.uri.ToString() + " via " + endpoint);
  }
  if (target_.fs && !target_.fs->Endpoint().empty()) {
    report_.endpoints.push_back("target " + options_.target + " via " + target_.fs->Endpoint());
  }
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

bool DistCpJob::Excluded(fs::FileSystem& fs, const std::string& path) const {
  if (filter_.empty()) return false;
  return filter_.Excludes(fs.Describe(path)) ||
         (fs.root().IsLocal() && filter_.Excludes("file:" + path));
}

Status DistCpJob::PlanRoots(std::vector<PlanItem>* root_items) {
  std::vector<SourceInput> inputs;
  for (const auto& s : sources_)
    inputs.push_back({s.where.uri.ToString(), s.status, s.where.path == "/"});
  const bool contents_mode = options_.update || options_.overwrite;
  HMIG_ASSIGN_OR_RETURN(auto mappings,
                        MapSourcesToTarget(inputs, target_.path, target_status_, contents_mode));
  std::vector<PlanItem> items;
  for (size_t i = 0; i < sources_.size(); ++i) {
    PlanItem item;
    item.root_index = i;
    item.dst_path = mappings[i].target_root;
    item.src = sources_[i].status;
    items.push_back(std::move(item));
  }
  std::stable_sort(items.begin(), items.end(),
                   [](const PlanItem& a, const PlanItem& b) { return a.dst_path < b.dst_path; });
  std::set<std::string> dir_roots;
  for (const auto& item : items) {
    if (item.src.is_dir()) dir_roots.insert(item.dst_path);
  }
  for (auto& item : items) {
    const bool nested = std::any_of(dir_roots.begin(), dir_roots.end(), [&](const auto& d) {
      return d != item.dst_path && IsSameOrBelow(item.dst_path, d);
    });
    if (!nested) {
      root_items->push_back(std::move(item));
      continue;
    }
    // A source that lands inside another source's target directory (a file among
    // several sources with -update) is one of that directory's children: planned
    // with them, so -delete keeps it and a clash with a same-named entry is seen.
    std::string parent = ParentPath(item.dst_path);
    if (!dir_roots.count(parent) || BaseName(item.dst_path) != BaseName(item.src.path)) {
      return Status::Invalid(
          "the sources overlap at the target: " + sources_[item.root_index].where.uri.ToString() +
              " would land inside another source's copy",
          item.dst_path);
    }
    pinned_[parent].push_back({item.root_index, item.src});
  }
  for (size_t i = 0; i < root_items->size(); ++i) {
    PlanItem& item = (*root_items)[i];
    if (i > 0 && (*root_items)[i - 1].dst_path == item.dst_path &&
        !((*root_items)[i - 1].src.is_dir() && item.src.is_dir())) {
      return Status::Invalid("sources " + (*root_items)[i - 1].src.path + " and " + item.src.path +
                                 " would both be copied to " + item.dst_path +
                                 " (conflicting sources)",
                             item.dst_path);
    }
    auto st = target_.fs->Stat(item.dst_path);
    if (st.ok()) {
      item.dst = std::move(*st);
    } else if (st.status().code() != StatusCode::kNotFound) {
      return st.status().WithContext("cannot read target");
    }
    item.action = Decide(item.src, item.dst, modes_);
    if (journal_ && item.src.is_file()) {
      std::vector<PlanItem> one{item};
      HMIG_RETURN_IF_ERROR(ApplyJournal(ParentPath(item.dst_path), one));
      item = std::move(one.front());
    }
  }
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
