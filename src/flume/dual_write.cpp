#include "flume/dual_write.h"

#include <algorithm>
#include <set>

#include <fmt/format.h>

#include "flume/flume_config.h"

namespace hmig::flume {
namespace {

std::string Unique(const std::string& base, std::set<std::string>& taken) {
  std::string name = base;
  for (int i = 2; taken.count(name); ++i) name = base + std::to_string(i);
  taken.insert(name);
  return name;
}

// scheme://authority of `uri`, or "" when it has none.
size_t AuthorityEnd(const std::string& uri) {
  auto s = uri.find("://");
  if (s == std::string::npos) return 0;
  for (size_t i = 0; i < s; ++i) {
    char c = uri[i];
    if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '+' || c == '.' || c == '-')) {
      return 0;
    }
  }
  auto slash = uri.find('/', s + 3);
  return slash == std::string::npos ? uri.size() : slash;
}

std::string OnNewFs(const std::string& path, const std::string& new_fs) {
  size_t end = AuthorityEnd(path);
  std::string rest = path.substr(end);
  if (!rest.empty() && rest[0] != '/') rest = "/" + rest;
  return new_fs + rest;
}

std::string Lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), ::tolower);
  return s;
}

std::vector<std::string> WithAfter(std::vector<std::string> list, const std::string& after,
                                   const std::string& added) {
  if (std::find(list.begin(), list.end(), added) != list.end()) return list;
  auto it = std::find(list.begin(), list.end(), after);
  list.insert(it == list.end() ? list.end() : it + 1, added);
  return list;
}

}  // namespace

