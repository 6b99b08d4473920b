// `hmig verify` through the real binary on real trees: every kind of difference,
// awkward names, exit codes, the JSON report parsed and checked.
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <unistd.h>

#include <filesystem>
#include <map>
#include <nlohmann/json.hpp>

#include "support/run.h"
#include "support/temp_dir.h"

namespace hmig::testing {
namespace {

namespace stdfs = std::filesystem;

const std::string kUnicode = "caf\xC3\xA9 \xE2\x9C\x93";  // "café ✓"
const std::string kNewline = "new\nline";

// kind by path, from the JSON report.
std::map<std::string, std::string> KindsByPath(const nlohmann::json& j) {
  std::map<std::string, std::string> out;
  for (const auto& d : j["differences"])
    out[d["path"].get<std::string>()] = d["kind"].get<std::string>();
  return out;
}

nlohmann::json ReadJson(const std::string& path) {
  return nlohmann::json::parse(ReadFile(path));
}

void SetMtime(const std::string& path, time_t seconds) {
  struct timeval tv[2] = {{seconds, 0}, {seconds, 0}};
  ASSERT_EQ(utimes(path.c_str(), tv), 0);
}

// A small Hive-like tree with awkward names; `dst` is an identical copy of `src`.
class VerifyTree : public ::testing::Test {
 protected:
  void SetUp() override {
    for (const std::string& side : {src, dst}) {
      WriteFile(side + "/warehouse/sales.db/orders/dt=2024-01-01/part-0", "orders-0");
      WriteFile(side + "/warehouse/sales.db/orders/dt=2024-01-01/part 1 with spaces", "orders-1");
      WriteFile(side + "/warehouse/sales.db/" + kUnicode + "/part-0", "unicode table");
      WriteFile(side + "/warehouse/sales.db/events/" + kNewline, "newline name");
      WriteFile(side + "/warehouse/web_logs/part-0", "default db table");
      WriteFile(side + "/warehouse/sales.db/events/same-length", "AAAA");
      WriteFile(side + "/warehouse/sales.db/events/longer", "12345");
      WriteFile(side + "/warehouse/sales.db/events/kind", "file");
      stdfs::create_directories(side + "/warehouse/sales.db/empty_table");
    }
    for (auto& e : stdfs::recursive_directory_iterator(src)) {
      SetMtime(e.path().string(), 1700000000);
    }
    for (auto& e : stdfs::recursive_directory_iterator(dst)) {
      SetMtime(e.path().string(), 1700000000);
    }
  }
  TempDir tmp;
  std::string src = tmp / "src", dst = tmp / "dst";
};

TEST_F(VerifyTree, IdenticalTreesExitZeroAndSayIdentical) {
  auto r = RunHmig({"verify", src, dst, "--json", tmp / "r.json", "-pugpt"});
  EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_NE(r.out.find("IDENTICAL"), std::string::npos);
  auto j = ReadJson(tmp / "r.json");
  EXPECT_EQ(j["outcome"], "identical");
  EXPECT_EQ(j["totals"]["source_files"], 8);
  EXPECT_EQ(j["totals"]["files_checksummed"], 8);
  EXPECT_EQ(j["differences"].size(), 0u);
}

TEST_F(VerifyTree, EveryKindOfDifferenceIsFoundAtItsPathAndExitIsOne) {
  const std::string events = "/warehouse/sales.db/events/";
  WriteFile(dst + events + "same-length", "AAAB");                     // checksum
  WriteFile(dst + events + "longer", "123456");                        // length
  stdfs::remove(dst + events + kNewline);                              // missing (newline name)
  stdfs::remove(dst + "/warehouse/sales.db/" + kUnicode + "/part-0");  // missing (unicode)
  WriteFile(dst + "/warehouse/sales.db/orders/extra file", "x");       // extra
  stdfs::remove(dst + events + "kind");
  stdfs::create_directories(dst + events + "kind");  // type
  for (auto& e : stdfs::recursive_directory_iterator(dst)) SetMtime(e.path().string(), 1700000000);
  chmod((dst + "/warehouse/web_logs/part-0").c_str(), 0600);  // attributes (-pp)
  SetMtime(dst + "/warehouse/sales.db/orders/dt=2024-01-01/part 1 with spaces", 1600000000);  // -pt

  auto r = RunHmig({"verify", src, dst, "-ppt", "--json", tmp / "r.json"});
  EXPECT_EQ(r.exit_code, 1) << r.out << r.err;
  auto j = ReadJson(tmp / "r.json");
  EXPECT_EQ(j["outcome"], "differences");
  auto kinds = KindsByPath(j);
  EXPECT_EQ(kinds["warehouse/sales.db/events/same-length"], "checksum");
  EXPECT_EQ(kinds["warehouse/sales.db/events/longer"], "length");
  EXPECT_EQ(kinds["warehouse/sales.db/events/" + kNewline], "missing");
  EXPECT_EQ(kinds["warehouse/sales.db/" + kUnicode + "/part-0"], "missing");
  EXPECT_EQ(kinds["warehouse/sales.db/orders/extra file"], "extra");
  EXPECT_EQ(kinds["warehouse/sales.db/events/kind"], "type");
  EXPECT_EQ(kinds["warehouse/web_logs/part-0"], "attributes");
  EXPECT_EQ(kinds["warehouse/sales.db/orders/dt=2024-01-01/part 1 with spaces"], "attributes");
  EXPECT_EQ(kinds.size(), 8u) << j["differences"].dump(1);
  EXPECT_EQ(j["totals"]["by_kind"]["missing"], 2);
  EXPECT_EQ(j["differences_total"], 8);

  // Groups: Hive tables by default, with their own counts.
  std::map<std::string, nlohmann::json> groups;
  for (const auto& g : j["groups"]) groups[g["group"]] = g;
  ASSERT_TRUE(groups.count("warehouse/sales.db/events"));
  EXPECT_EQ(groups["warehouse/sales.db/events"]["differences"], 4);
  EXPECT_EQ(groups["warehouse/sales.db/orders"]["by_kind"]["extra"], 1);
  // No *.db component: the first component is the group.
  EXPECT_EQ(groups["warehouse"]["by_kind"]["attributes"], 1);
  EXPECT_EQ(groups["warehouse/sales.db/" + kUnicode]["source_files"], 1);

  // The terminal shows the newline name escaped, on one line.
  EXPECT_NE(r.out.find("new\\nline"), std::string::npos) << r.out;
  auto detail = [&](const std::string& path) {
    for (const auto& d : j["differences"]) {
      if (d["path"] == path) return d.value("detail", "");
    }
    return std::string();
  };
  EXPECT_NE(detail("warehouse/web_logs/part-0").find("permission 0644 vs 0600"), std::string::npos);
  EXPECT_NE(detail("warehouse/sales.db/events/longer").find("5 bytes at source, 6 at target"),
            std::string::npos);
}

TEST_F(VerifyTree, SizeOnlyIgnoresAContentChangeOfTheSameLengthVerifyBytesFindsIt) {
  WriteFile(dst + "/warehouse/sales.db/events/same-length", "AAAB");
  EXPECT_EQ(RunHmig({"verify", "--size-only", src, dst}).exit_code, 0);
  EXPECT_EQ(RunHmig({"verify", "-skipcrccheck", "-update", src, dst}).exit_code, 0);
  auto r = RunHmig({"verify", "--verify-bytes", src, dst, "--json", tmp / "r.json"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_EQ(KindsByPath(ReadJson(tmp / "r.json"))["warehouse/sales.db/events/same-length"],
            "checksum");
}

TEST_F(VerifyTree, AttributesAreOnlyComparedWithP) {
  chmod((dst + "/warehouse/web_logs/part-0").c_str(), 0600);
  EXPECT_EQ(RunHmig({"verify", src, dst}).exit_code, 0);
  EXPECT_EQ(RunHmig({"verify", "-pp", src, dst}).exit_code, 1);
  EXPECT_EQ(RunHmig({"verify", "-pug", src, dst}).exit_code, 0);
}

TEST_F(VerifyTree, GroupDepthChoosesTheSummaryLevel) {
  auto r = RunHmig({"verify", src, dst, "--group-depth", "1", "--json", tmp / "r.json"});
  EXPECT_EQ(r.exit_code, 0);
  auto j = ReadJson(tmp / "r.json");
  ASSERT_EQ(j["groups"].size(), 1u);
  EXPECT_EQ(j["groups"][0]["group"], "warehouse");
  EXPECT_EQ(j["groups"][0]["source_files"], 8);
}

TEST_F(VerifyTree, FiltersLeaveOutMatchingSourcesAndTheirTargetCounterparts) {
  WriteFile(src + "/warehouse/tmp_staging/x", "not copied");
  WriteFile(dst + "/warehouse/tmp_staging/y", "left alone at the target");
  WriteFile(tmp / "filters", ".*tmp_staging.*\n");
  EXPECT_EQ(RunHmig({"verify", src, dst}).exit_code, 1);
  auto r = RunHmig({"verify", "-filters", tmp / "filters", src, dst});
  EXPECT_EQ(r.exit_code, 0) << r.out;
}

TEST_F(VerifyTree, SeveralSourcesAndASourceListMapAsDistCpUpdate) {
  TempDir other;
  WriteFile(other / "more/file", "more");
  WriteFile(dst + "/more/file", "more");
  EXPECT_EQ(RunHmig({"verify", src, other.path(), dst}).exit_code, 0);
  WriteFile(tmp / "list", src + "\n" + other.path() + "\n");
  EXPECT_EQ(RunHmig({"verify", "-f", tmp / "list", dst}).exit_code, 0);
  EXPECT_EQ(RunHmig({"verify", src, dst}).exit_code, 1);  // more/file is extra then
}

TEST_F(VerifyTree, MissingTargetMeansEverythingIsMissing) {
  auto r = RunHmig({"verify", src, tmp / "nowhere", "--json", tmp / "r.json"});
  EXPECT_EQ(r.exit_code, 1);
  auto j = ReadJson(tmp / "r.json");
  EXPECT_EQ(j["totals"]["by_kind"]["missing"].get<int>(), 8 + 9);  // files + directories incl. root
}

TEST(VerifyCli, UsageErrorsExitTwo) {
  TempDir tmp;
  EXPECT_EQ(RunHmig({"verify"}).exit_code, 2);
  EXPECT_EQ(RunHmig({"verify", tmp.path()}).exit_code, 2);
  auto r = RunHmig({"verify", "--bogus", tmp.path(), tmp.path()});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("--bogus"), std::string::npos);
  EXPECT_EQ(RunHmig({"verify", "--size-only", "--verify-bytes", tmp.path(), tmp.path()}).exit_code,
            2);
  EXPECT_EQ(RunHmig({"verify", "--group-depth", "x", tmp.path(), tmp.path()}).exit_code, 2);
  EXPECT_EQ(RunHmig({"verify", "-pq", tmp.path(), tmp.path()}).exit_code, 2);
  auto help = RunHmig({"verify", "--help"});
  EXPECT_EQ(help.exit_code, 0);
  EXPECT_NE(help.out.find("--group-depth"), std::string::npos);
}

TEST(VerifyCli, MissingSourceExitsThreeNamingThePath) {
  TempDir tmp;
  auto r = RunHmig({"verify", tmp / "no-such-source", tmp.path()});
  EXPECT_EQ(r.exit_code, 3);
  EXPECT_NE(r.err.find("no-such-source"), std::string::npos);
  EXPECT_NE(r.err.find("does not exist"), std::string::npos);
}

TEST(VerifyCli, UnwritableReportExitsThreeNamingThePath) {
  TempDir tmp;
  WriteFile(tmp / "s/f", "x");
  WriteFile(tmp / "t/f", "x");
  auto r = RunHmig({"verify", tmp / "s", tmp / "t", "--json", tmp / "no/such/dir/r.json"});
  EXPECT_EQ(r.exit_code, 3);
  EXPECT_NE(r.err.find("no/such/dir/r.json"), std::string::npos);
}

TEST(VerifyCli, EveryDifferenceIsInTheJsonBeyondTheTenThousandKeptInMemory) {
  TempDir tmp;
  for (int i = 0; i < 10050; ++i)
    WriteFile(tmp / ("s/d" + std::to_string(i % 7) + "/f" + std::to_string(i)), "");
  stdfs::create_directories(tmp / "t");
  auto r =
      RunHmig({"verify", tmp / "s", tmp / "t", "--json", tmp / "r.json", "--html", tmp / "r.html"});
  EXPECT_EQ(r.exit_code, 1);
  auto j = ReadJson(tmp / "r.json");
  EXPECT_EQ(j["differences"].size(), 10050u + 7u);
  EXPECT_EQ(j["differences_total"], 10057);
  EXPECT_NE(ReadFile(tmp / "r.html").find("first 10000 of 10057"), std::string::npos);
}

TEST(DistCpVerify, RunsTheComparisonAfterTheCopyAndPutsItInTheReport) {
  TempDir tmp;
  WriteFile(tmp / "s/db.db/t/part-0", "data");
  WriteFile(tmp / "s/db.db/t/part 1", "more data");
  auto r = RunHmig({"distcp", "--verify", tmp / "s", tmp / "t", "--report", tmp / "r.json"});
  EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_NE(r.out.find("hmig distcp --verify: IDENTICAL"), std::string::npos) << r.out;
  auto j = ReadJson(tmp / "r.json");
  ASSERT_TRUE(j.contains("verify"));
  EXPECT_EQ(j["verify"]["outcome"], "identical");
  EXPECT_EQ(j["verify"]["totals"]["files_checksummed"], 2);

  // Copied again without -update into the now existing target: DistCp puts the
  // source under t/s, and the verification follows the copy there.
  auto again = RunHmig({"distcp", "-verify", tmp / "s", tmp / "t"});
  EXPECT_EQ(again.exit_code, 0) << again.out << again.err;
  EXPECT_TRUE(stdfs::exists(tmp / "t/s/db.db/t/part-0"));
  EXPECT_NE(again.out.find("IDENTICAL"), std::string::npos);

  // An extra file at the target (no -delete) is reported: exit 1.
  WriteFile(tmp / "t/stray", "x");
  auto update = RunHmig({"distcp", "-update", "--verify", tmp / "s", tmp / "t"});
  EXPECT_EQ(update.exit_code, 1) << update.out;
  EXPECT_NE(update.out.find("stray"), std::string::npos);
}

}  // namespace
}  // namespace hmig::testing
