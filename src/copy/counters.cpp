#include "copy/counters.h"

#include <nlohmann/json.hpp>

namespace hmig::copy {

nlohmann::json CountersToJson(const Counters& c, const JobReport& r) {
  nlohmann::json j;
  j["files_copied"] = c.files_copied.load();
  j["bytes_copied"] = c.bytes_copied.load();
  j["files_appended"] = c.files_appended.load();
  j["files_skipped"] = c.files_skipped.load();
  j["bytes_skipped"] = c.bytes_skipped.load();
  j["files_failed"] = c.files_failed.load();
  j["files_deleted"] = c.files_deleted.load();
  j["dirs_deleted"] = c.dirs_deleted.load();
  j["bytes_deleted"] = c.bytes_deleted.load();
  j["dirs_created"] = c.dirs_created.load();
  j["symlinks_skipped"] = c.symlinks_skipped.load();
  j["special_files_skipped"] = c.special_files_skipped.load();
  j["files_vanished"] = c.files_vanished.load();
  j["files_retried"] = c.files_retried.load();
  j["stale_temps_removed"] = c.stale_temps_removed.load();
  j["runs"] = r.runs;
  if (!r.journal.empty()) j["journal"] = r.journal;
  if (!r.endpoints.empty()) j["endpoints"] = r.endpoints;
  j["elapsed_seconds"] = r.elapsed_seconds;
  j["throughput_bytes_per_second"] =
      r.elapsed_seconds > 0 ? static_cast<double>(c.bytes_copied.load()) / r.elapsed_seconds : 0.0;
  j["delete_skipped"] = r.delete_skipped;
  j["notes"] = r.notes;
  j["warnings"] = r.warnings;
  nlohmann::json failures = nlohmann::json::array();
  for (const auto& f : r.failures) {
    failures.push_back({{"source", f.source}, {"target", f.target}, {"cause", f.cause}});
  }
  j["failures"] = failures;
  if (!r.fatal.empty()) j["fatal"] = r.fatal;
  return j;
}

}  // namespace hmig::copy
