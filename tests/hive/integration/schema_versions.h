// What each Hive metastore schema version has, as read from Hive's own
// hive-schema-X scripts in ../shared/fixtures/hive-metastore: the features the
// test content needs and the location-bearing columns hmig must find there.
#pragma once

#include <cstdio>
#include <string>
#include <tuple>
#include <vector>

#include "metastore_content.h"

namespace hmig::testing::hive {

inline std::tuple<int, int, int> ParseVersion(const std::string& v) {
  int a = 0, b = 0, c = 0;
  std::sscanf(v.c_str(), "%d.%d.%d", &a, &b, &c);
  return {a, b, c};
}

// True when schema version `v` is at least `since`.
inline bool AtLeast(const std::string& v, const std::string& since) {
  return ParseVersion(v) >= ParseVersion(since);
}

inline SchemaFeatures FeaturesOf(const std::string& v) {
  SchemaFeatures f;
  f.ctlgs = f.ctlg_name = f.is_rewrite_enabled = AtLeast(v, "3.0.0");
  f.managed_location = AtLeast(v, "4.0.0");
  f.db_location = f.tbl_type = AtLeast(v, "0.6.0");
  f.database_params = AtLeast(v, "0.7.0");
  f.cds = AtLeast(v, "0.8.0");
  f.skewed = AtLeast(v, "0.10.0");
  f.db_owner = f.funcs = AtLeast(v, "0.13.0");
  return f;
}

// The location-bearing columns of schema `v`, in hmig's order
// (src/hive/location_columns.cpp).
inline std::vector<std::string> ExpectedLocationColumns(const std::string& v) {
  SchemaFeatures f = FeaturesOf(v);
  std::vector<std::string> out;
  if (f.ctlgs) out.push_back("CTLGS.LOCATION_URI");
  if (f.db_location) out.push_back("DBS.DB_LOCATION_URI");
  if (f.managed_location) out.push_back("DBS.DB_MANAGED_LOCATION_URI");
  out.push_back("SDS.LOCATION");
  if (f.skewed) out.push_back("SKEWED_COL_VALUE_LOC_MAP.LOCATION");
  if (f.funcs) out.push_back("FUNC_RU.RESOURCE_URI");
  if (f.database_params) out.push_back("DATABASE_PARAMS.PARAM_VALUE");
  for (const char* c : {"TABLE_PARAMS", "PARTITION_PARAMS", "SD_PARAMS", "SERDE_PARAMS"}) {
    out.push_back(std::string(c) + ".PARAM_VALUE");
  }
  return out;
}

}  // namespace hmig::testing::hive
