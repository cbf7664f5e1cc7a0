// Writing CSV for export, one record at a time, as Excel writes it: CRLF after every record,
// quotes only where needed, and the encoding the export format names.
//
// A field is quoted when it holds a comma, a quote, CR or LF, or starts or ends with a space or
// tab (which some tools trim); a quote inside is doubled. A record of one empty field is written
// as `""`, because an empty line is skipped by the Reader.
//
// Formula injection (OWASP "CSV Injection"): a spreadsheet may run a cell that starts with
// = + - or @, and OWASP lists TAB and CR as well. With WriterOptions::formula_guard, on by
// default, such a field gets one leading apostrophe, so it is shown as text. So does a field of
// apostrophes followed by one of those characters ('=x becomes ''=x): then removing exactly one
// apostrophe from every field of that shape is always exact, and reading the file back with
// ReaderOptions::strip_formula_guard gives the original fields. The price is that a negative
// number exports as '-5; exports meant for machines turn the guard off.
//
// A Writer is used by one thread at a time.
#pragma once

#include <cstddef>
#include <functional>
#include <initializer_list>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "csv/encoding.h"

namespace sg::csv {

// The apostrophe the formula guard adds, and the first characters that trigger it.
inline constexpr char kFormulaGuard = '\'';
inline constexpr std::string_view kFormulaTriggers = "=+-@\t\r";

// True when `field` is zero or more apostrophes followed by one of kFormulaTriggers: the fields
// the guard prefixes with one apostrophe.
bool NeedsFormulaGuard(std::string_view field);

enum class OutputFormat {
  kUtf8WithBom,  // export format `csv`: the BOM makes Excel open UTF-8 as UTF-8
  kGb18030,      // export format `csv_gb18030`: for Excel versions and systems that expect GBK
  kUtf8,         // no BOM: for programs such as the hotline platforms
};

struct WriterOptions {
  OutputFormat format = OutputFormat::kUtf8WithBom;
  bool formula_guard = true;
};

class Writer {
 public:
  // Receives the output in order: each call is one whole record (the BOM comes with the first
  // record). To collect into a buffer the caller flushes, pass
  // `[&buffer](std::string_view bytes) { buffer.append(bytes); }`.
  using Sink = std::function<void(std::string_view)>;

  explicit Writer(Sink sink, WriterOptions options = {});

  // Writes one record followed by CRLF. Fields are UTF-8. Returns nullopt on success; an error
  // (line 0, byte_offset = the field's index) when a field is not valid UTF-8, in which case
  // nothing is written. An empty list writes an empty line, which the Reader skips.
  std::optional<CsvError> WriteRecord(std::span<const std::string_view> fields);
  std::optional<CsvError> WriteRecord(std::span<const std::string> fields);
  std::optional<CsvError> WriteRecord(std::initializer_list<std::string_view> fields);

  // Records written so far.
  std::size_t records() const { return records_; }

 private:
  void AppendField(std::string_view field);

  Sink sink_;
  WriterOptions options_;
  std::size_t records_ = 0;
  std::string record_;                   // the record being built, UTF-8
  std::string encoded_;                  // the record in GB18030
  std::vector<std::string_view> views_;  // for the std::string overload
};

}  // namespace sg::csv
