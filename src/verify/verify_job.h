// A whole comparison: resolve SOURCE... and TARGET, map them with DistCp's -update
// rules, stream both sides in tree order (sorted_walker.h) and merge them, handing
// the pairs whose content or ACL/xattrs must be read to -m worker threads, and
// fill a report::ComparisonReport. Memory stays bounded: listings are streamed,
// the work queue is bounded, and the report spills differences to a file.
#pragma once

#include <atomic>
#include <cstdint>
#include <memory>
#include <set>

#include "copy/filters.h"
#include "copy/source_list.h"
#include "copy/work_queue.h"
#include "fs/filesystem.h"
#include "report/comparison_report.h"
#include "verify/sorted_walker.h"
#include "verify/verify_options.h"

namespace hmig::verify {

// Live counters for a progress display; safe to read from any thread.
struct VerifyProgress {
  std::atomic<uint64_t> source_entries{0};
  std::atomic<uint64_t> target_entries{0};
  std::atomic<uint64_t> files_compared{0};
  std::atomic<uint64_t> bytes_read{0};
  std::atomic<uint64_t> differences{0};
};

class VerifyJob {
 public:
  explicit VerifyJob(VerifyOptions options);
  ~VerifyJob();

  // Compares and fills `report`. A non-OK Status means the comparison could not be
  // completed (a source missing, a listing failed): `report` holds what was found
  // up to then and its `fatal` is set. Per-entry read errors are counted in the
  // report as kError differences, not returned.
  Status Run(report::ComparisonReport& report);

  const VerifyProgress& progress() const { return progress_; }
  const VerifyOptions& options() const { return options_; }

 private:
  using Side = copy::ResolvedSource;
  struct Job;

  Status ResolveInputs();
  Status BuildStreams();
  Status Merge(report::ComparisonReport& report);
  void OnSourceOnly(const TreeEntry& e, report::ComparisonReport& report);
  void OnTargetOnly(const TreeEntry& e, report::ComparisonReport& report);
  void OnPair(TreeEntry s, TreeEntry t, report::ComparisonReport& report);
  void RunJob(const Job& job, std::vector<char>& buffer, report::ComparisonReport& report);
  Result<uint32_t> Crc32cOf(fs::FileSystem& fs, const std::string& path, std::vector<char>& buffer);
  void Record(report::ComparisonReport& report, report::Difference d);
  bool ExcludedAtSource(fs::FileSystem& fs, const std::string& path) const;

  VerifyOptions options_;
  VerifyProgress progress_;
  copy::PathFilter filter_;
  std::vector<Side> sources_;
  std::vector<std::string> source_prefixes_;  // where each source lands, relative to the target
  fs::Resolved target_;
  std::optional<fs::FileStatus> target_status_;
  copy::PreserveSet attributes_;  // the -p letters both sides can hold
  std::set<std::string> notes_;
  std::unique_ptr<EntryStream> source_stream_;
  std::unique_ptr<EntryStream> target_stream_;
  std::unique_ptr<copy::WorkQueue<Job>> queue_;
};

}  // namespace hmig::verify
