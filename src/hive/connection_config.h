// Where a metastore lives and how to log in: --db URLs, hive-site.xml JDBC
// settings, and the password sources. The password never appears in errors.
#pragma once

#include <optional>
#include <string>

#include "hive/db.h"
#include "util/status.h"

namespace hmig::hive {

// mysql://user@host:port/db, mariadb://..., postgresql://..., postgres://..., and
// the JDBC forms jdbc:mysql://, jdbc:mariadb://, jdbc:postgresql:// (a
// "?user=NAME" parameter is honoured; other parameters are ignored). A password
// inside the URL is refused: it would show in process lists and shell history.
Result<DbConfig> ParseDbUrl(const std::string& url);

// Reads javax.jdo.option.ConnectionURL / ConnectionUserName / ConnectionPassword
// from a hive-site.xml.
Result<DbConfig> ReadHiveSite(const std::string& path);

// The password, by precedence: the first line of `password_file` when given, the
// environment variable `env_var` when set, else what the config already holds
// (from hive-site.xml).
Status ApplyPassword(DbConfig& config, const std::optional<std::string>& password_file,
                     const char* env_var);

}  // namespace hmig::hive
