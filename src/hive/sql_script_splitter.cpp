#include "hive/sql_script_splitter.h"

#include <strings.h>

#include <cctype>

namespace hmig::hive {
namespace {

bool IsSpace(char c) {
  return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f';
}

std::string Trim(std::string_view s) {
  size_t b = 0, e = s.size();
  while (b < e && IsSpace(s[b])) ++b;
  while (e > b && IsSpace(s[e - 1])) --e;
  return std::string(s.substr(b, e - b));
}

// True when `s` at `i` starts with `word` (case-insensitive) followed by a space.
bool StartsWithCommand(std::string_view s, size_t i, const char* word) {
  size_t n = std::char_traits<char>::length(word);
  return i + n < s.size() && strncasecmp(s.data() + i, word, n) == 0 && IsSpace(s[i + n]);
}

// The argument of a line command ("SOURCE x.sql;" -> "x.sql").
std::string CommandArgument(std::string_view line) {
  std::string arg = Trim(line);
  while (!arg.empty() && arg.back() == ';') arg.pop_back();
  arg = Trim(arg);
  if (arg.size() >= 2 && (arg.front() == '\'' || arg.front() == '"') && arg.back() == arg.front()) {
    arg = arg.substr(1, arg.size() - 2);
  }
  return arg;
}

class Splitter {
 public:
  Splitter(std::string_view s, SqlDialect d) : s_(s), mysql_(d == SqlDialect::kMySql) {}

  Result<std::vector<ScriptStatement>> Run() {
    while (i_ < s_.size()) {
      if (!started_) {
        // Between statements: skip blanks and comments, then look for client commands.
        if (IsSpace(s_[i_])) {
          Advance();
          continue;
        }
        if (AtLineComment()) {
          SkipLine();
          continue;
        }
        if (AtBlockComment() && !(mysql_ && i_ + 2 < s_.size() && s_[i_ + 2] == '!')) {
          HMIG_RETURN_IF_ERROR(SkipBlockComment());
          continue;
        }
        if (mysql_ && StartsWithCommand(s_, i_, "DELIMITER")) {
          std::string_view line = LineRest(i_ + 9);
          delimiter_ = Trim(line);
          if (delimiter_.empty())
            return Status::Invalid("DELIMITER without a delimiter at line " +
                                   std::to_string(line_));
          SkipLine();
          continue;
        }
        bool source = mysql_ && StartsWithCommand(s_, i_, "SOURCE");
        bool include = !mysql_ && (s_.substr(i_, 3) == "\\i " || s_.substr(i_, 3) == "\\i\t" ||
                                   StartsWithCommand(s_, i_, "\\include"));
        if (source || include) {
          size_t skip = source ? 6 : (s_.substr(i_, 2) == "\\i" && IsSpace(s_[i_ + 2]) ? 2 : 8);
          out_.push_back(
              {ScriptStatement::Kind::kInclude, CommandArgument(LineRest(i_ + skip)), line_});
          SkipLine();
          continue;
        }
        started_ = true;
        start_line_ = line_;
      }
      HMIG_RETURN_IF_ERROR(Step());
    }
    if (started_) Finish();
    return std::move(out_);
  }

