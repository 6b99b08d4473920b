#include "hive/dump_rewriter.h"

#include <fcntl.h>
#include <strings.h>
#include <unistd.h>

#include <cctype>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <memory>

#include "hive/byte_scan.h"
#include "hive/dump_statement.h"
#include "hive/location_columns.h"
#include "hive/sql_literal.h"

namespace hmig::hive {
namespace {

constexpr size_t kMaxHead = 1 << 20;  // statement text kept for parsing
constexpr size_t kFlushBytes = 1 << 20;

// Bytes with a meaning inside a VALUES list (outside string literals).
struct SpecialTable {
  bool v[256] = {};
  constexpr SpecialTable() {
    for (char c : {'\'', '"', '`', '(', ')', ',', ';'}) v[static_cast<unsigned char>(c)] = true;
  }
  constexpr bool operator[](unsigned char c) const { return v[c]; }
};
constexpr SpecialTable kValuesSpecial;

bool IsWordChar(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) || c == '_' ||
         static_cast<unsigned char>(c) >= 0x80;
}

std::string Upper(std::string s) {
  for (auto& c : s) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return s;
}

}  // namespace

SqlDialect DetectDumpDialect(std::string_view head) {
  if (head.find("PostgreSQL database dump") != std::string_view::npos) return SqlDialect::kPostgres;
  return SqlDialect::kMySql;
}

void RecordChange(ColumnChanges& changes, const std::string& column, std::string_view before,
                  std::string_view after) {
  auto& c = changes[column];
  ++c.changed;
  if (c.samples.size() < kMaxSamplesPerColumn) c.samples.emplace_back(before, after);
}

DumpRewriter::DumpRewriter(const LocationMatcher& matcher, SqlDialect dialect, Sink sink)
    : matcher_(matcher), dialect_(dialect), sink_(std::move(sink)) {
  BeginStatement();
}

void DumpRewriter::BeginStatement(bool keep_targets) {
  mode_ = Mode::kHead;
  if (!keep_targets) {
    table_.clear();
    target_fields_.clear();
    target_names_.clear();
  }
  head_kind_ = 0;
  lex_ = Lex::kNormal;
  depth_ = 0;
  head_.clear();
  head_overflow_ = false;
  word_.clear();
  first_word_.clear();
  prev_ = ' ';
}

Status DumpRewriter::Emit(std::string_view s) {
  out_.append(s);
  if (out_.size() >= kFlushBytes) {
    HMIG_RETURN_IF_ERROR(sink_(out_));
    out_.clear();
  }
  return Status::OK();
}

Status DumpRewriter::EndHead(bool at_values) {
  StatementHead head = head_overflow_ ? StatementHead{} : ParseStatementHead(head_, dialect_);
  head_kind_ = static_cast<int>(head.kind);
  if (head.kind == StatementHead::Kind::kCreateTable) {
    table_columns_[Upper(head.table)] = head.columns;
    return Status::OK();
  }
  bool streams_rows = (head.kind == StatementHead::Kind::kInsert && at_values) ||
                      head.kind == StatementHead::Kind::kCopyFromStdin;
  if (!streams_rows) return Status::OK();
  table_ = head.table;
  bool table_has_locations = false;
  for (const auto& c : AllLocationColumns()) {
    if (strcasecmp(c.table.c_str(), table_.c_str()) == 0) table_has_locations = true;
  }
  if (!table_has_locations) return Status::OK();
  std::vector<std::string> columns = head.columns;
  if (columns.empty()) {
    auto it = table_columns_.find(Upper(table_));
    if (it == table_columns_.end()) {
      return Status::Invalid("the dump loads table " + table_ +
                             " without naming its columns and has no CREATE TABLE for it before: "
                             "cannot tell which values are locations (dump with "
                             "--complete-insert, or include the table definitions)");
    }
    columns = it->second;
  }
  target_fields_.assign(columns.size(), 0);
  target_names_.assign(columns.size(), {});
  for (size_t f = 0; f < columns.size(); ++f) {
    if (const LocationColumn* lc = FindLocationColumn(table_, columns[f])) {
      target_fields_[f] = 1;
      target_names_[f] = lc->Name();
    }
  }
  return Status::OK();
}

