// Reading a worksheet row by row: <sheetData><row r><c r t s><v>|<is>…</c></row>.
#include <limits>
#include <utility>

#include "xlsx/sheet_reader_impl.h"

namespace sg::xlsx {

using internal::Fail;
using internal::FindAttribute;
using internal::ParseUnsigned;
using internal::ValueKind;

namespace {

// Excel's grid: 1048576 rows.
constexpr std::uint64_t kMaxRowNumber = 1'048'576;
// More letters than this in a cell reference are far past any column limit.
constexpr std::size_t kMaxColumnLetters = 7;

bool IsAsciiLetter(char c) { return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z'); }

ValueKind KindOf(const char* t) {
  if (t == nullptr) return ValueKind::kNumber;
  const std::string_view s(t);
  if (s == "s") return ValueKind::kShared;
  if (s == "inlineStr") return ValueKind::kInline;
  if (s == "str") return ValueKind::kFormulaString;
  if (s == "b") return ValueKind::kBoolean;
  if (s == "e") return ValueKind::kError;
  if (s == "d") return ValueKind::kIsoDate;
  return ValueKind::kNumber;  // "n", or anything unknown: keep the raw text
}

}  // namespace

std::string_view Row::Value(std::size_t column) const {
  return column < values.size() ? std::string_view(values[column]) : std::string_view();
}

CellType Row::Type(std::size_t column) const {
  return column < types.size() ? types[column] : CellType::kEmpty;
}

SheetReader::Impl::Impl(internal::BookData& book, std::string sheet_name, std::string part)
    : book_(book),
      sheet_name_(std::move(sheet_name)),
      stream_(book.archive, std::move(part), book.limits.max_part_bytes),
      parser_(*this, stream_.part()),
      buffer_(internal::kChunkBytes) {}

bool SheetReader::Impl::Next(Row& row) {
  while (!row_ready_) {
    if (suspended_) {
      suspended_ = parser_.Resume();
    } else if (finished_) {
      return false;
    } else {
      const std::size_t n = stream_.Read(buffer_.data(), buffer_.size());
      finished_ = n == 0;
      suspended_ = parser_.Feed(buffer_.data(), n, finished_);
    }
  }
  row_ready_ = false;
  std::swap(row, row_);
  return true;
}

std::string SheetReader::Impl::Where() const {
  return "工作表“" + sheet_name_ + "”第 " + std::to_string(row_.number) + " 行";
}

void SheetReader::Impl::OnStart(std::string_view name, const XML_Char** attributes) {
  if (name == "sheetData") {
    in_sheet_data_ = true;
    return;
  }
  if (!in_sheet_data_) return;
  if (name == "row") {
    StartRow(attributes);
    return;
  }
  if (name == "c" && in_row_) {
    StartCell(attributes);
    return;
  }
  if (!in_cell_) return;
  if (name == "v") {
    in_value_ = true;
  } else if (name == "is") {
    in_inline_ = true;
  } else if (name == "rPh") {
    ++phonetic_depth_;
  } else if (name == "t" && in_inline_ && phonetic_depth_ == 0) {
    in_text_ = true;
  }
}

void SheetReader::Impl::OnEnd(std::string_view name) {
  if (name == "sheetData") {
    in_sheet_data_ = false;
  } else if (name == "row" && in_row_) {
    FinishRow();
  } else if (name == "c" && in_cell_) {
    FinishCell();
  } else if (name == "v") {
    in_value_ = false;
  } else if (name == "is") {
    in_inline_ = false;
  } else if (name == "rPh" && phonetic_depth_ > 0) {
    --phonetic_depth_;
  } else if (name == "t") {
    in_text_ = false;
  }
}

void SheetReader::Impl::OnText(std::string_view text) {
  if (in_value_ || in_text_) text_ += text;
}

void SheetReader::Impl::StartRow(const XML_Char** attributes) {
  const char* r = FindAttribute(attributes, "r");
  const std::uint64_t number =
      r != nullptr ? ParseUnsigned(r).value_or(0) : last_row_number_ + std::uint64_t{1};
  if (number < 1 || number > kMaxRowNumber) {
    Fail(XlsxErrorKind::kCorrupt, "XLSX 文件已损坏：工作表“" + sheet_name_ + "”的行号“" +
                                      (r != nullptr ? r : std::to_string(number)) + "”无效");
  }
  last_row_number_ = static_cast<std::uint32_t>(number);
  row_.number = last_row_number_;
  row_.values.clear();
  row_.types.clear();
  row_bytes_ = 0;
  next_column_ = 0;
  in_row_ = true;
}

void SheetReader::Impl::StartCell(const XML_Char** attributes) {
  column_ = next_column_;
  if (const char* r = FindAttribute(attributes, "r")) {
    // "C7": the letters are the column; the digits repeat the row number.
    const std::string_view ref(r);
    std::size_t letters = 0;
    std::size_t column = 0;
    while (letters < ref.size() && IsAsciiLetter(ref[letters])) {
      if (letters == kMaxColumnLetters) break;
      const char upper = static_cast<char>(ref[letters] & ~0x20);
      column = column * 26 + static_cast<std::size_t>(upper - 'A' + 1);
      ++letters;
    }
    if (letters == 0) {
      Fail(XlsxErrorKind::kCorrupt,
           "XLSX 文件已损坏：" + Where() + "的单元格引用“" + std::string(ref) + "”无效");
    }
    column_ = letters == kMaxColumnLetters ? book_.limits.max_columns : column - 1;
  }
  if (column_ >= book_.limits.max_columns) {
    Fail(XlsxErrorKind::kTooLarge,
         Where() + "的列数超过 " + std::to_string(book_.limits.max_columns) + " 列的上限");
  }
  next_column_ = column_ + 1;

  kind_ = KindOf(FindAttribute(attributes, "t"));
  style_ = static_cast<std::size_t>(ParseUnsigned(FindAttribute(attributes, "s")).value_or(0));
  text_.clear();
  in_cell_ = true;
}

void SheetReader::Impl::FinishCell() {
  in_cell_ = in_value_ = in_inline_ = in_text_ = false;
  phonetic_depth_ = 0;

  CellType type = CellType::kString;
  std::string value;
  switch (text_.empty() ? ValueKind::kNumber : kind_) {
    case ValueKind::kShared: {
      const std::uint64_t index =
          ParseUnsigned(text_).value_or(std::numeric_limits<std::uint64_t>::max());
      if (index >= book_.shared_strings.size()) {
        Fail(XlsxErrorKind::kCorrupt,
             "XLSX 文件已损坏：" + Where() + "引用了不存在的共享字符串 " + text_);
      }
      value = book_.shared_strings[index];
      break;
    }
    case ValueKind::kInline:
    case ValueKind::kFormulaString:
      value = std::move(text_);
      internal::DecodeXstring(value);
      break;
    case ValueKind::kIsoDate:
      value = std::move(text_);
      break;
    case ValueKind::kBoolean:
      type = CellType::kBoolean;
      value = text_ == "1" || text_ == "true" ? "TRUE" : "FALSE";
      break;
    case ValueKind::kError:
      type = CellType::kError;
      value = std::move(text_);
      break;
    case ValueKind::kNumber: {
      const bool date = style_ < book_.date_styles.size() && book_.date_styles[style_];
      type = date ? CellType::kDate : CellType::kNumber;
      value = std::move(text_);
      break;
    }
  }
  text_.clear();
  // A cell without a value, or with an empty string, reads as empty. Empty cells are not
  // stored: the gap is filled when a later cell needs it, and a trailing one never is.
  if (value.empty()) {
    if (column_ < row_.values.size()) {
      row_.values[column_].clear();
      row_.types[column_] = CellType::kEmpty;
    }
    return;
  }
  row_bytes_ += value.size();
  if (row_bytes_ > book_.limits.max_row_bytes) {
    Fail(XlsxErrorKind::kTooLarge,
         Where() + "的文字超过 " + std::to_string(book_.limits.max_row_bytes) + " 字节的上限");
  }
  if (row_.values.size() <= column_) {
    row_.values.resize(column_ + 1);
    row_.types.resize(column_ + 1, CellType::kEmpty);
  }
  row_.values[column_] = std::move(value);
  row_.types[column_] = type;
}

void SheetReader::Impl::FinishRow() {
  in_row_ = false;
  // Only a cell rewritten to empty (a repeated reference) can leave an empty tail.
  while (!row_.values.empty() && row_.values.back().empty()) {
    row_.values.pop_back();
    row_.types.pop_back();
  }
  row_ready_ = true;
  parser_.Suspend();
}

SheetReader::SheetReader(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
SheetReader::SheetReader(SheetReader&&) noexcept = default;
SheetReader& SheetReader::operator=(SheetReader&&) noexcept = default;
SheetReader::~SheetReader() = default;

bool SheetReader::Next(Row& row) { return impl_->Next(row); }

}  // namespace sg::xlsx
