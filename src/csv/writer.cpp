#include "csv/writer.h"

#include <utility>

namespace sg::csv {
namespace {

constexpr std::string_view kUtf8Bom = "\xEF\xBB\xBF";
constexpr std::string_view kCrLf = "\r\n";

bool IsBlank(char c) { return c == ' ' || c == '\t'; }

}  // namespace

bool NeedsFormulaGuard(std::string_view field) {
  const std::size_t first = field.find_first_not_of(kFormulaGuard);
  return first != std::string_view::npos &&
         kFormulaTriggers.find(field[first]) != std::string_view::npos;
}

Writer::Writer(Sink sink, WriterOptions options) : sink_(std::move(sink)), options_(options) {}

std::optional<CsvError> Writer::WriteRecord(std::span<const std::string_view> fields) {
  for (std::size_t i = 0; i < fields.size(); ++i) {
    if (FindInvalidUtf8(fields[i])) {
      return CsvError{0, i,
                      "第 " + std::to_string(records_ + 1) + " 条记录的第 " +
                          std::to_string(i + 1) + " 个字段不是有效的 UTF-8，无法导出"};
    }
  }
  record_.clear();
  if (records_ == 0 && options_.format == OutputFormat::kUtf8WithBom) record_ = kUtf8Bom;
  for (std::size_t i = 0; i < fields.size(); ++i) {
    if (i > 0) record_.push_back(',');
    AppendField(fields[i]);
  }
  if (fields.size() == 1 && fields[0].empty()) record_ += "\"\"";
  record_ += kCrLf;
  if (options_.format == OutputFormat::kGb18030) {
    encoded_.clear();
    if (auto error = EncodeGb18030(record_, encoded_)) return error;
    sink_(encoded_);
  } else {
    sink_(record_);
  }
  ++records_;
  return std::nullopt;
}

std::optional<CsvError> Writer::WriteRecord(std::span<const std::string> fields) {
  views_.assign(fields.begin(), fields.end());
  return WriteRecord(std::span<const std::string_view>(views_));
}

std::optional<CsvError> Writer::WriteRecord(std::initializer_list<std::string_view> fields) {
  return WriteRecord(std::span<const std::string_view>(fields.begin(), fields.size()));
}

void Writer::AppendField(std::string_view field) {
  const bool guard = options_.formula_guard && NeedsFormulaGuard(field);
  const bool quote = field.find_first_of(",\"\r\n") != std::string_view::npos ||
                     (!field.empty() && (IsBlank(field.back()) || (!guard && IsBlank(field[0]))));
  if (quote) record_.push_back('"');
  if (guard) record_.push_back(kFormulaGuard);
  if (!quote) {
    record_ += field;
    return;
  }
  for (const char c : field) {
    if (c == '"') record_.push_back('"');
    record_.push_back(c);
  }
  record_.push_back('"');
}

}  // namespace sg::csv
