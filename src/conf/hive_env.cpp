#include "conf/hive_env.h"

#include <cctype>
#include <optional>

#include <fmt/format.h>

#include "conf/jvm_opts.h"

namespace hmig::conf {
namespace {

struct Assignment {
  size_t value_begin = 0, value_end = 0;  // the number (with unit) inside the line
  std::string value;
  std::optional<int64_t> mb;
  bool via_default = false;  // ${HADOOP_HEAPSIZE:-N}
};

std::optional<int64_t> ToMb(const std::string& v) {
  if (v.empty()) return std::nullopt;
  size_t i = 0;
  int64_t n = 0;
  while (i < v.size() && std::isdigit(static_cast<unsigned char>(v[i]))) {
    n = n * 10 + (v[i] - '0');
    if (n > (int64_t{1} << 40)) return std::nullopt;
    ++i;
  }
  if (i == 0) return std::nullopt;
  std::string unit = v.substr(i);
  for (char& c : unit) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (unit.empty() || unit == "m") return n;
  if (unit == "g") return n * 1024;
  if (unit == "k") return n / 1024;
  return std::nullopt;
}

// Parses one line; nullopt when it is not an active HADOOP_HEAPSIZE assignment.
std::optional<Assignment> ParseLine(const std::string& line) {
  size_t i = 0;
  while (i < line.size() && std::isspace(static_cast<unsigned char>(line[i]))) ++i;
  if (line.compare(i, 7, "export ") == 0) {
    i += 7;
    while (i < line.size() && line[i] == ' ') ++i;
  }
  static const std::string kVar = "HADOOP_HEAPSIZE=";
  if (line.compare(i, kVar.size(), kVar) != 0) return std::nullopt;
  i += kVar.size();
  Assignment a;
  size_t v = i;
  if (v < line.size() && (line[v] == '"' || line[v] == '\'')) ++v;
  if (line.compare(v, 2, "${") == 0) {
    // ${HADOOP_HEAPSIZE:-N} or ${HADOOP_HEAPSIZE-N}: N applies when the variable is unset.
    size_t dash = line.find('-', v);
    size_t close = line.find('}', v);
    if (dash == std::string::npos || close == std::string::npos || dash > close) {
      return std::nullopt;
    }
    a.via_default = true;
    v = dash + 1;
    a.value_begin = v;
    a.value_end = close;
  } else {
    a.value_begin = v;
    size_t e = v;
    while (e < line.size() && std::isalnum(static_cast<unsigned char>(line[e]))) ++e;
    a.value_end = e;
  }
  a.value = line.substr(a.value_begin, a.value_end - a.value_begin);
  a.mb = ToMb(a.value);
  return a;
}

// An assignment to HADOOP_CLIENT_OPTS or HADOOP_OPTS with an -Xmx: the hadoop launcher
// puts these options after -Xmx${HADOOP_HEAPSIZE}m, so the last -Xmx wins.
struct ClientOptsHeap {
  std::string var;
  size_t begin = 0, end = 0;  // the size after the last -Xmx
  int64_t mb = 0;
};

std::optional<ClientOptsHeap> ParseClientOpts(const std::string& line) {
  size_t i = line.find_first_not_of(" \t");
  if (i == std::string::npos || line[i] == '#') return std::nullopt;
  if (line.compare(i, 7, "export ") == 0) i = line.find_first_not_of(' ', i + 7);
  if (i == std::string::npos) return std::nullopt;
  std::string var;
  for (const char* v : {"HADOOP_CLIENT_OPTS", "HADOOP_OPTS"}) {
    std::string prefix = std::string(v) + "=";
    if (line.compare(i, prefix.size(), prefix) == 0) var = v;
  }
  if (var.empty()) return std::nullopt;
  std::optional<ClientOptsHeap> last;
  for (size_t x = line.find("-Xmx", i); x != std::string::npos; x = line.find("-Xmx", x + 4)) {
    size_t b = x + 4, e = b;
    while (e < line.size() && std::isalnum(static_cast<unsigned char>(line[e]))) ++e;
    auto mb = HeapMbFromJavaOpts(line.substr(x, e - x));
    if (mb) last = ClientOptsHeap{var, b, e, *mb};
  }
  return last;
}

}  // namespace

HiveEnvCheck CheckHiveEnv(const std::string& text, const std::string& label) {
  HiveEnvCheck out;
  int line_no = 0;
  int active = 0;
  size_t pos = 0;
  while (pos <= text.size()) {
    size_t nl = text.find('\n', pos);
    bool last = nl == std::string::npos;
    std::string line = text.substr(pos, last ? std::string::npos : nl - pos);
    ++line_no;
    if (auto a = ParseLine(line)) {
      ++active;
      Finding f;
      f.subject = "HADOOP_HEAPSIZE";
      f.location = fmt::format("{}:{}", label, line_no);
      f.details = {{"value", a->value}, {"via_default", a->via_default}};
      if (!a->mb) {
        f.severity = Severity::kError;
        f.message = fmt::format("'{}' is not a heap size (MB, or a number with m/g)", a->value);
        f.advice = "give the gateway heap in MB";
        f.suggested = std::to_string(kMinGatewayHeapMb);
      } else if (*a->mb < kMinGatewayHeapMb) {
        f.severity = Severity::kWarning;
        f.message = fmt::format(
            "the Hive gateway/CLI JVM gets {} MB{}: the seed's \"Gateway OOM\" (queries "
            "planning many partitions or files run out of heap)",
            *a->mb, a->via_default ? " unless HADOOP_HEAPSIZE is set in the environment" : "");
        f.advice = fmt::format("raise it to at least {} MB, as the seed does (512 -> 1024)",
                               kMinGatewayHeapMb);
        f.suggested = std::to_string(kMinGatewayHeapMb);
      }
      if (!f.message.empty()) {
        line.replace(a->value_begin, a->value_end - a->value_begin,
                     std::to_string(kMinGatewayHeapMb));
        out.changed = true;
        out.findings.push_back(std::move(f));
      }
    }
    if (auto c = ParseClientOpts(line); c && c->mb < kMinGatewayHeapMb) {
      Finding f;
      f.severity = Severity::kWarning;
      f.subject = c->var;
      f.location = fmt::format("{}:{}", label, line_no);
      f.message = fmt::format(
          "-Xmx{} in HADOOP_CLIENT_OPTS comes after HADOOP_HEAPSIZE on the "
          "java command line and wins: the gateway gets {} MB",
          line.substr(c->begin, c->end - c->begin), c->mb);
      f.advice = fmt::format("raise it to at least {} MB, or drop it and set HADOOP_HEAPSIZE",
                             kMinGatewayHeapMb);
      f.suggested = fmt::format("-Xmx{}m", kMinGatewayHeapMb);
      line.replace(c->begin, c->end - c->begin, fmt::format("{}m", kMinGatewayHeapMb));
      out.changed = true;
      out.findings.push_back(std::move(f));
    }
    out.fixed_text += line;
    if (!last) out.fixed_text += '\n';
    if (last) break;
    pos = nl + 1;
  }
  if (active == 0) {
    Finding f;
    f.severity = Severity::kInfo;
    f.subject = "HADOOP_HEAPSIZE";
    f.location = label;
    f.message =
        "not set: the hadoop launcher's default heap (1000 MB) applies to the Hive "
        "gateway/CLI";
    f.advice = fmt::format(
        "set export HADOOP_HEAPSIZE={} or more if the gateway runs out of "
        "memory",
        kMinGatewayHeapMb);
    f.suggested = std::to_string(kMinGatewayHeapMb);
    out.findings.push_back(std::move(f));
    if (!out.fixed_text.empty() && out.fixed_text.back() != '\n') out.fixed_text += '\n';
    out.fixed_text += fmt::format("export HADOOP_HEAPSIZE={}\n", kMinGatewayHeapMb);
    out.changed = true;
  }
  return out;
}

}  // namespace hmig::conf
