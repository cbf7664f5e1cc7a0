// Character encodings of the CSV files people bring: detecting them, decoding them to UTF-8 for
// import, and encoding UTF-8 to GB18030 for export.
//
// What arrives: Excel on Chinese Windows saves "CSV (逗号分隔)" in GB18030 (its code page 936
// is GBK, a subset of GB18030); "CSV UTF-8 (逗号分隔)" is UTF-8 with a BOM; other tools and the
// 12315/12345 hotline platforms send UTF-8 without one. Excel's "Unicode 文本" is UTF-16 with a
// BOM and tab-separated, so it is refused with a message saying how to re-save the file rather
// than decoded into something that would parse as one column.
//
// The decision is made on the whole buffer, never on a prefix: a file can be ASCII for a
// megabyte and GB18030 after that. Validating UTF-8 is one fast pass, so callers hand over the
// whole file (read or memory-mapped) as one std::string_view.
//
// All functions are thread-safe. GB18030 conversion uses ICU (one converter per thread).
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace sg::csv {

// The error that ends an import or export: where, and one Simplified Chinese sentence fit to
// show the user as is (it already names the line, e.g. "第 3 行：引号未闭合……").
struct CsvError {
  // 1-based physical line of the input (a CRLF, LF or lone CR ends a line); 0 when the error
  // is not about an input line (a field handed to the writer).
  std::size_t line = 0;
  // For encoding errors, the offset of the first bad byte in the bytes as given. For syntax
  // errors, the offset in the decoded UTF-8 text. For writer errors, the field's index.
  std::size_t byte_offset = 0;
  std::string message;
};

enum class Encoding {
  kUtf8,         // valid UTF-8 without a BOM (plain ASCII included)
  kUtf8WithBom,  // EF BB BF, then valid UTF-8
  kGb18030,      // not valid UTF-8, valid GB18030 (so also any GBK file)
};

// "UTF-8", "UTF-8 (BOM)" or "GB18030", for logs and import reports.
std::string_view EncodingName(Encoding encoding);

// Returns the offset of the first byte that does not start a well-formed UTF-8 sequence
// (RFC 3629: no overlong forms, surrogates or values past U+10FFFF), or nullopt when all of
// `bytes` is valid UTF-8.
std::optional<std::size_t> FindInvalidUtf8(std::string_view bytes);

// The result of decoding: the UTF-8 text without BOM, either borrowed from the input (UTF-8
// input is not copied; the input must then outlive this object) or owned (GB18030 input).
// Safe to move: text() is recomputed from the members.
class DecodedText {
 public:
  Encoding encoding() const { return encoding_; }
  std::string_view text() const { return owned_ ? std::string_view(storage_) : borrowed_; }

 private:
  friend std::optional<CsvError> DecodeToUtf8(std::string_view bytes, DecodedText& out);
  Encoding encoding_ = Encoding::kUtf8;
  bool owned_ = false;
  std::string_view borrowed_;
  std::string storage_;
};

// Detects the encoding of a whole file and decodes it to UTF-8. The rule, in order:
//   1. a UTF-8 BOM → UTF-8, BOM stripped; the rest must be valid UTF-8, else an error;
//   2. a UTF-16 BOM (FF FE or FE FF) → an error asking to re-save as CSV;
//   3. valid UTF-8 → UTF-8 (borrowed, not copied);
//   4. otherwise GB18030, decoded with ICU; a byte sequence invalid there too → an error
//      naming its line and byte offset.
// A GB18030 file that happens to be valid UTF-8 as well is taken as UTF-8; for real Chinese
// text that needs implausible byte patterns. Returns nullopt on success; `out` is then set.
std::optional<CsvError> DecodeToUtf8(std::string_view bytes, DecodedText& out);

// Decodes bytes known to be GB18030 (for instance a platform that declares GBK), appending the
// UTF-8 text to `out`. Returns nullopt on success; on error `out` holds what was decoded before.
std::optional<CsvError> DecodeGb18030(std::string_view bytes, std::string& out);

// Encodes UTF-8 to GB18030 (export format csv_gb18030), appending to `out`. GB18030 covers all
// of Unicode, so the only error is input that is not valid UTF-8 (nothing is appended then).
std::optional<CsvError> EncodeGb18030(std::string_view utf8, std::string& out);

}  // namespace sg::csv
