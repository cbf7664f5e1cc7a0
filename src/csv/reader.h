// Reading CSV (RFC 4180, as Excel and the 12315/12345 platforms write it) one record at a time,
// for importing cases, parties, IP rights and hotline work orders (工单).
//
// The grammar accepted:
//   - fields are separated by commas; a record ends at CRLF, LF or a lone CR (old Excel for Mac
//     wrote CR), or at the end of input, with or without a final line break;
//   - a field that starts with a double quote is quoted: it runs to the matching quote, `""`
//     inside stands for one quote, and commas and line breaks inside are data, kept byte for
//     byte (a CRLF inside a quoted field stays CRLF);
//   - everything else is kept as is: spaces around fields, empty fields;
//   - a blank line (nothing between two line breaks) is not a record and is skipped. Excel writes
//     an empty row of a sheet of N columns as N-1 commas, so only one-column sheets lose empty
//     rows; the writer quotes a lone empty field so that its own output reads back whole.
// Strict by default, because Excel never writes anything else and a silent misparse of a case
// number or a party is worse than a refusal. These are errors, each naming its physical line:
//   - a quote inside an unquoted field (`ab"c`), unless ReaderOptions::lenient_quotes;
//   - anything but a comma or line break right after a closing quote (`"ab"c`, `"ab" ,`);
//   - a quote still open at the end of input (named by the line where the field began);
//   - a field longer than max_field_bytes or a record with more than max_fields fields, so that
//     hostile input cannot make one record take unbounded memory.
//
// Line numbers: Record::line is the 1-based physical line where the record starts, counting
// every line break in the file, those inside quoted fields included, so that an import error
// can say "第 N 行" and the user finds that line in a text editor. For Excel's row number this
// differs only after a cell with a line break in it.
//
// A Reader is used by one thread at a time; distinct Readers are independent.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "csv/encoding.h"

namespace sg::csv {

struct ReaderOptions {
  // One field's limit after unquoting, in UTF-8 bytes. Excel holds at most 32,767 characters in
  // a cell, at most 4 bytes each.
  std::size_t max_field_bytes = 128 * 1024;
  // Fields in one record. Import templates have a few dozen columns.
  std::size_t max_fields = 1024;
  // Keep a quote inside an unquoted field as data (`12"3` → `12"3`) instead of refusing the
  // file. For hand-made files only; text after a closing quote is refused all the same.
  bool lenient_quotes = false;
  // Remove exactly one leading apostrophe from a field that is apostrophes followed by one of
  // = + - @ TAB CR ('=1 → =1, ''=1 → '=1, 'abc stays). The Writer's formula guard (on by default
  // for exports, see writer.h) adds exactly that apostrophe, so with this on an exported file
  // imports back unchanged. Off by default: a user's own file may mean the apostrophe.
  bool strip_formula_guard = false;
};

struct Record {
  // The 1-based physical line where the record starts.
  std::size_t line = 0;
  std::vector<std::string> fields;
};

class Reader {
 public:
  // Reads `bytes`, the whole file, in whichever encoding DecodeToUtf8 detects (see
  // encoding.h). UTF-8 input is not copied: `bytes` must outlive the Reader. An encoding
  // error makes the first Next() return false with error() set.
  explicit Reader(std::string_view bytes, ReaderOptions options = {});

  // Reads the next record into `record`, reusing its storage. Returns true when a record was
  // read; false at the end of input or on an error, which error() then tells. After false,
  // every further call returns false.
  bool Next(Record& record);

  // The error that stopped reading, or nullopt (also after a clean end of input).
  const std::optional<CsvError>& error() const { return error_; }

  // The encoding detected, valid when the decoding succeeded.
  Encoding encoding() const { return decoded_.encoding(); }

 private:
  bool Fail(std::size_t line, std::string_view what);
  bool ReadQuoted(std::string& field);
  bool ReadUnquoted(std::string& field);
  // Consumes one line break at pos_ (CRLF, LF or CR) and counts it.
  void ConsumeLineBreak();

  ReaderOptions options_;
  DecodedText decoded_;
  std::optional<CsvError> error_;
  std::size_t pos_ = 0;   // into decoded_.text()
  std::size_t line_ = 1;  // physical line of pos_
  bool done_ = false;
};

}  // namespace sg::csv
