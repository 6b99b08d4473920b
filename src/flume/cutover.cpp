#include "flume/cutover.h"

#include <sys/stat.h>

#include <algorithm>
#include <cstdlib>
#include <ctime>
#include <optional>

#include <fmt/format.h>

namespace hmig::flume {
namespace {

// Java time-zone IDs as POSIX TZ: "GMT+8" means UTC+8 to Java but UTC-8 to POSIX.
Result<std::string> PosixTz(const std::string& java) {
  if (java.empty()) return std::string();
  for (const char* p : {"GMT", "UTC"}) {
    if (java.rfind(p, 0) == 0 && java.size() > 3 && (java[3] == '+' || java[3] == '-')) {
      std::string off = java.substr(4);
      bool ok = !off.empty() && off.size() <= 5;
      for (char c : off) ok = ok && (std::isdigit(static_cast<unsigned char>(c)) || c == ':');
      if (!ok) break;
      return std::string("<UTC") + java[3] + off + ">" + (java[3] == '+' ? "-" : "+") + off;
    }
  }
  if (java == "UTC" || java == "GMT" || java == "Z") return std::string("UTC0");
  struct stat st {};
  std::string file = "/usr/share/zoneinfo/" + java;
  if (java.find("..") != std::string::npos || stat(file.c_str(), &st) != 0) {
    return Status::Invalid("unknown time zone '" + java +
                           "' (not in /usr/share/zoneinfo; install tzdata or use GMT+N)");
  }
  return java;
}

// Sets TZ for the lifetime of the object.
class ScopedTz {
 public:
  explicit ScopedTz(const std::string& tz) : active_(!tz.empty()) {
    if (!active_) return;
    if (const char* old = std::getenv("TZ")) old_ = old;
    setenv("TZ", tz.c_str(), 1);
    tzset();
  }
  ~ScopedTz() {
    if (!active_) return;
    if (old_) {
      setenv("TZ", old_->c_str(), 1);
    } else {
      unsetenv("TZ");
    }
    tzset();
  }
  ScopedTz(const ScopedTz&) = delete;
  ScopedTz& operator=(const ScopedTz&) = delete;