Result<DualWritePlan> MakeDualWrite(const conf::PropertiesFile& file,
                                    const DualWriteOptions& options) {
  const std::string& label = file.label();
  size_t fs_end = AuthorityEnd(options.new_fs);
  if (fs_end == 0 || fs_end + 1 < options.new_fs.size() ||
      (fs_end < options.new_fs.size() && options.new_fs[fs_end] != '/')) {
    return Status::Invalid("--new-fs '" + options.new_fs +
                           "' must be scheme://authority (for example hdfs://emr-cluster)");
  }
  const std::string new_fs = options.new_fs.substr(0, fs_end);
  auto agents = ParseAgents(file);
  auto found = agents.find(options.agent);
  if (found == agents.end()) {
    std::string names;
    for (const auto& [n, a] : agents) names += (names.empty() ? "" : ", ") + n;
    return Status::Invalid(fmt::format("no agent '{}' (agents in the file: {})", options.agent,
                                       names.empty() ? "none" : names),
                           label);
  }
  const Agent& agent = found->second;
  auto problems = ValidateAgent(agent, label);
  if (!problems.empty()) {
    std::string msg = "the agent is not valid as written:";
    for (const auto& p : problems) msg += "\n  " + p;
    return Status::Invalid(msg, label);
  }
  std::vector<std::string> sinks;
  for (const auto& s : agent.List(ComponentKind::kSink)) {
    const Component* c = agent.Get(ComponentKind::kSink, s);
    if (c && IsHdfsSink(*c) && (!options.sink || *options.sink == s)) sinks.push_back(s);
  }
  for (const auto& s : sinks) {
    const Component* c = agent.Get(ComponentKind::kSink, s);
    if (!c->props.count("hdfs.path")) {
      return Status::Invalid(
          fmt::format("line {}: agent {}: HDFS sink '{}' has no hdfs.path", c->line, agent.name, s),
          label);
    }
  }
  if (sinks.empty()) {
    return Status::Invalid(options.sink ? fmt::format("agent {} has no HDFS sink named '{}'",
                                                      agent.name, *options.sink)
                                        : fmt::format("agent {} has no HDFS sink", agent.name),
                           label);
  }

  DualWritePlan plan;
  conf::PropertiesFile out = file;
  const std::string prefix = agent.name + ".";
  std::set<std::string> taken;
  for (const auto& n : agent.AllNames()) taken.insert(n);
  std::map<std::string, std::string> twin_channel;  // channel -> twin
  std::vector<std::string> added_lines;
  auto add = [&](const std::string& key, const std::string& value) {
    added_lines.push_back(conf::FormatProperty(key, value));
  };

  for (const auto& s : sinks) {
    const Component& sink = *agent.Get(ComponentKind::kSink, s);
    const std::string& ch = sink.props.at("channel");
    if (!twin_channel.count(ch)) {
      std::string twin = Unique(ch + "_new", taken);
      twin_channel[ch] = twin;
      const Component& c = *agent.Get(ComponentKind::kChannel, ch);
      std::string type = Lower(c.props.at("type"));
      const bool kafka = type.find("kafka") != std::string::npos;
      for (const auto& [key, value] : c.props) {
        if (kafka && (key == "kafka.topic" || key == "kafka.consumer.group.id")) continue;
        std::string v = value;
        if (key == "checkpointDir" || key == "backupCheckpointDir" || key == "dataDirs") {
          std::vector<std::string> dirs;
          size_t i = 0;
          while (i <= v.size()) {  // dataDirs is comma-separated
            size_t j = v.find(',', i);
            if (j == std::string::npos) j = v.size();
            std::string d = v.substr(i, j - i);
            d.erase(0, d.find_first_not_of(' '));
            d.erase(d.find_last_not_of(" /") + 1);
            if (!d.empty()) dirs.push_back(d + "-" + twin);
            i = j + 1;
          }
          v.clear();
          for (const auto& d : dirs) v += (v.empty() ? "" : ",") + d;
          plan.notes.push_back(
              fmt::format("create {} for channel {} (owned by the Flume user)", v, twin));
        }
        add(prefix + "channels." + twin + "." + key, v);
      }
      if (type == "file" && !c.props.count("checkpointDir")) {
        plan.notes.push_back(fmt::format(
            "channel {} uses the default file-channel directories (~/.flume/file-channel); set "
            "checkpointDir and dataDirs of {} to directories of its own before starting",
            ch, twin));
      }
      if (type == "spillablememory" && !c.props.count("checkpointDir")) {
        plan.notes.push_back(
            fmt::format("channel {}: give {} its own overflow checkpointDir and "
                        "dataDirs",
                        ch, twin));
      }
      if (kafka) {
        std::string topic =
            c.props.count("kafka.topic") ? c.props.at("kafka.topic") : std::string("flume-channel");
        std::string group = c.props.count("kafka.consumer.group.id")
                                ? c.props.at("kafka.consumer.group.id")
                                : std::string("flume");
        add(prefix + "channels." + twin + ".kafka.topic", topic + "-" + twin);
        add(prefix + "channels." + twin + ".kafka.consumer.group.id", group + "-" + twin);
        plan.notes.push_back(fmt::format(
            "Kafka channel {}: its twin {} needs its own topic '{}-{}' (create it with the same "
            "partitions), else each event would be stored twice in one topic",
            ch, twin, topic, twin));
      }
      if (type == "jdbc") {
        plan.notes.push_back(
            fmt::format("JDBC channel {}: check that {} gets its own database", ch, twin));
      }
    }
    SinkTwin t;
    t.sink = s;
    t.twin_sink = Unique(s + "_new", taken);
    t.channel = ch;
    t.twin_channel = twin_channel[ch];
    t.old_path = sink.props.count("hdfs.path") ? sink.props.at("hdfs.path") : "";
    t.new_path = OnNewFs(t.old_path, new_fs);
    t.props = sink.props;
    for (const auto& [key, value] : sink.props) {
      std::string v = key == "channel" ? t.twin_channel : key == "hdfs.path" ? t.new_path : value;
      add(prefix + "sinks." + t.twin_sink + "." + key, v);
    }
    if (sink.props.count("hdfs.kerberosPrincipal") || sink.props.count("hdfs.kerberosKeytab")) {
      plan.notes.push_back(
          fmt::format("sink {}: check that the Kerberos principal/keytab of {} "
                      "are valid on the new cluster",
                      s, t.twin_sink));
    }
    for (const auto& g : agent.List(ComponentKind::kSinkGroup)) {
      const Component* grp = agent.Get(ComponentKind::kSinkGroup, g);
      if (!grp || !grp->props.count("sinks")) continue;
      auto members = SplitList(grp->props.at("sinks"));
      if (std::find(members.begin(), members.end(), s) != members.end()) {
        plan.notes.push_back(
            fmt::format("sink {} is in sink group {}; its twin {} runs on its "
                        "own (each event is still taken once from {})",
                        s, g, t.twin_sink, t.twin_channel));
      }
    }
    plan.twins.push_back(std::move(t));
  }

  // Agent lists.
  std::vector<std::string> channels = agent.List(ComponentKind::kChannel);
  for (const auto& [ch, twin] : twin_channel) channels = WithAfter(channels, ch, twin);
  out.Set(prefix + "channels", JoinList(channels));
  std::vector<std::string> sink_list = agent.List(ComponentKind::kSink);
  for (const auto& t : plan.twins) sink_list = WithAfter(sink_list, t.sink, t.twin_sink);
  out.Set(prefix + "sinks", JoinList(sink_list));

  // Sources: write to the twins too.
  for (const auto& src : agent.List(ComponentKind::kSource)) {
    const Component& c = *agent.Get(ComponentKind::kSource, src);
    auto chans = SplitList(c.props.at("channels"));
    std::vector<std::string> twins;
    for (const auto& ch : chans) {
      if (twin_channel.count(ch)) twins.push_back(twin_channel[ch]);
    }
    if (twins.empty()) continue;
    std::string sp = prefix + "sources." + src + ".";
    for (const auto& ch : SplitList(c.props.at("channels"))) {
      if (twin_channel.count(ch)) chans = WithAfter(chans, ch, twin_channel[ch]);
    }
    out.Set(sp + "channels", JoinList(chans));
    std::string selector =
        c.props.count("selector.type") ? Lower(c.props.at("selector.type")) : "replicating";
    const bool multiplexing = selector.find("multiplexing") != std::string::npos;
    const bool custom = !multiplexing && selector.find("replicating") == std::string::npos;
    if (custom) {
      plan.notes.push_back(
          fmt::format("source {} uses the custom selector '{}': check that it "
                      "sends every event to the twin channel(s) too",
                      src, c.props.at("selector.type")));
    }
    if (multiplexing) {
      for (const auto& [key, value] : c.props) {
        if (key.rfind("selector.mapping.", 0) != 0 && key != "selector.default" &&
            key.rfind("selector.optional.", 0) != 0) {
          continue;
        }
        auto list = SplitList(value);
        auto updated = list;
        for (const auto& ch : list) {
          if (twin_channel.count(ch)) updated = WithAfter(updated, ch, twin_channel[ch]);
        }
        if (updated != list) out.Set(sp + key, JoinList(updated));
        if (!options.new_required && key.rfind("selector.mapping.", 0) == 0 && updated != list) {
          std::string opt_key = "selector.optional." + key.substr(17);
          auto opt =
              c.props.count(opt_key) ? SplitList(c.props.at(opt_key)) : std::vector<std::string>{};
          for (const auto& ch : updated) {
            if (std::find(list.begin(), list.end(), ch) == list.end()) {
              opt = WithAfter(opt, "", ch);
            }
          }
          out.Set(sp + opt_key, JoinList(opt));
        }
      }
    } else if (!custom) {
      out.Set(sp + "selector.type", "replicating");
      if (!options.new_required) {
        auto opt = c.props.count("selector.optional") ? SplitList(c.props.at("selector.optional"))
                                                      : std::vector<std::string>{};
        for (const auto& t : twins) opt = WithAfter(opt, "", t);
        out.Set(sp + "selector.optional", JoinList(opt));
      }
    }
  }

  out.AppendRaw("");
  out.AppendRaw(
      fmt::format("# hmig flume dual-write: agent {} also writes to {}", agent.name, new_fs));
  for (const auto& t : plan.twins) {
    out.AppendRaw(fmt::format("#   {} -> {} (channel {}) twin of {} -> {}", t.twin_sink, t.new_path,
                              t.twin_channel, t.sink, t.old_path));
  }
  for (const auto& l : added_lines) out.AppendRaw(l);
  plan.config = out.ToString();

  // Parse the result back and check it.
  auto reparsed = conf::PropertiesFile::Parse(plan.config, label);
  if (!reparsed.ok()) return Status::Internal("generated configuration does not parse", label);
  auto again = ParseAgents(*reparsed);
  auto check = ValidateAgent(again[agent.name], label + " (generated)");
  for (const auto& t : plan.twins) {
    const auto& a = again[agent.name];
    const Component* k = a.Get(ComponentKind::kSink, t.twin_sink);
    if (!k || k->props.count("channel") == 0 || k->props.at("channel") != t.twin_channel) {
      check.push_back("sink " + t.twin_sink + " is not wired to " + t.twin_channel);
    }
  }
  if (!check.empty()) {
    std::string msg = "generated configuration is invalid:";
    for (const auto& p : check) msg += "\n  " + p;
    return Status::Internal(msg, label);
  }
  return plan;
}

}  // namespace hmig::flume
