// Internal to the xlsx module: the state of a SheetReader, shared by workbook.cpp (which makes
// one) and sheet_reader.cpp (which runs it).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "xlsx/package.h"
#include "xlsx/xlsx.h"

namespace sg::xlsx {

namespace internal {
// A cell's t attribute.
enum class ValueKind { kNumber, kShared, kInline, kFormulaString, kBoolean, kError, kIsoDate };
}  // namespace internal

// Turns <sheetData> events into Rows. The parser is fed one chunk at a time and suspended at
// the end of each row, so one row at a time is held, however many a chunk describes.
struct SheetReader::Impl : internal::XmlHandler {
  // Throws kMissingPart when the sheet's part is not in the archive.
  Impl(internal::BookData& book, std::string sheet_name, std::string part);

  bool Next(Row& row);

  void OnStart(std::string_view name, const XML_Char** attributes) override;
  void OnEnd(std::string_view name) override;
  void OnText(std::string_view text) override;

 private:
  void StartRow(const XML_Char** attributes);
  void StartCell(const XML_Char** attributes);
  void FinishCell();
  void FinishRow();
  std::string Where() const;  // "工作表“名称”第 7 行"

  const internal::BookData& book_;
  std::string sheet_name_;
  internal::PartStream stream_;
  internal::XmlParser parser_;
  std::vector<char> buffer_;
  bool row_ready_ = false;  // row_ is complete and not yet handed out
  bool suspended_ = false;  // the parser stopped at a row end with input left
  bool finished_ = false;   // the last chunk has been parsed

  bool in_sheet_data_ = false;
  bool in_row_ = false;
  bool in_cell_ = false;
  bool in_value_ = false;   // <v>
  bool in_inline_ = false;  // <is>
  bool in_text_ = false;    // <t> inside <is>
  int phonetic_depth_ = 0;  // <rPh>, whose text is not cell text

  Row row_;
  std::uint32_t last_row_number_ = 0;
  std::size_t next_column_ = 0;
  std::size_t column_ = 0;
  internal::ValueKind kind_ = internal::ValueKind::kNumber;
  std::size_t style_ = 0;
  std::size_t row_bytes_ = 0;
  std::string text_;
};

}  // namespace sg::xlsx
