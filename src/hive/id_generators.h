// After rows are copied into a metastore with their ids, the id generators must
// hand out ids past them, or the new metastore's first CREATE TABLE (or
// partition, database, ...) fails on a duplicate key:
// - DataNucleus's SEQUENCE_TABLE: one NEXT_VAL per model class (MTable ->
//   TBLS.TBL_ID, ...). Raised to MAX(id) + 1 where it is behind, inserted where
//   ids exist but the row does not (DataNucleus would start again at 1).
// - NOTIFICATION_SEQUENCE.NEXT_EVENT_ID against NOTIFICATION_LOG.EVENT_ID.
// - PostgreSQL sequences owned by a column (SERIAL/BIGSERIAL: MASTER_KEYS.KEY_ID,
//   TXNS.TXN_ID in 4.0.0): an explicit id in an INSERT does not advance them.
//   (MySQL/MariaDB AUTO_INCREMENT follows explicit ids by itself.)
// Values are only ever raised, never lowered.
#pragma once

#include <string>
#include <vector>

#include "hive/db.h"

namespace hmig::hive {

struct IdGeneratorChange {
  std::string generator;  // "SEQUENCE_TABLE MTable", "sequence MASTER_KEYS_KEY_ID_seq", ...
  std::string before;     // "" when the generator row did not exist
  std::string after;
};

// Runs in its own transaction on `db`.
Result<std::vector<IdGeneratorChange>> AdvanceIdGenerators(Db& db);

}  // namespace hmig::hive
