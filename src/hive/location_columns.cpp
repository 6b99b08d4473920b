#include "hive/location_columns.h"

#include <strings.h>

namespace hmig::hive {

const std::vector<LocationColumn>& AllLocationColumns() {
  static const std::vector<LocationColumn> kColumns = {
      {"CTLGS", "LOCATION_URI", {"CTLG_ID"}, false},  // 3.0.0+
      {"DBS", "DB_LOCATION_URI", {"DB_ID"}, false},
      {"DBS", "DB_MANAGED_LOCATION_URI", {"DB_ID"}, false},  // 4.0.0+
      {"SDS", "LOCATION", {"SD_ID"}, false},
      {"SKEWED_COL_VALUE_LOC_MAP", "LOCATION", {"SD_ID", "STRING_LIST_ID_KID"}, false},
      {"FUNC_RU", "RESOURCE_URI", {"FUNC_ID", "INTEGER_IDX"}, false},
      {"DATABASE_PARAMS", "PARAM_VALUE", {"DB_ID", "PARAM_KEY"}, true},
      {"TABLE_PARAMS", "PARAM_VALUE", {"TBL_ID", "PARAM_KEY"}, true},
      {"PARTITION_PARAMS", "PARAM_VALUE", {"PART_ID", "PARAM_KEY"}, true},
      {"SD_PARAMS", "PARAM_VALUE", {"SD_ID", "PARAM_KEY"}, true},
      {"SERDE_PARAMS", "PARAM_VALUE", {"SERDE_ID", "PARAM_KEY"}, true},
  };
  return kColumns;
}

const LocationColumn* FindLocationColumn(const std::string& table, const std::string& column) {
  for (const auto& c : AllLocationColumns()) {
    if (strcasecmp(c.table.c_str(), table.c_str()) == 0 &&
        strcasecmp(c.column.c_str(), column.c_str()) == 0) {
      return &c;
    }
  }
  return nullptr;
}

}  // namespace hmig::hive
