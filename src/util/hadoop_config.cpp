#include "util/hadoop_config.h"

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <limits>
#include <sstream>
#include <unordered_map>

#include <fmt/format.h>
#include <pugixml.hpp>

namespace hmig {
namespace {

// Hadoop's own limit on ${var} expansions per value (Configuration.MAX_SUBST).
constexpr int kMaxSubstitutions = 20;
// Guards against include cycles; Hadoop relies on the XML parser's limit.
constexpr int kMaxIncludeDepth = 10;

// Deprecated names still found in old clusters' files, mapped to the names Hadoop 2/3
// read (from Hadoop's DeprecatedProperties table, limited to those a migration touches).
const std::unordered_map<std::string_view, std::string_view>& Deprecations() {
  static const std::unordered_map<std::string_view, std::string_view> table = {
      {"fs.default.name", "fs.defaultFS"},
      {"dfs.permissions", "dfs.permissions.enabled"},
      {"dfs.permissions.supergroup", "dfs.permissions.superusergroup"},
      {"dfs.umaskmode", "fs.permissions.umask-mode"},
      {"dfs.block.size", "dfs.blocksize"},
      {"io.bytes.per.checksum", "dfs.bytes-per-checksum"},
      {"dfs.name.dir", "dfs.namenode.name.dir"},
      {"dfs.data.dir", "dfs.datanode.data.dir"},
      {"dfs.http.address", "dfs.namenode.http-address"},
      {"dfs.https.address", "dfs.namenode.https-address"},
      {"dfs.secondary.http.address", "dfs.namenode.secondary.http-address"},
      {"dfs.access.time.precision", "dfs.namenode.accesstime.precision"},
      {"dfs.replication.min", "dfs.namenode.replication.min"},
      {"dfs.max.objects", "dfs.namenode.max.objects"},
      {"fs.checkpoint.dir", "dfs.namenode.checkpoint.dir"},
      {"hadoop.native.lib", "io.native.lib.available"},
      {"mapred.job.tracker", "mapreduce.jobtracker.address"},
      {"mapred.map.child.java.opts", "mapreduce.map.java.opts"},
      {"mapred.reduce.child.java.opts", "mapreduce.reduce.java.opts"},
      {"mapred.job.map.memory.mb", "mapreduce.map.memory.mb"},
      {"mapred.job.reduce.memory.mb", "mapreduce.reduce.memory.mb"},
      {"mapred.map.tasks", "mapreduce.job.maps"},
      {"mapred.reduce.tasks", "mapreduce.job.reduces"},
      {"mapred.task.timeout", "mapreduce.task.timeout"},
      {"mapred.job.queue.name", "mapreduce.job.queuename"},
      {"mapred.output.compress", "mapreduce.output.fileoutputformat.compress"},
      {"mapred.output.compression.codec", "mapreduce.output.fileoutputformat.compress.codec"},
      {"mapred.compress.map.output", "mapreduce.map.output.compress"},
      {"mapred.map.output.compression.codec", "mapreduce.map.output.compress.codec"},
      {"io.sort.mb", "mapreduce.task.io.sort.mb"},
  };
  return table;
}

std::string_view Trim(std::string_view s) {
  const char* ws = " \t\r\n\f\v";
  auto b = s.find_first_not_of(ws);
  if (b == std::string_view::npos) return {};
  auto e = s.find_last_not_of(ws);
  return s.substr(b, e - b + 1);
}

bool IEquals(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) ==
                  std::tolower(static_cast<unsigned char>(y));
         });
}

// 1-based line and column of a byte offset in `text`.
std::pair<int, int> LineColumn(std::string_view text, ptrdiff_t offset) {
  int line = 1, col = 1;
  for (ptrdiff_t i = 0; i < offset && i < static_cast<ptrdiff_t>(text.size()); ++i) {
    if (text[i] == '\n') {
      ++line;
      col = 1;
    } else {
      ++col;
    }
  }
  return {line, col};
}

std::string LocalName(const char* qualified) {
  std::string_view n(qualified);
  auto colon = n.find(':');
  return std::string(colon == std::string_view::npos ? n : n.substr(colon + 1));
}

std::string DirOf(const std::string& path) {
  auto slash = path.rfind('/');
  return slash == std::string::npos ? "." : path.substr(0, slash == 0 ? 1 : slash);
}

