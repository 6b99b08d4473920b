#include "flume/flume_config.h"

#include <algorithm>
#include <set>

#include <fmt/format.h>

namespace hmig::flume {
namespace {

const ComponentKind kKinds[] = {ComponentKind::kSource, ComponentKind::kChannel,
                                ComponentKind::kSink, ComponentKind::kSinkGroup};

const char* KindName(ComponentKind k) {
  switch (k) {
    case ComponentKind::kSource:
      return "source";
    case ComponentKind::kChannel:
      return "channel";
    case ComponentKind::kSink:
      return "sink";
    case ComponentKind::kSinkGroup:
      return "sink group";
  }
  return "";
}

std::string Where(const std::string& label, int line) {
  return line > 0 ? fmt::format("{}:{}: ", label, line) : label + ": ";
}

}  // namespace

const char* KindListKey(ComponentKind kind) {
  switch (kind) {
    case ComponentKind::kSource:
      return "sources";
    case ComponentKind::kChannel:
      return "channels";
    case ComponentKind::kSink:
      return "sinks";
    case ComponentKind::kSinkGroup:
      return "sinkgroups";
  }
  return "";
}

const std::vector<std::string>& Agent::List(ComponentKind k) const {
  static const std::vector<std::string> kEmpty;
  auto it = listed.find(k);
  return it == listed.end() ? kEmpty : it->second;
}

const Component* Agent::Get(ComponentKind k, const std::string& n) const {
  auto it = defined.find(k);
  if (it == defined.end()) return nullptr;
  auto c = it->second.find(n);
  return c == it->second.end() ? nullptr : &c->second;
}

std::vector<std::string> Agent::AllNames() const {
  std::set<std::string> names;
  for (const auto& [k, list] : listed) names.insert(list.begin(), list.end());
  for (const auto& [k, defs] : defined) {
    for (const auto& [n, c] : defs) names.insert(n);
  }
  return {names.begin(), names.end()};
}

std::vector<std::string> SplitList(const std::string& value) {
  std::vector<std::string> out;
  size_t i = 0;
  while (i < value.size()) {
    while (i < value.size() && std::isspace(static_cast<unsigned char>(value[i]))) ++i;
    size_t b = i;
    while (i < value.size() && !std::isspace(static_cast<unsigned char>(value[i]))) ++i;
    if (i > b) out.push_back(value.substr(b, i - b));
  }
  return out;
}

std::string JoinList(const std::vector<std::string>& items) {
  std::string out;
  for (const auto& i : items) {
    if (!out.empty()) out += ' ';
    out += i;
  }
  return out;
}

std::map<std::string, Agent> ParseAgents(const conf::PropertiesFile& file) {
  std::map<std::string, Agent> agents;
  for (const auto& e : file.entries()) {
    auto dot = e.key.find('.');
    if (dot == std::string::npos || dot == 0) continue;
    std::string agent_name = e.key.substr(0, dot);
    std::string rest = e.key.substr(dot + 1);
    for (ComponentKind k : kKinds) {
      std::string list_key = KindListKey(k);
      if (rest == list_key) {
        Agent& a = agents[agent_name];
        a.name = agent_name;
        a.listed[k] = SplitList(e.value);
        a.list_line[k] = e.line;
      } else if (rest.rfind(list_key + ".", 0) == 0) {
        std::string tail = rest.substr(list_key.size() + 1);
        auto d = tail.find('.');
        if (d == std::string::npos || d == 0) continue;
        Agent& a = agents[agent_name];
        a.name = agent_name;
        Component& c = a.defined[k][tail.substr(0, d)];
        c.name = tail.substr(0, d);
        c.props[tail.substr(d + 1)] = e.value;  // a later definition wins, as in Java
        c.prop_lines[tail.substr(d + 1)] = e.line;
        if (c.line == 0) c.line = e.line;
      }
    }
  }
  return agents;
}

bool IsHdfsSink(const Component& sink) {
  auto it = sink.props.find("type");
  if (it == sink.props.end()) return false;
  std::string t = it->second;
  std::transform(t.begin(), t.end(), t.begin(), ::tolower);
  return t == "hdfs" || t == "org.apache.flume.sink.hdfs.hdfseventsink";
}

std::vector<std::string> ValidateAgent(const Agent& a, const std::string& label) {
  std::vector<std::string> problems;
  auto list_line = [&](ComponentKind k) {
    auto it = a.list_line.find(k);
    return it == a.list_line.end() ? 0 : it->second;
  };
  std::map<std::string, ComponentKind> kind_of;
  for (ComponentKind k : kKinds) {
    std::set<std::string> seen;
    for (const auto& n : a.List(k)) {
      if (!seen.insert(n).second) {
        problems.push_back(fmt::format("{}agent {}: {} '{}' is listed twice",
                                       Where(label, list_line(k)), a.name, KindName(k), n));
      }
      auto [it, fresh] = kind_of.emplace(n, k);
      if (!fresh && it->second != k) {
        problems.push_back(fmt::format("{}agent {}: '{}' is both a {} and a {}",
                                       Where(label, list_line(k)), a.name, n, KindName(it->second),
                                       KindName(k)));
      }
      if (k == ComponentKind::kSinkGroup) continue;
      const Component* c = a.Get(k, n);
      if (!c || !c->props.count("type")) {
        problems.push_back(fmt::format("{}agent {}: {} '{}' has no type",
                                       Where(label, c ? c->line : list_line(k)), a.name,
                                       KindName(k), n));
      }
    }
  }
  auto channel_known = [&](const std::string& ch) {
    const auto& chans = a.List(ComponentKind::kChannel);
    return std::find(chans.begin(), chans.end(), ch) != chans.end();
  };
  for (const auto& n : a.List(ComponentKind::kSource)) {
    const Component* c = a.Get(ComponentKind::kSource, n);
    int line = c ? c->LineOf("channels") : list_line(ComponentKind::kSource);
    auto chans = c && c->props.count("channels") ? SplitList(c->props.at("channels"))
                                                 : std::vector<std::string>{};
    if (chans.empty()) {
      problems.push_back(
          fmt::format("{}agent {}: source '{}' has no channels", Where(label, line), a.name, n));
    }
    for (const auto& ch : chans) {
      if (!channel_known(ch)) {
        problems.push_back(
            fmt::format("{}agent {}: source '{}' writes to channel '{}', which is "
                        "not in {}.channels",
                        Where(label, line), a.name, n, ch, a.name));
      }
    }
    if (!c) continue;
    for (const auto& [key, value] : c->props) {
      bool selector_list = key.rfind("selector.mapping.", 0) == 0 ||
                           key.rfind("selector.optional", 0) == 0 || key == "selector.default";
      if (!selector_list) continue;
      for (const auto& ch : SplitList(value)) {
        if (std::find(chans.begin(), chans.end(), ch) == chans.end()) {
          problems.push_back(
              fmt::format("{}agent {}: source '{}' {} names channel '{}', which "
                          "the source does not write to",
                          Where(label, c->LineOf(key)), a.name, n, key, ch));
        }
      }
    }
  }
  for (const auto& n : a.List(ComponentKind::kSink)) {
    const Component* c = a.Get(ComponentKind::kSink, n);
    int line = c ? c->LineOf("channel") : list_line(ComponentKind::kSink);
    if (!c || !c->props.count("channel")) {
      problems.push_back(
          fmt::format("{}agent {}: sink '{}' has no channel", Where(label, line), a.name, n));
    } else if (!channel_known(c->props.at("channel"))) {
      problems.push_back(
          fmt::format("{}agent {}: sink '{}' reads channel '{}', which is not in "
                      "{}.channels",
                      Where(label, line), a.name, n, c->props.at("channel"), a.name));
    }
  }
  for (const auto& g : a.List(ComponentKind::kSinkGroup)) {
    const Component* c = a.Get(ComponentKind::kSinkGroup, g);
    if (!c || !c->props.count("sinks")) continue;
    const auto& sinks = a.List(ComponentKind::kSink);
    for (const auto& s : SplitList(c->props.at("sinks"))) {
      if (std::find(sinks.begin(), sinks.end(), s) == sinks.end()) {
        problems.push_back(
            fmt::format("{}agent {}: sink group '{}' names sink '{}', which is not "
                        "in {}.sinks",
                        Where(label, c->line), a.name, g, s, a.name));
      }
    }
  }
  return problems;
}

}  // namespace hmig::flume
