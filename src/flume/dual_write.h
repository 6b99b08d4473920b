// The seed's "Flume double-write configuration": an agent that keeps writing to the old
// cluster and also writes the same events to the new one.
//
// For each chosen HDFS sink (all HDFS sinks of the agent, or --sink):
//  * its channel C gets a twin C_new of the same type and settings (capacity,
//    transactionCapacity, ...). Settings two channels cannot share get their own value:
//    file-channel directories (checkpointDir, backupCheckpointDir, dataDirs) get a
//    "-<twin>" suffix, a Kafka channel gets its own topic and consumer group;
//  * the sink gets a twin K_new identical to it except channel = C_new and hdfs.path on
//    the new file system (scheme://authority replaced, or prefixed when the path had none);
//  * every source writing to C also writes to C_new, through a replicating selector (set
//    explicitly); a multiplexing selector gets C_new wherever it names C. Unless
//    new_required, the twins are optional channels, so a slow or broken new cluster
//    never blocks ingestion into the old one.
// The result is parsed back and validated (every listed component has a type, every
// reference resolves, no name is used twice).
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "conf/java_properties.h"
#include "util/status.h"

namespace hmig::flume {

struct DualWriteOptions {
  std::string agent;
  std::string new_fs;               // scheme://authority of the new cluster
  std::optional<std::string> sink;  // only this sink (must be an HDFS sink)
  bool new_required = false;        // twins as required channels (default: optional)
};

struct SinkTwin {
  std::string sink, twin_sink;
  std::string channel, twin_channel;
  std::string old_path, new_path;            // hdfs.path
  std::map<std::string, std::string> props;  // the sink's settings (hdfs.round, ...)
};

struct DualWritePlan {
  std::string config;  // the whole file, with the double-write added
  std::vector<SinkTwin> twins;
  std::vector<std::string> notes;  // things to do by hand (directories, topics, Kerberos)
};

// InvalidArgument when the agent is unknown, invalid as written (the problems listed),
// has no HDFS sink, or --sink is not one of its HDFS sinks; Internal when the generated
// configuration fails validation (a bug).
Result<DualWritePlan> MakeDualWrite(const conf::PropertiesFile& file,
                                    const DualWriteOptions& options);

}  // namespace hmig::flume