Result<std::string> ReadWholeFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::FromErrno(errno, "cannot open Hadoop configuration file", path);
  std::ostringstream ss;
  ss << in.rdbuf();
  if (in.bad()) return Status::FromErrno(errno, "cannot read Hadoop configuration file", path);
  return ss.str();
}

// Text of a child element (<value>a &amp; b</value> -> "a & b"), nullopt when absent.
std::optional<std::string> ChildText(const pugi::xml_node& node, const char* child) {
  for (pugi::xml_node c : node.children()) {
    if (c.type() == pugi::node_element && LocalName(c.name()) == child) {
      std::string out;
      for (pugi::xml_node t : c.children()) {
        if (t.type() == pugi::node_pcdata || t.type() == pugi::node_cdata) out += t.value();
      }
      return out;
    }
  }
  return std::nullopt;
}

struct Parsed {
  std::vector<HadoopProperty> props;
  std::vector<std::string> files;
  std::vector<std::string> warnings;
};

Status ParseInto(std::string_view xml, const std::string& label, int depth, Parsed& out);

Status FollowInclude(const pugi::xml_node& inc, std::string_view xml, const std::string& label,
                     int depth, Parsed& out) {
  auto [line, col] = LineColumn(xml, inc.offset_debug());
  std::string href = inc.attribute("href").value();
  if (href.empty()) {
    return Status::Invalid(fmt::format("line {}: xi:include without href", line), label);
  }
  if (depth >= kMaxIncludeDepth) {
    return Status::Invalid(
        fmt::format("line {}: includes nested deeper than {} (a cycle?)", line, kMaxIncludeDepth),
        label);
  }
  std::string path = href.front() == '/' ? href : DirOf(label) + "/" + href;
  auto text = ReadWholeFile(path);
  if (!text.ok()) {
    // <xi:fallback> holds what to use instead of a missing include.
    for (pugi::xml_node c : inc.children()) {
      if (c.type() == pugi::node_element && LocalName(c.name()) == "fallback") {
        for (pugi::xml_node p : c.children()) {
          if (p.type() == pugi::node_element && LocalName(p.name()) == "include") {
            HMIG_RETURN_IF_ERROR(FollowInclude(p, xml, label, depth + 1, out));
          }
        }
        return Status::OK();
      }
    }
    return text.status().WithContext(fmt::format("{}: line {}: xi:include", label, line));
  }
  return ParseInto(*text, path, depth + 1, out);
}

Status ParsePropertyElement(const pugi::xml_node& node, std::string_view xml,
                            const std::string& label, Parsed& out) {
  int line = LineColumn(xml, node.offset_debug()).first;
  std::optional<std::string> name, value, final_text;
  if (auto a = node.attribute("name")) name = a.value();
  if (auto a = node.attribute("value")) value = a.value();
  if (auto a = node.attribute("final")) final_text = a.value();
  if (!name) name = ChildText(node, "name");
  if (!value) value = ChildText(node, "value");
  if (!final_text) final_text = ChildText(node, "final");
  std::string trimmed_name(name ? Trim(*name) : std::string_view{});
  if (trimmed_name.empty()) {
    out.warnings.push_back(
        fmt::format("{}: line {}: <property> without a name is ignored", label, line));
    return Status::OK();
  }
  if (!value) return Status::OK();  // Hadoop ignores a property without a value
  HadoopProperty p;
  p.written_name = trimmed_name;
  p.name = HadoopConfig::CanonicalName(trimmed_name);
  p.raw_value = std::move(*value);
  p.is_final = final_text && IEquals(Trim(*final_text), "true");
  p.file = label;
  p.line = line;
  out.props.push_back(std::move(p));
  return Status::OK();
}

