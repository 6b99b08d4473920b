// `hmig flume dual-write` on a flume.conf with two agents and several sinks, through the
// real binary, and the cutover arithmetic on its own.
#include <gtest/gtest.h>

#include <regex>

#include "conf/java_properties.h"
#include "flume/cutover.h"
#include "flume/flume_config.h"
#include "run_hmig.h"

namespace hmig::testing {
namespace {

const char* kFlumeConf =
    R"(# Collector: Kafka -> file channel -> two load-balanced HDFS sinks; HTTP -> logger
collector.sources = kafka-src http-src
collector.channels = fc1 mem1
collector.sinks = hdfs1 hdfs2 log1
collector.sinkgroups = g1

collector.sources.kafka-src.type = org.apache.flume.source.kafka.KafkaSource
collector.sources.kafka-src.kafka.bootstrap.servers = kafka1:9092,kafka2:9092
collector.sources.kafka-src.kafka.topics = events
collector.sources.kafka-src.channels = fc1 mem1

collector.sources.http-src.type = http
collector.sources.http-src.port = 5140
collector.sources.http-src.channels = mem1

collector.channels.fc1.type = file
collector.channels.fc1.checkpointDir = /data/flume/checkpoint
collector.channels.fc1.dataDirs = /data1/flume/data, /data2/flume/data
collector.channels.fc1.capacity = 1000000
collector.channels.fc1.transactionCapacity = 10000

collector.channels.mem1.type = memory
collector.channels.mem1.capacity = 10000

collector.sinks.hdfs1.type = hdfs
collector.sinks.hdfs1.channel = fc1
collector.sinks.hdfs1.hdfs.path = hdfs://oldcluster:8020/flume/events/dt=%Y-%m-%d/hour=%H
collector.sinks.hdfs1.hdfs.filePrefix = events-1
collector.sinks.hdfs1.hdfs.rollInterval = 300
collector.sinks.hdfs1.hdfs.useLocalTimeStamp = true
collector.sinks.hdfs1.hdfs.timeZone = GMT+8

collector.sinks.hdfs2.type = hdfs
collector.sinks.hdfs2.channel = fc1
collector.sinks.hdfs2.hdfs.path = hdfs://oldcluster:8020/flume/events/dt=%Y-%m-%d/hour=%H
collector.sinks.hdfs2.hdfs.filePrefix = events-2
collector.sinks.hdfs2.hdfs.useLocalTimeStamp = true
collector.sinks.hdfs2.hdfs.timeZone = GMT+8

collector.sinks.log1.type = logger
collector.sinks.log1.channel = mem1

collector.sinkgroups.g1.sinks = hdfs1 hdfs2
collector.sinkgroups.g1.processor.type = load_balance

# Web: taildir -> memory -> HDFS in 10-minute partitions, multiplexed on a header
web.sources = tail
web.channels = c1
web.sinks = k1
web.sources.tail.type = TAILDIR
web.sources.tail.filegroups = f1
web.sources.tail.filegroups.f1 = /var/log/nginx/access.log
web.sources.tail.channels = c1
web.sources.tail.selector.type = multiplexing
web.sources.tail.selector.header = type
web.sources.tail.selector.mapping.access = c1
web.sources.tail.selector.default = c1
web.channels.c1.type = memory
web.channels.c1.capacity = 20000
web.channels.c1.transactionCapacity = 1000
web.sinks.k1.type = hdfs
web.sinks.k1.channel = c1
web.sinks.k1.hdfs.path = /weblogs/%Y%m%d/%H%M
web.sinks.k1.hdfs.round = true
web.sinks.k1.hdfs.roundValue = 10
web.sinks.k1.hdfs.roundUnit = minute
web.sinks.k1.hdfs.timeZone = UTC
)";

flume::Agent ParseAgent(const std::string& text, const std::string& name) {
  auto pf = conf::PropertiesFile::Parse(text, "generated");
  EXPECT_TRUE(pf.ok());
  return flume::ParseAgents(*pf)[name];
}

bool AnyMatches(const std::vector<std::string>& patterns, const std::string& path) {
  for (const auto& p : patterns) {
    if (std::regex_match(path, std::regex(p))) return true;
  }
  return false;
}

TEST(FlumeDualWriteTest, CollectorGetsTwinChannelAndTwinSinksOnTheNewCluster) {
  TempDir dir;
  WriteFile(dir / "flume.conf", kFlumeConf);
  auto run = RunHmig({"flume", "dual-write", "--conf", dir / "flume.conf", "--agent", "collector",
                      "--new-fs", "hdfs://emr-cluster", "--out", dir / "dual.conf", "--filters",
                      dir / "filters.txt", "--now", "2026-11-25T08:37", "--json"});
  ASSERT_EQ(run.exit_code, 0) << run.err << run.out;
  auto j = run.Json();
  std::string config = ReadFile(dir / "dual.conf");
  auto a = ParseAgent(config, "collector");
  using flume::ComponentKind;
  EXPECT_EQ(a.List(ComponentKind::kChannel), (std::vector<std::string>{"fc1", "fc1_new", "mem1"}));
  EXPECT_EQ(a.List(ComponentKind::kSink),
            (std::vector<std::string>{"hdfs1", "hdfs1_new", "hdfs2", "hdfs2_new", "log1"}));
  EXPECT_TRUE(flume::ValidateAgent(a, "generated").empty());
  const auto* fc = a.Get(ComponentKind::kChannel, "fc1_new");
  ASSERT_NE(fc, nullptr);
  EXPECT_EQ(fc->props.at("type"), "file");
  EXPECT_EQ(fc->props.at("capacity"), "1000000");
  EXPECT_EQ(fc->props.at("transactionCapacity"), "10000");
  EXPECT_EQ(fc->props.at("checkpointDir"), "/data/flume/checkpoint-fc1_new");
  EXPECT_EQ(fc->props.at("dataDirs"), "/data1/flume/data-fc1_new,/data2/flume/data-fc1_new");
  const auto* k = a.Get(ComponentKind::kSink, "hdfs1_new");
  ASSERT_NE(k, nullptr);
  EXPECT_EQ(k->props.at("channel"), "fc1_new");
  EXPECT_EQ(k->props.at("hdfs.path"), "hdfs://emr-cluster/flume/events/dt=%Y-%m-%d/hour=%H");
  EXPECT_EQ(k->props.at("hdfs.filePrefix"), "events-1");
  EXPECT_EQ(k->props.at("hdfs.rollInterval"), "300");
  EXPECT_EQ(a.Get(ComponentKind::kSink, "hdfs2_new")->props.at("channel"), "fc1_new");
  const auto* src = a.Get(ComponentKind::kSource, "kafka-src");
  EXPECT_EQ(src->props.at("channels"), "fc1 fc1_new mem1");
  EXPECT_EQ(src->props.at("selector.type"), "replicating");
  EXPECT_EQ(src->props.at("selector.optional"), "fc1_new");
  EXPECT_EQ(a.Get(ComponentKind::kSource, "http-src")->props.at("channels"), "mem1");
  EXPECT_EQ(a.Get(ComponentKind::kSink, "log1_new"), nullptr);
  EXPECT_EQ(a.Get(ComponentKind::kChannel, "mem1_new"), nullptr);
  // Everything else is byte for byte the original, the web agent included.
  auto orig_lines = [](const std::string& t) {
    std::vector<std::string> lines;
    size_t p = 0;
    while (p < t.size()) {
      size_t n = t.find('\n', p);
      lines.push_back(t.substr(p, n - p));
      p = n + 1;
    }
    return lines;
  };
  auto before = orig_lines(kFlumeConf), after = orig_lines(config);
  int changed = 0;
  for (size_t i = 0; i < before.size(); ++i) changed += before[i] != after[i];
  EXPECT_EQ(changed, 3);  // collector.channels, collector.sinks, kafka-src.channels
  EXPECT_NE(config.find("collector.sources.kafka-src.selector.type = replicating"),
            std::string::npos);

  // Cutover: hourly partitions in GMT+8; at 08:37 with a 10-minute lead the boundary is 09:00.
  ASSERT_EQ(j["sinks"].size(), 2u);
  EXPECT_EQ(j["sinks"][0]["partition"]["unit"], "hour");
  EXPECT_EQ(j["sinks"][0]["partition"]["boundary"], "2026-11-25 09:00:00 +0800");
  EXPECT_EQ(j["cutover"]["deadline"], "2026-11-25 08:50:00 +0800");
  EXPECT_EQ(j["cutover"]["start_after"], "2026-11-25 08:37:00 +0800");
  std::vector<std::string> filters;
  for (const auto& line : orig_lines(ReadFile(dir / "filters.txt"))) filters.push_back(line);
  ASSERT_FALSE(filters.empty());
  const std::string base = "hdfs://oldcluster:8020/flume/events/";
  EXPECT_TRUE(AnyMatches(filters, base + "dt=2026-11-25/hour=09/events-1.1764032400000"));
  EXPECT_TRUE(AnyMatches(filters, base + "dt=2026-11-25/hour=09"));
  EXPECT_TRUE(AnyMatches(filters, base + "dt=2026-11-25/hour=23/x"));
  EXPECT_TRUE(AnyMatches(filters, base + "dt=2026-11-26/hour=00/x"));
  EXPECT_TRUE(AnyMatches(filters, base + "dt=2026-12-01/hour=05/x"));
  EXPECT_TRUE(AnyMatches(filters, base + "dt=2027-01-01/hour=00/x"));
  EXPECT_TRUE(AnyMatches(filters, "/flume/events/dt=2026-11-25/hour=10/x"));
  EXPECT_FALSE(AnyMatches(filters, base + "dt=2026-11-25/hour=08/events-1.1764030000000"));
  EXPECT_FALSE(AnyMatches(filters, base + "dt=2026-11-24/hour=23/x"));
  EXPECT_FALSE(AnyMatches(filters, base + "dt=2025-12-31/hour=23/x"));
  EXPECT_FALSE(AnyMatches(filters, base + "dt=2026-10-30/hour=12/x"));
  EXPECT_FALSE(AnyMatches(filters, "hdfs://oldcluster:8020/other/dt=2026-11-26/hour=00/x"));
  EXPECT_FALSE(AnyMatches(filters, base));
  bool dir_note = false;
  for (const auto& n : j["notes"]) {
    dir_note |= n.get<std::string>().find("create /data/flume/checkpoint-fc1_new") == 0;
  }
  EXPECT_TRUE(dir_note) << j["notes"].dump();
}

TEST(FlumeDualWriteTest, MultiplexingAgentWithTenMinutePartitions) {
  TempDir dir;
  WriteFile(dir / "flume.conf", kFlumeConf);
  auto run =
      RunHmig({"flume", "dual-write", "--conf", dir / "flume.conf", "--agent", "web", "--new-fs",
               "hdfs://emr-cluster/", "--now", "2026-11-25T08:37:00", "--lead", "5", "--json"});
  ASSERT_EQ(run.exit_code, 0) << run.err;  // complete plan; the timestamp caveat is a note
  auto j = run.Json();
  auto a = ParseAgent(j["config"], "web");
  using flume::ComponentKind;
  const auto* src = a.Get(ComponentKind::kSource, "tail");
  EXPECT_EQ(src->props.at("channels"), "c1 c1_new");
  EXPECT_EQ(src->props.at("selector.type"), "multiplexing");
  EXPECT_EQ(src->props.at("selector.mapping.access"), "c1 c1_new");
  EXPECT_EQ(src->props.at("selector.default"), "c1 c1_new");
  EXPECT_EQ(src->props.at("selector.optional.access"), "c1_new");
  EXPECT_EQ(a.Get(ComponentKind::kChannel, "c1_new")->props.at("capacity"), "20000");
  EXPECT_EQ(a.Get(ComponentKind::kSink, "k1_new")->props.at("hdfs.path"),
            "hdfs://emr-cluster/weblogs/%Y%m%d/%H%M");
  EXPECT_TRUE(flume::ValidateAgent(a, "generated").empty());
  const auto& p = j["sinks"][0]["partition"];
  EXPECT_EQ(p["unit"], "minute");
  EXPECT_EQ(p["step"], 10);
  EXPECT_EQ(p["boundary"], "2026-11-25 08:50:00 +0000");
  EXPECT_EQ(j["cutover"]["start_after"], "2026-11-25 08:40:00 +0000");
  EXPECT_EQ(j["cutover"]["deadline"], "2026-11-25 08:45:00 +0000");
  std::vector<std::string> filters = j["sinks"][0]["filters"];
  EXPECT_TRUE(AnyMatches(filters, "hdfs://oldcluster/weblogs/20261125/0850/FlumeData.1"));
  EXPECT_TRUE(AnyMatches(filters, "/weblogs/20261125/0900"));
  EXPECT_TRUE(AnyMatches(filters, "/weblogs/20261126/0000/x"));
  EXPECT_FALSE(AnyMatches(filters, "/weblogs/20261125/0840/x"));
  EXPECT_FALSE(AnyMatches(filters, "/weblogs/20261125/0759/x"));
  bool timestamp_note = false;
  for (const auto& n : j["notes"]) {
    timestamp_note |=
        n.get<std::string>().find("hdfs.useLocalTimeStamp is false") != std::string::npos;
  }
  EXPECT_TRUE(timestamp_note);
}

TEST(FlumeDualWriteTest, InvalidInputsAreReportedWithFileAndLine) {
  TempDir dir;
  WriteFile(dir / "flume.conf", kFlumeConf);
  auto unknown = RunHmig({"flume", "dual-write", "--conf", dir / "flume.conf", "--agent", "a9",
                          "--new-fs", "hdfs://emr-cluster"});
  EXPECT_EQ(unknown.exit_code, 3);
  EXPECT_NE(unknown.err.find("no agent 'a9' (agents in the file: collector, web)"),
            std::string::npos)
      << unknown.err;
  auto logger = RunHmig({"flume", "dual-write", "--conf", dir / "flume.conf", "--agent",
                         "collector", "--sink", "log1", "--new-fs", "hdfs://emr-cluster"});
  EXPECT_EQ(logger.exit_code, 3);
  EXPECT_NE(logger.err.find("no HDFS sink named 'log1'"), std::string::npos) << logger.err;
  auto bad_fs = RunHmig({"flume", "dual-write", "--conf", dir / "flume.conf", "--agent", "web",
                         "--new-fs", "emr-cluster"});
  EXPECT_EQ(bad_fs.exit_code, 2);
  std::string broken = kFlumeConf;
  broken.replace(broken.find("web.sinks.k1.channel = c1"), 25, "web.sinks.k1.channel = c9");
  WriteFile(dir / "broken.conf", broken);
  auto b = RunHmig({"flume", "dual-write", "--conf", dir / "broken.conf", "--agent", "web",
                    "--new-fs", "hdfs://emr-cluster"});
  EXPECT_EQ(b.exit_code, 3);
  EXPECT_NE(b.err.find(dir / "broken.conf:62: agent web: sink 'k1' reads channel 'c9', which is "
                             "not in web.channels"),
            std::string::npos)
      << b.err;
  WriteFile(dir / "escape.conf", "a.sources = r\\u00zz\n");
  auto e = RunHmig({"flume", "dual-write", "--conf", dir / "escape.conf", "--agent", "a",
                    "--new-fs", "hdfs://x"});
  EXPECT_EQ(e.exit_code, 3);
  EXPECT_NE(e.err.find("escape.conf: line 1: malformed \\uxxxx escape"), std::string::npos)
      << e.err;
}

TEST(FlumeDualWriteTest, TextModeWritesConfigToStdoutAndReportToStderr) {
  TempDir dir;
  WriteFile(dir / "flume.conf", kFlumeConf);
  auto run =
      RunHmig({"flume", "dual-write", "--conf", dir / "flume.conf", "--agent", "collector",
               "--sink", "hdfs2", "--new-fs", "hdfs://emr-cluster", "--now", "2026-11-25T08:37"});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  auto a = ParseAgent(run.out, "collector");
  EXPECT_EQ(a.List(flume::ComponentKind::kSink),
            (std::vector<std::string>{"hdfs1", "hdfs2", "hdfs2_new", "log1"}));
  EXPECT_NE(run.err.find("cutover: start the double-writing agent after 2026-11-25 08:37:00 "
                         "+0800 and before 2026-11-25 08:50:00 +0800"),
            std::string::npos)
      << run.err;
  EXPECT_NE(run.err.find("sink group g1"), std::string::npos);
}

TEST(FlumeDualWriteTest, KafkaChannelTwinGetsItsOwnTopicAndCustomSelectorIsKept) {
  TempDir dir;
  WriteFile(dir / "kafka.conf",
            "k.sources = s\nk.channels = kc\nk.sinks = h\n"
            "k.sources.s.type = avro\nk.sources.s.bind = 0.0.0.0\nk.sources.s.port = 4141\n"
            "k.sources.s.channels = kc\n"
            "k.sources.s.selector.type = com.example.MySelector\n"
            "k.channels.kc.type = org.apache.flume.channel.kafka.KafkaChannel\n"
            "k.channels.kc.kafka.bootstrap.servers = kafka1:9092\n"
            "k.channels.kc.kafka.topic = flume-events\n"
            "k.sinks.h.type = hdfs\nk.sinks.h.channel = kc\n"
            "k.sinks.h.hdfs.path = hdfs://oldcluster:8020/k/%Y%m%d\n"
            "k.sinks.h.hdfs.kerberosPrincipal = flume/_HOST@EXAMPLE.COM\n");
  auto run =
      RunHmig({"flume", "dual-write", "--conf", dir / "kafka.conf", "--agent", "k", "--new-fs",
               "hdfs://emr-cluster", "--timezone", "UTC", "--now", "2026-11-25T08:00", "--json"});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  auto j = run.Json();
  auto a = ParseAgent(j["config"], "k");
  const auto* twin = a.Get(flume::ComponentKind::kChannel, "kc_new");
  ASSERT_NE(twin, nullptr);
  EXPECT_EQ(twin->props.at("kafka.topic"), "flume-events-kc_new");
  EXPECT_EQ(twin->props.at("kafka.consumer.group.id"), "flume-kc_new");
  EXPECT_EQ(twin->props.at("kafka.bootstrap.servers"), "kafka1:9092");
  const auto* src = a.Get(flume::ComponentKind::kSource, "s");
  EXPECT_EQ(src->props.at("selector.type"), "com.example.MySelector");
  EXPECT_EQ(src->props.at("channels"), "kc kc_new");
  std::string notes = j["notes"].dump();
  EXPECT_NE(notes.find("custom selector"), std::string::npos) << notes;
  EXPECT_NE(notes.find("its own topic"), std::string::npos) << notes;
  EXPECT_NE(notes.find("Kerberos principal"), std::string::npos) << notes;
  EXPECT_EQ(j["sinks"][0]["partition"]["boundary"], "2026-11-26 00:00:00 +0000");

  WriteFile(dir / "nopath.conf",
            "k.sources = s\nk.channels = c\nk.sinks = h\nk.sources.s.type = netcat\n"
            "k.sources.s.channels = c\nk.channels.c.type = memory\nk.sinks.h.type = hdfs\n"
            "k.sinks.h.channel = c\n");
  auto nopath = RunHmig({"flume", "dual-write", "--conf", dir / "nopath.conf", "--agent", "k",
                         "--new-fs", "hdfs://emr-cluster"});
  EXPECT_EQ(nopath.exit_code, 3);
  EXPECT_NE(nopath.err.find("nopath.conf: line 7: agent k: HDFS sink 'h' has no hdfs.path"),
            std::string::npos)
      << nopath.err;
}

using flume::InferPartitionScheme;
using flume::TimeUnit;

TEST(FlumeCutoverTest, GranularityFromEscapesAndRounding) {
  EXPECT_EQ(InferPartitionScheme({{"hdfs.path", "/a/%Y/%m/%d"}}, "UTC")->unit, TimeUnit::kDay);
  EXPECT_EQ(InferPartitionScheme({{"hdfs.path", "/a/%Y%m"}}, "UTC")->unit, TimeUnit::kMonth);
  EXPECT_EQ(InferPartitionScheme({{"hdfs.path", "/a/%{topic}/%y-%m-%d-%H"}}, "UTC")->unit,
            TimeUnit::kHour);
  auto two_hours = InferPartitionScheme({{"hdfs.path", "/a/%Y%m%d/%H"},
                                         {"hdfs.round", "true"},
                                         {"hdfs.roundValue", "2"},
                                         {"hdfs.roundUnit", "hour"}},
                                        "UTC");
  EXPECT_EQ(two_hours->Describe(), "2 hours");
  auto hourly_by_rounding = InferPartitionScheme(
      {{"hdfs.path", "/a/%Y%m%d/%H%M"}, {"hdfs.round", "true"}, {"hdfs.roundUnit", "hour"}}, "UTC");
  EXPECT_EQ(hourly_by_rounding->Describe(), "1 hour");
  EXPECT_FALSE(InferPartitionScheme({{"hdfs.path", "/a/static"}}, "UTC").ok());
  EXPECT_FALSE(
      InferPartitionScheme(
          {{"hdfs.path", "/a/%H"}, {"hdfs.round", "true"}, {"hdfs.roundUnit", "day"}}, "UTC")
          .ok());
  EXPECT_FALSE(InferPartitionScheme({{"hdfs.path", "/a/%H"}}, "Mars/Olympus").ok());
}

TEST(FlumeCutoverTest, BoundariesAcrossDaysMonthsYearsAndZones) {
  auto daily = *InferPartitionScheme({{"hdfs.path", "/d/%Y-%m-%d"}}, "UTC");
  int64_t t = *flume::ParseTime(daily, "2026-12-31T23:30");
  EXPECT_EQ(*flume::FormatTime(daily, *flume::NextBoundary(daily, t)), "2027-01-01 00:00:00 +0000");
  auto filters = *flume::PartitionFiltersFrom(daily, *flume::NextBoundary(daily, t));
  EXPECT_TRUE(AnyMatches(filters, "/d/2027-01-01/x"));
  EXPECT_TRUE(AnyMatches(filters, "/d/2030-06-15"));
  EXPECT_FALSE(AnyMatches(filters, "/d/2026-12-31/x"));
  auto shanghai = *InferPartitionScheme(
      {{"hdfs.path", "/h/%Y%m%d%H"}, {"hdfs.timeZone", "Asia/Shanghai"}}, "UTC");
  int64_t noon_utc = *flume::ParseTime(daily, "2026-11-25T12:10");
  EXPECT_EQ(*flume::FormatTime(shanghai, *flume::NextBoundary(shanghai, noon_utc)),
            "2026-11-25 21:00:00 +0800");
  auto java_offset = *InferPartitionScheme({{"hdfs.path", "/h/%Y%m%d%H"}}, "GMT-5");
  EXPECT_EQ(*flume::FormatTime(java_offset, noon_utc), "2026-11-25 07:10:00 -0500");
  auto month = *InferPartitionScheme({{"hdfs.path", "/m/%Y/%m"}}, "UTC");
  EXPECT_EQ(*flume::FormatTime(month, *flume::NextBoundary(month, t)), "2027-01-01 00:00:00 +0000");
  auto doy = *InferPartitionScheme({{"hdfs.path", "/j/%Y/%j"}}, "UTC");
  auto doy_filters = *flume::PartitionFiltersFrom(doy, *flume::ParseTime(doy, "2026-02-10"));
  EXPECT_TRUE(AnyMatches(doy_filters, "/j/2026/041"));
  EXPECT_TRUE(AnyMatches(doy_filters, "/j/2026/100"));
  EXPECT_FALSE(AnyMatches(doy_filters, "/j/2026/040"));
}

TEST(FlumeCutoverTest, FiltersRefusedWhereNamesDoNotSortByTime) {
  auto epoch = *InferPartitionScheme({{"hdfs.path", "/e/%s"}}, "UTC");
  EXPECT_EQ(flume::PartitionFiltersFrom(epoch, 0).status().code(), StatusCode::kUnsupported);
  auto names = *InferPartitionScheme({{"hdfs.path", "/e/%Y/%b"}}, "UTC");
  EXPECT_FALSE(flume::PartitionFiltersFrom(names, 0).ok());
  auto order = *InferPartitionScheme({{"hdfs.path", "/e/%H/%Y%m%d"}}, "UTC");
  auto r = flume::PartitionFiltersFrom(order, 0);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("not ordered"), std::string::npos);
  auto no_year = *InferPartitionScheme({{"hdfs.path", "/e/%m%d"}}, "UTC");
  EXPECT_FALSE(flume::PartitionFiltersFrom(no_year, 0).ok());
}

