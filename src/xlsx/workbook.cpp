// Opening a workbook: the package relationships, the sheet list, shared strings and styles.
#include <unordered_map>
#include <utility>

#include "xlsx/excel_date.h"
#include "xlsx/package.h"
#include "xlsx/sheet_reader_impl.h"
#include "xlsx/xlsx.h"

namespace sg::xlsx {

using internal::BookData;
using internal::Fail;
using internal::FindAttribute;
using internal::ParseUnsigned;

namespace {

constexpr std::string_view kDefaultWorkbookPart = "xl/workbook.xml";
// Excel keeps at most 64000 cell formats; anything far beyond is not a real workbook.
constexpr std::size_t kMaxCellFormats = 65536;

// Resolves a relationship target against the folder of the part that owns the relationships:
// ("xl/", "worksheets/data.xml") -> "xl/worksheets/data.xml"; "/xl/x.xml" is absolute.
std::string ResolveTarget(std::string_view base_dir, std::string_view target) {
  std::string joined = target.starts_with('/') ? std::string(target.substr(1))
                                               : std::string(base_dir) + std::string(target);
  std::vector<std::string_view> segments;
  std::string_view rest(joined);
  while (!rest.empty()) {
    const std::size_t slash = rest.find('/');
    const std::string_view seg = rest.substr(0, slash);
    if (seg == "..") {
      if (!segments.empty()) segments.pop_back();
    } else if (!seg.empty() && seg != ".") {
      segments.push_back(seg);
    }
    if (slash == std::string_view::npos) break;
    rest.remove_prefix(slash + 1);
  }
  std::string out;
  for (const std::string_view seg : segments) {
    if (!out.empty()) out += '/';
    out += seg;
  }
  return out;
}

std::string DirectoryOf(std::string_view part) {
  const std::size_t slash = part.rfind('/');
  return slash == std::string_view::npos ? std::string() : std::string(part.substr(0, slash + 1));
}

struct Relationship {
  std::string id;
  std::string type;
  std::string target;  // resolved part name
};

class RelsHandler : public internal::XmlHandler {
 public:
  explicit RelsHandler(std::string base_dir) : base_dir_(std::move(base_dir)) {}
  void OnStart(std::string_view name, const XML_Char** attrs) override {
    if (name != "Relationship") return;
    const char* id = FindAttribute(attrs, "Id");
    const char* type = FindAttribute(attrs, "Type");
    const char* target = FindAttribute(attrs, "Target");
    const char* mode = FindAttribute(attrs, "TargetMode");
    if (id == nullptr || target == nullptr) return;
    if (mode != nullptr && std::string_view(mode) == "External") return;
    rels.push_back({id, type != nullptr ? type : "", ResolveTarget(base_dir_, target)});
  }
  void OnEnd(std::string_view) override {}
  void OnText(std::string_view) override {}

  // Returns the target of the first relationship whose type ends with `/suffix`, or "".
  std::string FindType(std::string_view suffix) const {
    for (const Relationship& r : rels) {
      const std::string_view type(r.type);
      if (type.ends_with(suffix) && type.substr(0, type.size() - suffix.size()).ends_with('/')) {
        return r.target;
      }
    }
    return {};
  }

  std::vector<Relationship> rels;

 private:
  std::string base_dir_;
};

class WorkbookHandler : public internal::XmlHandler {
 public:
  struct Sheet {
    std::string name;
    std::string relationship_id;
  };

  void OnStart(std::string_view name, const XML_Char** attrs) override {
    if (name == "workbookPr") {
      const char* v = FindAttribute(attrs, "date1904");
      date1904 = v != nullptr && (std::string_view(v) == "1" || std::string_view(v) == "true");
    } else if (name == "sheet") {
      const char* sheet_name = FindAttribute(attrs, "name");
      const char* id = FindAttribute(attrs, "id");  // r:id
      if (sheet_name == nullptr || id == nullptr) {
        Fail(XlsxErrorKind::kCorrupt, "XLSX 文件已损坏：工作簿中的工作表缺少名称或关系编号");
      }
      sheets.push_back({sheet_name, id});
    }
  }
  void OnEnd(std::string_view) override {}
  void OnText(std::string_view) override {}

