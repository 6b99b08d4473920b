// Flume's properties configuration (flume.conf) as agents of sources, channels, sinks and
// sink groups, the way Flume's FlumeConfiguration reads it:
//   a1.sources = r1            a1.sources.r1.type = ...      a1.sources.r1.channels = c1 c2
//   a1.channels = c1 c2        a1.channels.c1.type = file    a1.channels.c1.capacity = ...
//   a1.sinks = k1 k2           a1.sinks.k1.type = hdfs       a1.sinks.k1.channel = c1
//   a1.sinkgroups = g1         a1.sinkgroups.g1.sinks = k1 k2
// Lists are separated by whitespace.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "conf/java_properties.h"
#include "util/status.h"

namespace hmig::flume {

enum class ComponentKind { kSource, kChannel, kSink, kSinkGroup };
const char* KindListKey(ComponentKind kind);  // "sources", "channels", "sinks", "sinkgroups"

struct Component {
  std::string name;
  std::map<std::string, std::string> props;  // "type", "channel", "hdfs.path", ...
  int line = 0;                              // first line that defines it (0 = none)
  std::map<std::string, int> prop_lines;     // line of each property's definition
  int LineOf(const std::string& prop) const {
    auto it = prop_lines.find(prop);
    return it == prop_lines.end() ? line : it->second;
  }
};

struct Agent {
  std::string name;
  std::map<ComponentKind, std::vector<std::string>> listed;  // the active lists
  std::map<ComponentKind, std::map<std::string, Component>> defined;
  std::map<ComponentKind, int> list_line;  // line of "<agent>.<kind>s = ..."

  const std::vector<std::string>& List(ComponentKind k) const;
  const Component* Get(ComponentKind k, const std::string& name) const;
  // Every name used by any component of any kind (listed or only defined).
  std::vector<std::string> AllNames() const;
};

// Agents by name. Keys that do not look like <agent>.<kind>... are ignored (Flume ignores
// them too).
std::map<std::string, Agent> ParseAgents(const conf::PropertiesFile& file);

std::vector<std::string> SplitList(const std::string& value);
std::string JoinList(const std::vector<std::string>& items);

// Problems that stop Flume from running the agent as written: a listed component without
// a type, a source without channels or a sink without a channel, references to channels
// or sinks that are not listed, selector mappings to unknown channels, a name listed
// twice or used for two kinds. Each problem names the file line where one exists.
std::vector<std::string> ValidateAgent(const Agent& agent, const std::string& label);

bool IsHdfsSink(const Component& sink);

}  // namespace hmig::flume