TEST(JavaPropertiesTest, JavaSyntaxAndMinimalEdits) {
  std::string text =
      "# comment\n! also a comment\nkey1 = value one\nkey2:value2\nkey3 value3\n"
      "multi = first \\\n        second\nesc\\ key = a\\tb \\u0041\n  indented=yes\nkey1=again";
  auto pf = conf::PropertiesFile::Parse(text, "p");
  ASSERT_TRUE(pf.ok());
  EXPECT_EQ(*pf->Get("key1"), "again");
  EXPECT_EQ(*pf->Get("key2"), "value2");
  EXPECT_EQ(*pf->Get("key3"), "value3");
  EXPECT_EQ(*pf->Get("multi"), "first second");
  EXPECT_EQ(*pf->Get("esc key"), "a\tb A");
  EXPECT_EQ(*pf->Get("indented"), "yes");
  EXPECT_EQ(pf->Find("multi")->line, 6);
  pf->Set("multi", "one line");
  pf->Set("new.key", "x=y");
  EXPECT_EQ(pf->ToString(),
            "# comment\n! also a comment\nkey1 = value one\nkey2:value2\nkey3 value3\n"
            "multi = one line\nesc\\ key = a\\tb \\u0041\n  indented=yes\nkey1=again\n"
            "new.key = x=y\n");
}

}  // namespace
}  // namespace hmig::testing
