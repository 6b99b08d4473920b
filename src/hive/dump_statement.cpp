#include "hive/dump_statement.h"

#include <strings.h>

#include <cctype>

namespace hmig::hive {
namespace {

struct Token {
  enum class Kind { kWord, kQuotedName, kString, kPunct };
  Kind kind;
  std::string text;
};

bool IsWordChar(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '$' ||
         static_cast<unsigned char>(c) >= 0x80;
}

// Tokens of a statement head, comments dropped. Strings are skipped whole
// (their text is not needed), quoted names are unquoted.
std::vector<Token> Tokenize(std::string_view s, SqlDialect dialect) {
  std::vector<Token> out;
  size_t i = 0;
  const bool mysql = dialect == SqlDialect::kMySql;
  while (i < s.size()) {
    char c = s[i];
    if (std::isspace(static_cast<unsigned char>(c))) {
      ++i;
    } else if ((c == '-' && i + 1 < s.size() && s[i + 1] == '-') || (mysql && c == '#')) {
      while (i < s.size() && s[i] != '\n') ++i;
    } else if (c == '/' && i + 1 < s.size() && s[i + 1] == '*') {
      size_t end = s.find("*/", i + 2);
      i = end == std::string_view::npos ? s.size() : end + 2;
    } else if (c == '`' || c == '"') {
      if (c == '"' && mysql) {  // a MySQL string
        ++i;
        while (i < s.size() && s[i] != '"') i += (s[i] == '\\') ? 2 : 1;
        ++i;
        out.push_back({Token::Kind::kString, ""});
        continue;
      }
      std::string name;
      ++i;
      while (i < s.size()) {
        if (s[i] == c) {
          if (i + 1 < s.size() && s[i + 1] == c) {
            name.push_back(c);
            i += 2;
            continue;
          }
          ++i;
          break;
        }
        name.push_back(s[i++]);
      }
      out.push_back({Token::Kind::kQuotedName, std::move(name)});
    } else if (c == '\'') {
      ++i;
      while (i < s.size()) {
        if (mysql && s[i] == '\\') {
          i += 2;
        } else if (s[i] == '\'') {
          if (i + 1 < s.size() && s[i + 1] == '\'') {
            i += 2;
          } else {
            ++i;
            break;
          }
        } else {
          ++i;
        }
      }
      out.push_back({Token::Kind::kString, ""});
    } else if (IsWordChar(c)) {
      size_t start = i;
      while (i < s.size() && IsWordChar(s[i])) ++i;
      out.push_back({Token::Kind::kWord, std::string(s.substr(start, i - start))});
    } else {
      out.push_back({Token::Kind::kPunct, std::string(1, c)});
      ++i;
    }
  }
  return out;
}

bool IsWord(const Token& t, const char* word) {
  return t.kind == Token::Kind::kWord && strcasecmp(t.text.c_str(), word) == 0;
}
bool IsPunct(const Token& t, char c) {
  return t.kind == Token::Kind::kPunct && t.text.size() == 1 && t.text[0] == c;
}
bool IsName(const Token& t) {
  return t.kind == Token::Kind::kWord || t.kind == Token::Kind::kQuotedName;
}

// Reads a possibly qualified name at tokens[i]; returns its last part.
std::string ReadName(const std::vector<Token>& t, size_t& i) {
  std::string name;
  while (i < t.size() && IsName(t[i])) {
    name = t[i].text;
    ++i;
    if (i < t.size() && IsPunct(t[i], '.')) {
      ++i;
    } else {
      break;
    }
  }
  return name;
}

// A parenthesised list of names "(a, b, c)" starting at tokens[i] == '('.
std::vector<std::string> ReadNameList(const std::vector<Token>& t, size_t& i) {
  std::vector<std::string> names;
  ++i;
  while (i < t.size() && !IsPunct(t[i], ')')) {
    if (IsName(t[i])) names.push_back(t[i].text);
    ++i;
  }
  if (i < t.size()) ++i;
  return names;
}

bool IsConstraintKeyword(const Token& t) {
  static const char* kWords[] = {"CONSTRAINT", "PRIMARY",  "KEY",     "UNIQUE",  "INDEX", "FOREIGN",
                                 "CHECK",      "FULLTEXT", "SPATIAL", "EXCLUDE", "LIKE",  "PERIOD"};
  if (t.kind != Token::Kind::kWord) return false;
  for (const char* w : kWords) {
    if (strcasecmp(t.text.c_str(), w) == 0) return true;
  }
  return false;
}

}  // namespace

StatementHead ParseStatementHead(std::string_view text, SqlDialect dialect) {
  std::vector<Token> t = Tokenize(text, dialect);
  StatementHead head;
  size_t i = 0;
  if (t.empty()) return head;
  if (IsWord(t[0], "INSERT") || IsWord(t[0], "REPLACE")) {
    ++i;
    while (i < t.size() &&
           (IsWord(t[i], "IGNORE") || IsWord(t[i], "LOW_PRIORITY") || IsWord(t[i], "DELAYED") ||
            IsWord(t[i], "HIGH_PRIORITY") || IsWord(t[i], "INTO"))) {
      ++i;
    }
    head.kind = StatementHead::Kind::kInsert;
    head.table = ReadName(t, i);
    if (i < t.size() && IsPunct(t[i], '(')) head.columns = ReadNameList(t, i);
    return head;
  }
  if (IsWord(t[0], "COPY")) {
    ++i;
    head.table = ReadName(t, i);
    if (i < t.size() && IsPunct(t[i], '(')) head.columns = ReadNameList(t, i);
    if (i + 1 < t.size() && IsWord(t[i], "FROM") && IsWord(t[i + 1], "STDIN")) {
      head.kind = StatementHead::Kind::kCopyFromStdin;
    }
    return head;
  }
  if (IsWord(t[0], "CREATE")) {
    while (i < t.size() && !IsWord(t[i], "TABLE") && !IsPunct(t[i], '(')) ++i;
    if (i >= t.size() || !IsWord(t[i], "TABLE")) return head;
    ++i;
    if (i + 2 < t.size() && IsWord(t[i], "IF") && IsWord(t[i + 1], "NOT") &&
        IsWord(t[i + 2], "EXISTS")) {
      i += 3;
    }
    head.table = ReadName(t, i);
    if (i >= t.size() || !IsPunct(t[i], '(')) return head;
    head.kind = StatementHead::Kind::kCreateTable;
    ++i;
    int depth = 1;
    bool item_start = true;
    for (; i < t.size() && depth > 0; ++i) {
      if (IsPunct(t[i], '(')) {
        ++depth;
      } else if (IsPunct(t[i], ')')) {
        --depth;
      } else if (depth == 1 && IsPunct(t[i], ',')) {
        item_start = true;
        continue;
      } else if (item_start && depth == 1) {
        if (IsName(t[i]) && !IsConstraintKeyword(t[i])) head.columns.push_back(t[i].text);
      }
      item_start = false;
    }
  }
  return head;
}

}  // namespace hmig::hive
