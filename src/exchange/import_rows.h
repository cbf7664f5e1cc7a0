// Inside an import job: one importer per entity (and per hotline mapping) turns a row of cells
// into validated register rows and stores them, or throws ApiError naming the field that refuses
// the row. Validation is the API's own (service/parties.h, service/field_checks.h, core/…) so
// that a row is accepted exactly when the same record would be accepted by POST.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>

#include "exchange/exchange.h"
#include "exchange/source.h"
#include "register/records.h"

namespace sg::exch {

struct ImportEnv {
  store::WriteContext& ctx;
  const auth::Actor& actor;
  const svc::Clockwork& clock;
  const ImportOptions& options;
  int64_t import_id = 0;
};

enum class RowOutcome { kStored, kUnchanged };

class RowImporter {
 public:
  virtual ~RowImporter() = default;
  // How the file's columns map to this importer's fields.
  virtual SourceSpec Spec() const = 0;
  // Validates and stores one row. Throws ApiError (field = the column's English name) for a row
  // it refuses; lets store::DbError through.
  virtual RowOutcome Import(const SourceRow& row) = 0;
  // Called once after the last row of an import that will be kept, in its transaction: writes
  // what the importer gathered across rows (the cases' counters).
  virtual void Finish() {}
};

std::unique_ptr<RowImporter> MakeCaseImporter(ImportEnv& env);
std::unique_ptr<RowImporter> MakeHotlineImporter(ImportEnv& env);
std::unique_ptr<RowImporter> MakePartyImporter(ImportEnv& env);
std::unique_ptr<RowImporter> MakeIpRightImporter(ImportEnv& env);

// ---- Cell readers shared by the importers; each throws invalid_field naming `field`. ----

// Text of at most `max_len` bytes, trimmed; nullopt when empty. A number cell is refused when it
// cannot hold the text exactly (scientific notation, more than 15 digits): Excel has already
// dropped digits of such a number.
std::optional<std::string> TextCell(const Cell& c, const std::string& field, size_t max_len);
// An identifier (USCC, ID number, phone, external id): as TextCell, and a number cell is always
// refused, with a reason asking to store the column as text.
std::optional<std::string> CodeCell(const Cell& c, const std::string& field, size_t max_len);
std::optional<Date> DateCell(const Cell& c, const std::string& field);
std::optional<int64_t> IntCell(const Cell& c, const std::string& field, int64_t min, int64_t max);
std::optional<std::string> EnumCell(const Cell& c, const std::string& field, std::string_view dict);
// Validates `value` as a `type` identifier (core::Validate) and returns it normalised; refuses a
// masked export value (110105********002X) with a reason saying so.
std::string CheckIdentifier(const char* type, const std::string& value, Date today,
                            const std::string& field);

// Stores a party unless one with the same USCC or ID number exists; returns its id. A new party
// gets a feed change and an import record.
int64_t FindOrStoreParty(ImportEnv& env, reg::NewParty party, int64_t line);
// Records that the import created a record (import_records).
void RecordImported(ImportEnv& env, std::string_view entity, int64_t id, int64_t line);

}  // namespace sg::exch
