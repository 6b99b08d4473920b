#include "verify/sorted_walker.h"

#include <algorithm>

namespace hmig::verify {

SortedWalker::SortedWalker(fs::FileSystem& fs, std::string root, std::string prefix,
                           Options options)
    : fs_(fs), root_(std::move(root)), prefix_(std::move(prefix)), options_(std::move(options)) {}

SortedWalker::~SortedWalker() {
  {
    std::lock_guard lock(mu_);
    stop_ = true;
  }
  cv_.notify_all();
  for (auto& t : workers_) t.join();
}

Result<SortedWalker::Listing> SortedWalker::ListSorted(const std::string& rel) {
  Listing out;
  const std::string dir = FullPath(rel);
  Status s = fs_.List(dir, [&](fs::FileStatus& child) {
    if (!options_.exclude || !options_.exclude(child.path)) out.push_back(std::move(child));
    return Status::OK();
  });
  if (!s.ok()) return s.WithContext("listing failed");
  // Children share the parent's path, so ordering the paths orders the names
  // (std::string compares bytes as unsigned).
  std::sort(out.begin(), out.end(),
            [](const fs::FileStatus& a, const fs::FileStatus& b) { return a.path < b.path; });
  return out;
}

void SortedWalker::Schedule(const std::string& parent_rel, const Listing& listing) {
  for (const auto& child : listing) {
    if (child.is_dir()) pending_.insert(JoinRel(parent_rel, BaseName(child.path)));
  }
}

void SortedWalker::Worker() {
  std::unique_lock lock(mu_);
  for (;;) {
    cv_.wait(lock, [&] {
      return stop_ || !error_.ok() ||
             (!pending_.empty() && ready_entries_ < options_.budget_entries);
    });
    if (stop_ || !error_.ok()) return;
    // The directory the consumer will need first.
    std::string rel = *pending_.begin();
    pending_.erase(pending_.begin());
    in_progress_.insert(rel);
    lock.unlock();
    auto listing = ListSorted(rel);
    lock.lock();
    in_progress_.erase(rel);
    if (!listing.ok()) {
      if (error_.ok()) error_ = listing.status();
      cv_.notify_all();
      return;
    }
    Schedule(rel, *listing);
    ready_entries_ += listing->size() + 1;
    ready_.emplace(std::move(rel), std::move(*listing));
    cv_.notify_all();
  }
}

Result<SortedWalker::Listing> SortedWalker::Take(const std::string& rel) {
  std::unique_lock lock(mu_);
  for (;;) {
    if (!error_.ok()) return error_;
    auto it = ready_.find(rel);
    if (it != ready_.end()) {
      Listing listing = std::move(it->second);
      ready_entries_ -= listing.size() + 1;
      ready_.erase(it);
      cv_.notify_all();
      return listing;
    }
    if (in_progress_.count(rel)) {
      cv_.wait(lock);
      continue;
    }
    // Not started by a worker yet: list it here rather than wait.
    pending_.erase(rel);
    lock.unlock();
    auto listing = ListSorted(rel);
    lock.lock();
    if (!listing.ok()) return listing.status();
    Schedule(rel, *listing);
    cv_.notify_all();
    return listing;
  }
}

Result<std::optional<TreeEntry>> SortedWalker::Next() {
  if (!started_) {
    started_ = true;
    auto st = fs_.Stat(root_);
    if (!st.ok()) {
      if (st.status().code() == StatusCode::kNotFound && options_.missing_root_is_empty) {
        return std::optional<TreeEntry>();
      }
      return st.status().WithContext("cannot read");
    }
    if (st->is_dir()) {
      HMIG_ASSIGN_OR_RETURN(Listing listing, ListSorted(""));
      {
        std::lock_guard lock(mu_);
        Schedule("", listing);
      }
      for (int i = 0; i < std::max(1, options_.threads); ++i)
        workers_.emplace_back([this] { Worker(); });
      stack_.push_back({"", std::move(listing), 0});
    }
    return std::optional<TreeEntry>(TreeEntry{prefix_, std::move(*st), options_.origin});
  }
  while (!stack_.empty()) {
    Frame& top = stack_.back();
    if (top.next == top.children.size()) {
      stack_.pop_back();
      continue;
    }
    fs::FileStatus status = std::move(top.children[top.next++]);
    std::string rel = JoinRel(top.rel, BaseName(status.path));
    if (status.is_dir()) {
      HMIG_ASSIGN_OR_RETURN(Listing listing, Take(rel));
      stack_.push_back({rel, std::move(listing), 0});
    }
    return std::optional<TreeEntry>(
        TreeEntry{JoinRel(prefix_, rel), std::move(status), options_.origin});
  }
  return std::optional<TreeEntry>();
}

MergedStream::MergedStream(std::vector<std::unique_ptr<EntryStream>> streams)
    : streams_(std::move(streams)), heads_(streams_.size()) {}

Result<std::optional<TreeEntry>> MergedStream::Next() {
  if (streams_.size() == 1) return streams_[0]->Next();
  if (!primed_) {
    primed_ = true;
    for (size_t i = 0; i < streams_.size(); ++i) {
      HMIG_ASSIGN_OR_RETURN(heads_[i], streams_[i]->Next());
    }
  }
  int best = -1;
  for (size_t i = 0; i < heads_.size(); ++i) {
    if (!heads_[i]) continue;
    if (best < 0 || CompareTreeOrder(heads_[i]->rel, heads_[best]->rel) < 0)
      best = static_cast<int>(i);
  }
  if (best < 0) return std::optional<TreeEntry>();
  TreeEntry out = std::move(*heads_[best]);
  HMIG_ASSIGN_OR_RETURN(heads_[best], streams_[best]->Next());
  for (size_t i = 0; i < heads_.size(); ++i) {
    if (!heads_[i] || heads_[i]->rel != out.rel) continue;
    if (!heads_[i]->status.is_dir() || !out.status.is_dir()) {
      return Status::Invalid("two sources both have '" + out.rel + "' (" + out.status.path +
                                 " and " + heads_[i]->status.path +
                                 "): DistCp refuses duplicate targets",
                             out.status.path);
    }
    HMIG_ASSIGN_OR_RETURN(heads_[i], streams_[i]->Next());
  }
  return std::optional<TreeEntry>(std::move(out));
}

}  // namespace hmig::verify
