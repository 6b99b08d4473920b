// The HTML rendering: one file, readable offline in any browser. Everything is
// inline (CSS, the SVG chart, a few lines of script to sort the groups table); the
// page makes no network request and needs no font or script from elsewhere.
#include <fmt/format.h>

#include <algorithm>
#include <cerrno>
#include <fstream>

#include "report/render.h"
#include "util/human.h"

namespace hmig::report {

namespace {

std::string Esc(const std::string& text) {
  std::string printable = Printable(text);
  std::string out;
  out.reserve(printable.size());
  for (char c : printable) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&#39;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

std::string Bytes(uint64_t b) {
  return HumanBytes(static_cast<double>(b));
}

const char* kStyle = R"(
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:24px;color:#1d2330;background:#f6f7f9}
h1{font-size:22px;margin:0 0 4px}h2{font-size:17px;margin:28px 0 8px}
.meta{color:#555;font-size:13px;line-height:1.6}.meta code{background:#eceef2;padding:1px 4px;border-radius:3px}
.cards{display:flex;flex-wrap:wrap;gap:12px;margin:16px 0}
.card{background:#fff;border-radius:8px;box-shadow:0 1px 3px rgba(0,0,0,.12);padding:12px 18px;min-width:150px}
.card .v{font-size:24px;font-weight:600}.card .l{font-size:12px;color:#666;text-transform:uppercase;letter-spacing:.04em}
.ok{color:#18794e}.bad{color:#c2410c}.err{color:#b91c1c}
table{border-collapse:collapse;background:#fff;font-size:13px;box-shadow:0 1px 3px rgba(0,0,0,.12)}
th,td{padding:5px 10px;border-bottom:1px solid #e5e7eb;text-align:left;vertical-align:top}
th{background:#eef0f4;position:sticky;top:0}th.s{cursor:pointer;user-select:none}th.s:after{content:" \2195";color:#999}
td.n{text-align:right;font-variant-numeric:tabular-nums}td.p{font-family:ui-monospace,Menlo,Consolas,monospace;overflow-wrap:anywhere}#groups td.p{white-space:nowrap}
.chart{background:#fff;border-radius:8px;box-shadow:0 1px 3px rgba(0,0,0,.12);padding:8px}
.kinds span{display:inline-block;margin-right:14px}
)";

const char* kSortScript = R"(
document.querySelectorAll('table.sortable').forEach(function(t){
  t.querySelectorAll('th').forEach(function(th,i){
    th.classList.add('s');
    th.addEventListener('click',function(){
      var b=t.tBodies[0],rows=Array.prototype.slice.call(b.rows);
      var asc=th.getAttribute('data-dir')!=='asc';
      t.querySelectorAll('th').forEach(function(h){h.removeAttribute('data-dir');});
      th.setAttribute('data-dir',asc?'asc':'desc');
      rows.sort(function(x,y){
        var a=x.cells[i].getAttribute('data-v'),c=y.cells[i].getAttribute('data-v');
        var r=(a!==null&&c!==null)?(Number(a)-Number(c)):x.cells[i].textContent.localeCompare(y.cells[i].textContent);
        return asc?r:-r;});
      rows.forEach(function(r){b.appendChild(r);});
    });
  });
});
document.body.setAttribute('data-sortable','ready');
)";

std::string Card(const std::string& value, const std::string& label, const char* cls = "") {
  return fmt::format(
      "<div class=\"card\"><div class=\"v {}\">{}</div><div class=\"l\">{}</div></div>\n", cls,
      value, label);
}

// Horizontal bars of source bytes for the largest groups; a group with
// differences is drawn in orange, one in sync in green.
std::string BarChart(std::vector<GroupSummary> groups, size_t max_bars) {
  std::stable_sort(groups.begin(), groups.end(), [](const GroupSummary& a, const GroupSummary& b) {
    return std::max(a.source_bytes, a.target_bytes) > std::max(b.source_bytes, b.target_bytes);
  });
  if (groups.size() > max_bars) groups.resize(max_bars);
  uint64_t top = 1;
  for (const auto& g : groups) top = std::max({top, g.source_bytes, g.target_bytes});
  const int label_w = 330, bar_w = 560, row_h = 22, width = label_w + bar_w + 110;
  const int height = static_cast<int>(groups.size()) * row_h + 30;
  std::string svg = fmt::format(
      "<svg width=\"{}\" height=\"{}\" viewBox=\"0 0 {} {}\" "
      "role=\"img\" aria-label=\"bytes per group\" font-size=\"12\" font-family=\"sans-serif\">\n",
      width, height, width, height);
  int y = 8;
  for (const auto& g : groups) {
    std::string name = g.name;
    if (name.size() > 48) name = "..." + name.substr(name.size() - 45);
    const bool bad =
        g.total_differences() + g.differences[static_cast<int>(DifferenceKind::kError)] > 0;
    const int src_w = static_cast<int>(static_cast<double>(g.source_bytes) / top * bar_w);
    const int tgt_w = static_cast<int>(static_cast<double>(g.target_bytes) / top * bar_w);
    svg += fmt::format("<text x=\"{}\" y=\"{}\" text-anchor=\"end\">{}</text>", label_w - 8, y + 13,
                       Esc(name));
    svg += fmt::format(
        "<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"9\" fill=\"{}\"><title>{} source: "
        "{}</title></rect>",
        label_w, y + 2, std::max(src_w, 1), bad ? "#ea580c" : "#16a34a", Esc(g.name),
        Bytes(g.source_bytes));
    svg += fmt::format(
        "<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"6\" fill=\"#94a3b8\"><title>{} target: "
        "{}</title></rect>",
        label_w, y + 12, std::max(tgt_w, 1), Esc(g.name), Bytes(g.target_bytes));
    svg += fmt::format("<text x=\"{}\" y=\"{}\" fill=\"#444\">{}</text>\n",
                       label_w + std::max(src_w, tgt_w) + 6, y + 13, Bytes(g.source_bytes));
    y += row_h;
  }
  svg += fmt::format(
      "<rect x=\"{}\" y=\"{}\" width=\"10\" height=\"9\" fill=\"#16a34a\"/><text x=\"{}\" "
      "y=\"{}\">source, in sync</text>"
      "<rect x=\"{}\" y=\"{}\" width=\"10\" height=\"9\" fill=\"#ea580c\"/><text x=\"{}\" "
      "y=\"{}\">source, with differences</text>"
      "<rect x=\"{}\" y=\"{}\" width=\"10\" height=\"6\" fill=\"#94a3b8\"/><text x=\"{}\" "
      "y=\"{}\">target</text>\n",
      label_w, y + 6, label_w + 14, y + 15, label_w + 130, y + 6, label_w + 144, y + 15,
      label_w + 310, y + 8, label_w + 324, y + 15);
  svg += "</svg>\n";
  return svg;
}

}  // namespace

std::string RenderHtml(const ComparisonReport& r) {
  const Totals& t = r.totals();
  const std::string outcome = r.Outcome();
  const char* outcome_cls = outcome == "identical"     ? "ok"
                            : outcome == "differences" ? "bad"
                                                       : "err";
  std::string h;
  h += "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n";
  h += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n";
  h += "<title>" + Esc(r.title) + ": " + Esc(r.target) + "</title>\n<style>" + kStyle +
       "</style></head><body>\n";
  h += "<h1>" + Esc(r.title) + " &mdash; <span class=\"" + outcome_cls + "\">" + outcome +
       "</span></h1>\n";
  h += "<div class=\"meta\">";
  for (const auto& s : r.sources) h += "source <code>" + Esc(s) + "</code><br>";
  h += "target <code>" + Esc(r.target) + "</code><br>";
  h += "compared by " + Esc(r.mode);
  if (!r.preserve_letters.empty()) h += ", attributes -p" + Esc(r.preserve_letters);
  h += "<br>started " + Esc(r.started_at) + ", took " + Esc(HumanDuration(r.elapsed_seconds)) +
       "<br>";
  h += "groups: " + Esc(r.group_rule);
  for (const auto& n : r.notes) h += "<br>note: " + Esc(n);
  if (!r.fatal.empty()) h += "<br><b class=\"err\">stopped: " + Esc(r.fatal) + "</b>";
  h += "</div>\n<div class=\"cards\">\n";
  h += Card(fmt::format("{}", t.source_files), "source files");
  h += Card(Bytes(t.source_bytes), "source bytes");
  h += Card(fmt::format("{}", t.target_files), "target files");
  h += Card(Bytes(t.target_bytes), "target bytes");
  h += Card(fmt::format("{}", t.files_checksummed), "files compared by content");
  h += Card(fmt::format("{}", t.total_differences()), "differences",
            t.total_differences() ? "bad" : "ok");
  if (t.errors()) h += Card(fmt::format("{}", t.errors()), "not comparable (errors)", "err");
  h += "</div>\n<div class=\"kinds\">";
  for (int i = 0; i < kDifferenceKinds; ++i) {
    h += fmt::format("<span>{}: <b>{}</b></span>",
                     DifferenceKindTitle(static_cast<DifferenceKind>(i)), t.differences[i]);
  }
  h += "</div>\n";

  const auto groups = r.groups();
  const size_t kBars = 40;
  h += fmt::format(
      "<h2>Bytes per group{}</h2>\n<div class=\"chart\">\n",
      groups.size() > kBars ? fmt::format(" (largest {} of {})", kBars, groups.size()) : "");
  h += BarChart(groups, kBars);
  h += "</div>\n<h2>Groups (" + std::to_string(groups.size()) +
       ") <small>click a heading to sort</small></h2>\n";
  h += "<table class=\"sortable\" id=\"groups\"><thead><tr><th>group</th><th>source files</th>"
       "<th>source bytes</th><th>target files</th><th>target bytes</th><th>differences</th>";
  for (int i = 0; i < kDifferenceKinds; ++i) {
    h += std::string("<th>") + DifferenceKindName(static_cast<DifferenceKind>(i)) + "</th>";
  }
  h += "</tr></thead><tbody>\n";
  for (const auto& g : groups) {
    uint64_t d = g.total_differences();
    h += "<tr><td class=\"p\">" + Esc(g.name) + "</td>";
    h += fmt::format("<td class=\"n\" data-v=\"{0}\">{0}</td>", g.source_files);
    h +=
        fmt::format("<td class=\"n\" data-v=\"{}\">{}</td>", g.source_bytes, Bytes(g.source_bytes));
    h += fmt::format("<td class=\"n\" data-v=\"{0}\">{0}</td>", g.target_files);
    h +=
        fmt::format("<td class=\"n\" data-v=\"{}\">{}</td>", g.target_bytes, Bytes(g.target_bytes));
    h += fmt::format("<td class=\"n {1}\" data-v=\"{0}\">{0}</td>", d, d ? "bad" : "ok");
    for (int i = 0; i < kDifferenceKinds; ++i) {
      h += fmt::format("<td class=\"n\" data-v=\"{0}\">{0}</td>", g.differences[i]);
    }
    h += "</tr>\n";
  }
  h += "</tbody></table>\n";

  const auto diffs = r.shown_differences();
  const uint64_t all = t.total_differences() + t.errors();
  h += fmt::format("<h2>Differences ({})</h2>\n",
                   all == diffs.size() ? fmt::format("{}", all)
                                       : fmt::format("first {} of {}", diffs.size(), all));
  if (diffs.empty()) {
    h += "<p class=\"ok\">None: every entry of the source is at the target, with the same "
         "content.</p>\n";
  } else {
    h += "<table class=\"sortable\" "
         "id=\"differences\"><thead><tr><th>kind</th><th>path</th><th>source length</th>"
         "<th>target length</th><th>detail</th></tr></thead><tbody>\n";
    for (const auto& d : diffs) {
      auto len = [](int64_t v) {
        return v < 0 ? std::string("<td class=\"n\" data-v=\"-1\"></td>")
                     : fmt::format("<td class=\"n\" data-v=\"{0}\">{0}</td>", v);
      };
      h += std::string("<tr><td>") + DifferenceKindTitle(d.kind) + "</td><td class=\"p\">" +
           Esc(d.path.empty() ? "." : d.path) + (d.is_dir ? "/" : "") + "</td>" +
           len(d.source_length) + len(d.target_length) + "<td>" + Esc(d.detail) + "</td></tr>\n";
    }
    h += "</tbody></table>\n";
  }
  h += std::string("<script>") + kSortScript + "</script>\n</body></html>\n";
  return h;
}

Status WriteHtml(const ComparisonReport& r, const std::string& path) {
  std::string html = RenderHtml(r);
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  if (!out) return Status::FromErrno(errno, "cannot create the HTML report", path);
  out << html;
  out.close();
  if (!out) return Status::FromErrno(errno, "cannot write the HTML report", path);
  return Status::OK();
}

}  // namespace hmig::report
