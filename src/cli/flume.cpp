// `hmig flume dual-write`: the seed's "Flume data migration" as a generator.
#include <algorithm>
#include <cstdio>
#include <ctime>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include <fmt/format.h>
#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include "cli/command.h"
#include "conf/java_properties.h"
#include "flume/cutover.h"
#include "flume/dual_write.h"

namespace hmig::cli {
namespace {

bool WriteWholeFile(const std::string& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << text;
  out.close();
  return static_cast<bool>(out);
}

struct SinkCutover {
  bool ok = false;
  std::string problem;
  flume::PartitionScheme scheme;
  int64_t boundary = 0, start_after = 0, deadline = 0;
  std::vector<std::string> filters;
  std::string filters_problem;
};

SinkCutover PlanSink(const flume::SinkTwin& twin, const std::string& tz,
                     const std::string& now_text, int64_t lead) {
  SinkCutover c;
  auto scheme = flume::InferPartitionScheme(twin.props, tz);
  if (!scheme.ok()) {
    c.problem = scheme.status().message();
    return c;
  }
  c.scheme = *scheme;
  int64_t now = static_cast<int64_t>(std::time(nullptr));
  if (!now_text.empty()) {
    auto parsed = flume::ParseTime(c.scheme, now_text);
    if (!parsed.ok()) {
      c.problem = "--now: " + parsed.status().message();
      return c;
    }
    now = *parsed;
  }
  // The first boundary that leaves `lead` seconds to start the agent.
  auto boundary = flume::NextBoundary(c.scheme, now + lead - 1);
  if (!boundary.ok()) {
    c.problem = boundary.status().message();
    return c;
  }
  c.boundary = *boundary;
  auto start = flume::PartitionStart(c.scheme, c.boundary - 1);
  c.start_after = std::max(now, start.ok() ? *start : now);
  c.deadline = c.boundary - lead;
  c.ok = true;
  auto filters = flume::PartitionFiltersFrom(c.scheme, c.boundary);
  if (filters.ok()) {
    c.filters = *filters;
  } else {
    c.filters_problem = filters.status().message();
  }
  return c;
}

std::string Fmt(const flume::PartitionScheme& s, int64_t t) {
  auto f = flume::FormatTime(s, t);
  return f.ok() ? *f : std::to_string(t);
}

int RunDualWrite(const std::vector<std::string>& args) {
  CLI::App app(
      "Write a Flume configuration in which the agent's HDFS sinks also write to the new "
      "cluster (replicating selector, twin channel, twin sink with hdfs.path on the new file "
      "system), and plan the cutover: the next partition boundary, the deadline to start the "
      "agent, and a DistCp -filters file keeping the new partitions out of the historical "
      "copy.\nExit status: 0 done, 1 configuration written but the cutover could not be fully "
      "planned (see notes), 2 usage, 3 the input configuration is invalid or unreadable.",
      "hmig flume dual-write");
  flume::DualWriteOptions options;
  std::string conf_path, sink, out_path, filters_path, now_text, tz;
  int lead_minutes = 10;
  bool json = false;
  app.add_option("--conf", conf_path, "Flume properties file (flume.conf)")->required();
  app.add_option("--agent", options.agent, "agent name")->required();
  app.add_option("--new-fs", options.new_fs, "new cluster as scheme://authority")->required();
  app.add_option("--sink", sink, "only this HDFS sink (default: every HDFS sink of the agent)");
  app.add_option("--out", out_path, "write the configuration here (default: standard output)");
  app.add_option("--filters", filters_path, "write the DistCp -filters file here");
  app.add_option("--now", now_text,
                 "plan as if it were this time: YYYY-MM-DD[THH:MM[:SS]] in the sink's time zone, "
                 "or @<epoch seconds> (default: now)");
  app.add_option("--timezone", tz,
                 "time zone of the Flume agent for sinks without hdfs.timeZone (default: this "
                 "machine's)");
  app.add_option("--lead", lead_minutes, "minutes needed to start the agent before a boundary")
      ->check(CLI::Range(0, 24 * 60));
  app.add_flag("--new-required", options.new_required,
               "make the new-cluster channels required: a failing new cluster then blocks "
               "ingestion into the old one too (default: optional)");
  app.add_flag("--json", json, "print the plan as JSON");
  try {
    std::vector<std::string> reversed(args.rbegin(), args.rend());
    app.parse(reversed);
  } catch (const CLI::ParseError& e) {
    return app.exit(e) == 0 ? kExitOk : kExitUsage;
  }
  if (!sink.empty()) options.sink = sink;
  if (options.new_fs.find("://") == std::string::npos) {
    std::fprintf(stderr, "hmig flume dual-write: --new-fs '%s' must be scheme://authority\n",
                 options.new_fs.c_str());
    return kExitUsage;
  }
  std::ifstream in(conf_path, std::ios::binary);
  if (!in) {
    std::fprintf(stderr, "hmig flume dual-write: %s: cannot open\n", conf_path.c_str());
    return kExitFatal;
  }
  std::stringstream ss;
  ss << in.rdbuf();
  auto file = conf::PropertiesFile::Parse(ss.str(), conf_path);
  if (!file.ok()) {
    std::fprintf(stderr, "hmig flume dual-write: %s\n", file.status().ToString().c_str());
    return kExitFatal;
  }
  auto plan = flume::MakeDualWrite(*file, options);
  if (!plan.ok()) {
    std::fprintf(stderr, "hmig flume dual-write: %s\n", plan.status().ToString().c_str());
    return plan.status().code() == StatusCode::kInvalidArgument &&
                   plan.status().message().find("--new-fs") != std::string::npos
               ? kExitUsage
               : kExitFatal;
  }
  const int64_t lead = int64_t{lead_minutes} * 60;
  std::vector<SinkCutover> cutovers;
  std::vector<std::string> notes = plan->notes;
  std::vector<std::string> all_filters;
  bool complete = true;
  int64_t start_after = 0, deadline = INT64_MAX;
  for (const auto& t : plan->twins) {
    cutovers.push_back(PlanSink(t, tz, now_text, lead));
    const auto& c = cutovers.back();
    if (!c.ok) {
      notes.push_back(fmt::format("sink {}: no cutover plan: {}", t.sink, c.problem));
      complete = false;
      continue;
    }
    start_after = std::max(start_after, c.start_after);
    deadline = std::min(deadline, c.deadline);
    if (!c.filters_problem.empty()) {
      notes.push_back(fmt::format("sink {}: no DistCp filter: {}", t.sink, c.filters_problem));
      complete = false;
    }
    all_filters.insert(all_filters.end(), c.filters.begin(), c.filters.end());
    if (!c.scheme.local_timestamp) {
      notes.push_back(fmt::format(
          "sink {}: partitions follow the events' timestamp header (hdfs.useLocalTimeStamp is "
          "false): late events still land in partitions before the boundary; re-copy those "
          "with distcp -update after the cutover",
          t.sink));
    }
  }
  bool window_ok = start_after <= deadline;
  if (!cutovers.empty() && complete && !window_ok) {
    notes.push_back(
        "the sinks' partitions do not line up: no single start time is before "
        "every sink's boundary; plan each sink on its own with --sink");
    complete = false;
  }
  if (!out_path.empty() && !WriteWholeFile(out_path, plan->config)) {
    std::fprintf(stderr, "hmig flume dual-write: %s: cannot write\n", out_path.c_str());
    return kExitFatal;
  }
  if (!filters_path.empty()) {
    std::string text;
    for (const auto& f : all_filters) text += f + "\n";
    if (!WriteWholeFile(filters_path, text)) {
      std::fprintf(stderr, "hmig flume dual-write: %s: cannot write\n", filters_path.c_str());
      return kExitFatal;
    }
  }
  const flume::PartitionScheme* first = nullptr;
  for (const auto& c : cutovers) {
    if (c.ok && !first) first = &c.scheme;
  }
  if (json) {
    nlohmann::json j = {{"agent", options.agent}, {"new_fs", options.new_fs}};
    j["sinks"] = nlohmann::json::array();
    for (size_t i = 0; i < plan->twins.size(); ++i) {
      const auto& t = plan->twins[i];
      const auto& c = cutovers[i];
      nlohmann::json s = {{"sink", t.sink},         {"twin_sink", t.twin_sink},
                          {"channel", t.channel},   {"twin_channel", t.twin_channel},
                          {"old_path", t.old_path}, {"new_path", t.new_path}};
      if (c.ok) {
        s["partition"] = {{"unit", flume::TimeUnitName(c.scheme.unit)},
                          {"step", c.scheme.step},
                          {"time_zone", c.scheme.time_zone},
                          {"boundary", Fmt(c.scheme, c.boundary)},
                          {"boundary_epoch", c.boundary},
                          {"start_after", Fmt(c.scheme, c.start_after)},
                          {"deadline", Fmt(c.scheme, c.deadline)},
                          {"deadline_epoch", c.deadline}};
        s["filters"] = c.filters;
      }
      j["sinks"].push_back(std::move(s));
    }
    if (first && complete) {
      j["cutover"] = {{"start_after", Fmt(*first, start_after)},
                      {"start_after_epoch", start_after},
                      {"deadline", Fmt(*first, deadline)},
                      {"deadline_epoch", deadline}};
    }
    j["notes"] = notes;
    if (out_path.empty()) j["config"] = plan->config;
    if (!out_path.empty()) j["config_file"] = out_path;
    if (!filters_path.empty()) j["filters_file"] = filters_path;
    std::printf("%s\n", j.dump(2, ' ', false, nlohmann::json::error_handler_t::replace).c_str());
    return complete ? kExitOk : kExitPartial;
  }
  // Text: the configuration goes to stdout when there is no --out, the report to stderr.
  FILE* report = out_path.empty() ? stderr : stdout;
  if (out_path.empty()) std::fputs(plan->config.c_str(), stdout);
  std::fprintf(report, "agent %s: double-write to %s\n", options.agent.c_str(),
               options.new_fs.c_str());
  for (size_t i = 0; i < plan->twins.size(); ++i) {
    const auto& t = plan->twins[i];
    const auto& c = cutovers[i];
    std::fprintf(report,
                 "  sink %s -> twin %s (channel %s -> %s)\n    hdfs.path %s\n           -> %s\n",
                 t.sink.c_str(), t.twin_sink.c_str(), t.channel.c_str(), t.twin_channel.c_str(),
                 t.old_path.c_str(), t.new_path.c_str());
    if (c.ok) {
      std::fprintf(report, "    partitions of %s (%s); first boundary after the lead: %s\n",
                   c.scheme.Describe().c_str(),
                   c.scheme.time_zone.empty() ? "local time" : c.scheme.time_zone.c_str(),
                   Fmt(c.scheme, c.boundary).c_str());
    }
  }
  if (first && complete) {
    std::fprintf(report,
                 "cutover: start the double-writing agent after %s and before %s\n"
                 "  (partitions from the boundary on are complete on the new cluster; older ones "
                 "come from DistCp, and distcp -update -delete removes the twin's files in the "
                 "partition it started in)\n",
                 Fmt(*first, start_after).c_str(), Fmt(*first, deadline).c_str());
  }
  if (!filters_path.empty()) {
    std::fprintf(report,
                 "DistCp: hadoop distcp -filters %s ... keeps those partitions out of "
                 "the historical copy (%zu pattern(s))\n",
                 filters_path.c_str(), all_filters.size());
  }
  if (!out_path.empty()) std::fprintf(report, "wrote %s\n", out_path.c_str());
  for (const auto& n : notes) std::fprintf(report, "note: %s\n", n.c_str());
  return complete ? kExitOk : kExitPartial;
}

int RunFlume(const std::vector<std::string>& args) {
  const char* usage =
      "usage: hmig flume dual-write --conf flume.conf --agent NAME --new-fs URI [--sink NAME] "
      "[--out FILE] [--filters FILE] [--now TIME] [--timezone TZ] [--lead MIN] "
      "[--new-required] [--json]\n";
  if (!args.empty() && args[0] == "dual-write") {
    return RunDualWrite(std::vector<std::string>(args.begin() + 1, args.end()));
  }
  if (!args.empty() && (args[0] == "--help" || args[0] == "-h")) {
    std::fputs(usage, stdout);
    return kExitOk;
  }
  std::fputs(usage, stderr);
  return kExitUsage;
}

RegisterCommand reg("flume", "generate a Flume double-write configuration and cutover plan",
                    RunFlume);

}  // namespace
}  // namespace hmig::cli
