#include "conf/script_overrides.h"

#include <cctype>

#include "conf/task_memory.h"
#include "util/hadoop_config.h"

namespace hmig::conf {
namespace {

bool IsKeyChar(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '_' || c == '-';
}

bool IEqualsAt(std::string_view text, size_t pos, std::string_view word) {
  if (pos + word.size() > text.size()) return false;
  for (size_t i = 0; i < word.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(text[pos + i])) != word[i]) return false;
  }
  return true;
}

bool BoundaryBefore(std::string_view text, size_t pos) {
  if (pos == 0) return true;
  char c = text[pos - 1];
  return std::isspace(static_cast<unsigned char>(c)) || c == ';' || c == '"' || c == '\'' ||
         c == '(';
}

// Reads KEY at pos; returns its end or npos.
size_t ReadKey(std::string_view text, size_t pos) {
  size_t e = pos;
  while (e < text.size() && IsKeyChar(text[e])) ++e;
  return e > pos ? e : std::string_view::npos;
}

}  // namespace

bool IsJobScript(const std::string& file_name) {
  auto dot = file_name.rfind('.');
  if (dot == std::string::npos) return false;
  std::string ext = file_name.substr(dot + 1);
  for (char& c : ext) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return ext == "hql" || ext == "sql" || ext == "q" || ext == "hive" || ext == "sh" ||
         ext == "bash";
}

std::vector<ScriptOverride> FindScriptOverrides(std::string_view text) {
  std::vector<ScriptOverride> out;
  int line = 1;
  size_t line_counted_to = 0;
  auto line_at = [&](size_t pos) {
    for (; line_counted_to < pos; ++line_counted_to) line += text[line_counted_to] == '\n';
    return line;
  };
  for (size_t i = 0; i < text.size(); ++i) {
    ScriptOverride o;
    size_t key_begin = std::string_view::npos;
    if (IEqualsAt(text, i, "set") && BoundaryBefore(text, i) && i + 3 < text.size() &&
        (text[i + 3] == ' ' || text[i + 3] == '\t')) {
      o.form = ScriptOverride::Form::kSet;
      key_begin = i + 3;
      while (key_begin < text.size() && (text[key_begin] == ' ' || text[key_begin] == '\t')) {
        ++key_begin;
      }
    } else if ((IEqualsAt(text, i, "--hiveconf") || IEqualsAt(text, i, "-hiveconf")) &&
               BoundaryBefore(text, i)) {
      o.form = ScriptOverride::Form::kHiveconf;
      key_begin = i + (text[i + 1] == '-' ? 10 : 9);
      while (key_begin < text.size() && text[key_begin] == ' ') ++key_begin;
    } else if (text.compare(i, 2, "-D") == 0 && BoundaryBefore(text, i)) {
      o.form = ScriptOverride::Form::kDefine;
      key_begin = i + 2;
      while (key_begin < text.size() && text[key_begin] == ' ') ++key_begin;
    } else {
      continue;
    }
    size_t key_end = ReadKey(text, key_begin);
    if (key_end == std::string_view::npos) continue;
    size_t eq = key_end;
    while (eq < text.size() && text[eq] == ' ') ++eq;
    if (eq >= text.size() || text[eq] != '=') continue;
    o.key = HadoopConfig::CanonicalName(text.substr(key_begin, key_end - key_begin));
    if (TaskMemoryRole(o.key).first.empty()) continue;
    size_t v = eq + 1;
    while (v < text.size() && text[v] == ' ') ++v;
    size_t vend;
    if (o.form == ScriptOverride::Form::kSet) {
      vend = v;
      while (vend < text.size() && text[vend] != ';' && text[vend] != '\n' && text[vend] != '"' &&
             text[vend] != '\'') {
        ++vend;
      }
      o.terminated = vend < text.size() && text[vend] == ';';
      o.insert_at = o.terminated ? vend + 1 : vend;
      while (vend > v && std::isspace(static_cast<unsigned char>(text[vend - 1]))) --vend;
    } else if (v < text.size() && (text[v] == '"' || text[v] == '\'')) {
      char q = text[v];
      size_t close = text.find(q, v + 1);
      if (close == std::string_view::npos) continue;
      o.quoted = true;
      vend = close;
      o.insert_at = close + 1;
      ++v;
    } else {
      vend = v;
      while (vend < text.size() && !std::isspace(static_cast<unsigned char>(text[vend])) &&
             text[vend] != ';' && text[vend] != '"' && text[vend] != '\'') {
        ++vend;
      }
      o.insert_at = vend;
    }
    o.value_begin = v;
    o.value_end = vend;
    o.value = std::string(text.substr(v, vend - v));
    o.line = line_at(i);
    out.push_back(std::move(o));
    i = vend;
  }
  return out;
}

std::string OverrideText(const ScriptOverride& like, const std::string& key,
                         const std::string& value) {
  switch (like.form) {
    case ScriptOverride::Form::kSet:
      return like.terminated ? " set " + key + "=" + value + ";" : "; set " + key + "=" + value;
    case ScriptOverride::Form::kHiveconf:
      return " --hiveconf " + key + "=" +
             (value.find(' ') != std::string::npos ? "\"" + value + "\"" : value);
    case ScriptOverride::Form::kDefine:
      return " -D" + key + "=" +
             (value.find(' ') != std::string::npos ? "\"" + value + "\"" : value);
  }
  return "";
}

}  // namespace hmig::conf