Status ParseInto(std::string_view xml, const std::string& label, int depth, Parsed& out) {
  pugi::xml_document doc;
  pugi::xml_parse_result r =
      doc.load_buffer(xml.data(), xml.size(), pugi::parse_default | pugi::parse_cdata);
  if (!r) {
    auto [line, col] = LineColumn(xml, r.offset);
    return Status::Invalid(
        fmt::format("line {}, column {}: malformed XML: {}", line, col, r.description()), label);
  }
  pugi::xml_node root = doc.document_element();
  if (!root || LocalName(root.name()) != "configuration") {
    int line = root ? LineColumn(xml, root.offset_debug()).first : 1;
    return Status::Invalid(
        fmt::format("line {}: not a Hadoop configuration file: the root element is <{}>, "
                    "expected <configuration>",
                    line, root ? root.name() : ""),
        label);
  }
  out.files.push_back(label);
  for (pugi::xml_node child : root.children()) {
    if (child.type() != pugi::node_element) continue;
    std::string local = LocalName(child.name());
    if (local == "property") {
      HMIG_RETURN_IF_ERROR(ParsePropertyElement(child, xml, label, out));
    } else if (local == "include") {
      HMIG_RETURN_IF_ERROR(FollowInclude(child, xml, label, depth, out));
    } else {
      out.warnings.push_back(fmt::format("{}: line {}: element <{}> is not a <property>; ignored",
                                         label, LineColumn(xml, child.offset_debug()).first,
                                         child.name()));
    }
  }
  return Status::OK();
}

// Finds the first "${name}" whose name holds no '}', '$' or space (Hadoop's varPat), so
// that the innermost of nested references is expanded first.
bool FindVariable(const std::string& s, size_t& start, size_t& end) {
  size_t pos = 0;
  while ((pos = s.find("${", pos)) != std::string::npos) {
    size_t i = pos + 2;
    while (i < s.size() && s[i] != '}' && s[i] != '$' && s[i] != ' ') ++i;
    if (i < s.size() && s[i] == '}' && i > pos + 2) {
      start = pos;
      end = i + 1;
      return true;
    }
    pos += 2;
  }
  return false;
}

}  // namespace

HadoopConfig::HadoopConfig() {
  env_ = [](const std::string& name) -> std::optional<std::string> {
    const char* v = std::getenv(name.c_str());
    if (!v) return std::nullopt;
    return std::string(v);
  };
}

const std::vector<std::string>& HadoopConfig::DefaultSiteFiles() {
  static const std::vector<std::string> files = {
      "core-site.xml", "hdfs-site.xml", "mapred-site.xml", "yarn-site.xml", "hive-site.xml"};
  return files;
}

Result<HadoopConfig> HadoopConfig::LoadDir(const std::string& dir,
                                           const std::vector<std::string>& file_names) {
  const auto& names = file_names.empty() ? DefaultSiteFiles() : file_names;
  HadoopConfig conf;
  int found = 0;
  for (const auto& n : names) {
    std::string path = dir + "/" + n;
    Status st = conf.AddFile(path);
    if (st.code() == StatusCode::kNotFound && st.path() == path) continue;
    HMIG_RETURN_IF_ERROR(st);
    ++found;
  }
  if (found == 0) {
    std::string list;
    for (const auto& n : names) {
      if (!list.empty()) list += ", ";
      list += n;
    }
    return Status::NotFound("no Hadoop configuration file found (looked for " + list + ")", dir);
  }
  return conf;
}

Status HadoopConfig::AddFile(const std::string& path) {
  HMIG_ASSIGN_OR_RETURN(std::string text, ReadWholeFile(path));
  return AddXmlAt(text, path, 0);
}

Status HadoopConfig::AddXml(std::string_view xml, const std::string& source_label) {
  return AddXmlAt(xml, source_label, 0);
}

Status HadoopConfig::AddXmlAt(std::string_view xml, const std::string& label, int depth) {
  Parsed parsed;
  HMIG_RETURN_IF_ERROR(ParseInto(xml, label, depth, parsed));
  // Parsing succeeded as a whole: only now touch the configuration.
  for (auto& p : parsed.props) {
    auto it = props_.find(p.name);
    if (it != props_.end() && it->second.is_final) {
      if (it->second.raw_value != p.raw_value) {
        warnings_.push_back(
            fmt::format("{}: line {}: {} is final in {} (line {}); this value is ignored", p.file,
                        p.line, p.written_name, it->second.file, it->second.line));
      }
      continue;
    }
    props_[p.name] = std::move(p);
  }
  files_.insert(files_.end(), parsed.files.begin(), parsed.files.end());
  warnings_.insert(warnings_.end(), parsed.warnings.begin(), parsed.warnings.end());
  return Status::OK();
}

