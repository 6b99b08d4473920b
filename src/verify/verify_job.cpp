#include "verify/verify_job.h"
#include "copy/source_list.h"

#include <fmt/format.h>

#include <chrono>
#include <ctime>
#include <mutex>
#include <thread>

#include "checksum/crc.h"
#include "copy/source_roots.h"
#include "copy/work_queue.h"
#include "verify/attributes.h"
#include "verify/grouping.h"

namespace hmig::verify {

using report::Difference;
using report::DifferenceKind;

// The pairs whose content (or ACL/xattrs) must be read, in a bounded queue so the
// merge never runs far ahead of the readers.
struct VerifyJob::Job {
  TreeEntry source;
  TreeEntry target;
  std::string group;
  bool content = false;           // compare checksums or bytes
  bool acl_xattr = false;         // compare ACL / xattrs
  std::string listed_attributes;  // differences already seen in the listings
};

namespace {

std::string NowIso8601() {
  std::time_t now = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&now, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

// `path` relative to `base` (path is base or below it).
std::string RelBelow(const std::string& base, const std::string& path) {
  if (path == base) return "";
  if (base == "/") return path.substr(1);
  return path.substr(base.size() + 1);
}

bool Comparable(const fs::FileStatus& st) {
  return st.is_file() || st.is_dir();
}

const char* TypeName(const fs::FileStatus& st) {
  return st.is_dir() ? "directory" : "file";
}

}  // namespace

VerifyJob::VerifyJob(VerifyOptions options) : options_(std::move(options)) {}
VerifyJob::~VerifyJob() = default;

Status VerifyJob::Run(report::ComparisonReport& report) {
  const auto start = std::chrono::steady_clock::now();
  report.started_at = NowIso8601();
  report.mode = options_.size_only ? "length only (--size-only)"
                : options_.verify_bytes
                    ? "bytes: CRC32C of both sides (--verify-bytes)"
                    : "length and checksum (comparable checksums, else CRC32C of the bytes)";
  report.group_rule = DescribeGroupRule(options_.group_depth);
  report.target = options_.target;
  Status s = [&]() -> Status {
    if (!options_.filters_file.empty()) {
      HMIG_ASSIGN_OR_RETURN(filter_, copy::PathFilter::FromFile(options_.filters_file));
    }
    report.sources = options_.sources;
    HMIG_RETURN_IF_ERROR(ResolveInputs());
    HMIG_RETURN_IF_ERROR(BuildStreams());
    report.preserve_letters = attributes_.Letters();
    return Merge(report);
  }();
  if (report.sources.empty()) report.sources = options_.sources;
  for (const auto& n : notes_) report.notes.push_back(n);
  report.elapsed_seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  if (!s.ok()) report.fatal = s.ToString();
  return s;
}

Status VerifyJob::ResolveInputs() {
  HMIG_ASSIGN_OR_RETURN(sources_,
                        copy::ResolveSources(&options_.sources, options_.source_list_file));
  HMIG_ASSIGN_OR_RETURN(target_, fs::Resolve(options_.target));
  auto st = target_.fs->Stat(target_.path);
  if (st.ok()) {
    target_status_ = *st;
  } else if (st.status().code() != StatusCode::kNotFound) {
    return st.status().WithContext("cannot read target");
  }
  return Status::OK();
}

bool VerifyJob::ExcludedAtSource(fs::FileSystem& fs, const std::string& path) const {
  if (filter_.empty()) return false;
  return filter_.Excludes(fs.Describe(path)) ||
         (fs.root().IsLocal() && filter_.Excludes("file:" + path));
}

Status VerifyJob::BuildStreams() {
  std::vector<copy::SourceInput> inputs;
  for (const auto& s : sources_)
    inputs.push_back({s.where.uri.ToString(), s.status, s.where.path == "/"});
  const auto& mapping_status =
      options_.use_mapping_status ? options_.mapping_target_status : target_status_;
  HMIG_ASSIGN_OR_RETURN(
      auto mappings,
      copy::MapSourcesToTarget(inputs, target_.path, mapping_status, options_.contents_mode));
  SortedWalker::Options walk;
  walk.threads = options_.list_threads;
  std::vector<std::unique_ptr<EntryStream>> source_streams;
  for (size_t i = 0; i < sources_.size(); ++i) {
    source_prefixes_.push_back(RelBelow(target_.path, mappings[i].target_root));
    fs::FileSystem& fs = *sources_[i].where.fs;
    SortedWalker::Options o = walk;
    o.origin = i;
    if (!filter_.empty())
      o.exclude = [this, &fs](const std::string& p) { return ExcludedAtSource(fs, p); };
    source_streams.push_back(
        std::make_unique<SortedWalker>(fs, sources_[i].where.path, source_prefixes_.back(), o));
  }
  source_stream_ = std::make_unique<MergedStream>(std::move(source_streams));

  // The target side: each distinct target root once (one below another is
  // listed with it). A target entry whose source counterpart is excluded by
  // -filters is left out, as DistCp's -delete leaves it alone.
  std::vector<std::string> roots;
  for (const auto& m : mappings) roots.push_back(m.target_root);
  std::sort(roots.begin(), roots.end());
  std::vector<std::unique_ptr<EntryStream>> target_streams;
  std::string last;
  for (const auto& root : roots) {
    if (!target_streams.empty() && IsSameOrBelow(root, last)) continue;
    last = root;
    SortedWalker::Options o = walk;
    o.missing_root_is_empty = true;
    if (!filter_.empty()) {
      o.exclude = [this](const std::string& p) {
        const std::string rel = RelBelow(target_.path, p);
        for (size_t i = 0; i < sources_.size(); ++i) {
          const std::string& prefix = source_prefixes_[i];
          if (!prefix.empty() && rel != prefix && rel.rfind(prefix + "/", 0) != 0) continue;
          std::string below =
              prefix.empty() ? rel : (rel == prefix ? "" : rel.substr(prefix.size() + 1));
          std::string src_path =
              below.empty() ? sources_[i].where.path : JoinPath(sources_[i].where.path, below);
          if (ExcludedAtSource(*sources_[i].where.fs, src_path)) return true;
        }
        return false;
      };
    }
    target_streams.push_back(
        std::make_unique<SortedWalker>(*target_.fs, root, RelBelow(target_.path, root), o));
  }
  target_stream_ = std::make_unique<MergedStream>(std::move(target_streams));
  attributes_ =
      ComparableAttributes(options_.preserve, *sources_.front().where.fs, *target_.fs, &notes_);
  return Status::OK();
}

void VerifyJob::Record(report::ComparisonReport& report, Difference d) {
  progress_.differences.fetch_add(1, std::memory_order_relaxed);
  report.AddDifference(std::move(d));
}

void VerifyJob::OnSourceOnly(const TreeEntry& e, report::ComparisonReport& report) {
  if (!Comparable(e.status)) {
    report.CountNotCompared();
    return;
  }
  const bool dir = e.status.is_dir();
  std::string group = GroupOf(e.rel, dir, options_.group_depth);
  if (!e.rel.empty()) report.CountSource(group, dir, e.status.length);
  Record(report, {DifferenceKind::kMissing, e.rel, std::move(group), dir,
                  dir ? -1 : static_cast<int64_t>(e.status.length), -1, ""});
}

void VerifyJob::OnTargetOnly(const TreeEntry& e, report::ComparisonReport& report) {
  if (!Comparable(e.status)) {
    report.CountNotCompared();
    return;
  }
  const bool dir = e.status.is_dir();
  std::string group = GroupOf(e.rel, dir, options_.group_depth);
  if (!e.rel.empty()) report.CountTarget(group, dir, e.status.length);
  Record(report, {DifferenceKind::kExtra, e.rel, std::move(group), dir, -1,
                  dir ? -1 : static_cast<int64_t>(e.status.length), ""});
}

void VerifyJob::OnPair(TreeEntry s, TreeEntry t, report::ComparisonReport& report) {
  if (!Comparable(s.status) || !Comparable(t.status)) {
    // DistCp copies neither symbolic links nor special files.
    if (Comparable(s.status)) {
      OnSourceOnly(s, report);
    } else {
      report.CountNotCompared();
    }
    if (Comparable(t.status)) {
      OnTargetOnly(t, report);
    } else {
      report.CountNotCompared();
    }
    return;
  }
  const bool dir = s.status.is_dir();
  std::string group = GroupOf(s.rel, dir, options_.group_depth);
  if (!s.rel.empty()) {
    report.CountSource(group, dir, s.status.length);
    report.CountTarget(GroupOf(t.rel, t.status.is_dir(), options_.group_depth), t.status.is_dir(),
                       t.status.length);
  }
  if (s.status.type != t.status.type) {
    Record(report,
           {DifferenceKind::kTypeDiffers, s.rel, group, dir,
            dir ? -1 : static_cast<int64_t>(s.status.length),
            t.status.is_dir() ? -1 : static_cast<int64_t>(t.status.length),
            fmt::format("{} at source, {} at target", TypeName(s.status), TypeName(t.status))});
    return;
  }
  if (s.rel.empty() && dir)
    return;  // the roots: DistCp -update leaves the target root's attributes alone
  Job job;
  job.listed_attributes = CompareListedAttributes(s.status, t.status, attributes_);
  job.acl_xattr = attributes_.acl || attributes_.xattr;
  if (!dir) {
    const uint64_t len = s.status.length;
    if (len != t.status.length) {
      Record(report, {DifferenceKind::kLengthDiffers, s.rel, group, false,
                      static_cast<int64_t>(len), static_cast<int64_t>(t.status.length),
                      fmt::format("{} bytes at source, {} at target", len, t.status.length)});
      report.CountCompared(false, 0);
    } else if (options_.size_only || len == 0) {
      report.CountCompared(len == 0, 0);
      progress_.files_compared.fetch_add(1, std::memory_order_relaxed);
    } else {
      job.content = true;
    }
  }
  if (!job.content && !job.acl_xattr) {
    if (!job.listed_attributes.empty()) {
      Record(report,
             {DifferenceKind::kAttributesDiffer, s.rel, group, dir, -1, -1, job.listed_attributes});
    }
    return;
  }
  job.group = std::move(group);
  job.source = std::move(s);
  job.target = std::move(t);
  queue_->Push(std::move(job));
}

Result<uint32_t> VerifyJob::Crc32cOf(fs::FileSystem& fs, const std::string& path,
                                     std::vector<char>& buffer) {
  HMIG_ASSIGN_OR_RETURN(auto reader, fs.OpenRead(path));
  uint32_t crc = 0;
  for (uint64_t off = 0;;) {
    HMIG_ASSIGN_OR_RETURN(size_t n, reader->ReadAt(off, buffer.data(), buffer.size()));
    if (n == 0) break;
    crc = checksum::Crc32c(buffer.data(), n, crc);
    off += n;
    progress_.bytes_read.fetch_add(n, std::memory_order_relaxed);
  }
  return crc;
}

void VerifyJob::RunJob(const Job& job, std::vector<char>& buffer,
                       report::ComparisonReport& report) {
  fs::FileSystem& sfs = *sources_[job.source.origin].where.fs;
  fs::FileSystem& tfs = *target_.fs;
  const fs::FileStatus& s = job.source.status;
  const fs::FileStatus& t = job.target.status;
  auto error = [&](const Status& st) {
    Record(report,
           {DifferenceKind::kError, job.source.rel, job.group, s.is_dir(), -1, -1, st.ToString()});
  };
  if (job.content) {
    std::string differs;
    Status failed;
    auto by_bytes = [&]() -> Status {
      HMIG_ASSIGN_OR_RETURN(uint32_t a, Crc32cOf(sfs, s.path, buffer));
      HMIG_ASSIGN_OR_RETURN(uint32_t b, Crc32cOf(tfs, t.path, buffer));
      if (a != b)
        differs = fmt::format("CRC32C of the bytes {:08x} at source, {:08x} at target", a, b);
      return Status::OK();
    };
    if (options_.verify_bytes) {
      failed = by_bytes();
    } else {
      failed = [&]() -> Status {
        HMIG_ASSIGN_OR_RETURN(auto a, sfs.Checksum(s.path));
        HMIG_ASSIGN_OR_RETURN(auto b, tfs.Checksum(t.path));
        if (!a.ComparableWith(b)) return by_bytes();  // e.g. MD5-of-MD5 with other block sizes
        if (!(a == b)) differs = a.ToString() + " at source, " + b.ToString() + " at target";
        return Status::OK();
      }();
    }
    progress_.files_compared.fetch_add(1, std::memory_order_relaxed);
    if (!failed.ok()) {
      error(failed);
      return;
    }
    report.CountCompared(true, 2 * s.length);
    if (!differs.empty()) {
      Record(report, {DifferenceKind::kChecksumDiffers, job.source.rel, job.group, false,
                      static_cast<int64_t>(s.length), static_cast<int64_t>(t.length), differs});
    }
  }
  std::string attrs = job.listed_attributes;
  if (job.acl_xattr) {
    auto more = CompareAclAndXAttrs(sfs, s, tfs, t, attributes_);
    if (!more.ok()) {
      error(more.status());
      return;
    }
    if (!more->empty()) attrs += (attrs.empty() ? "" : "; ") + *more;
  }
  if (!attrs.empty()) {
    Record(report, {DifferenceKind::kAttributesDiffer, job.source.rel, job.group, s.is_dir(), -1,
                    -1, attrs});
  }
}

Status VerifyJob::Merge(report::ComparisonReport& report) {
  queue_ = std::make_unique<copy::WorkQueue<Job>>(4096);
  std::vector<std::thread> workers;
  for (int i = 0; i < std::max(1, options_.workers); ++i) {
    workers.emplace_back([this, &report] {
      std::vector<char> buffer(256 << 10);
      while (auto job = queue_->Pop()) RunJob(*job, buffer, report);
    });
  }
  Status s = [&]() -> Status {
    HMIG_ASSIGN_OR_RETURN(auto src, source_stream_->Next());
    HMIG_ASSIGN_OR_RETURN(auto dst, target_stream_->Next());
    while (src || dst) {
      const int order = !src ? 1 : !dst ? -1 : CompareTreeOrder(src->rel, dst->rel);
      if (order < 0) {
        progress_.source_entries.fetch_add(1, std::memory_order_relaxed);
        OnSourceOnly(*src, report);
        HMIG_ASSIGN_OR_RETURN(src, source_stream_->Next());
      } else if (order > 0) {
        progress_.target_entries.fetch_add(1, std::memory_order_relaxed);
        OnTargetOnly(*dst, report);
        HMIG_ASSIGN_OR_RETURN(dst, target_stream_->Next());
      } else {
        progress_.source_entries.fetch_add(1, std::memory_order_relaxed);
        progress_.target_entries.fetch_add(1, std::memory_order_relaxed);
        OnPair(std::move(*src), std::move(*dst), report);
        HMIG_ASSIGN_OR_RETURN(src, source_stream_->Next());
        HMIG_ASSIGN_OR_RETURN(dst, target_stream_->Next());
      }
    }
    return Status::OK();
  }();
  queue_->Close();
  for (auto& w : workers) w.join();
  return s;
}

}  // namespace hmig::verify