bool DumpRewriter::AppendFromCachedPrefix(const std::string& column) {
  for (const std::string& prefix : cached_prefixes_) {
    const size_t n = prefix.size();
    if (lit_.size() < n || (lit_.size() > n && lit_[n] != '/') ||
        std::memcmp(lit_.data(), prefix.data(), n) != 0) {
      continue;
    }
    const size_t start = out_.size();
    out_.append(matcher_.to()).append(lit_, n, std::string::npos);
    RecordChange(changes_, column, lit_, std::string_view(out_).substr(start));
    return true;
  }
  return false;
}

void DumpRewriter::RememberPrefix(const std::string& rewritten) {
  // rewritten = to + lit_[n..]: the old prefix is lit_[0, n). It is kept only
  // when it holds no byte an escape could start with, so that its raw bytes are
  // its decoded bytes in every literal that starts with them.
  const size_t n = lit_.size() - (rewritten.size() - matcher_.to().size());
  std::string_view prefix(lit_.data(), n);
  if (prefix.find_first_of("\\'\"") != std::string_view::npos) return;
  if (cached_prefixes_.size() < kCachedPrefixes) {
    cached_prefixes_.emplace_back(prefix);
  } else {
    cached_prefixes_[next_cached_prefix_++ % kCachedPrefixes].assign(prefix);
  }
}

void DumpRewriter::EmitLiteral() {
  const std::string& name = target_names_[field_];
  if (hex_literal_ || !AppendFromCachedPrefix(name)) {
    std::optional<std::string> rewritten =
        hex_literal_ ? RewriteHexLiteral(lit_, matcher_)
                     : RewriteQuotedLiteral(lit_, backslash_escapes_, quote_char_, matcher_);
    if (rewritten) {
      RecordChange(changes_, name, lit_, *rewritten);
      if (!hex_literal_) RememberPrefix(*rewritten);
      out_.append(*rewritten);
    } else {
      out_.append(lit_);
    }
  }
  out_.push_back(quote_char_);
  lit_.clear();
  holding_ = false;
}

void DumpRewriter::EmitCopyField() {
  const std::string& name = target_names_[copy_field_];
  if (!AppendFromCachedPrefix(name)) {
    std::optional<std::string> rewritten = RewriteCopyField(lit_, matcher_);
    if (rewritten) {
      RecordChange(changes_, name, lit_, *rewritten);
      RememberPrefix(*rewritten);
      out_.append(*rewritten);
    } else {
      out_.append(lit_);
    }
  }
  lit_.clear();
  copy_field_held_ = false;
}

Status DumpRewriter::Feed(std::string_view in) {
  size_t i = 0;
  size_t run = 0;  // start of the bytes not yet copied to out_
  while (i < in.size()) {
    Status st;
    switch (mode_) {
      case Mode::kHead:
      case Mode::kValues:
        st = FeedValues(in, i, run);
        break;
      case Mode::kCopyEol:
      case Mode::kCopyData:
        st = FeedCopy(in, i, run);
        break;
    }
    HMIG_RETURN_IF_ERROR(st);
  }
  if (!holding_ && !copy_field_held_ && run < in.size()) out_.append(in.substr(run));
  if (out_.size() >= kFlushBytes) {
    HMIG_RETURN_IF_ERROR(sink_(out_));
    out_.clear();
  }
  return Status::OK();
}

