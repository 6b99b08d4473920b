// `hmig verify`: compares SOURCE... with TARGET and proves (or disproves) that
// nothing was lost. Prints a summary, writes --json/--html reports, and exits
// 0 identical, 1 differences, 2 usage, 3 error.
#include <unistd.h>

#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <mutex>
#include <thread>

#include "cli/command.h"
#include "cli/verify_run.h"
#include "report/render.h"
#include "util/human.h"
#include "verify/verify_job.h"

namespace hmig::cli {

namespace {

// Redraws one status line on stderr while the comparison runs; silent when
// stderr is not a terminal.
class VerifyProgressLine {
 public:
  explicit VerifyProgressLine(const verify::VerifyProgress& p) : p_(p) {
    if (isatty(STDERR_FILENO)) thread_ = std::thread([this] { Loop(); });
  }
  ~VerifyProgressLine() {
    if (!thread_.joinable()) return;
    {
      std::lock_guard lock(mu_);
      done_ = true;
    }
    cv_.notify_all();
    thread_.join();
    std::fprintf(stderr, "\r\033[K");
  }

 private:
  void Loop() {
    const auto start = std::chrono::steady_clock::now();
    std::unique_lock lock(mu_);
    while (!cv_.wait_for(lock, std::chrono::milliseconds(500), [&] { return done_; })) {
      double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
      double bytes = static_cast<double>(p_.bytes_read.load());
      std::fprintf(stderr,
                   "\r\033[Kverify: source %llu, target %llu entries; %llu files compared; %s read "
                   "(%s/s); %llu differences",
                   static_cast<unsigned long long>(p_.source_entries.load()),
                   static_cast<unsigned long long>(p_.target_entries.load()),
                   static_cast<unsigned long long>(p_.files_compared.load()),
                   HumanBytes(bytes).c_str(), HumanBytes(secs > 0 ? bytes / secs : 0).c_str(),
                   static_cast<unsigned long long>(p_.differences.load()));
    }
  }

  const verify::VerifyProgress& p_;
  std::thread thread_;
  std::mutex mu_;
  std::condition_variable cv_;
  bool done_ = false;
};

}  // namespace

VerifyRunResult RunVerification(const verify::VerifyOptions& options,
                                report::ComparisonReport& report, const char* who) {
  verify::VerifyJob job(options);
  Status status;
  {
    VerifyProgressLine progress(job.progress());
    status = job.Run(report);
  }
  VerifyRunResult result;
  std::fputs(report::RenderTerminal(report).c_str(), stdout);
  std::fflush(stdout);
  bool write_failed = false;
  if (!options.json_file.empty()) {
    Status s = report::WriteJson(report, options.json_file);
    if (!s.ok()) {
      std::fprintf(stderr, "%s: %s\n", who, s.ToString().c_str());
      write_failed = true;
    } else {
      std::printf("  json report  %s\n", options.json_file.c_str());
    }
  }
  if (!options.html_file.empty()) {
    Status s = report::WriteHtml(report, options.html_file);
    if (!s.ok()) {
      std::fprintf(stderr, "%s: %s\n", who, s.ToString().c_str());
      write_failed = true;
    } else {
      std::printf("  html report  %s\n", options.html_file.c_str());
    }
  }
  if (!status.ok()) {
    std::fprintf(stderr, "%s: error: %s\n", who, report::Printable(status.ToString()).c_str());
    result.exit_code = status.code() == StatusCode::kInvalidArgument ? kExitUsage : kExitFatal;
    return result;
  }
  if (write_failed || report.totals().errors() > 0) {
    result.exit_code = kExitFatal;
  } else if (report.totals().total_differences() > 0) {
    result.exit_code = kExitPartial;
  }
  return result;
}

namespace {

int RunVerify(const std::vector<std::string>& args) {
  auto parsed = verify::ParseVerifyArgs(args);
  if (!parsed.ok()) {
    std::fprintf(stderr, "hmig verify: %s\n", parsed.status().ToString().c_str());
    std::fprintf(stderr, "usage: hmig verify [OPTIONS] SOURCE... TARGET (hmig verify --help)\n");
    return kExitUsage;
  }
  if (parsed->help) {
    std::fputs(verify::VerifyUsage().c_str(), stdout);
    return kExitOk;
  }
  for (const auto& w : parsed->warnings)
    std::fprintf(stderr, "hmig verify: warning: %s\n", w.c_str());
  if (!parsed->ignored.empty()) {
    std::string list;
    for (const auto& o : parsed->ignored) list += (list.empty() ? "" : ", ") + o;
    std::fprintf(stderr, "hmig verify: note: %s: copy options, no effect on a verification\n",
                 list.c_str());
  }
  report::ComparisonReport report;
  return RunVerification(*parsed, report, "hmig verify").exit_code;
}

const RegisterCommand kRegister(
    "verify", "prove TARGET holds what SOURCE holds (report: terminal, JSON, HTML)", RunVerify);

}  // namespace
}  // namespace hmig::cli
