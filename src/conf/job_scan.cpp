#include "conf/job_scan.h"

#include <sys/stat.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace hmig::conf {
namespace fs = std::filesystem;
namespace {

constexpr uintmax_t kMaxFileBytes = 64ull << 20;  // job definitions are small; skip dumps

std::string Extension(const std::string& name) {
  auto dot = name.rfind('.');
  if (dot == std::string::npos) return "";
  std::string ext = name.substr(dot + 1);
  for (char& c : ext) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return ext;
}

bool LooksBinary(std::string_view content) {
  return content.substr(0, 8192).find('\0') != std::string_view::npos;
}

bool EndsLocation(char c) {
  return std::isspace(static_cast<unsigned char>(c)) || c == '"' || c == '\'' || c == '`' ||
         c == ';' || c == ',' || c == ')' || c == '<' || c == '>';
}

bool IsHostChar(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_' || c == '.';
}

// Whole-name occurrences of `host` (case-insensitive) outside the matched URI spans.
std::vector<size_t> FindHostMentions(const std::string& lower, const std::string& host,
                                     const std::vector<AuthorityMatch>& uris) {
  std::vector<size_t> out;
  size_t pos = 0;
  while ((pos = lower.find(host, pos)) != std::string::npos) {
    size_t end = pos + host.size();
    bool starts = pos == 0 || !IsHostChar(lower[pos - 1]);
    bool ends = end == lower.size() || !IsHostChar(lower[end]) ||
                (lower[end] == '.' && (end + 1 == lower.size() || !IsHostChar(lower[end + 1])));
    bool in_uri = std::any_of(uris.begin(), uris.end(), [&](const AuthorityMatch& m) {
      return pos >= m.begin && pos < m.end;
    });
    if (starts && ends && !in_uri) out.push_back(pos);
    pos = end;
  }
  return out;
}

// Reports never carry secrets: "scheme://user:pw@host" and "password=pw" lose the password.
std::string MaskSecrets(std::string text) {
  if (auto s = text.find("://"); s != std::string::npos) {
    auto at = text.find('@', s + 3);
    auto slash = text.find('/', s + 3);
    auto colon = text.find(':', s + 3);
    if (at != std::string::npos && (slash == std::string::npos || at < slash) &&
        colon != std::string::npos && colon < at) {
      text.replace(colon + 1, at - colon - 1, "***");
    }
  }
  std::string lower = text;
  for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  for (size_t p = lower.find("password="); p != std::string::npos;
       p = lower.find("password=", p + 1)) {
    size_t b = p + 9, e = b;
    while (e < text.size() && text[e] != '&' && text[e] != ';') ++e;
    text.replace(b, e - b, "***");
    lower.replace(b, e - b, "***");
  }
  return text;
}

Result<std::string> ReadFile(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  if (!in) return Status::FromErrno(errno, "cannot open", p.string());
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

Status WriteCopy(const fs::path& target, const std::string& content, fs::perms mode) {
  std::error_code ec;
  fs::create_directories(target.parent_path(), ec);
  if (ec) return Status::FromErrno(ec.value(), "cannot create directory", target.parent_path());
  fs::path tmp = target;
  tmp += ".hmig-tmp";
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    if (!out) return Status::FromErrno(errno, "cannot write", tmp.string());
    out << content;
    out.close();
    if (!out) return Status::FromErrno(errno, "cannot write", tmp.string());
  }
  fs::permissions(tmp, mode, ec);  // keep scripts executable
  fs::rename(tmp, target, ec);
  if (ec) return Status::FromErrno(ec.value(), "cannot rename into place", target.string());
  return Status::OK();
}

}  // namespace

std::string JobFileKind(const std::string& name, std::string_view content) {
  std::string ext = Extension(name);
  if (ext == "hql" || ext == "q" || ext == "hive") return "Hive SQL";
  if (ext == "sql") return "SQL";
  if (ext == "sh" || ext == "bash" || ext == "ksh") return "shell";
  if (ext == "py") return "Python";
  if (ext == "scala") return "Scala";
  if (ext == "properties") return "properties";
  if (ext == "xml") {
    if (content.find("<workflow-app") != std::string_view::npos) return "Oozie workflow";
    if (content.find("<coordinator-app") != std::string_view::npos) return "Oozie coordinator";
    if (content.find("<bundle-app") != std::string_view::npos) return "Oozie bundle";
    if (content.find("<configuration") != std::string_view::npos) return "Hadoop XML";
    return "XML";
  }
  if (content.rfind("#!", 0) == 0) {
    auto eol = content.find('\n');
    auto shebang = content.substr(0, eol);
    if (shebang.find("python") != std::string_view::npos) return "Python";
    if (shebang.find("sh") != std::string_view::npos) return "shell";
  }
  return "text";
}

