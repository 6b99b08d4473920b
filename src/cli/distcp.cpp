// `hmig distcp`: the DistCp-compatible copy. Parses the flags, runs the job with a
// live progress line on a terminal, prints DistCp-like counters, maps to exit codes.
#include <fmt/format.h>

#include <unistd.h>
#include <cstdlib>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <fstream>
#include <nlohmann/json.hpp>
#include <thread>

#include "cli/command.h"
#include "cli/verify_run.h"
#include "copy/distcp_job.h"
#include "report/render.h"
#include "util/human.h"
#include "verify/verify_options.h"

namespace hmig::cli {
namespace {

using copy::Counters;

// Redraws one status line on stderr while the job runs; silent when not a TTY.
class ProgressLine {
 public:
  explicit ProgressLine(const Counters& c) : counters_(c), enabled_(isatty(STDERR_FILENO)) {
    if (enabled_) thread_ = std::thread([this] { Loop(); });
  }
  ~ProgressLine() { Stop(); }
  void Stop() {
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
    auto start = std::chrono::steady_clock::now();
    std::unique_lock lock(mu_);
    while (!cv_.wait_for(lock, std::chrono::milliseconds(500), [&] { return done_; })) {
      double elapsed =
          std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
      double done = static_cast<double>(counters_.bytes_in_flight_done.load());
      double total = static_cast<double>(counters_.planned_bytes.load());
      const bool listing = !counters_.walk_done.load();
      double rate = elapsed > 0 ? done / elapsed : 0;
      uint64_t files = counters_.files_copied + counters_.files_skipped + counters_.files_failed;
      std::string eta = listing                    ? std::string("- (still listing)")
                        : rate > 0 && total > done ? HumanDuration((total - done) / rate)
                                                   : std::string("-");
      std::fprintf(stderr, "\r\033[Kfiles %llu/%llu  %s/%s  %s/s  ETA %s",
                   static_cast<unsigned long long>(files),
                   static_cast<unsigned long long>(counters_.planned_files.load()),
                   HumanBytes(done).c_str(), HumanBytes(total).c_str(), HumanBytes(rate).c_str(),
                   eta.c_str());
    }
  }

