// Rows of an import file, whatever its format: CSV (csv/reader.h, encoding detected), the first
// sheet of an XLSX workbook (xlsx/xlsx.h) or NDJSON (one JSON object per line). Each row comes
// as cells indexed by the mapping's fields, with the line a user finds it on and how the file
// typed each cell, so that validation can refuse an ID number that Excel stored as a number.
//
// A RowSource is used by one thread at a time.
#pragma once

#include <boost/json/value.hpp>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "exchange/exchange.h"

namespace sg::exch {

enum class CellKind : uint8_t {
  kText,    // text (CSV fields are always text)
  kNumber,  // an XLSX number cell or a JSON number: `text` is its raw spelling
  kDate,    // an XLSX date cell: `text` is the ISO date
  kError,   // an XLSX error value (#N/A …)
  kJson,    // an NDJSON array or object: `json`
};

struct Cell {
  CellKind kind = CellKind::kText;
  std::string text;
  boost::json::value json;
  bool empty() const { return kind != CellKind::kJson && text.empty(); }
};

struct SourceRow {
  int64_t line = 0;
  std::vector<Cell> cells;  // by field index; absent fields are empty cells
  // A row that could not be read: the rejection to report instead.
  std::optional<Rejection> error;
};

// Maps a header (or NDJSON key) to a field index, or nullopt for a column the mapping ignores or
// does not know.
using FieldResolver = std::function<std::optional<size_t>(std::string_view)>;

class RowSource {
 public:
  virtual ~RowSource() = default;
  // The next row (possibly with `error` set: report it and go on); false at the end of the file.
  // After a fatal error (a CSV quote never closed, a damaged sheet) the row with the error is the
  // last one.
  virtual bool Next(SourceRow& row) = 0;
};

struct SourceSpec {
  Format format = Format::kCsv;
  size_t fields = 0;      // number of field indexes
  FieldResolver resolve;  // header → field
  // Columns whose header the resolver does not know: refused (400) when true, ignored when false.
  bool strict_headers = true;
  // Field names for messages, by index.
  std::function<std::string(size_t)> field_name;
};

// Opens `bytes` (which must outlive the source) and reads the header row. Throws ApiError 400
// naming `file` when it cannot be read, and naming the column for an unknown or repeated header.
std::unique_ptr<RowSource> OpenSource(std::string_view bytes, const SourceSpec& spec);

}  // namespace sg::exch