 private:
  void Advance() {
    if (s_[i_] == '\n') ++line_;
    ++i_;
  }
  bool AtLineComment() const {
    return (s_[i_] == '-' && i_ + 1 < s_.size() && s_[i_ + 1] == '-') || (mysql_ && s_[i_] == '#');
  }
  bool AtBlockComment() const { return s_[i_] == '/' && i_ + 1 < s_.size() && s_[i_ + 1] == '*'; }
  std::string_view LineRest(size_t from) const {
    size_t end = s_.find('\n', from);
    if (end == std::string_view::npos) end = s_.size();
    return s_.substr(from, end - from);
  }
  void SkipLine() {
    while (i_ < s_.size() && s_[i_] != '\n') ++i_;
  }
  Status SkipBlockComment() {
    int at = line_;
    i_ += 2;
    while (i_ + 1 < s_.size() && !(s_[i_] == '*' && s_[i_ + 1] == '/')) Advance();
    if (i_ + 1 >= s_.size())
      return Status::Invalid("unterminated /* comment starting at line " + std::to_string(at));
    i_ += 2;
    return Status::OK();
  }
  Status SkipQuoted(char q, bool backslash) {
    int at = line_;
    ++i_;
    while (i_ < s_.size()) {
      char c = s_[i_];
      if (backslash && c == '\\') {
        Advance();
        if (i_ < s_.size()) Advance();
        continue;
      }
      if (c == q) {
        if (i_ + 1 < s_.size() && s_[i_ + 1] == q) {
          i_ += 2;
          continue;
        }
        ++i_;
        return Status::OK();
      }
      Advance();
    }
    return Status::Invalid(std::string("unterminated ") + q + "-quoted text starting at line " +
                           std::to_string(at));
  }
  // PostgreSQL $tag$...$tag$; returns false (and consumes nothing) when the '$'
  // does not open a dollar quote.
  Result<bool> SkipDollarQuote() {
    size_t j = i_ + 1;
    while (j < s_.size() && (std::isalnum(static_cast<unsigned char>(s_[j])) || s_[j] == '_')) ++j;
    if (j >= s_.size() || s_[j] != '$' ||
        (j > i_ + 1 && std::isdigit(static_cast<unsigned char>(s_[i_ + 1])))) {
      return false;
    }
    std::string_view tag = s_.substr(i_, j - i_ + 1);
    size_t end = s_.find(tag, j + 1);
    if (end == std::string_view::npos) {
      return Status::Invalid("unterminated " + std::string(tag) + " quote starting at line " +
                             std::to_string(line_));
    }
    while (i_ < end + tag.size()) Advance();
    return true;
  }

  // One lexical unit of a statement, appended to cur_ (line comments dropped:
  // "--x" without a space is a comment for the clients but not for the MySQL server).
  Status Step() {
    const size_t from = i_;
    char c = s_[i_];
    if (s_.compare(i_, delimiter_.size(), delimiter_) == 0) {
      Finish();
      i_ += delimiter_.size();
      return Status::OK();
    }
    if (AtLineComment()) {
      SkipLine();
      return Status::OK();
    }
    Status st;
    if (AtBlockComment()) {
      st = SkipBlockComment();
    } else if (c == '\'') {
      bool e = !mysql_ && i_ > 0 && (s_[i_ - 1] == 'E' || s_[i_ - 1] == 'e');
      st = SkipQuoted('\'', mysql_ || e);
    } else if (c == '"') {
      st = SkipQuoted('"', mysql_);
    } else if (c == '`' && mysql_) {
      st = SkipQuoted('`', false);
    } else if (c == '$' && !mysql_ &&
               (i_ == 0 ||
                !(std::isalnum(static_cast<unsigned char>(s_[i_ - 1])) || s_[i_ - 1] == '_'))) {
      HMIG_ASSIGN_OR_RETURN(bool quoted, SkipDollarQuote());
      if (!quoted) Advance();
    } else {
      Advance();
    }
    HMIG_RETURN_IF_ERROR(st);
    cur_.append(s_.substr(from, i_ - from));
    return Status::OK();
  }

  void Finish() {
    std::string text = Trim(cur_);
    if (!text.empty()) out_.push_back({ScriptStatement::Kind::kSql, std::move(text), start_line_});
    cur_.clear();
    started_ = false;
  }

  std::string_view s_;
  bool mysql_;
  size_t i_ = 0;
  int line_ = 1;
  bool started_ = false;
  std::string cur_;
  int start_line_ = 1;
  std::string delimiter_ = ";";
  std::vector<ScriptStatement> out_;
};

}  // namespace

Result<std::vector<ScriptStatement>> SplitSqlScript(std::string_view script, SqlDialect dialect) {
  return Splitter(script, dialect).Run();
}

}  // namespace hmig::hive