  std::vector<Sheet> sheets;
  bool date1904 = false;
};

// <sst><si> holds either <t> or rich runs <r><t>; phonetic runs <rPh> are not cell text.
class SharedStringsHandler : public internal::XmlHandler {
 public:
  SharedStringsHandler(std::vector<std::string>& out, std::size_t max_count)
      : out_(out), max_count_(max_count) {}

  void OnStart(std::string_view name, const XML_Char**) override {
    if (name == "si") {
      if (out_.size() >= max_count_) {
        Fail(XlsxErrorKind::kTooLarge,
             "XLSX 文件的共享字符串超过 " + std::to_string(max_count_) + " 条的上限");
      }
      in_item_ = true;
      current_.clear();
    } else if (name == "rPh") {
      ++phonetic_depth_;
    } else if (name == "t" && in_item_ && phonetic_depth_ == 0) {
      in_text_ = true;
    }
  }
  void OnEnd(std::string_view name) override {
    if (name == "si") {
      internal::DecodeXstring(current_);
      out_.push_back(std::move(current_));
      current_ = std::string();
      in_item_ = false;
    } else if (name == "rPh") {
      --phonetic_depth_;
    } else if (name == "t") {
      in_text_ = false;
    }
  }
  void OnText(std::string_view text) override {
    if (in_text_) current_ += text;
  }

 private:
  std::vector<std::string>& out_;
  std::size_t max_count_;
  std::string current_;
  bool in_item_ = false;
  bool in_text_ = false;
  int phonetic_depth_ = 0;
};

// Collects numFmts and the numFmtId of each cellXfs/xf (cellStyleXfs also has xf elements,
// which cells never point to).
class StylesHandler : public internal::XmlHandler {
 public:
  void OnStart(std::string_view name, const XML_Char** attrs) override {
    if (name == "cellXfs") {
      in_cell_xfs_ = true;
    } else if (name == "xf" && in_cell_xfs_) {
      if (xf_formats.size() >= kMaxCellFormats) {
        Fail(XlsxErrorKind::kTooLarge, "XLSX 文件的单元格格式数量超过上限");
      }
      xf_formats.push_back(ParseUnsigned(FindAttribute(attrs, "numFmtId")).value_or(0));
    } else if (name == "numFmt") {
      const auto id = ParseUnsigned(FindAttribute(attrs, "numFmtId"));
      const char* code = FindAttribute(attrs, "formatCode");
      if (!id || code == nullptr) return;
      if (custom_is_date.size() >= kMaxCellFormats) {
        Fail(XlsxErrorKind::kTooLarge, "XLSX 文件的数字格式数量超过上限");
      }
      custom_is_date[*id] = IsDateFormatCode(code);
    }
  }
  void OnEnd(std::string_view name) override {
    if (name == "cellXfs") in_cell_xfs_ = false;
  }
  void OnText(std::string_view) override {}

  std::vector<std::uint64_t> xf_formats;
  std::unordered_map<std::uint64_t, bool> custom_is_date;

 private:
  bool in_cell_xfs_ = false;
};

}  // namespace

struct Workbook::Impl {
  struct Sheet {
    std::string name;
    std::string part;
  };

  explicit Impl(std::unique_ptr<BookData> d) : data(std::move(d)) { Load(); }

  void Load();

