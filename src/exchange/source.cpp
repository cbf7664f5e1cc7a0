#include "exchange/source.h"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <map>

#include "base/errors.h"
#include "csv/reader.h"
#include "exchange/columns.h"
#include "xlsx/excel_date.h"
#include "xlsx/xlsx.h"

namespace sg::exch {
namespace {

[[noreturn]] void ThrowFile(std::string message) { ThrowInvalidField("file", std::move(message)); }

// The field of each file column, from the header row; refuses unknown and repeated headers.
std::vector<std::optional<size_t>> MapHeader(const std::vector<std::string>& header,
                                             const SourceSpec& spec) {
  std::vector<std::optional<size_t>> out;
  std::vector<bool> seen(spec.fields, false);
  for (const auto& h : header) {
    const std::string name = Trim(h);
    if (name.empty()) {
      out.emplace_back();
      continue;
    }
    auto field = spec.resolve(name);
    if (!field && spec.strict_headers) {
      ThrowInvalidField("header", "无法识别的列“" + name +
                                      "”：请使用 docs/data-exchange.md 中的中文列名或英文字段名");
    }
    if (field) {
      if (seen[*field]) {
        ThrowInvalidField(
            "header", "列“" + name + "”与前面的列重复（都表示 " + spec.field_name(*field) + "）");
      }
      seen[*field] = true;
    }
    out.push_back(field);
  }
  return out;
}

class CsvSource final : public RowSource {
 public:
  CsvSource(std::string_view bytes, const SourceSpec& spec)
      : reader_(bytes, Options()), fields_(spec.fields) {
    csv::Record header;
    if (!reader_.Next(header)) {
      if (reader_.error()) ThrowFile(reader_.error()->message);
      ThrowFile("文件是空的，第一行应为列名");
    }
    columns_ = MapHeader(header.fields, spec);
  }

  bool Next(SourceRow& row) override {
    if (done_) return false;
    if (!reader_.Next(record_)) {
      done_ = true;
      if (!reader_.error()) return false;
      row.line = static_cast<int64_t>(reader_.error()->line);
      row.error = Rejection{row.line, "", reader_.error()->message + "；其后的内容未能读取"};
      return true;
    }
    row.line = static_cast<int64_t>(record_.line);
    row.error.reset();
    row.cells.assign(fields_, Cell{});
    for (size_t i = 0; i < record_.fields.size(); ++i) {
      if (i >= columns_.size()) {
        if (!Trim(record_.fields[i]).empty()) {
          row.error = Rejection{row.line, "", "该行的列数多于表头"};
        }
        continue;
      }
      if (columns_[i]) row.cells[*columns_[i]].text = std::move(record_.fields[i]);
    }
    return true;
  }

 private:
  static csv::ReaderOptions Options() {
    csv::ReaderOptions o;
    o.strip_formula_guard = true;  // our own exports guard formulas (csv/writer.h)
    return o;
  }
  csv::Reader reader_;
  size_t fields_;
  std::vector<std::optional<size_t>> columns_;
  csv::Record record_;
  bool done_ = false;
};

class XlsxSource final : public RowSource {
 public:
  XlsxSource(std::string_view bytes, const SourceSpec& spec) : fields_(spec.fields) {
    try {
      book_ = std::make_unique<xlsx::Workbook>(xlsx::Workbook::OpenBuffer(bytes));
      if (book_->SheetNames().empty()) ThrowFile("工作簿中没有工作表");
      sheet_ = std::make_unique<xlsx::SheetReader>(book_->ReadSheet(0));
      date1904_ = book_->Date1904();
      for (;;) {
        if (!sheet_->Next(xrow_)) ThrowFile("第一个工作表是空的，第一行应为列名");
        if (!xrow_.values.empty()) break;
      }
    } catch (const xlsx::XlsxError& e) {
      ThrowFile(e.what());
    }
    columns_ = MapHeader(xrow_.values, spec);
  }

