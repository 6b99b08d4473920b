#include "conf/java_properties.h"

#include <fmt/format.h>

namespace hmig::conf {
namespace {

bool IsWs(char c) {
  return c == ' ' || c == '\t' || c == '\f';
}

// A logical line ends with an odd number of backslashes when it continues.
bool Continues(const std::string& line) {
  size_t n = 0;
  for (size_t i = line.size(); i > 0 && line[i - 1] == '\\'; --i) ++n;
  return n % 2 == 1;
}

void AppendUtf8(std::string& out, unsigned cp) {
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xC0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    out += static_cast<char>(0xE0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  }
}

// Unescapes a key or value; false on a malformed \u escape.
bool Unescape(std::string_view s, std::string& out) {
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] != '\\' || i + 1 == s.size()) {
      out += s[i];
      continue;
    }
    char c = s[++i];
    switch (c) {
      case 't':
        out += '\t';
        break;
      case 'n':
        out += '\n';
        break;
      case 'r':
        out += '\r';
        break;
      case 'f':
        out += '\f';
        break;
      case 'u': {
        unsigned cp = 0;
        for (int k = 1; k <= 4; ++k) {
          if (i + k >= s.size()) return false;
          char h = s[i + k];
          cp <<= 4;
          if (h >= '0' && h <= '9')
            cp |= h - '0';
          else if (h >= 'a' && h <= 'f')
            cp |= h - 'a' + 10;
          else if (h >= 'A' && h <= 'F')
            cp |= h - 'A' + 10;
          else
            return false;
        }
        AppendUtf8(out, cp);
        i += 4;
        break;
      }
      default:
        out += c;  // \= \: \# \! \\ and any other char stand for themselves
    }
  }
  return true;
}

std::string Escape(const std::string& s, bool is_key) {
  std::string out;
  for (size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
    switch (c) {
      case '\\':
        out += "\\\\";
        break;
      case '\t':
        out += "\\t";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      case '\f':
        out += "\\f";
        break;
      case '=':
      case ':':
        out += is_key ? std::string("\\") + c : std::string(1, c);
        break;
      case '#':
      case '!':
        out += (is_key && i == 0) ? std::string("\\") + c : std::string(1, c);
        break;
      case ' ':
        out += (is_key || i == 0) ? "\\ " : " ";
        break;
      default:
        out += c;
    }
  }
  return out;
}

}  // namespace

std::string FormatProperty(const std::string& key, const std::string& value) {
  return Escape(key, true) + " = " + Escape(value, false);
}

Result<PropertiesFile> PropertiesFile::Parse(std::string_view text, const std::string& label) {
  PropertiesFile pf;
  pf.label_ = label;
  size_t pos = 0;
  while (pos < text.size()) {
    size_t nl = text.find('\n', pos);
    std::string line(
        text.substr(pos, nl == std::string_view::npos ? std::string_view::npos : nl - pos));
    pf.lines_.push_back({line});
    if (nl == std::string_view::npos) {
      pf.trailing_newline_ = false;
      break;
    }
    pos = nl + 1;
  }
  for (size_t i = 0; i < pf.lines_.size(); ++i) {
    size_t first = i;
    std::string line = pf.lines_[i].text;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    size_t b = 0;
    while (b < line.size() && IsWs(line[b])) ++b;
    if (b == line.size() || line[b] == '#' || line[b] == '!') continue;
    // Join continuation lines (leading whitespace of each continuation is dropped).
    std::string logical = line.substr(b);
    while (Continues(logical) && i + 1 < pf.lines_.size()) {
      logical.pop_back();
      std::string next = pf.lines_[++i].text;
      if (!next.empty() && next.back() == '\r') next.pop_back();
      size_t nb = 0;
      while (nb < next.size() && IsWs(next[nb])) ++nb;
      logical += next.substr(nb);
    }
    if (Continues(logical)) logical.pop_back();
    // Key: up to an unescaped '=', ':' or whitespace.
    size_t k = 0;
    while (k < logical.size()) {
      if (logical[k] == '\\') {
        k += 2;
        continue;
      }
      if (logical[k] == '=' || logical[k] == ':' || IsWs(logical[k])) break;
      ++k;
    }
    k = std::min(k, logical.size());
    size_t v = k;
    while (v < logical.size() && IsWs(logical[v])) ++v;
    if (v < logical.size() && (logical[v] == '=' || logical[v] == ':')) ++v;
    while (v < logical.size() && IsWs(logical[v])) ++v;
    PropertyEntry e;
    e.line = static_cast<int>(first) + 1;
    if (!Unescape(std::string_view(logical).substr(0, k), e.key) ||
        !Unescape(std::string_view(logical).substr(v), e.value)) {
      return Status::Invalid(fmt::format("line {}: malformed \\uxxxx escape", e.line), label);
    }
    pf.located_.push_back({pf.entries_.size(), first, i});
    pf.entries_.push_back(std::move(e));
  }
  return pf;
}

const PropertyEntry* PropertiesFile::Find(std::string_view key) const {
  for (auto it = entries_.rbegin(); it != entries_.rend(); ++it) {
    if (it->key == key) return &*it;
  }
  return nullptr;
}

std::optional<std::string> PropertiesFile::Get(std::string_view key) const {
  const PropertyEntry* e = Find(key);
  if (!e) return std::nullopt;
  return e->value;
}

void PropertiesFile::Set(const std::string& key, const std::string& value) {
  for (auto it = located_.rbegin(); it != located_.rend(); ++it) {
    PropertyEntry& e = entries_[it->entry];
    if (e.key != key) continue;
    if (e.value == value) return;  // keep the user's line as written
    e.value = value;
    lines_[it->first_line].text = FormatProperty(key, value);
    lines_[it->first_line].removed = false;
    for (size_t l = it->first_line + 1; l <= it->last_line; ++l) lines_[l].removed = true;
    return;
  }
  AppendRaw(FormatProperty(key, value));
  PropertyEntry e{key, value, static_cast<int>(lines_.size())};
  located_.push_back({entries_.size(), lines_.size() - 1, lines_.size() - 1});
  entries_.push_back(std::move(e));
}

void PropertiesFile::AppendRaw(const std::string& line) {
  if (!trailing_newline_ && !lines_.empty()) {
    trailing_newline_ = true;  // the last original line gets its newline back
  }
  lines_.push_back({line});
}

std::string PropertiesFile::ToString() const {
  std::string out;
  for (size_t i = 0; i < lines_.size(); ++i) {
    if (lines_[i].removed) continue;
    out += lines_[i].text;
    if (i + 1 < lines_.size() || trailing_newline_) out += '\n';
  }
  return out;
}

}  // namespace hmig::conf