  std::unique_ptr<BookData> data;
  std::vector<std::string> names;
  std::vector<Sheet> sheets;
};

void Workbook::Impl::Load() {
  internal::Archive& archive = data->archive;
  const std::uint64_t max_bytes = data->limits.max_part_bytes;

  // The package relationships name the workbook part; Excel and WPS both use xl/workbook.xml.
  std::string workbook_part;
  if (archive.Has("_rels/.rels")) {
    RelsHandler package_rels("");
    internal::ParsePart(archive, "_rels/.rels", max_bytes, package_rels);
    workbook_part = package_rels.FindType("officeDocument");
  }
  if (workbook_part.empty() || !archive.Has(workbook_part)) {
    workbook_part = kDefaultWorkbookPart;
  }
  if (!archive.Has(workbook_part)) {
    Fail(XlsxErrorKind::kMissingPart,
         "不是有效的 XLSX 文件（缺少 " + workbook_part + "），请确认上传的是 Excel 工作簿");
  }

  WorkbookHandler book;
  internal::ParsePart(archive, workbook_part, max_bytes, book);
  data->date1904 = book.date1904;

  const std::string dir = DirectoryOf(workbook_part);
  const std::string rels_part =
      dir + "_rels/" + workbook_part.substr(dir.size()) + ".rels";  // xl/_rels/workbook.xml.rels
  RelsHandler rels(dir);
  internal::ParsePart(archive, rels_part, max_bytes, rels);

  for (WorkbookHandler::Sheet& s : book.sheets) {
    std::string part;
    for (const Relationship& r : rels.rels) {
      if (r.id == s.relationship_id) part = r.target;
    }
    if (part.empty()) {
      Fail(XlsxErrorKind::kCorrupt,
           "XLSX 文件已损坏：找不到工作表“" + s.name + "”的关系 " + s.relationship_id);
    }
    names.push_back(s.name);
    sheets.push_back({std::move(s.name), std::move(part)});
  }

  const std::string strings_part = rels.FindType("sharedStrings");
  if (!strings_part.empty()) {
    SharedStringsHandler handler(data->shared_strings, data->limits.max_shared_strings);
    internal::ParsePart(archive, strings_part, max_bytes, handler);
  }

  const std::string styles_part = rels.FindType("styles");
  if (!styles_part.empty()) {
    StylesHandler styles;
    internal::ParsePart(archive, styles_part, max_bytes, styles);
    data->date_styles.reserve(styles.xf_formats.size());
    for (const std::uint64_t id : styles.xf_formats) {
      const auto custom = styles.custom_is_date.find(id);
      data->date_styles.push_back(custom != styles.custom_is_date.end()
                                      ? custom->second
                                      : IsBuiltinDateFormat(static_cast<int>(id)));
    }
  }
}

Workbook::Workbook(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Workbook::Workbook(Workbook&&) noexcept = default;
Workbook& Workbook::operator=(Workbook&&) noexcept = default;
Workbook::~Workbook() = default;

Workbook Workbook::OpenFile(const std::string& path, const Limits& limits) {
  return Workbook(std::make_unique<Impl>(std::make_unique<BookData>(path, limits)));
}

Workbook Workbook::OpenBuffer(std::string_view bytes, const Limits& limits) {
  return Workbook(std::make_unique<Impl>(std::make_unique<BookData>(bytes, limits)));
}

const std::vector<std::string>& Workbook::SheetNames() const { return impl_->names; }

bool Workbook::Date1904() const { return impl_->data->date1904; }

SheetReader Workbook::ReadSheet(std::size_t index) {
  if (index >= impl_->sheets.size()) {
    Fail(XlsxErrorKind::kNoSuchSheet, "工作簿中没有第 " + std::to_string(index + 1) + " 个工作表");
  }
  const Impl::Sheet& sheet = impl_->sheets[index];
  return SheetReader(std::make_unique<SheetReader::Impl>(*impl_->data, sheet.name, sheet.part));
}

SheetReader Workbook::ReadSheet(std::string_view name) {
  for (std::size_t i = 0; i < impl_->sheets.size(); ++i) {
    if (impl_->sheets[i].name == name) return ReadSheet(i);
  }
  Fail(XlsxErrorKind::kNoSuchSheet, "工作簿中没有名为“" + std::string(name) + "”的工作表");
}

void Workbook::ForEachRow(std::size_t index, const std::function<bool(const Row&)>& on_row) {
  SheetReader reader = ReadSheet(index);
  Row row;
  while (reader.Next(row)) {
    if (!on_row(row)) return;
  }
}

}  // namespace sg::xlsx
