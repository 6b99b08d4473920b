#include "report/comparison_report.h"

#include <algorithm>
#include <cerrno>
#include <functional>

namespace hmig::report {

const char* DifferenceKindName(DifferenceKind kind) {
  switch (kind) {
    case DifferenceKind::kMissing:
      return "missing";
    case DifferenceKind::kExtra:
      return "extra";
    case DifferenceKind::kTypeDiffers:
      return "type";
    case DifferenceKind::kLengthDiffers:
      return "length";
    case DifferenceKind::kChecksumDiffers:
      return "checksum";
    case DifferenceKind::kAttributesDiffer:
      return "attributes";
    case DifferenceKind::kError:
      return "error";
  }
  return "?";
}

const char* DifferenceKindTitle(DifferenceKind kind) {
  switch (kind) {
    case DifferenceKind::kMissing:
      return "missing at target";
    case DifferenceKind::kExtra:
      return "extra at target";
    case DifferenceKind::kTypeDiffers:
      return "type differs";
    case DifferenceKind::kLengthDiffers:
      return "length differs";
    case DifferenceKind::kChecksumDiffers:
      return "checksum differs";
    case DifferenceKind::kAttributesDiffer:
      return "attributes differ";
    case DifferenceKind::kError:
      return "could not compare";
  }
  return "?";
}

namespace {

uint64_t SumWithoutErrors(const KindCounts& k) {
  uint64_t n = 0;
  for (int i = 0; i < kDifferenceKinds; ++i) {
    if (i != static_cast<int>(DifferenceKind::kError)) n += k[i];
  }
  return n;
}

// Spill records: fixed header then the three strings, each length-prefixed.
struct SpillHeader {
  int32_t kind;
  int32_t is_dir;
  int64_t source_length;
  int64_t target_length;
  uint32_t sizes[3];
};

bool WriteRecord(FILE* f, const Difference& d) {
  SpillHeader h{static_cast<int32_t>(d.kind),
                d.is_dir ? 1 : 0,
                d.source_length,
                d.target_length,
                {static_cast<uint32_t>(d.path.size()), static_cast<uint32_t>(d.group.size()),
                 static_cast<uint32_t>(d.detail.size())}};
  return std::fwrite(&h, sizeof h, 1, f) == 1 &&
         std::fwrite(d.path.data(), 1, d.path.size(), f) == d.path.size() &&
         std::fwrite(d.group.data(), 1, d.group.size(), f) == d.group.size() &&
         std::fwrite(d.detail.data(), 1, d.detail.size(), f) == d.detail.size();
}

bool ReadRecord(FILE* f, Difference* d) {
  SpillHeader h;
  if (std::fread(&h, sizeof h, 1, f) != 1) return false;
  d->kind = static_cast<DifferenceKind>(h.kind);
  d->is_dir = h.is_dir != 0;
  d->source_length = h.source_length;
  d->target_length = h.target_length;
  std::string* fields[3] = {&d->path, &d->group, &d->detail};
  for (int i = 0; i < 3; ++i) {
    fields[i]->resize(h.sizes[i]);
    if (h.sizes[i] && std::fread(fields[i]->data(), 1, h.sizes[i], f) != h.sizes[i]) return false;
  }
  return true;
}

}  // namespace

uint64_t GroupSummary::total_differences() const {
  return SumWithoutErrors(differences);
}
uint64_t Totals::total_differences() const {
  return SumWithoutErrors(differences);
}

ComparisonReport::ComparisonReport() = default;

ComparisonReport::~ComparisonReport() {
  if (spill_) std::fclose(spill_);
}

GroupSummary& ComparisonReport::Group(const std::string& name) {
  auto it = groups_.find(name);
  if (it == groups_.end()) {
    it = groups_.emplace(name, GroupSummary{}).first;
    it->second.name = name;
  }
  return it->second;
}

void ComparisonReport::AddDifference(Difference d) {
  std::lock_guard lock(mu_);
  const int k = static_cast<int>(d.kind);
  ++totals_.differences[k];
  ++Group(d.group).differences[k];
  if (shown_.size() < kDifferencesInMemory) {
    shown_.push_back(std::move(d));
    return;
  }
  if (!spill_error_.ok()) return;
  if (!spill_) {
    spill_ = std::tmpfile();
    if (!spill_) {
      spill_error_ = Status::FromErrno(errno, "cannot create a temporary file for the differences");
      return;
    }
  }
  if (!WriteRecord(spill_, d)) {
    spill_error_ = Status::FromErrno(errno, "cannot write the differences to a temporary file");
  }
}

void ComparisonReport::CountSource(const std::string& group, bool is_dir, uint64_t bytes) {
  std::lock_guard lock(mu_);
  if (is_dir) {  // directories alone do not make a group: only files and differences do
    ++totals_.source_dirs;
    return;
  }
  GroupSummary& g = Group(group);
  ++totals_.source_files;
  totals_.source_bytes += bytes;
  ++g.source_files;
  g.source_bytes += bytes;
}

void ComparisonReport::CountTarget(const std::string& group, bool is_dir, uint64_t bytes) {
  std::lock_guard lock(mu_);
  if (is_dir) {  // directories alone do not make a group: only files and differences do
    ++totals_.target_dirs;
    return;
  }
  GroupSummary& g = Group(group);
  ++totals_.target_files;
  totals_.target_bytes += bytes;
  ++g.target_files;
  g.target_bytes += bytes;
}

void ComparisonReport::CountCompared(bool checksummed, uint64_t bytes_read) {
  std::lock_guard lock(mu_);
  ++totals_.files_compared;
  if (checksummed) ++totals_.files_checksummed;
  totals_.bytes_checksummed += bytes_read;
}

void ComparisonReport::CountNotCompared() {
  std::lock_guard lock(mu_);
  ++totals_.not_compared;
}

std::vector<GroupSummary> ComparisonReport::groups() const {
  std::lock_guard lock(mu_);
  std::vector<GroupSummary> out;
  out.reserve(groups_.size());
  for (const auto& [name, g] : groups_) out.push_back(g);
  return out;
}

std::vector<Difference> ComparisonReport::shown_differences() const {
  std::vector<Difference> out;
  {
    std::lock_guard lock(mu_);
    out = shown_;
  }
  std::stable_sort(out.begin(), out.end(),
                   [](const Difference& a, const Difference& b) { return a.path < b.path; });
  return out;
}

Status ComparisonReport::ForEachDifference(
    const std::function<Status(const Difference&)>& visit) const {
  std::lock_guard lock(mu_);
  for (const auto& d : shown_) HMIG_RETURN_IF_ERROR(visit(d));
  HMIG_RETURN_IF_ERROR(spill_error_);
  if (!spill_) return Status::OK();
  std::fflush(spill_);
  std::rewind(spill_);
  Difference d;
  while (ReadRecord(spill_, &d)) HMIG_RETURN_IF_ERROR(visit(d));
  std::fseek(spill_, 0, SEEK_END);
  return Status::OK();
}

std::string ComparisonReport::Outcome() const {
  if (!fatal.empty() || totals_.errors() > 0) return "error";
  return totals_.total_differences() > 0 ? "differences" : "identical";
}

}  // namespace hmig::report
