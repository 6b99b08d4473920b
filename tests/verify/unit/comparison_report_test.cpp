#include <gtest/gtest.h>

#include "report/comparison_report.h"
#include "report/render.h"

namespace hmig::report {
namespace {

TEST(ComparisonReport, KeepsTheFirstTenThousandInMemoryAndSpillsTheRest) {
  ComparisonReport r;
  const size_t n = ComparisonReport::kDifferencesInMemory + 25;
  for (size_t i = 0; i < n; ++i) {
    r.AddDifference({DifferenceKind::kMissing, "p" + std::to_string(i), "g", false, 5, -1,
                     i % 2 ? "detail with\nnewline" : ""});
  }
  EXPECT_EQ(r.shown_differences().size(), ComparisonReport::kDifferencesInMemory);
  EXPECT_EQ(r.totals().total_differences(), n);
  size_t visited = 0;
  std::string last;
  ASSERT_TRUE(r.ForEachDifference([&](const Difference& d) {
                 ++visited;
                 last = d.path;
                 EXPECT_EQ(d.source_length, 5);
                 return Status::OK();
               }).ok());
  EXPECT_EQ(visited, n);
  EXPECT_EQ(last, "p" + std::to_string(n - 1));
  EXPECT_EQ(r.Outcome(), "differences");
}

TEST(ComparisonReport, ErrorsMakeTheOutcomeAnErrorNotADifference) {
  ComparisonReport r;
  r.AddDifference({DifferenceKind::kError, "x", ".", false, -1, -1, "cannot open"});
  EXPECT_EQ(r.totals().total_differences(), 0u);
  EXPECT_EQ(r.Outcome(), "error");
}

TEST(Printable, ControlCharactersBecomeVisibleEscapes) {
  EXPECT_EQ(Printable("a\nb\tc\x1b[31m"), "a\\nb\\tc\\x1b[31m");
  EXPECT_EQ(Printable("\xC3\xA9 ok"), "\xC3\xA9 ok");
}

}  // namespace
}  // namespace hmig::report
