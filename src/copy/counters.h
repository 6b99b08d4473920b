// The job's counters, updated by workers and read by the progress display.
#pragma once

#include <atomic>
#include <cstdint>
#include <string>
#include <vector>

#include <nlohmann/json_fwd.hpp>

namespace hmig::copy {

struct Counters {
  std::atomic<uint64_t> files_copied{0};
  std::atomic<uint64_t> bytes_copied{0};
  std::atomic<uint64_t> files_appended{0};  // also counted in files_copied
  std::atomic<uint64_t> files_skipped{0};
  std::atomic<uint64_t> bytes_skipped{0};
  std::atomic<uint64_t> files_failed{0};
  std::atomic<uint64_t> files_deleted{0};
  std::atomic<uint64_t> dirs_deleted{0};
  std::atomic<uint64_t> bytes_deleted{0};
  std::atomic<uint64_t> dirs_created{0};
  std::atomic<uint64_t> symlinks_skipped{0};
  std::atomic<uint64_t> special_files_skipped{0};
  std::atomic<uint64_t> files_vanished{0};  // deleted at the source after listing
  std::atomic<uint64_t> files_retried{0};   // files that needed more than one attempt
  std::atomic<uint64_t> stale_temps_removed{0};
  // Bytes moved so far, including those of files still in flight (for progress).
  std::atomic<uint64_t> bytes_in_flight_done{0};

  // What the plan says is to be done (for progress and ETA); grows while the walk
  // is still planning, final once `walk_done`.
  std::atomic<uint64_t> planned_files{0};
  std::atomic<uint64_t> planned_bytes{0};
  std::atomic<bool> walk_done{false};
};

struct FailedFile {
  std::string source;
  std::string target;
  std::string cause;
};

// The summary a run ends with: counters plus what the user must know.
struct JobReport {
  double elapsed_seconds = 0;
  std::vector<FailedFile> failures;  // the first ones (capped), with causes
  std::vector<std::string> notes;    // e.g. "-pr: not applicable to file://"
  std::vector<std::string> warnings;
  bool delete_skipped = false;  // -delete not run because something failed
  std::string fatal;            // set when the job stopped early
  uint64_t runs = 1;            // runs this job took (resumes + 1)
  std::string journal;          // path of the journal database
  // The servers actually used, for remote sides ("target webhdfs://ns/x via http://nn2:9870").
  std::vector<std::string> endpoints;
};

nlohmann::json CountersToJson(const Counters& c, const JobReport& r);

}  // namespace hmig::copy