Result<JobScanResult> ScanJobs(const JobScanOptions& options, const AuthorityMatcher& matcher) {
  std::error_code ec;
  fs::path root = fs::weakly_canonical(options.dir, ec);
  if (ec || !fs::is_directory(root)) {
    return Status::NotFound("not a directory (job definitions to scan)", options.dir);
  }
  std::optional<fs::path> out_root;
  if (options.rewrite_dir) {
    out_root = fs::weakly_canonical(*options.rewrite_dir, ec);
    if (ec) return Status::Invalid("bad --rewrite directory", *options.rewrite_dir);
    if (*out_root == root) {
      return Status::Invalid(
          "--rewrite must name another directory: files are never "
          "rewritten in place",
          *options.rewrite_dir);
    }
  }
  std::vector<fs::path> files;
  fs::recursive_directory_iterator it(root, fs::directory_options::skip_permission_denied, ec);
  if (ec) return Status::FromErrno(ec.value(), "cannot list", root.string());
  JobScanResult result;
  for (; it != fs::recursive_directory_iterator(); it.increment(ec)) {
    if (ec) {
      result.skipped.push_back(root.string() + ": listing stopped: " + ec.message());
      break;
    }
    const fs::path& p = it->path();
    std::string base = p.filename().string();
    if (it->is_directory(ec)) {
      if ((!base.empty() && base[0] == '.') || (out_root && p == *out_root)) {
        it.disable_recursion_pending();
      }
      continue;
    }
    if (it->is_regular_file(ec)) files.push_back(p);
  }
  std::sort(files.begin(), files.end());
  for (const fs::path& p : files) {
    std::string rel = fs::relative(p, root, ec).string();
    uintmax_t size = fs::file_size(p, ec);
    if (!ec && size > kMaxFileBytes) {
      result.skipped.push_back(rel + ": larger than 64 MiB, not a job definition");
      continue;
    }
    auto content = ReadFile(p);
    if (!content.ok()) {
      result.skipped.push_back(rel + ": " + content.status().message());
      continue;
    }
    if (LooksBinary(*content)) {
      result.skipped.push_back(rel + ": binary");
      continue;
    }
    ++result.files_scanned;
    auto matches = matcher.FindAll(*content);
    std::string lower = *content;
    for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    std::vector<size_t> mentions;
    for (const auto& host : matcher.hosts()) {
      auto found = FindHostMentions(lower, host, matches);
      mentions.insert(mentions.end(), found.begin(), found.end());
    }
    if (matches.empty() && mentions.empty()) continue;
    std::sort(mentions.begin(), mentions.end());
    std::string kind = JobFileKind(p.filename().string(), *content);
    int mention_line = 1;  // mentions are sorted: count lines incrementally
    size_t counted = 0, mention_line_start = 0;
    auto line_col = [&](size_t offset) {
      for (; counted < offset; ++counted) {
        if ((*content)[counted] == '\n') {
          ++mention_line;
          mention_line_start = counted + 1;
        }
      }
      return std::make_pair(mention_line, static_cast<int>(offset - mention_line_start) + 1);
    };
    for (size_t m : mentions) {
      size_t b = m, e = m;
      while (b > 0 && !EndsLocation((*content)[b - 1])) --b;
      while (e < content->size() && !EndsLocation((*content)[e])) ++e;
      auto [mline, mcol] = line_col(m);
      result.mentions.push_back({rel, kind, mline, mcol, MaskSecrets(content->substr(b, e - b))});
    }
    if (matches.empty()) continue;
    int line = 1;
    size_t line_start = 0, scanned = 0;
    for (const auto& m : matches) {
      for (; scanned < m.begin; ++scanned) {
        if ((*content)[scanned] == '\n') {
          ++line;
          line_start = scanned + 1;
        }
      }
      size_t end = m.end;
      while (end < content->size() && !EndsLocation((*content)[end])) ++end;
      UriHit hit;
      hit.file = rel;
      hit.kind = kind;
      hit.line = line;
      hit.column = static_cast<int>(m.begin - line_start) + 1;
      hit.found = MaskSecrets(content->substr(m.begin, end - m.begin));
      hit.rewritten = MaskSecrets(matcher.to() + content->substr(m.end, end - m.end));
      result.hits.push_back(std::move(hit));
    }
    if (out_root) {
      fs::path target = *out_root / rel;
      auto mode = fs::status(p, ec).permissions();
      HMIG_RETURN_IF_ERROR(WriteCopy(target, matcher.RewriteAll(*content), mode));
      result.written.push_back(target.string());
    }
  }
  return result;
}

}  // namespace hmig::conf
