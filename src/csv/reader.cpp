#include "csv/reader.h"

#include <utility>

#include "csv/writer.h"

namespace sg::csv {
namespace {

constexpr char kQuote = '"';
constexpr char kComma = ',';

bool IsLineBreak(char c) { return c == '\n' || c == '\r'; }

}  // namespace

Reader::Reader(std::string_view bytes, ReaderOptions options) : options_(options) {
  if (auto error = DecodeToUtf8(bytes, decoded_)) {
    error_ = std::move(error);
    done_ = true;
  }
}

bool Reader::Fail(std::size_t line, std::string_view what) {
  error_ = CsvError{line, pos_, "第 " + std::to_string(line) + " 行：" + std::string(what)};
  done_ = true;
  return false;
}

void Reader::ConsumeLineBreak() {
  const std::string_view text = decoded_.text();
  if (text[pos_] == '\r' && pos_ + 1 < text.size() && text[pos_ + 1] == '\n') ++pos_;
  ++pos_;
  ++line_;
}

bool Reader::Next(Record& record) {
  if (done_) return false;
  const std::string_view text = decoded_.text();
  while (pos_ < text.size() && IsLineBreak(text[pos_])) ConsumeLineBreak();
  if (pos_ >= text.size()) {
    done_ = true;
    return false;
  }
  record.line = line_;
  std::size_t count = 0;
  for (;;) {
    if (count == options_.max_fields) {
      return Fail(line_, "字段数超过 " + std::to_string(options_.max_fields) + " 个的上限");
    }
    if (record.fields.size() == count) record.fields.emplace_back();
    std::string& field = record.fields[count++];
    field.clear();
    const bool quoted = pos_ < text.size() && text[pos_] == kQuote;
    if (!(quoted ? ReadQuoted(field) : ReadUnquoted(field))) return false;
    if (options_.strip_formula_guard && field.starts_with(kFormulaGuard) &&
        NeedsFormulaGuard(field)) {
      field.erase(0, 1);
    }
    // A comma always opens another field, even at the end of input (`a,` is two fields).
    if (pos_ < text.size() && text[pos_] == kComma) {
      ++pos_;
      continue;
    }
    if (pos_ < text.size()) ConsumeLineBreak();
    break;
  }
  record.fields.resize(count);
  return true;
}

bool Reader::ReadUnquoted(std::string& field) {
  const std::string_view text = decoded_.text();
  const std::string_view stops = options_.lenient_quotes ? ",\r\n" : ",\r\n\"";
  std::size_t end = text.find_first_of(stops, pos_);
  if (end == std::string_view::npos) end = text.size();
  if (end < text.size() && text[end] == kQuote) {
    pos_ = end;
    return Fail(line_,
                "未加引号的字段中出现了引号（\"）。含引号的字段应整体用引号括起，"
                "字段内的引号写成两个（\"\"）");
  }
  if (end - pos_ > options_.max_field_bytes) {
    return Fail(line_, "字段超过 " + std::to_string(options_.max_field_bytes) + " 字节的上限");
  }
  field.assign(text.substr(pos_, end - pos_));
  pos_ = end;
  return true;
}

bool Reader::ReadQuoted(std::string& field) {
  const std::string_view text = decoded_.text();
  const std::size_t start_line = line_;
  ++pos_;  // the opening quote
  for (;;) {
    const std::size_t stop = text.find_first_of("\"\r\n", pos_);
    if (stop == std::string_view::npos) {
      pos_ = text.size();
      return Fail(start_line, "引号未闭合：从这一行开始的带引号字段直到文件末尾都没有结束引号");
    }
    field.append(text.substr(pos_, stop - pos_));
    pos_ = stop;
    if (field.size() > options_.max_field_bytes) break;
    if (text[pos_] == kQuote) {
      if (pos_ + 1 < text.size() && text[pos_ + 1] == kQuote) {
        field.push_back(kQuote);
        pos_ += 2;
      } else {
        ++pos_;  // the closing quote
        if (pos_ < text.size() && text[pos_] != kComma && !IsLineBreak(text[pos_])) {
          return Fail(line_,
                      "结束引号后还有其他字符。字段内的引号应写成两个（\"\"），"
                      "引号与逗号之间不能有空格等字符");
        }
        return true;
      }
    } else {
      const std::size_t line_break = pos_;
      ConsumeLineBreak();
      field.append(text.substr(line_break, pos_ - line_break));
    }
    if (field.size() > options_.max_field_bytes) break;
  }
  return Fail(start_line, "字段超过 " + std::to_string(options_.max_field_bytes) + " 字节的上限");
}

}  // namespace sg::csv