  const Counters& counters_;
  bool enabled_;
  std::thread thread_;
  std::mutex mu_;
  std::condition_variable cv_;
  bool done_ = false;
};

void PrintSummary(const copy::DistCpJob& job) {
  const Counters& c = job.counters();
  const copy::JobReport& r = job.report();
  auto n = [](const std::atomic<uint64_t>& v) { return static_cast<unsigned long long>(v.load()); };
  double throughput = r.elapsed_seconds > 0 ? c.bytes_copied / r.elapsed_seconds : 0;
  std::printf("hmig distcp counters\n");
  std::printf("  files copied       %llu (%s)%s\n", n(c.files_copied),
              HumanBytes(c.bytes_copied).c_str(),
              c.files_appended ? fmt::format(", {} by append", n(c.files_appended)).c_str() : "");
  std::printf("  files skipped      %llu (%s)\n", n(c.files_skipped),
              HumanBytes(c.bytes_skipped).c_str());
  std::printf("  files deleted      %llu (+%llu directories)%s\n", n(c.files_deleted),
              n(c.dirs_deleted), r.delete_skipped ? "  [-delete not run]" : "");
  std::printf("  files failed       %llu\n", n(c.files_failed));
  std::printf("  dirs created       %llu\n", n(c.dirs_created));
  if (c.symlinks_skipped || c.special_files_skipped) {
    std::printf("  links skipped      %llu, special files skipped %llu\n", n(c.symlinks_skipped),
                n(c.special_files_skipped));
  }
  if (c.files_vanished) {
    std::printf("  files vanished     %llu (deleted at the source after listing)\n",
                n(c.files_vanished));
  }
  if (c.files_retried) std::printf("  files retried      %llu\n", n(c.files_retried));
  if (c.stale_temps_removed) {
    std::printf("  stale temp files   %llu removed (left by an interrupted run)\n",
                n(c.stale_temps_removed));
  }
  for (const auto& e : r.endpoints) std::printf("  endpoint           %s\n", e.c_str());
  if (r.runs > 1)
    std::printf("  runs               %llu (this job was resumed)\n",
                static_cast<unsigned long long>(r.runs));
  std::printf("  elapsed            %s\n", HumanDuration(r.elapsed_seconds).c_str());
  std::printf("  throughput         %s/s\n", HumanBytes(throughput).c_str());
  for (const auto& note : r.notes) std::printf("  note: %s\n", note.c_str());
}

int RunDistCp(const std::vector<std::string>& args) {
  auto parsed = copy::ParseDistCpArgs(args);
  if (!parsed.ok()) {
    std::fprintf(stderr, "hmig distcp: %s\n", parsed.status().ToString().c_str());
    std::fprintf(stderr, "usage: hmig distcp [OPTIONS] SOURCE... TARGET (hmig distcp --help)\n");
    return kExitUsage;
  }
  if (parsed->help) {
    std::fputs(copy::DistCpUsage().c_str(), stdout);
    return kExitOk;
  }
  for (const auto& w : parsed->warnings)
    std::fprintf(stderr, "hmig distcp: warning: %s\n", w.c_str());
  if (!parsed->ignored_options.empty()) {
    std::string list;
    for (const auto& o : parsed->ignored_options) list += (list.empty() ? "" : ", ") + o;
    std::fprintf(stderr, "hmig distcp: note: %s accepted for compatibility; no effect here\n",
                 list.c_str());
  }
  // The WebHDFS backend takes its settings from its environment (documented in
  // docs/webhdfs.md); the flags set them for this process only.
  auto set_env = [](const char* name, const std::string& value) {
    if (!value.empty()) setenv(name, value.c_str(), 1);
  };
  set_env("HADOOP_CONF_DIR", parsed->hadoop_conf);
  set_env("HMIG_WEBHDFS_CA_CERT", parsed->ca_cert);
  set_env("HMIG_WEBHDFS_DELEGATION_TOKEN", parsed->delegation_token);
  set_env("HMIG_NAMENODE_HTTP_PORT", parsed->namenode_http_port);
  if (parsed->insecure) {
    setenv("HMIG_WEBHDFS_INSECURE", "1", 1);
    std::fprintf(stderr,
                 "hmig distcp: WARNING: --insecure: TLS certificates are NOT verified; anyone on "
                 "the path can read and change the data and steal tokens\n");
  }
  std::optional<fs::FileStatus> target_before;
  if (parsed->verify) target_before = verify::TargetStatusBeforeCopy(parsed->target);
  copy::DistCpJob job(std::move(parsed).value());
  Status status;
  {
    ProgressLine progress(job.counters());
    status = job.Run();
  }
  const auto& report = job.report();
  for (size_t i = job.options().warnings.size(); i < report.warnings.size(); ++i) {
    std::fprintf(stderr, "hmig distcp: warning: %s\n", report.warnings[i].c_str());
  }
  size_t shown = 0;
  for (const auto& f : report.failures) {
    if (++shown > 20) {
      std::fprintf(stderr, "hmig distcp: ... %zu more failures%s\n", report.failures.size() - 20,
                   job.log_path().empty() ? " (use -log DIR for all)" : "");
      break;
    }
    std::fprintf(stderr, "hmig distcp: failed: %s\n", f.cause.c_str());
  }
  PrintSummary(job);
  if (!job.log_path().empty()) std::printf("  log                %s\n", job.log_path().c_str());
  // --verify: the same comparison as `hmig verify`, once the copy has finished.
  int verify_exit = kExitOk;
  report::ComparisonReport verification;
  const bool verified = job.options().verify && status.ok();
  if (verified) {
    std::printf("\n");
    verification.title = "hmig distcp --verify";
    verify_exit = RunVerification(verify::VerifyOptionsForCopy(job.options(), target_before),
                                  verification, "hmig distcp --verify")
                      .exit_code;
  }
  if (!job.options().report_file.empty()) {
    std::ofstream out(job.options().report_file);
    auto json = copy::CountersToJson(job.counters(), report);
    if (verified) json["verify"] = report::ToJson(verification, 1000);
    out << json.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
    if (!out) {
      std::fprintf(stderr, "hmig distcp: cannot write report %s\n",
                   job.options().report_file.c_str());
      return kExitFatal;
    }
  }
  if (!status.ok()) {
    std::fprintf(stderr, "hmig distcp: error: %s\n", status.ToString().c_str());
    return status.code() == StatusCode::kInvalidArgument ? kExitUsage : kExitFatal;
  }
  if (job.counters().files_failed > 0 && !job.options().ignore_failures) return kExitPartial;
  return verify_exit;
}

const RegisterCommand kRegister("distcp", "copy trees with Hadoop DistCp's flags and semantics",
                                RunDistCp);

}  // namespace
}  // namespace hmig::cli
