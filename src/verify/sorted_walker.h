// Streams a tree in tree order (path_order.h) with bounded memory, listing
// directories ahead of need on worker threads. The memory held is the listings
// of the directories on the current path plus at most `budget_entries` entries
// listed ahead: a tree of millions of files never sits in memory at once (one
// directory is listed whole, to sort it; HDFS caps a directory at ~1M entries).
#pragma once

#include <condition_variable>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include <functional>
#include "fs/filesystem.h"
#include "verify/path_order.h"

namespace hmig::verify {

struct TreeEntry {
  std::string rel;  // relative to the stream's root, with the stream's prefix; "" = the root
  fs::FileStatus status;
  size_t origin = 0;  // which of several sources it came from (SortedWalker::Options::origin)
};

// One stream of entries in tree order.
class EntryStream {
 public:
  virtual ~EntryStream() = default;
  // The next entry, or nullopt at the end. An error ends the stream: a partial
  // listing proves nothing.
  virtual Result<std::optional<TreeEntry>> Next() = 0;
};

class SortedWalker : public EntryStream {
 public:
  struct Options {
    int threads = 8;                 // listing threads (DistCp's -numListstatusThreads)
    size_t budget_entries = 200000;  // entries listed ahead of the consumer, at most
    std::function<bool(const std::string&)>
        exclude;                         // -filters, given the full path; excluded dirs not entered
    bool missing_root_is_empty = false;  // a missing root is an empty stream, not an error
    size_t origin = 0;                   // copied into every TreeEntry::origin
  };

  // Entries are reported with rel = JoinRel(prefix, <path below root>).
  SortedWalker(fs::FileSystem& fs, std::string root, std::string prefix, Options options);
  ~SortedWalker() override;
  SortedWalker(const SortedWalker&) = delete;
  SortedWalker& operator=(const SortedWalker&) = delete;

  Result<std::optional<TreeEntry>> Next() override;

 private:
  struct Frame {
    std::string rel;  // without the prefix
    std::vector<fs::FileStatus> children;
    size_t next = 0;
  };
  using Listing = std::vector<fs::FileStatus>;

  Result<Listing> ListSorted(const std::string& rel);
  std::string FullPath(const std::string& rel) const {
    return rel.empty() ? root_ : JoinPath(root_, rel);
  }
  void Schedule(const std::string& parent_rel, const Listing& listing);  // REQUIRES: mu_ held
  Result<Listing> Take(const std::string& rel);
  void Worker();

  fs::FileSystem& fs_;
  const std::string root_;
  const std::string prefix_;
  Options options_;
  bool started_ = false;
  std::vector<Frame> stack_;

  std::mutex mu_;
  std::condition_variable cv_;
  std::set<std::string, TreeOrderLess> pending_;  // known directories not yet being listed
  std::set<std::string> in_progress_;
  std::map<std::string, Listing> ready_;
  size_t ready_entries_ = 0;
  Status error_;
  bool stop_ = false;
  std::vector<std::thread> workers_;
};

// Several streams merged into one, in tree order. Directories present in several
// streams are given once; a file (or a file and a directory) with the same path in
// two streams is an error, as DistCp refuses duplicate targets.
class MergedStream : public EntryStream {
 public:
  explicit MergedStream(std::vector<std::unique_ptr<EntryStream>> streams);
  Result<std::optional<TreeEntry>> Next() override;

 private:
  std::vector<std::unique_ptr<EntryStream>> streams_;
  std::vector<std::optional<TreeEntry>> heads_;
  bool primed_ = false;
};

}  // namespace hmig::verify
