#include "copy/listing.h"

#include <algorithm>
#include <condition_variable>
#include <deque>
#include <mutex>
#include <thread>

namespace hmig::copy {

namespace {

// A shared queue of directories still to list; the walk ends when the queue is
// empty and no worker is busy (a busy worker may still push subdirectories).
class DirQueue {
 public:
  void Push(std::pair<std::string, std::string> dir) {
    std::lock_guard lock(mu_);
    dirs_.push_back(std::move(dir));
    cv_.notify_one();
  }
  // Blocks for the next directory; false when the walk is finished or failed.
  bool Pop(std::pair<std::string, std::string>* out) {
    std::unique_lock lock(mu_);
    cv_.wait(lock, [&] { return !dirs_.empty() || busy_ == 0 || !error_.ok(); });
    if (!error_.ok() || dirs_.empty()) {
      cv_.notify_all();
      return false;
    }
    *out = std::move(dirs_.front());
    dirs_.pop_front();
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
  std::deque<std::pair<std::string, std::string>> dirs_;  // (path, rel)
  int busy_ = 0;
  Status error_;
};

}  // namespace

Result<std::vector<ListedEntry>> ListTree(fs::FileSystem& fs, const std::string& root, int threads,
                                          const ExcludeFn& exclude) {
  HMIG_ASSIGN_OR_RETURN(fs::FileStatus root_status, fs.Stat(root));
  std::vector<ListedEntry> result;
  result.push_back({"", root_status});
  if (!root_status.is_dir()) return result;

  DirQueue queue;
  queue.Push({root, ""});
  std::mutex out_mu;
  auto worker = [&] {
    std::vector<ListedEntry> local;
    std::pair<std::string, std::string> dir;
    while (queue.Pop(&dir)) {
      Status s = fs.List(dir.first, [&](const fs::FileStatus& child) {
        if (exclude && exclude(child.path)) return Status::OK();
        std::string rel =
            dir.second.empty() ? BaseName(child.path) : dir.second + "/" + BaseName(child.path);
        if (child.is_dir()) queue.Push({child.path, rel});
        local.push_back({std::move(rel), child});
        return Status::OK();
      });
      if (!s.ok()) queue.Fail(s.WithContext("listing failed"));
      queue.Done();
    }
    std::lock_guard lock(out_mu);
    std::move(local.begin(), local.end(), std::back_inserter(result));
  };
  int n = std::max(1, threads);
  std::vector<std::thread> pool;
  for (int i = 1; i < n; ++i) pool.emplace_back(worker);
  worker();
  for (auto& t : pool) t.join();
  HMIG_RETURN_IF_ERROR(queue.error());
  std::sort(result.begin(), result.end(),
            [](const ListedEntry& a, const ListedEntry& b) { return a.rel < b.rel; });
  return result;
}

}  // namespace hmig::copy