 private:
  bool active_;
  std::optional<std::string> old_;
};

std::tm Local(int64_t epoch) {
  std::time_t t = static_cast<std::time_t>(epoch);
  std::tm tm{};
  localtime_r(&t, &tm);
  return tm;
}

int64_t ToEpoch(std::tm tm) {
  tm.tm_isdst = -1;
  return static_cast<int64_t>(std::mktime(&tm));
}

// Floors tm to the start of its partition.
void Floor(std::tm& tm, TimeUnit unit, int step) {
  switch (unit) {
    case TimeUnit::kYear:
      tm.tm_mon = 0;
      [[fallthrough]];
    case TimeUnit::kMonth:
      tm.tm_mday = 1;
      [[fallthrough]];
    case TimeUnit::kDay:
      tm.tm_hour = 0;
      [[fallthrough]];
    case TimeUnit::kHour:
      tm.tm_min = 0;
      [[fallthrough]];
    case TimeUnit::kMinute:
      tm.tm_sec = 0;
      [[fallthrough]];
    case TimeUnit::kSecond:
      break;
  }
  // Flume rounds down within the next larger unit (minute 37 with 10 -> 30).
  if (unit == TimeUnit::kSecond) tm.tm_sec = tm.tm_sec / step * step;
  if (unit == TimeUnit::kMinute) tm.tm_min = tm.tm_min / step * step;
  if (unit == TimeUnit::kHour) tm.tm_hour = tm.tm_hour / step * step;
}

// The start of the next partition after the (floored) tm.
void Advance(std::tm& tm, TimeUnit unit, int step) {
  switch (unit) {
    case TimeUnit::kSecond:
      tm.tm_sec += step;
      if (tm.tm_sec >= 60) tm.tm_sec = 60;  // the next minute; mktime normalises
      break;
    case TimeUnit::kMinute:
      tm.tm_min += step;
      if (tm.tm_min >= 60) tm.tm_min = 60;
      break;
    case TimeUnit::kHour:
      tm.tm_hour += step;
      if (tm.tm_hour >= 24) tm.tm_hour = 24;
      break;
    case TimeUnit::kDay:
      tm.tm_mday += 1;
      break;
    case TimeUnit::kMonth:
      tm.tm_mon += 1;
      break;
    case TimeUnit::kYear:
      tm.tm_year += 1;
      break;
  }
}

std::optional<TimeUnit> EscapeUnit(char c) {
  switch (c) {
    case 's':
    case 'S':
    case 't':
    case 'c':
      return TimeUnit::kSecond;
    case 'M':
      return TimeUnit::kMinute;
    case 'H':
    case 'k':
    case 'I':
    case 'l':
    case 'p':
      return TimeUnit::kHour;
    case 'd':
    case 'e':
    case 'D':
    case 'j':
    case 'a':
    case 'A':
      return TimeUnit::kDay;
    case 'm':
    case 'n':
    case 'b':
    case 'B':
      return TimeUnit::kMonth;
    case 'y':
    case 'Y':
      return TimeUnit::kYear;
    default:
      return std::nullopt;
  }
}

int64_t UnitSeconds(TimeUnit u) {
  switch (u) {
    case TimeUnit::kSecond:
      return 1;
    case TimeUnit::kMinute:
      return 60;
    case TimeUnit::kHour:
      return 3600;
    case TimeUnit::kDay:
      return 86400;
    case TimeUnit::kMonth:
      return 28 * 86400;
    case TimeUnit::kYear:
      return 365 * 86400;
  }
  return 1;
}

std::string PathPart(const std::string& uri) {
  auto s = uri.find("://");
  if (s == std::string::npos) return uri;
  auto slash = uri.find('/', s + 3);
  return slash == std::string::npos ? "/" : uri.substr(slash);
}

std::string RegexEscape(const std::string& s) {
  std::string out;
  for (char c : s) {
    if (std::string_view("\\.[]{}()*+?^$|").find(c) != std::string_view::npos) out += '\\';
    out += c;
  }
  return out;
}

// A regex for fixed-width decimals greater than `b`; "" when none is.
std::string GreaterThan(const std::string& b) {
  std::string alts;
  for (size_t i = 0; i < b.size(); ++i) {
    if (b[i] == '9') continue;
    std::string alt = b.substr(0, i);
    char lo = static_cast<char>(b[i] + 1);
    alt += lo == '9' ? std::string("9") : fmt::format("[{}-9]", lo);
    if (b.size() - i - 1 > 0) alt += fmt::format("\\d{{{}}}", b.size() - i - 1);
    alts += (alts.empty() ? "" : "|") + alt;
  }
  return alts.empty() ? "" : "(?:" + alts + ")";
}

struct Token {
  std::string literal;    // when not a field
  char field = 0;         // time escape
  bool wildcard = false;  // a non-time escape (%{header}, %[localhost])
};

}  // namespace

const char* TimeUnitName(TimeUnit u) {
  switch (u) {
    case TimeUnit::kSecond:
      return "second";
    case TimeUnit::kMinute:
      return "minute";
    case TimeUnit::kHour:
      return "hour";
    case TimeUnit::kDay:
      return "day";
    case TimeUnit::kMonth:
      return "month";
    case TimeUnit::kYear:
      return "year";
  }
  return "";
}

std::string PartitionScheme::Describe() const {
  return step == 1 ? fmt::format("1 {}", TimeUnitName(unit))
                   : fmt::format("{} {}s", step, TimeUnitName(unit));
}

Result<PartitionScheme> InferPartitionScheme(const std::map<std::string, std::string>& props,
                                             const std::string& default_time_zone) {
  auto get = [&](const std::string& k, const std::string& d) {
    auto it = props.find(k);
    return it == props.end() ? d : it->second;
  };
  PartitionScheme s;
  s.path = get("hdfs.path", "");
  std::optional<TimeUnit> finest;
  for (size_t i = 0; i + 1 < s.path.size(); ++i) {
    if (s.path[i] != '%') continue;
    char c = s.path[++i];
    if (auto u = EscapeUnit(c); u && (!finest || *u < *finest)) finest = u;
  }
  if (!finest) {
    return Status::Invalid("hdfs.path '" + s.path +
                           "' has no time escape: the sink does not write time partitions, so "
                           "old and new data cannot be separated by partition");
  }
  s.unit = *finest;
  s.time_zone = get("hdfs.timeZone", default_time_zone);
  std::string lt = get("hdfs.useLocalTimeStamp", "false");
  s.local_timestamp = lt == "true" || lt == "TRUE" || lt == "True";
  std::string round = get("hdfs.round", "false");
  if (round == "true" || round == "TRUE" || round == "True") {
    std::string unit = get("hdfs.roundUnit", "second");
    TimeUnit ru;
    if (unit == "second") {
      ru = TimeUnit::kSecond;
    } else if (unit == "minute") {
      ru = TimeUnit::kMinute;
    } else if (unit == "hour") {
      ru = TimeUnit::kHour;
    } else {
      return Status::Invalid("hdfs.roundUnit '" + unit + "' is not second, minute or hour");
    }
    int value = std::atoi(get("hdfs.roundValue", "1").c_str());
    int limit = ru == TimeUnit::kHour ? 24 : 60;
    if (value < 1 || value > limit) {
      return Status::Invalid(fmt::format("hdfs.roundValue '{}' must be 1..{} for unit {}",
                                         get("hdfs.roundValue", "1"), limit, unit));
    }
    if (UnitSeconds(ru) * value > UnitSeconds(s.unit) && ru >= s.unit) {
      s.unit = ru;
      s.step = value;
    } else if (ru < s.unit && UnitSeconds(ru) * value > UnitSeconds(s.unit) &&
               s.unit <= TimeUnit::kHour) {
      // e.g. %H with a 120-minute rounding: 2-hour partitions.
      s.step = static_cast<int>(UnitSeconds(ru) * value / UnitSeconds(s.unit));
    }
  }
  HMIG_RETURN_IF_ERROR(PosixTz(s.time_zone).status());
  return s;
}

Result<int64_t> PartitionStart(const PartitionScheme& scheme, int64_t epoch) {
  HMIG_ASSIGN_OR_RETURN(std::string tz, PosixTz(scheme.time_zone));
  ScopedTz scoped(tz);
  std::tm tm = Local(epoch);
  Floor(tm, scheme.unit, scheme.step);
  return ToEpoch(tm);
}

Result<int64_t> NextBoundary(const PartitionScheme& scheme, int64_t epoch) {
  HMIG_ASSIGN_OR_RETURN(std::string tz, PosixTz(scheme.time_zone));
  ScopedTz scoped(tz);
  std::tm tm = Local(epoch);
  Floor(tm, scheme.unit, scheme.step);
  Advance(tm, scheme.unit, scheme.step);
  int64_t next = ToEpoch(tm);
  return next > epoch ? next : epoch + 1;
}

Result<std::string> FormatTime(const PartitionScheme& scheme, int64_t epoch) {
  HMIG_ASSIGN_OR_RETURN(std::string tz, PosixTz(scheme.time_zone));
  ScopedTz scoped(tz);
  std::tm tm = Local(epoch);
  char buf[64];
  std::strftime(buf, sizeof buf, "%Y-%m-%d %H:%M:%S %z", &tm);
  return std::string(buf);
}

Result<int64_t> ParseTime(const PartitionScheme& scheme, const std::string& text) {
  if (!text.empty() && text[0] == '@') {
    char* end = nullptr;
    long long v = std::strtoll(text.c_str() + 1, &end, 10);
    if (end && *end == '\0' && text.size() > 1) return static_cast<int64_t>(v);
    return Status::Invalid("'" + text + "' is not @<epoch seconds>");
  }
  std::tm tm{};
  int n = std::sscanf(text.c_str(), "%4d-%2d-%2d%*1[T ]%2d:%2d:%2d", &tm.tm_year, &tm.tm_mon,
                      &tm.tm_mday, &tm.tm_hour, &tm.tm_min, &tm.tm_sec);
  if (n != 3 && n != 5 && n != 6) {
    return Status::Invalid("'" + text + "' is not YYYY-MM-DD[THH:MM[:SS]] or @<epoch seconds>");
  }
  tm.tm_year -= 1900;
  tm.tm_mon -= 1;
  HMIG_ASSIGN_OR_RETURN(std::string tz, PosixTz(scheme.time_zone));
  ScopedTz scoped(tz);
  return ToEpoch(tm);
}

Result<std::vector<std::string>> PartitionFiltersFrom(const PartitionScheme& scheme,
                                                      int64_t boundary) {
  // Tokenize the path part of hdfs.path.
  std::string path = PathPart(scheme.path);
  std::vector<Token> tokens;
  for (size_t i = 0; i < path.size(); ++i) {
    if (path[i] != '%' || i + 1 == path.size()) {
      if (tokens.empty() || tokens.back().field || tokens.back().wildcard) tokens.push_back({});
      tokens.back().literal += path[i];
      continue;
    }
    char c = path[++i];
    if (c == '%') {
      if (tokens.empty() || tokens.back().field || tokens.back().wildcard) tokens.push_back({});
      tokens.back().literal += '%';
    } else if (c == '{' || c == '[') {
      size_t close = path.find(c == '{' ? '}' : ']', i);
      if (close == std::string::npos) return Status::Invalid("unclosed escape in " + path);
      tokens.push_back({"", 0, true});
      i = close;
    } else if (std::string_view("YymdHMSj").find(c) != std::string_view::npos) {
      tokens.push_back({"", c, false});
    } else if (EscapeUnit(c)) {
      return Status::Unsupported(fmt::format(
          "hdfs.path uses %{}, which has no fixed-width, ordered form: write the DistCp "
          "filters by hand",
          c));
    } else {
      tokens.push_back({"", 0, true});  // %z and other non-time escapes
    }
  }
  // Field significance: the first occurrences must run year -> month -> day -> ... with
  // no gap, so that comparing partitions field by field compares times.
  auto rank = [](char f) {
    switch (f) {
      case 'Y':
      case 'y':
        return 0;
      case 'm':
        return 1;
      case 'j':
        return 1;  // day of year stands for month and day
      case 'd':
        return 2;
      case 'H':
        return 3;
      case 'M':
        return 4;
      default:
        return 5;  // 'S'
    }
  };
  std::vector<size_t> firsts;  // token indices of first occurrences
  int expected = 0;
  std::string seen;
  for (size_t i = 0; i < tokens.size(); ++i) {
    char f = tokens[i].field;
    if (!f || seen.find(f) != std::string::npos) continue;
    if (rank(f) != expected) {
      return Status::Unsupported(fmt::format(
          "the time escapes of hdfs.path '{}' are not ordered from year down, so partitions "
          "cannot be compared by name: write the DistCp filters by hand",
          scheme.path));
    }
    expected = f == 'j' ? 3 : rank(f) + 1;
    seen += f;
    firsts.push_back(i);
  }
  if (firsts.empty()) return Status::Unsupported("hdfs.path has no orderable time escape");
  HMIG_ASSIGN_OR_RETURN(std::string tz, PosixTz(scheme.time_zone));
  std::tm tm;
  {
    ScopedTz scoped(tz);
    tm = Local(boundary);
  }
  auto value = [&](char f) {
    switch (f) {
      case 'Y':
        return fmt::format("{:04d}", tm.tm_year + 1900);
      case 'y':
        return fmt::format("{:02d}", tm.tm_year % 100);
      case 'm':
        return fmt::format("{:02d}", tm.tm_mon + 1);
      case 'd':
        return fmt::format("{:02d}", tm.tm_mday);
      case 'j':
        return fmt::format("{:03d}", tm.tm_yday + 1);
      case 'H':
        return fmt::format("{:02d}", tm.tm_hour);
      case 'M':
        return fmt::format("{:02d}", tm.tm_min);
      default:
        return fmt::format("{:02d}", tm.tm_sec);
    }
  };
  const std::string prefix = "(?:[A-Za-z][A-Za-z0-9+.-]*://[^/]*)?";
  const std::string suffix = "(?:/.*)?";
  std::vector<std::string> out;
  // Alternative k: fields before k equal the boundary, field k greater, the rest anything;
  // the last alternative: every field equal.
  for (size_t k = 0; k <= firsts.size(); ++k) {
    std::string re = prefix;
    bool possible = true;
    for (size_t i = 0; i < tokens.size(); ++i) {
      const Token& t = tokens[i];
      if (t.wildcard) {
        re += "[^/]*";
      } else if (!t.field) {
        re += RegexEscape(t.literal);
      } else {
        size_t pos = std::find(firsts.begin(), firsts.end(), i) - firsts.begin();
        std::string v = value(t.field);
        if (pos == firsts.size() || pos > k) {
          re += fmt::format("\\d{{{}}}", v.size());  // repeats and finer fields: any
        } else if (pos < k || k == firsts.size()) {
          re += v;
        } else {
          std::string gt = GreaterThan(v);
          if (gt.empty()) possible = false;
          re += gt;
        }
      }
    }
    if (possible) out.push_back(re + suffix);
  }
  return out;
}

}  // namespace hmig::flume
