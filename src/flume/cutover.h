// The seed's cutover rule for Flume: start the double-writing agent just before a new
// time partition begins, copy the older partitions with DistCp, and keep the partitions
// written since the cutover OUT of that copy ("do NOT put the new written data into the
// data synchronization directory").
//
// The partition granularity comes from the time escapes of the sink's hdfs.path
// (%Y %y %m %d %j %H %M %S ..., the finest one) and from hdfs.round / hdfs.roundValue /
// hdfs.roundUnit, in the sink's hdfs.timeZone. Time-zone handling sets the process's TZ
// while computing: not safe to call from several threads at once.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "util/status.h"

namespace hmig::flume {

enum class TimeUnit { kSecond, kMinute, kHour, kDay, kMonth, kYear };
const char* TimeUnitName(TimeUnit u);

struct PartitionScheme {
  std::string path;  // hdfs.path as written
  TimeUnit unit = TimeUnit::kHour;
  int step = 1;                  // partitions are `step` units long (hdfs.round*)
  std::string time_zone;         // as written (hdfs.timeZone or the default given); "" = local
  bool local_timestamp = false;  // hdfs.useLocalTimeStamp
  std::string Describe() const;  // "1 hour", "10 minutes"
};

// InvalidArgument when hdfs.path has no time escape (not time-partitioned) or the
// rounding settings are invalid.
Result<PartitionScheme> InferPartitionScheme(const std::map<std::string, std::string>& sink_props,
                                             const std::string& default_time_zone);

// The first partition boundary strictly after `epoch`.
Result<int64_t> NextBoundary(const PartitionScheme& scheme, int64_t epoch);
// The start of the partition containing `epoch`.
Result<int64_t> PartitionStart(const PartitionScheme& scheme, int64_t epoch);

// "2026-11-25 09:00:00 +0800" in the scheme's time zone.
Result<std::string> FormatTime(const PartitionScheme& scheme, int64_t epoch);

// Parses "@<epoch seconds>" or "YYYY-MM-DD[THH:MM[:SS]]" (in the scheme's time zone).
Result<int64_t> ParseTime(const PartitionScheme& scheme, const std::string& text);

// DistCp -filters patterns (Java regular expressions, one per line, matched against whole
// paths with or without scheme://authority) that match every partition at or after
// `boundary` and everything below it. Unsupported when the path's escapes cannot be
// ordered (no year, %b month names, %s epoch seconds, fields out of order, ...).
Result<std::vector<std::string>> PartitionFiltersFrom(const PartitionScheme& scheme,
                                                      int64_t boundary);

}  // namespace hmig::flume
