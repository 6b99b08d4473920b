// The seed's "Gateway OOM": HADOOP_HEAPSIZE in hive-env.sh (the heap, in MB, of the Hive
// CLI / gateway JVM), which the seed raises from 512 to 1024.
//
// Recognised assignments (each on its own line, possibly indented inside if/case):
//   export HADOOP_HEAPSIZE=512        HADOOP_HEAPSIZE=512        export HADOOP_HEAPSIZE="512"
//   export HADOOP_HEAPSIZE=${HADOOP_HEAPSIZE:-512}   (the default after :- or - counts)
//   HADOOP_HEAPSIZE=2g                (Hadoop 3 accepts a unit; no unit means MB)
// Commented-out lines are ignored. Every active assignment below the minimum is reported
// and fixed; with none at all the hadoop script's default (1000 MB) applies. An -Xmx in
// HADOOP_CLIENT_OPTS or HADOOP_OPTS comes later on the java command line and wins, so a
// small one there is reported and fixed too.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "conf/finding.h"

namespace hmig::conf {

inline constexpr int64_t kMinGatewayHeapMb = 1024;

struct HiveEnvCheck {
  std::vector<Finding> findings;
  std::string fixed_text;  // the file with every finding applied
  bool changed = false;
};

// `label` names the file in findings. `text` is its content.
HiveEnvCheck CheckHiveEnv(const std::string& text, const std::string& label);

}  // namespace hmig::conf
