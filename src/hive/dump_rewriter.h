// Streaming rewrite of metastore locations inside a SQL dump: mysqldump output
// (MySQL/MariaDB) or pg_dump's plain format (COPY ... FROM stdin blocks or
// --inserts). The dump is lexed, not searched: string literals are parsed with
// their dialect's escapes (backslash and doubled quotes, _binary'..', X'..', E'..',
// dollar quoting, COPY text escapes), multi-row INSERTs are split into fields, and
// only the location-bearing columns of location_columns.h are rewritten, with
// the authority-exact rules of LocationMatcher. Every other byte is copied as is.
//
// Memory is bounded by the longest location literal and statement header, never
// by the line or statement length: a 1 GB single-line INSERT streams through.
//
// Limits: column positions come from the INSERT/COPY column list or, when absent,
// from the dump's CREATE TABLE for that table; a location table whose positions
// cannot be known is an error (never silently skipped). Comments inside a VALUES
// list and 0x... hex numbers in location columns are not interpreted.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "hive/location_matcher.h"
#include "util/status.h"

namespace hmig::hive {

enum class SqlDialect { kMySql, kPostgres };

// Guesses the dialect from the start of a dump (pg_dump writes
// "-- PostgreSQL database dump"); MySQL otherwise.
SqlDialect DetectDumpDialect(std::string_view head);

// Per column ("TABLE.COLUMN"): how many values changed and a few examples.
struct ColumnChange {
  uint64_t changed = 0;
  std::vector<std::pair<std::string, std::string>> samples;  // before -> after
};
using ColumnChanges = std::map<std::string, ColumnChange>;
constexpr size_t kMaxSamplesPerColumn = 3;
void RecordChange(ColumnChanges& changes, const std::string& column, std::string_view before,
                  std::string_view after);

class DumpRewriter {
 public:
  // Receives the output in pieces of about a megabyte. It may take the bytes
  // (swap the string with an empty one, so no copy is made); whatever it
  // leaves is cleared before the rewriter goes on.
  using Sink = std::function<Status(std::string&)>;
  DumpRewriter(const LocationMatcher& matcher, SqlDialect dialect, Sink sink);

  // Consumes the next piece of the dump (any split point).
  Status Feed(std::string_view chunk);
  // Flushes the output; an error when the dump ends inside a literal.
  Status Finish();

  const ColumnChanges& changes() const { return changes_; }

 private:
  enum class Mode { kHead, kValues, kCopyEol, kCopyData };
  enum class Lex {
    kNormal,
    kDash,
    kSlash,
    kLineComment,
    kBlockComment,
    kBlockStar,
    kQuote,
    kQuoteEscape,
    kQuoteEnd,
    kDoubleQuote,
    kBacktick,
    kDollarTag,
    kDollarBody
  };

  Status FeedHead(std::string_view in, size_t& i, size_t& run);
  Status FeedValues(std::string_view in, size_t& i, size_t& run);
  Status FeedCopy(std::string_view in, size_t& i, size_t& run);
  Status EndHead(bool at_values);
  void BeginStatement(bool keep_targets = false);
  Status Emit(std::string_view s);
  void EmitLiteral();    // the held-back target literal, rewritten when it matches
  void EmitCopyField();  // the held-back COPY field, rewritten when it matches
  // Most locations of a dump share one of a few old prefixes
  // ("hdfs://oldcluster:8020"): once a literal matched, a literal that starts
  // with the same raw bytes followed by '/' (or nothing) matches the same way,
  // without parsing it again.
  bool AppendFromCachedPrefix(const std::string& column);
  void RememberPrefix(const std::string& rewritten);
  bool FieldIsTarget(size_t field) const {
    return field < target_fields_.size() && target_fields_[field];
  }

  const LocationMatcher& matcher_;
  SqlDialect dialect_;
  Sink sink_;
  std::string out_;

  Mode mode_ = Mode::kHead;
  Lex lex_ = Lex::kNormal;
  Lex after_quote_ = Lex::kNormal;  // the string state to resume after an escape
  char quote_char_ = '\'';
  bool backslash_escapes_ = true;  // the current literal honours backslash escapes
  bool hex_literal_ = false;       // X'..'
  char prev_ = ' ';                // previous byte in kNormal (for X'', E'', $tag$)
  int depth_ = 0;
  size_t field_ = 0;
  bool holding_ = false;  // a target literal/field is being buffered in lit_
  std::string lit_;
  std::string dollar_delim_;  // "$tag$"
  // Raw "scheme://authority" of recent matches (an HA cluster has a few spellings).
  static constexpr size_t kCachedPrefixes = 4;
  std::vector<std::string> cached_prefixes_;
  size_t next_cached_prefix_ = 0;
  size_t dollar_match_ = 0;

  // Statement head (text before VALUES, or the whole statement when short).
  std::string head_;
  bool head_overflow_ = false;
  std::string word_;
  std::string first_word_;
  int head_kind_ = 0;  // StatementHead::Kind of the last parsed head

  // The statement being streamed.
  std::string table_;
  std::vector<char> target_fields_;
  std::vector<std::string> target_names_;  // "TABLE.COLUMN" per field index
  size_t copy_field_ = 0;
  bool copy_field_held_ = false;
  std::string copy_first_;  // first field of a COPY line, to find the "\." end

  std::unordered_map<std::string, std::vector<std::string>> table_columns_;  // from CREATE TABLE
  ColumnChanges changes_;
};

// Rewrites the dump at `in_path` into `out_path` (created or truncated; written
// to a temporary name, synced and renamed into place only on success). The
// input is mapped when it is a regular file; a second thread writes the output
// while the next piece is lexed, and asks the kernel to start writing it back
// as it goes, so the final sync has little left to wait for.
Result<ColumnChanges> RewriteDumpFile(const std::string& in_path, const std::string& out_path,
                                      const LocationMatcher& matcher,
                                      std::optional<SqlDialect> dialect);

}  // namespace hmig::hive
