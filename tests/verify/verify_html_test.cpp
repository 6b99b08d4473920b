// The HTML report: one self-contained file (no network, nothing external), with
// names escaped, and (when Debian's chromium is installed) rendered by headless
// Chromium with its script running.
#include <gtest/gtest.h>

#include <filesystem>
#include <regex>

#include "support/run.h"
#include "support/temp_dir.h"

namespace hmig::testing {
namespace {

std::string MakeReport(const TempDir& tmp) {
  WriteFile(tmp / "s/warehouse/a.db/t1/part-0", "one");
  WriteFile(tmp / "s/warehouse/a.db/t2/<b>bold</b> & \"quoted\"", "two");
  WriteFile(tmp / "s/warehouse/a.db/t2/line\nbreak", "three");
  WriteFile(tmp / "t/warehouse/a.db/t1/part-0", "one");
  WriteFile(tmp / "t/warehouse/a.db/t3/extra", "four");
  auto r = RunHmig({"verify", tmp / "s", tmp / "t", "--html", tmp / "r.html"});
  EXPECT_EQ(r.exit_code, 1) << r.out << r.err;
  return ReadFile(tmp / "r.html");
}

TEST(VerifyHtml, IsSelfContainedAndEscapesNames) {
  TempDir tmp;
  std::string html = MakeReport(tmp);
  ASSERT_FALSE(html.empty());
  EXPECT_EQ(html.find("http://"), std::string::npos);
  EXPECT_EQ(html.find("https://"), std::string::npos);
  EXPECT_EQ(html.find("//cdn"), std::string::npos);
  EXPECT_FALSE(std::regex_search(html, std::regex("<script[^>]*src", std::regex::icase)));
  EXPECT_FALSE(std::regex_search(html, std::regex("<link", std::regex::icase)));
  EXPECT_FALSE(std::regex_search(html, std::regex("@import|url\\(", std::regex::icase)));
  EXPECT_NE(html.find("<svg"), std::string::npos);
  EXPECT_NE(html.find("<table class=\"sortable\" id=\"groups\""), std::string::npos);
  EXPECT_NE(html.find("&lt;b&gt;bold&lt;/b&gt; &amp; &quot;quoted&quot;"), std::string::npos);
  EXPECT_EQ(html.find("<b>bold</b>"), std::string::npos);
  EXPECT_NE(html.find("line\\nbreak"), std::string::npos);
  EXPECT_NE(html.find("warehouse/a.db/t3"), std::string::npos);
}

bool HaveChromium() {
  return std::filesystem::exists("/usr/bin/chromium");
}

std::vector<std::string> ChromiumArgs(const TempDir& tmp) {
  return {"/usr/bin/chromium",
          "--headless",
          "--no-sandbox",
          "--disable-gpu",
          "--disable-background-networking",
          "--disable-component-update",
          "--disable-sync",
          "--no-first-run",
          "--user-data-dir=" + (tmp / "profile"),
          "--window-size=1280,2000"};
}

TEST(VerifyHtml, RendersInHeadlessChromiumWithItsScriptRunning) {
  if (!HaveChromium())
    GTEST_SKIP() << "Debian's chromium is not installed (scripts/install-deps.sh)";
  TempDir tmp;
  MakeReport(tmp);
  std::filesystem::create_directories(tmp / "profile");
  auto dom_args = ChromiumArgs(tmp);
  dom_args.push_back("--dump-dom");
  dom_args.push_back("file://" + (tmp / "r.html"));
  auto dom = RunProgram(dom_args);
  ASSERT_EQ(dom.exit_code, 0) << dom.err;
  EXPECT_NE(dom.out.find("data-sortable=\"ready\""), std::string::npos)
      << "the inline script did not run";
  EXPECT_NE(dom.out.find("<rect"), std::string::npos);

  auto shot_args = ChromiumArgs(tmp);
  shot_args.push_back("--screenshot=" + (tmp / "report.png"));
  shot_args.push_back("file://" + (tmp / "r.html"));
  auto shot = RunProgram(shot_args);
  ASSERT_EQ(shot.exit_code, 0) << shot.err;
  std::string png = ReadFile(tmp / "report.png");
  ASSERT_GT(png.size(), 10000u);  // a blank page compresses to far less
  EXPECT_EQ(png.substr(1, 3), "PNG");
  // IHDR width, big-endian, at offset 16: the window width.
  uint32_t width = (static_cast<unsigned char>(png[16]) << 24) |
                   (static_cast<unsigned char>(png[17]) << 16) |
                   (static_cast<unsigned char>(png[18]) << 8) | static_cast<unsigned char>(png[19]);
  EXPECT_EQ(width, 1280u);
  if (const char* keep = std::getenv("HMIG_KEEP_SCREENSHOT")) {
    std::filesystem::copy_file(tmp / "report.png", keep,
                               std::filesystem::copy_options::overwrite_existing);
  }
}

}  // namespace
}  // namespace hmig::testing