// One lexer for statement heads and VALUES lists; returns when the mode changes
// (the byte at `i` then belongs to the new mode) or the chunk ends.
Status DumpRewriter::FeedValues(std::string_view in, size_t& i, size_t& run) {
  const bool mysql = dialect_ == SqlDialect::kMySql;
  const Mode mode = mode_;
  while (i < in.size()) {
    // String bodies: scan to the next quote or backslash in one go.
    if (lex_ == Lex::kQuote) {
      const char* end = in.data() + in.size();
      const char* stop = backslash_escapes_ ? FindFirstOf(in.data() + i, end, quote_char_, '\\')
                                            : FindFirstOf(in.data() + i, end, quote_char_);
      const size_t j = static_cast<size_t>(stop - in.data());
      if (holding_) lit_.append(in.data() + i, j - i);
      if (mode == Mode::kHead && !head_overflow_) head_.append(in.data() + i, j - i);
      i = j;
      if (i == in.size()) break;
      char c = in[i];
      if (mode == Mode::kHead && !head_overflow_) head_.push_back(c);
      ++i;
      if (c == '\\') {
        if (holding_) lit_.push_back(c);
        lex_ = Lex::kQuoteEscape;
      } else {
        lex_ = Lex::kQuoteEnd;
      }
      continue;
    }
    // VALUES lists: numbers, NULLs and separators need no look at each byte's
    // state; skip to the next byte that matters. In a table without location
    // columns only string delimiters and the closing ';' matter.
    if (mode == Mode::kValues && lex_ == Lex::kNormal) {
      size_t j = i;
      if (target_fields_.empty()) {
        j = static_cast<size_t>(
            FindFirstOf(in.data() + i, in.data() + in.size(), '\'', '"', '`', ';') - in.data());
      } else {
        while (j < in.size() && !kValuesSpecial[static_cast<unsigned char>(in[j])]) ++j;
      }
      if (j > i) {
        prev_ = in[j - 1];
        i = j;
        if (i == in.size()) break;
      }
    }
    char c = in[i];
    if (mode == Mode::kHead) {
      if (head_.size() < kMaxHead) {
        head_.push_back(c);
      } else {
        head_overflow_ = true;
      }
    }
    // States that need one byte of look-ahead.
    if (lex_ == Lex::kQuoteEnd) {
      if (c == quote_char_) {  // a doubled quote inside the literal
        if (holding_) lit_.append(2, c);
        lex_ = Lex::kQuote;
        ++i;
        continue;
      }
      lex_ = Lex::kNormal;
      if (holding_) {
        EmitLiteral();
        run = i;
      }
    } else if (lex_ == Lex::kQuoteEscape) {
      if (holding_) lit_.push_back(c);
      lex_ = Lex::kQuote;
      ++i;
      continue;
    } else if (lex_ == Lex::kDash) {
      lex_ = Lex::kNormal;
      if (c == '-') {
        lex_ = Lex::kLineComment;
        ++i;
        continue;
      }
    } else if (lex_ == Lex::kSlash) {
      lex_ = Lex::kNormal;
      if (c == '*') {
        lex_ = Lex::kBlockComment;
        ++i;
        continue;
      }
    }
    switch (lex_) {
      case Lex::kLineComment:
        if (c == '\n') lex_ = Lex::kNormal;
        ++i;
        continue;
      case Lex::kBlockComment:
        if (c == '*') lex_ = Lex::kBlockStar;
        ++i;
        continue;
      case Lex::kBlockStar:
        lex_ = c == '/' ? Lex::kNormal : (c == '*' ? Lex::kBlockStar : Lex::kBlockComment);
        ++i;
        continue;
      case Lex::kDoubleQuote:
        if (c == '"') lex_ = Lex::kNormal;  // "" re-enters at once: same result
        ++i;
        continue;
      case Lex::kBacktick:
        if (c == '`') lex_ = Lex::kNormal;
        ++i;
        continue;
      case Lex::kDollarTag:
        if (c == '$') {
          dollar_delim_.push_back('$');
          dollar_match_ = 0;
          lex_ = Lex::kDollarBody;
        } else if (IsWordChar(c)) {
          dollar_delim_.push_back(c);
        } else {
          lex_ = Lex::kNormal;  // "$1" and the like: not a dollar quote
          prev_ = c;
        }
        ++i;
        continue;
      case Lex::kDollarBody:
        if (c == dollar_delim_[dollar_match_]) {
          if (++dollar_match_ == dollar_delim_.size()) lex_ = Lex::kNormal;
        } else {
          dollar_match_ = c == '$' ? 1 : 0;
        }
        ++i;
        continue;
      default:
        break;
    }
    // kNormal.
    if (mode == Mode::kHead) {
      if (IsWordChar(c)) {
        if (word_.size() < 16) word_.push_back(c);
        prev_ = c;
        ++i;
        continue;
      }
      if (!word_.empty()) {
        std::string w = Upper(word_);
        word_.clear();
        if (first_word_.empty()) {
          first_word_ = w;
        } else if (depth_ == 0 && (first_word_ == "INSERT" || first_word_ == "REPLACE") &&
                   (w == "VALUES" || w == "VALUE")) {
          HMIG_RETURN_IF_ERROR(EndHead(true));
          mode_ = Mode::kValues;
          depth_ = 0;
          prev_ = ' ';
          return Status::OK();  // this byte is the first of the VALUES list
        }
      }
    }
    const char before = prev_;
    prev_ = c;
    ++i;
    switch (c) {
      case '\'':
      case '"':
        if (c == '"' && !mysql) {
          lex_ = Lex::kDoubleQuote;
          break;
        }
        quote_char_ = c;
        hex_literal_ = c == '\'' && (before == 'x' || before == 'X');
        backslash_escapes_ = !hex_literal_ && (mysql || before == 'e' || before == 'E');
        lex_ = Lex::kQuote;
        if (mode == Mode::kValues && depth_ == 1 && FieldIsTarget(field_)) {
          out_.append(in.substr(run, i - run));  // up to and including the quote
          holding_ = true;
          lit_.clear();
        }
        break;
      case '`':
        lex_ = Lex::kBacktick;
        break;
      case '-':
        if (mode == Mode::kHead) lex_ = Lex::kDash;
        break;
      case '/':
        if (mode == Mode::kHead) lex_ = Lex::kSlash;
        break;
      case '#':
        if (mysql && mode == Mode::kHead) lex_ = Lex::kLineComment;
        break;
      case '$':
        if (!mysql && mode == Mode::kHead && !IsWordChar(before)) {
          lex_ = Lex::kDollarTag;
          dollar_delim_.assign(1, '$');
        }
        break;
      case '(':
        if (++depth_ == 1) field_ = 0;
        break;
      case ')':
        --depth_;
        break;
      case ',':
        if (depth_ == 1) ++field_;
        break;
      case ';':
        if (depth_ <= 0) {
          if (mode == Mode::kHead) {
            HMIG_RETURN_IF_ERROR(EndHead(false));
            if (head_kind_ == static_cast<int>(StatementHead::Kind::kCopyFromStdin)) {
              BeginStatement(/*keep_targets=*/true);
              mode_ = Mode::kCopyEol;
              return Status::OK();
            }
          }
          BeginStatement();
          return Status::OK();
        }
        break;
      default:
        break;
    }
  }
  return Status::OK();
}