void HadoopConfig::Set(const std::string& name, const std::string& value,
                       const std::string& source_label) {
  HadoopProperty p;
  p.written_name = std::string(Trim(name));
  p.name = CanonicalName(p.written_name);
  p.raw_value = value;
  p.file = source_label;
  props_[p.name] = std::move(p);
}

const HadoopProperty* HadoopConfig::Find(std::string_view name) const {
  auto it = props_.find(CanonicalName(Trim(name)));
  return it == props_.end() ? nullptr : &it->second;
}

std::vector<std::string> HadoopConfig::Names() const {
  std::vector<std::string> out;
  out.reserve(props_.size());
  for (const auto& [n, p] : props_) out.push_back(n);
  return out;
}

Result<std::string> HadoopConfig::Expand(std::string_view text) const {
  const std::string original(text);
  std::string eval = original;
  for (int s = 0; s < kMaxSubstitutions; ++s) {
    size_t start = 0, end = 0;
    if (!FindVariable(eval, start, end)) return eval;
    std::string var = eval.substr(start + 2, end - start - 3);
    std::optional<std::string> val;
    if (var.rfind("env.", 0) == 0 && var.size() > 4) {
      std::string env_name = var.substr(4);
      // ${env.NAME:-default}: default when unset or empty; ${env.NAME-default}: when unset.
      std::optional<std::string> fallback;
      bool empty_counts_as_unset = false;
      if (auto p = env_name.find(":-"); p != std::string::npos) {
        fallback = env_name.substr(p + 2);
        env_name.resize(p);
        empty_counts_as_unset = true;
      } else if (auto q = env_name.find('-'); q != std::string::npos) {
        fallback = env_name.substr(q + 1);
        env_name.resize(q);
      }
      val = env_(env_name);
      if ((!val || (empty_counts_as_unset && val->empty())) && fallback) val = fallback;
    }
    if (!val) {
      if (const HadoopProperty* p = Find(var)) val = p->raw_value;
    }
    if (!val) return eval;  // unbound: Hadoop leaves the literal ${var} and stops
    const std::string ref = eval.substr(start, end - start);
    if (val->find(ref) != std::string::npos) return original;  // self-reference
    eval = eval.substr(0, start) + *val + eval.substr(end);
  }
  return Status::Invalid(
      fmt::format("variable substitution depth too large: more than {} "
                  "expansions in '{}'",
                  kMaxSubstitutions, original));
}

Status HadoopConfig::Invalid(const HadoopProperty& p, const std::string& what) const {
  return Status::Invalid(fmt::format("line {}: {}", p.line, what), p.file);
}

Result<std::optional<std::string>> HadoopConfig::Get(std::string_view name) const {
  const HadoopProperty* p = Find(name);
  if (!p) return std::optional<std::string>();
  auto v = Expand(p->raw_value);
  if (!v.ok()) return Invalid(*p, p->written_name + ": " + v.status().message());
  return std::optional<std::string>(std::move(*v));
}

Result<std::string> HadoopConfig::GetString(std::string_view name, std::string fallback) const {
  HMIG_ASSIGN_OR_RETURN(auto v, Get(name));
  if (!v) return fallback;
  return std::string(Trim(*v));
}

Result<bool> HadoopConfig::GetBool(std::string_view name, bool fallback) const {
  HMIG_ASSIGN_OR_RETURN(auto v, Get(name));
  if (!v) return fallback;
  auto t = Trim(*v);
  if (IEquals(t, "true")) return true;
  if (IEquals(t, "false")) return false;
  return Invalid(*Find(name),
                 fmt::format("{} = '{}' is not true or false", Find(name)->written_name, t));
}