  bool Next(SourceRow& row) override {
    if (done_) return false;
    try {
      do {
        if (!sheet_->Next(xrow_)) {
          done_ = true;
          return false;
        }
      } while (xrow_.values.empty());
    } catch (const xlsx::XlsxError& e) {
      done_ = true;
      row.line = xrow_.number + 1;
      row.error = Rejection{row.line, "", std::string(e.what()) + "；其后的内容未能读取"};
      return true;
    }
    row.line = xrow_.number;
    row.error.reset();
    row.cells.assign(fields_, Cell{});
    for (size_t i = 0; i < xrow_.values.size() && i < columns_.size(); ++i) {
      if (!columns_[i]) continue;
      Cell& c = row.cells[*columns_[i]];
      c.text = std::move(xrow_.values[i]);
      switch (xrow_.types[i]) {
        case xlsx::CellType::kNumber:
          c.kind = CellKind::kNumber;
          break;
        case xlsx::CellType::kDate:
          if (auto iso = xlsx::ExcelSerialToIso(c.text, date1904_)) {
            c.kind = CellKind::kDate;
            c.text = iso->substr(0, 10);
          } else {
            c.kind = CellKind::kNumber;
          }
          break;
        case xlsx::CellType::kError:
          c.kind = CellKind::kError;
          break;
        default:
          c.kind = CellKind::kText;
      }
    }
    return true;
  }

 private:
  std::unique_ptr<xlsx::Workbook> book_;
  std::unique_ptr<xlsx::SheetReader> sheet_;
  bool date1904_ = false;
  size_t fields_;
  std::vector<std::optional<size_t>> columns_;
  xlsx::Row xrow_;
  bool done_ = false;
};

class NdjsonSource final : public RowSource {
 public:
  NdjsonSource(std::string_view bytes, const SourceSpec& spec) : bytes_(bytes), spec_(spec) {
    if (bytes_.substr(0, 3) == "\xEF\xBB\xBF") bytes_.remove_prefix(3);
  }

  bool Next(SourceRow& row) override {
    for (;;) {
      if (pos_ >= bytes_.size()) return false;
      size_t end = bytes_.find('\n', pos_);
      if (end == std::string_view::npos) end = bytes_.size();
      std::string_view line = bytes_.substr(pos_, end - pos_);
      pos_ = end + 1;
      ++line_;
      if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
      if (Trim(line).empty()) continue;
      row.line = line_;
      row.error.reset();
      row.cells.assign(spec_.fields, Cell{});
      boost::system::error_code ec;
      boost::json::value v = boost::json::parse(line, ec);
      if (ec || !v.is_object()) {
        row.error = Rejection{line_, "", "不是有效的 JSON 对象（每行应为一个 JSON 对象）"};
        return true;
      }
      for (auto& [key, value] : v.as_object()) {
        auto known = fields_.find(std::string_view(key));
        if (known == fields_.end()) {
          known = fields_.emplace(std::string(key), spec_.resolve(key)).first;
        }
        const std::optional<size_t> field = known->second;
        if (!field) {
          if (!spec_.strict_headers) continue;
          row.error = Rejection{line_, std::string(key), "未知字段"};
          return true;
        }
        Cell& c = row.cells[*field];
        if (value.is_string()) {
          c.text = std::string(value.as_string());
        } else if (value.is_int64() || value.is_uint64() || value.is_double()) {
          c.kind = CellKind::kNumber;
          c.text = boost::json::serialize(value);
        } else if (value.is_bool()) {
          c.text = value.as_bool() ? "true" : "false";
        } else if (value.is_array() || value.is_object()) {
          c.kind = CellKind::kJson;
          c.json = std::move(value);
        }
      }
      return true;
    }
  }

 private:
  std::string_view bytes_;
  SourceSpec spec_;
  // The field of each key seen so far: every line repeats the same keys.
  std::map<std::string, std::optional<size_t>, std::less<>> fields_;
  size_t pos_ = 0;
  int64_t line_ = 0;
};

}  // namespace

std::unique_ptr<RowSource> OpenSource(std::string_view bytes, const SourceSpec& spec) {
  switch (spec.format) {
    case Format::kCsv:
      return std::make_unique<CsvSource>(bytes, spec);
    case Format::kXlsx:
      return std::make_unique<XlsxSource>(bytes, spec);
    case Format::kNdjson:
      return std::make_unique<NdjsonSource>(bytes, spec);
  }
  ThrowFile("不支持的文件格式");
}

}  // namespace sg::exch
