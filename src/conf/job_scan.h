// `hmig jobs scan`: finds locations of the old cluster hard-coded in job definitions
// (Hive/Spark SQL, shell, Python, Oozie workflow XML, properties, any text file) and
// writes rewritten copies on request. Matching is authority-exact (authority_match.h).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "conf/authority_match.h"
#include "util/status.h"

namespace hmig::conf {

struct UriHit {
  std::string file;       // relative to the scanned directory
  std::string kind;       // "Hive SQL", "shell", "Python", "Oozie workflow", "properties", ...
  int line = 0;           // 1-based
  int column = 0;         // 1-based byte column of the scheme
  std::string found;      // the location as written (up to a quote, space, ';', ...)
  std::string rewritten;  // the same location on the new cluster
};

// A mention of an old-cluster host outside a matching URI (jobTracker=oldcluster:8032,
// jdbc:hive2://oldcluster:10000, thrift://oldcluster:9083): reported, never rewritten.
struct HostMention {
  std::string file, kind;
  int line = 0, column = 0;
  std::string text;  // the word around the host (up to a quote, space, ';', ...)
};

struct JobScanResult {
  std::vector<UriHit> hits;  // by file (sorted), then position
  std::vector<HostMention> mentions;
  int files_scanned = 0;
  std::vector<std::string> skipped;  // "file: reason" (binary, too large, unreadable)
  std::vector<std::string> written;  // rewritten copies (absolute paths)
};

struct JobScanOptions {
  std::string dir;                         // the job definitions
  std::optional<std::string> rewrite_dir;  // write rewritten copies of changed files here
};

// Walks `dir` (not following directory symlinks, skipping hidden directories and the
// rewrite dir when it lies inside). InvalidArgument when rewrite_dir is `dir` itself
// (files are never edited in place); NotFound when `dir` does not exist. A file that
// cannot be read is listed in `skipped`, not fatal; a copy that cannot be written is.
Result<JobScanResult> ScanJobs(const JobScanOptions& options, const AuthorityMatcher& matcher);

// What a file is, from its name and first bytes (for the report).
std::string JobFileKind(const std::string& name, std::string_view content);

}  // namespace hmig::conf
