// A streaming reader for XLSX workbooks (Office Open XML spreadsheets, ECMA-376), as saved by
// Excel and WPS. It is used to import cases and parties from clerks' spreadsheets.
//
// A workbook is opened from a file or from the bytes of an upload. Opening reads the package
// relationships, the sheet list, the shared strings and the cell styles; a sheet is then read
// row by row, its XML parsed incrementally from the zip entry, so a sheet is never held in
// memory as a whole. Every input is untrusted: a damaged or hostile file ends in an XlsxError,
// never in a crash, and the limits below bound what one file can make the reader allocate.
//
// Thread-safety: a Workbook and the SheetReaders made from it share one zip handle. Use them
// from one thread at a time; different Workbooks are independent.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace sg::xlsx {

// What went wrong. The message of an XlsxError is Chinese text that can be shown to the clerk.
enum class XlsxErrorKind {
  kIo,           // the file could not be opened or read
  kNotXlsx,      // empty, not a zip archive, or an old .xls / password-protected workbook
  kCorrupt,      // a damaged zip entry, malformed XML, or a reference that points nowhere
  kMissingPart,  // a part the workbook needs (workbook.xml, a sheet) is not in the archive
  kUnsafeXml,    // the XML carries a DOCTYPE or entity declarations (refused outright)
  kTooLarge,     // a Limits value was exceeded
  kNoSuchSheet,  // the sheet index or name asked for does not exist
};

class XlsxError : public std::runtime_error {
 public:
  XlsxError(XlsxErrorKind kind, const std::string& message)
      : std::runtime_error(message), kind_(kind) {}
  XlsxErrorKind kind() const { return kind_; }

 private:
  XlsxErrorKind kind_;
};

// Caps against zip bombs and absurd files. Exceeding any of them throws kTooLarge.
struct Limits {
  // Uncompressed bytes read from any one part (workbook, styles, shared strings, a sheet),
  // counted as they are inflated, whatever size the zip directory declares.
  std::uint64_t max_part_bytes = std::uint64_t{512} << 20;
  // Columns per row: a cell beyond this column, with or without an `r` reference. Excel's
  // own maximum is 16384 (XFD).
  std::size_t max_columns = 16384;
  // Entries in the shared string table, which is the one structure held in memory whole.
  std::size_t max_shared_strings = 2'000'000;
  // Bytes of cell text in one row. A cell of a few bytes can name a long shared string, so
  // without this cap a small sheet could make a row of 16384 copies of it.
  std::size_t max_row_bytes = std::size_t{64} << 20;
};

// How a cell's text in Row::values is to be read.
enum class CellType : std::uint8_t {
  kEmpty,    // no cell, or a cell without a value (text is "")
  kString,   // shared, inline or formula string; also t="d" ISO 8601 text. Excel's _xHHHH_
             // escapes (e.g. _x000D_ for a carriage return) are decoded.
  kNumber,   // the raw text of <v>, e.g. "3", "0.1", "1.10101199003077E+17"
  kDate,     // a number whose style is a date or time format: the raw serial ("45292",
             // "45292.5"); convert it with ExcelSerialToIso (excel_date.h)
  kBoolean,  // "TRUE" or "FALSE"
  kError,    // the error text, e.g. "#N/A", "#DIV/0!"
};

// One row of a sheet. An 18-digit ID number typed into a number cell has already lost its
// last digits inside the file (it reads "1.10101199003077E+17", type kNumber): importers must
// reject such a cell and ask for ID numbers to be entered as text.
struct Row {
  // 1-based row number: the row's `r` attribute, or one more than the previous row's number
  // when `r` is absent. Rows the file does not contain are skipped, so numbers may jump.
  std::uint32_t number = 0;
  // Cell texts by column: values[0] is column A. A cell's column is taken from its `r`
  // reference ("C7" -> 2) or, without one, is the column after the previous cell. Columns
  // without a cell hold "" (kEmpty). Trailing cells whose text is empty are dropped, so a row
  // with nothing in it has no values.
  std::vector<std::string> values;
  std::vector<CellType> types;  // same size as values

  // Returns values[column], or "" past the end of the row.
  std::string_view Value(std::size_t column) const;
  // Returns types[column], or kEmpty past the end of the row.
  CellType Type(std::size_t column) const;
};

class Workbook;

// Reads one sheet from top to bottom. Made by Workbook::ReadSheet; the Workbook must outlive
// it. Move-only.
class SheetReader {
 public:
  SheetReader(SheetReader&&) noexcept;
  SheetReader& operator=(SheetReader&&) noexcept;
  ~SheetReader();

  // Fills `row` with the next row of the sheet (reusing its storage) and returns true, or
  // returns false at the end of the sheet. Throws XlsxError (kCorrupt, kUnsafeXml, kTooLarge)
  // when the sheet turns out to be damaged or over a limit; the reader is unusable after that.
  bool Next(Row& row);

 private:
  friend class Workbook;
  struct Impl;
  explicit SheetReader(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

class Workbook {
 public:
  // Opens the workbook at `path`. Throws XlsxError: kIo when the file cannot be read,
  // kNotXlsx, kCorrupt, kMissingPart, kUnsafeXml or kTooLarge when it is not a usable XLSX.
  static Workbook OpenFile(const std::string& path, const Limits& limits = {});
  // Opens a workbook from its bytes (an upload). The bytes are copied, so `bytes` need not
  // outlive the call. Throws as OpenFile does, except kIo.
  static Workbook OpenBuffer(std::string_view bytes, const Limits& limits = {});

  Workbook(Workbook&&) noexcept;
  Workbook& operator=(Workbook&&) noexcept;
  ~Workbook();

  // Sheet names in workbook (tab) order, hidden sheets included.
  const std::vector<std::string>& SheetNames() const;

  // True when the workbook uses the 1904 date system (workbookPr date1904); pass it on to
  // ExcelSerialToIso for kDate cells.
  bool Date1904() const;

  // Starts reading sheet `index` (0-based, as in SheetNames) or the sheet called `name`.
  // Throws kNoSuchSheet when there is no such sheet, kMissingPart when its part is absent.
  SheetReader ReadSheet(std::size_t index);
  SheetReader ReadSheet(std::string_view name);

  // Calls `on_row` for each row of sheet `index` in order until it returns false or the sheet
  // ends. Throws as ReadSheet and SheetReader::Next do, and lets `on_row`'s exceptions through.
  void ForEachRow(std::size_t index, const std::function<bool(const Row&)>& on_row);

 private:
  struct Impl;
  explicit Workbook(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace sg::xlsx
