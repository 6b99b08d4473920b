// Terminal and JSON renderings.
#include <fmt/format.h>

#include <algorithm>
#include <cerrno>
#include <fstream>

#include "report/render.h"
#include "util/human.h"

namespace hmig::report {

std::string Printable(const std::string& name) {
  std::string out;
  out.reserve(name.size());
  for (unsigned char c : name) {
    switch (c) {
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      case '\t':
        out += "\\t";
        break;
      case '\\':
        out += "\\\\";
        break;
      default:
        if (c < 0x20 || c == 0x7f) {
          out += fmt::format("\\x{:02x}", c);
        } else {
          out += static_cast<char>(c);
        }
    }
  }
  return out;
}

namespace {

std::string KindSummary(const KindCounts& k, bool with_errors) {
  std::string out;
  for (int i = 0; i < kDifferenceKinds; ++i) {
    if (k[i] == 0) continue;
    if (!with_errors && i == static_cast<int>(DifferenceKind::kError)) continue;
    if (!out.empty()) out += ", ";
    out += fmt::format("{} {}", k[i], DifferenceKindName(static_cast<DifferenceKind>(i)));
  }
  return out.empty() ? "none" : out;
}

std::string DisplayPath(const std::string& rel) {
  return rel.empty() ? "." : Printable(rel);
}

nlohmann::json KindJson(const KindCounts& k) {
  nlohmann::json j = nlohmann::json::object();
  for (int i = 0; i < kDifferenceKinds; ++i)
    j[DifferenceKindName(static_cast<DifferenceKind>(i))] = k[i];
  return j;
}

nlohmann::json DifferenceJson(const Difference& d) {
  nlohmann::json j{{"kind", DifferenceKindName(d.kind)},
                   {"path", d.path},
                   {"group", d.group},
                   {"type", d.is_dir ? "directory" : "file"}};
  if (d.source_length >= 0) j["source_length"] = d.source_length;
  if (d.target_length >= 0) j["target_length"] = d.target_length;
  if (!d.detail.empty()) j["detail"] = d.detail;
  return j;
}

std::string Dump(const nlohmann::json& j, int indent) {
  // File names need not be UTF-8; replace what is not rather than fail.
  return j.dump(indent, ' ', false, nlohmann::json::error_handler_t::replace);
}

}  // namespace

std::string RenderTerminal(const ComparisonReport& r, size_t max_groups, size_t max_differences) {
  const Totals& t = r.totals();
  std::string out;
  std::string outcome = r.Outcome();
  std::string verdict = outcome == "identical"     ? "IDENTICAL"
                        : outcome == "differences" ? "DIFFERENCES FOUND"
                                                   : "INCOMPLETE (errors)";
  out += fmt::format("{}: {}\n", r.title, verdict);
  for (const auto& s : r.sources) out += fmt::format("  source       {}\n", Printable(s));
  out += fmt::format("  target       {}\n", Printable(r.target));
  out += fmt::format("  compared by  {}{}\n", r.mode,
                     r.preserve_letters.empty() ? "" : ", attributes -p" + r.preserve_letters);
  out += fmt::format("  source       {} files, {} dirs, {}\n", t.source_files, t.source_dirs,
                     HumanBytes(static_cast<double>(t.source_bytes)));
  out += fmt::format("  target       {} files, {} dirs, {}\n", t.target_files, t.target_dirs,
                     HumanBytes(static_cast<double>(t.target_bytes)));
  out += fmt::format("  compared     {} files at both sides, {} by content ({} read)\n",
                     t.files_compared, t.files_checksummed,
                     HumanBytes(static_cast<double>(t.bytes_checksummed)));
  out += fmt::format("  differences  {} ({})\n", t.total_differences(),
                     KindSummary(t.differences, false));
  if (t.errors())
    out += fmt::format("  errors       {} entries could not be compared\n", t.errors());
  if (t.not_compared) {
    out += fmt::format("  not compared {} symbolic links or special files\n", t.not_compared);
  }
  out += fmt::format("  elapsed      {}\n", HumanDuration(r.elapsed_seconds));
  for (const auto& n : r.notes) out += fmt::format("  note: {}\n", n);
  if (!r.fatal.empty()) out += fmt::format("  stopped: {}\n", Printable(r.fatal));

  auto groups = r.groups();
  if (!groups.empty()) {
    std::stable_sort(groups.begin(), groups.end(),
                     [](const GroupSummary& a, const GroupSummary& b) {
                       uint64_t da = a.total_differences() + a.differences[6],
                                db = b.total_differences() + b.differences[6];
                       if ((da > 0) != (db > 0)) return da > 0;
                       if (da != db) return da > db;
                       return a.source_bytes > b.source_bytes;
                     });
    out += fmt::format("\ngroups ({}; {})\n", groups.size(), r.group_rule);
    out += fmt::format("  {:<48} {:>10} {:>10} {:>11}  {}\n", "GROUP", "SRC FILES", "TGT FILES",
                       "SRC BYTES", "DIFFERENCES");
    size_t shown = 0;
    for (const auto& g : groups) {
      if (shown++ == max_groups) {
        out +=
            fmt::format("  ... {} more groups (see --json / --html)\n", groups.size() - max_groups);
        break;
      }
      std::string name = DisplayPath(g.name == "." ? "" : g.name);
      if (name.size() > 48) name = "..." + name.substr(name.size() - 45);
      out += fmt::format(
          "  {:<48} {:>10} {:>10} {:>11}  {}\n", name, g.source_files, g.target_files,
          HumanBytes(static_cast<double>(g.source_bytes)),
          g.total_differences() + g.differences[6] ? KindSummary(g.differences, true) : "in sync");
    }
  }
  uint64_t all = t.total_differences() + t.errors();
  if (all > 0 && max_differences > 0) {
    auto diffs = r.shown_differences();
    size_t n = std::min<size_t>(max_differences, diffs.size());
    out += fmt::format("\ndifferences (first {} of {})\n", n, all);
    for (size_t i = 0; i < n; ++i) {
      const auto& d = diffs[i];
      out += fmt::format("  {:<18} {}{}{}\n", DifferenceKindTitle(d.kind), DisplayPath(d.path),
                         d.is_dir ? "/" : "",
                         d.detail.empty() ? "" : "  (" + Printable(d.detail) + ")");
    }
  }
  return out;
}

nlohmann::json ToJson(const ComparisonReport& r, size_t max_differences) {
  const Totals& t = r.totals();
  nlohmann::json j;
  j["tool"] = r.title;
  j["outcome"] = r.Outcome();
  j["sources"] = r.sources;
  j["target"] = r.target;
  j["compared_by"] = r.mode;
  j["preserve"] = r.preserve_letters;
  j["group_rule"] = r.group_rule;
  j["started_at"] = r.started_at;
  j["elapsed_seconds"] = r.elapsed_seconds;
  j["notes"] = r.notes;
  if (!r.fatal.empty()) j["fatal"] = r.fatal;
  j["totals"] = {{"source_files", t.source_files},
                 {"source_dirs", t.source_dirs},
                 {"source_bytes", t.source_bytes},
                 {"target_files", t.target_files},
                 {"target_dirs", t.target_dirs},
                 {"target_bytes", t.target_bytes},
                 {"files_compared", t.files_compared},
                 {"files_checksummed", t.files_checksummed},
                 {"bytes_checksummed", t.bytes_checksummed},
                 {"not_compared", t.not_compared},
                 {"differences", t.total_differences()},
                 {"errors", t.errors()},
                 {"by_kind", KindJson(t.differences)}};
  nlohmann::json groups = nlohmann::json::array();
  for (const auto& g : r.groups()) {
    groups.push_back({{"group", g.name},
                      {"source_files", g.source_files},
                      {"source_bytes", g.source_bytes},
                      {"target_files", g.target_files},
                      {"target_bytes", g.target_bytes},
                      {"differences", g.total_differences()},
                      {"by_kind", KindJson(g.differences)}});
  }
  j["groups"] = std::move(groups);
  nlohmann::json diffs = nlohmann::json::array();
  for (const auto& d : r.shown_differences()) {
    if (diffs.size() >= max_differences) break;
    diffs.push_back(DifferenceJson(d));
  }
  j["differences_total"] = t.total_differences() + t.errors();
  j["differences"] = std::move(diffs);
  return j;
}

Status WriteJson(const ComparisonReport& r, const std::string& path) {
  nlohmann::json head = ToJson(r, 0);
  head.erase("differences");
  std::string text = Dump(head, 2);
  text.pop_back();  // the closing brace: the differences follow, streamed
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  if (!out) return Status::FromErrno(errno, "cannot create the JSON report", path);
  out << text << ",\n  \"differences\": [";
  bool first = true;
  Status s = r.ForEachDifference([&](const Difference& d) {
    out << (first ? "\n    " : ",\n    ") << Dump(DifferenceJson(d), -1);
    first = false;
    return out ? Status::OK() : Status::FromErrno(errno, "cannot write the JSON report", path);
  });
  HMIG_RETURN_IF_ERROR(s);
  out << "\n  ]\n}\n";
  out.close();
  if (!out) return Status::FromErrno(errno, "cannot write the JSON report", path);
  return Status::OK();
}

}  // namespace hmig::report
