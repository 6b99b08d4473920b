#include "hive/connection_config.h"

#include <cstdlib>
#include <fstream>

#include <pugixml.hpp>

namespace hmig::hive {
namespace {

bool StartsWith(const std::string& s, const char* prefix) {
  return s.rfind(prefix, 0) == 0;
}

std::string PercentDecode(const std::string& s) {
  std::string out;
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '%' && i + 2 < s.size() && std::isxdigit(static_cast<unsigned char>(s[i + 1])) &&
        std::isxdigit(static_cast<unsigned char>(s[i + 2]))) {
      out.push_back(static_cast<char>(std::stoi(s.substr(i + 1, 2), nullptr, 16)));
      i += 2;
    } else {
      out.push_back(s[i]);
    }
  }
  return out;
}

}  // namespace

Result<DbConfig> ParseDbUrl(const std::string& url) {
  DbConfig c;
  std::string rest;
  struct Prefix {
    const char* text;
    DbKind kind;
  };
  static const Prefix kPrefixes[] = {
      {"jdbc:mysql://", DbKind::kMySql},
      {"jdbc:mariadb://", DbKind::kMySql},
      {"jdbc:postgresql://", DbKind::kPostgres},
      {"mysql://", DbKind::kMySql},
      {"mariadb://", DbKind::kMySql},
      {"postgresql://", DbKind::kPostgres},
      {"postgres://", DbKind::kPostgres},
  };
  bool known = false;
  for (const auto& p : kPrefixes) {
    if (StartsWith(url, p.text)) {
      c.kind = p.kind;
      rest = url.substr(std::string(p.text).size());
      known = true;
      break;
    }
  }
  // The URL text is not echoed in errors: a user may have put a password in it.
  if (!known) {
    return Status::Invalid(
        "database URL must start with mysql://, mariadb://, postgresql://, jdbc:mysql://, "
        "jdbc:mariadb:// or jdbc:postgresql://");
  }
  std::string query;
  if (size_t q = rest.find('?'); q != std::string::npos) {
    query = rest.substr(q + 1);
    rest.resize(q);
  }
  size_t slash = rest.find('/');
  if (slash == std::string::npos || slash + 1 == rest.size()) {
    return Status::Invalid("database URL has no database name (…/DBNAME)");
  }
  c.database = PercentDecode(rest.substr(slash + 1));
  std::string authority = rest.substr(0, slash);
  if (size_t at = authority.rfind('@'); at != std::string::npos) {
    std::string userinfo = authority.substr(0, at);
    if (userinfo.find(':') != std::string::npos) {
      return Status::Invalid(
          "database URL contains a password: pass it with HMIG_DB_PASSWORD or --password-file");
    }
    c.user = PercentDecode(userinfo);
    authority = authority.substr(at + 1);
  }
  if (authority.find(',') != std::string::npos) {
    return Status::Invalid("database URL lists several hosts: give the primary's host:port");
  }
  size_t colon = authority.rfind(':');
  if (colon != std::string::npos && authority.find(']') == std::string::npos) {
    std::string port = authority.substr(colon + 1);
    if (port.empty() || port.find_first_not_of("0123456789") != std::string::npos ||
        port.size() > 5) {
      return Status::Invalid("database URL has an invalid port");
    }
    c.port = std::stoi(port);
    authority.resize(colon);
  }
  if (!authority.empty()) c.host = authority;
  if (c.host == "localhost") c.host = "127.0.0.1";  // TCP, not a guessed socket path
  // JDBC style parameters: user=..., password=... is refused like above.
  size_t pos = 0;
  while (pos < query.size()) {
    size_t amp = query.find('&', pos);
    std::string kv = query.substr(pos, amp == std::string::npos ? std::string::npos : amp - pos);
    pos = amp == std::string::npos ? query.size() : amp + 1;
    size_t eq = kv.find('=');
    std::string key = kv.substr(0, eq);
    if (key == "password") {
      return Status::Invalid(
          "database URL contains a password: pass it with HMIG_DB_PASSWORD or --password-file");
    }
    if (key == "user" && eq != std::string::npos) c.user = PercentDecode(kv.substr(eq + 1));
  }
  return c;
}

Result<DbConfig> ReadHiveSite(const std::string& path) {
  pugi::xml_document doc;
  pugi::xml_parse_result parsed = doc.load_file(path.c_str());
  if (!parsed) return Status::Invalid(std::string("cannot parse: ") + parsed.description(), path);
  std::string url, user, password;
  bool has_password = false;
  for (pugi::xml_node p : doc.child("configuration").children("property")) {
    std::string name = p.child_value("name");
    std::string value = p.child_value("value");
    if (name == "javax.jdo.option.ConnectionURL") url = value;
    if (name == "javax.jdo.option.ConnectionUserName") user = value;
    if (name == "javax.jdo.option.ConnectionPassword") {
      password = value;
      has_password = true;
    }
  }
  if (url.empty()) return Status::NotFound("no javax.jdo.option.ConnectionURL property", path);
  // hive-site.xml escapes '&' in the URL as &amp;, which pugixml already decoded.
  auto config = ParseDbUrl(url);
  if (!config.ok())
    return config.status().WithContext("javax.jdo.option.ConnectionURL").WithPath(path);
  if (!user.empty()) config->user = user;
  if (has_password) config->password = password;
  return config;
}

Status ApplyPassword(DbConfig& config, const std::optional<std::string>& password_file,
                     const char* env_var) {
  if (password_file) {
    std::ifstream in(*password_file);
    if (!in) return Status::NotFound("cannot read the password file", *password_file);
    std::string line;
    std::getline(in, line);
    if (!line.empty() && line.back() == '\r') line.pop_back();
    config.password = line;
    return Status::OK();
  }
  if (const char* env = std::getenv(env_var)) config.password = env;
  return Status::OK();
}

}  // namespace hmig::hive
