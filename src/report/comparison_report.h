// The report model of a tree comparison (`hmig verify`, `hmig distcp --verify`):
// totals, per-group summaries and the differences, independent of how it is shown.
// Rendered three ways (render.h): a terminal table, JSON, and one self-contained HTML
// file. Every difference goes to a spill file so that a comparison of millions of
// entries keeps only the first kDifferencesInMemory of them in memory.
#pragma once

#include <array>
#include <cstdint>
#include <cstdio>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "util/status.h"

namespace hmig::report {

enum class DifferenceKind : int {
  kMissing = 0,  // at the source, not at the target
  kExtra,        // at the target, not at the source
  kTypeDiffers,  // file at one side, directory at the other
  kLengthDiffers,
  kChecksumDiffers,
  kAttributesDiffer,  // with -p: owner, group, permission, mtime, ACL, xattrs, ...
  kError,             // could not be compared (unreadable, vanished): proves nothing
};
inline constexpr int kDifferenceKinds = 7;

// "missing", "extra", "type", "length", "checksum", "attributes", "error"
const char* DifferenceKindName(DifferenceKind kind);
// "missing at target", ... for people.
const char* DifferenceKindTitle(DifferenceKind kind);

struct Difference {
  DifferenceKind kind = DifferenceKind::kMissing;
  std::string path;            // relative to the compared roots ("" for the roots themselves)
  std::string group;           // the group it is counted in
  bool is_dir = false;         // the entry (at the side that has it) is a directory
  int64_t source_length = -1;  // -1: no such entry / not a file
  int64_t target_length = -1;
  std::string detail;  // what differs, e.g. "owner alice vs bob"
};

using KindCounts = std::array<uint64_t, kDifferenceKinds>;

// One directory at the chosen group depth (a Hive table by default).
struct GroupSummary {
  std::string name;  // relative path; "." for entries above the group depth
  uint64_t source_files = 0, source_bytes = 0;
  uint64_t target_files = 0, target_bytes = 0;
  KindCounts differences{};
  uint64_t total_differences() const;
};

struct Totals {
  uint64_t source_files = 0, source_dirs = 0, source_bytes = 0;
  uint64_t target_files = 0, target_dirs = 0, target_bytes = 0;
  uint64_t files_compared = 0;     // present at both sides as files
  uint64_t files_checksummed = 0;  // of those, compared by checksum or bytes
  uint64_t bytes_checksummed = 0;  // bytes read or checksummed, both sides together
  uint64_t not_compared = 0;       // symlinks and special files (never copied by distcp)
  KindCounts differences{};
  uint64_t total_differences() const;  // every kind but kError
  uint64_t errors() const { return differences[static_cast<int>(DifferenceKind::kError)]; }
};

class ComparisonReport {
 public:
  static constexpr size_t kDifferencesInMemory = 10000;

  ComparisonReport();
  ~ComparisonReport();
  ComparisonReport(const ComparisonReport&) = delete;
  ComparisonReport& operator=(const ComparisonReport&) = delete;

  // What was compared, for the header of every rendering.
  std::string title = "hmig verify";
  std::vector<std::string> sources;
  std::string target;
  std::string mode;              // "checksum", "size-only", "bytes (CRC32C)"
  std::string preserve_letters;  // -p letters compared, "" for none
  std::string group_rule;        // how groups were formed, in words
  std::string started_at;        // ISO 8601 UTC
  double elapsed_seconds = 0;
  std::vector<std::string> notes;  // e.g. attributes not comparable on a backend
  std::string fatal;               // set when the comparison stopped early

  // Safe for concurrent use by multiple threads.
  void AddDifference(Difference d);
  void CountSource(const std::string& group, bool is_dir, uint64_t bytes);
  void CountTarget(const std::string& group, bool is_dir, uint64_t bytes);
  void CountCompared(bool checksummed, uint64_t bytes_read);
  void CountNotCompared();

  // Read after the comparison has finished.
  const Totals& totals() const { return totals_; }
  // Groups sorted by name.
  std::vector<GroupSummary> groups() const;
  // The first kDifferencesInMemory differences, sorted by path.
  std::vector<Difference> shown_differences() const;
  // Every difference, in the order found, one call each.
  Status ForEachDifference(const std::function<Status(const Difference&)>& visit) const;

  // "identical", "differences" or "error".
  std::string Outcome() const;

 private:
  GroupSummary& Group(const std::string& name);

  mutable std::mutex mu_;
  Totals totals_;
  std::map<std::string, GroupSummary> groups_;
  std::vector<Difference> shown_;
  FILE* spill_ = nullptr;  // every difference beyond the first kDifferencesInMemory
  Status spill_error_;
};

}  // namespace hmig::report