Result<int64_t> HadoopConfig::GetLong(std::string_view name, int64_t fallback) const {
  HMIG_ASSIGN_OR_RETURN(auto v, Get(name));
  if (!v) return fallback;
  std::string t(Trim(*v));
  bool neg = !t.empty() && t[0] == '-';
  size_t i = (!t.empty() && (t[0] == '-' || t[0] == '+')) ? 1 : 0;
  int base = 10;
  if (t.size() > i + 2 && t[i] == '0' && (t[i + 1] == 'x' || t[i + 1] == 'X')) {
    base = 16;
    i += 2;
  }
  std::string digits = t.substr(i);
  const HadoopProperty& p = *Find(name);
  if (digits.empty() || !std::all_of(digits.begin(), digits.end(), [base](char c) {
        return base == 16 ? std::isxdigit(static_cast<unsigned char>(c)) != 0
                          : std::isdigit(static_cast<unsigned char>(c)) != 0;
      })) {
    return Invalid(p, fmt::format("{} = '{}' is not an integer", p.written_name, t));
  }
  errno = 0;
  unsigned long long mag = std::strtoull(digits.c_str(), nullptr, base);
  const unsigned long long limit =
      static_cast<unsigned long long>(std::numeric_limits<int64_t>::max()) + (neg ? 1 : 0);
  if (errno == ERANGE || mag > limit) {
    return Invalid(p, fmt::format("{} = '{}' is out of range", p.written_name, t));
  }
  if (neg) return mag == limit ? std::numeric_limits<int64_t>::min() : -static_cast<int64_t>(mag);
  return static_cast<int64_t>(mag);
}

Result<int32_t> HadoopConfig::GetInt(std::string_view name, int32_t fallback) const {
  HMIG_ASSIGN_OR_RETURN(int64_t v, GetLong(name, fallback));
  if (v < std::numeric_limits<int32_t>::min() || v > std::numeric_limits<int32_t>::max()) {
    const HadoopProperty& p = *Find(name);
    return Invalid(p, fmt::format("{} = {} does not fit a 32-bit integer", p.written_name, v));
  }
  return static_cast<int32_t>(v);
}

Result<int64_t> HadoopConfig::GetSize(std::string_view name, int64_t fallback) const {
  HMIG_ASSIGN_OR_RETURN(auto v, Get(name));
  if (!v) return fallback;
  auto size = ParseHadoopSize(*v);
  if (!size.ok()) {
    const HadoopProperty& p = *Find(name);
    return Invalid(p, p.written_name + ": " + size.status().message());
  }
  return *size;
}

Result<std::vector<std::string>> HadoopConfig::GetTrimmedList(std::string_view name) const {
  HMIG_ASSIGN_OR_RETURN(auto v, Get(name));
  std::vector<std::string> out;
  if (!v) return out;
  size_t i = 0;
  while (i <= v->size()) {
    size_t j = v->find_first_of(",\n", i);
    if (j == std::string::npos) j = v->size();
    auto item = Trim(std::string_view(*v).substr(i, j - i));
    if (!item.empty()) out.emplace_back(item);
    i = j + 1;
  }
  return out;
}

std::string HadoopConfig::CanonicalName(std::string_view name) {
  const auto& table = Deprecations();
  auto it = table.find(name);
  return std::string(it == table.end() ? name : it->second);
}

Result<int64_t> ParseHadoopSize(std::string_view text) {
  std::string t(Trim(text));
  if (t.empty()) return Status::Invalid("empty size");
  int64_t multiplier = 1;
  static const std::string_view kSuffixes = "kmgtpe";
  char last = static_cast<char>(std::tolower(static_cast<unsigned char>(t.back())));
  if (auto pos = kSuffixes.find(last); pos != std::string_view::npos) {
    multiplier = int64_t{1} << (10 * (pos + 1));
    t.pop_back();
  }
  bool neg = !t.empty() && t[0] == '-';
  std::string digits = t.substr((!t.empty() && (t[0] == '-' || t[0] == '+')) ? 1 : 0);
  if (digits.empty() || !std::all_of(digits.begin(), digits.end(), [](char c) {
        return std::isdigit(static_cast<unsigned char>(c)) != 0;
      })) {
    return Status::Invalid(
        fmt::format("'{}' is not a size (an integer with an optional "
                    "k, m, g, t, p or e suffix)",
                    Trim(text)));
  }
  errno = 0;
  unsigned long long mag = std::strtoull(digits.c_str(), nullptr, 10);
  const auto max = static_cast<unsigned long long>(std::numeric_limits<int64_t>::max());
  if (errno == ERANGE || mag > max / static_cast<unsigned long long>(multiplier)) {
    return Status::Invalid(fmt::format("size '{}' is out of range", Trim(text)));
  }
  int64_t v = static_cast<int64_t>(mag) * multiplier;
  return neg ? -v : v;
}

}  // namespace hmig
