// The seed's "Insufficient job execution memory": a MapReduce task's JVM heap (-Xmx in
// mapreduce.<task>.java.opts) against its YARN container (mapreduce.<task>.memory.mb)
// and against the scheduler's allocation limits.
//
// Rules (Hadoop's own guidance: heap = mapreduce.job.heap.memory-mb.ratio, 0.8, of the
// container, which is also the seed's pair -Xmx3072m / 3840):
//  * heap > container: the NodeManager kills the container as soon as the heap fills (error)
//  * heap > 80% of the container: metaspace, thread stacks and direct buffers push the
//    process past the limit; the NodeManager kills it (warning)
//  * no -Xmx, or 200 MB or less (Hadoop 2's default -Xmx200m): OutOfMemoryError (warning)
//  * container > yarn.scheduler.maximum-allocation-mb: the job is rejected (error)
//  * container > yarn.nodemanager.resource.memory-mb (when set): never scheduled (error)
//  * container < yarn.scheduler.minimum-allocation-mb: YARN grants the minimum (info)
// The fix keeps the heap the job asked for and raises the container to heap / 0.8 when
// that fits the maximum allocation, else lowers the heap to 80% of the container.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "conf/finding.h"
#include "util/hadoop_config.h"

namespace hmig::conf {

struct MemorySetting {
  std::string key;    // the property name in effect
  std::string value;  // its value (or the default)
  std::string where;  // "file:line" or "default"
  bool set = false;   // false = Hadoop's default
};

struct TaskMemory {
  std::string task;      // "map", "reduce", "am"
  MemorySetting memory;  // container size in MB
  MemorySetting opts;    // JVM options
};

struct YarnLimits {
  MemorySetting min_mb, max_mb, nodemanager_mb;  // nodemanager_mb.set false = not checked
};

// A property to set to a new value to apply a finding's advice.
struct MemoryFix {
  std::string key;
  std::string value;
};

struct TaskMemoryCheck {
  std::vector<Finding> findings;
  std::vector<MemoryFix> fixes;
};

// The map, reduce and MapReduce ApplicationMaster settings in effect in `conf`
// (mapred.child.java.opts is the fallback for map/reduce opts, as in Hadoop).
std::vector<TaskMemory> TaskMemoryFromConfig(const HadoopConfig& conf);
YarnLimits YarnLimitsFromConfig(const HadoopConfig& conf);

// Which task a (canonical) property belongs to and whether it is the memory ("memory")
// or the JVM options ("opts"); {"", ""} for other properties.
std::pair<std::string, std::string> TaskMemoryRole(const std::string& key);

// The task-specific JVM options property ("map" -> mapreduce.map.java.opts).
std::string JavaOptsKey(const std::string& task);

// Applies the rules above. `context` prefixes each finding's message (e.g. "in script x").
TaskMemoryCheck CheckTaskMemory(const TaskMemory& task, const YarnLimits& limits);

}  // namespace hmig::conf