// pg_dump COPY data: one row per line, fields separated by tabs, ended by "\.".
Status DumpRewriter::FeedCopy(std::string_view in, size_t& i, size_t& run) {
  if (mode_ == Mode::kCopyEol) {
    while (i < in.size() && in[i] != '\n') ++i;
    if (i == in.size()) return Status::OK();
    ++i;
    mode_ = Mode::kCopyData;
    copy_field_ = 0;
    copy_first_.clear();
    if (FieldIsTarget(0)) {
      out_.append(in.substr(run, i - run));
      run = i;
      copy_field_held_ = true;
    }
  }
  while (i < in.size()) {
    size_t j = i;
    while (j < in.size() && in[j] != '\t' && in[j] != '\n') ++j;
    if (copy_field_held_) lit_.append(in.data() + i, j - i);
    if (copy_field_ == 0 && copy_first_.size() < 4) {
      copy_first_.append(in.data() + i, std::min<size_t>(j - i, 4));
    }
    i = j;
    if (i == in.size()) break;
    if (copy_field_held_) {
      EmitCopyField();
      run = i;
    }
    const char c = in[i++];
    if (c == '\n') {
      if (copy_field_ == 0 && copy_first_ == "\\.") {
        out_.append(in.substr(run, i - run));
        run = i;
        BeginStatement();
        return Status::OK();
      }
      copy_field_ = 0;
      copy_first_.clear();
    } else {
      ++copy_field_;
    }
    if (FieldIsTarget(copy_field_)) {
      out_.append(in.substr(run, i - run));
      run = i;
      copy_field_held_ = true;
    }
  }
  return Status::OK();
}

Status DumpRewriter::Finish() {
  if (holding_ && lex_ == Lex::kQuoteEnd) EmitLiteral();
  if (copy_field_held_) EmitCopyField();
  if (holding_) return Status::Corrupt("the dump ends inside a string literal of " + table_);
  if (!out_.empty()) {
    HMIG_RETURN_IF_ERROR(sink_(out_));
    out_.clear();
  }
  return Status::OK();
}

}  // namespace hmig::hive
