// Reads workbooks written at test time: by libxlsxwriter (shared and inline strings), and by
// hand with libzip from XML shaped the way Excel and WPS save it. Nothing is committed as a
// binary fixture; every file is rebuilt from this source.
#include "xlsx/xlsx.h"

#include <gtest/gtest.h>
#include <unistd.h>
#include <xlsxwriter.h>
#include <zip.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "xlsx/excel_date.h"

namespace sg::xlsx {
namespace {

namespace fs = std::filesystem;

using Entries = std::vector<std::pair<std::string, std::string>>;

constexpr const char* kCaseNumber = "（2024）晋07知民初12号";
constexpr const char* kIdNumber = "11010519491231002X";
constexpr int kBulkRows = 3000;

std::string ReadBytes(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

std::string LongText() {
  std::string text;
  for (int i = 0; i < 400; ++i) text += "原告诉称被告未经许可使用其注册商标，";
  return text;
}

std::vector<Row> ReadAll(Workbook& book, std::size_t sheet) {
  std::vector<Row> rows;
  SheetReader reader = book.ReadSheet(sheet);
  Row row;
  while (reader.Next(row)) rows.push_back(row);
  return rows;
}

// Expects `f` to throw an XlsxError of `kind` with a non-empty message.
template <typename F>
void ExpectError(XlsxErrorKind kind, F&& f) {
  try {
    f();
    ADD_FAILURE() << "no XlsxError thrown";
  } catch (const XlsxError& e) {
    EXPECT_EQ(e.kind(), kind) << e.what();
    EXPECT_STRNE(e.what(), "");
  }
}

class XlsxTest : public ::testing::Test {
 protected:
  void SetUp() override {
    const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    dir_ =
        fs::temp_directory_path() / ("sg-xlsx-" + std::to_string(::getpid()) + "-" + info->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }

  // Writes a zip archive of `entries` with libzip and returns its bytes.
  std::string MakeZip(const Entries& entries) {
    const fs::path path = dir_ / "fixture.zip";
    int error = 0;
    zip_t* zip = zip_open(path.c_str(), ZIP_CREATE | ZIP_TRUNCATE, &error);
    if (zip == nullptr) throw std::runtime_error("zip_open failed");
    for (const auto& [name, content] : entries) {
      zip_source_t* source = zip_source_buffer(zip, content.data(), content.size(), 0);
      if (source == nullptr || zip_file_add(zip, name.c_str(), source, ZIP_FL_ENC_UTF_8) < 0) {
        zip_source_free(source);
        throw std::runtime_error("zip_file_add failed");
      }
    }
    if (zip_close(zip) != 0) throw std::runtime_error("zip_close failed");
    return ReadBytes(path);
  }

  // The sample an import clerk might produce. Rows are written top to bottom, as
  // constant_memory mode requires.
  fs::path WriteSample(bool constant_memory) {
    const fs::path path = dir_ / (constant_memory ? "inline.xlsx" : "shared.xlsx");
    lxw_workbook_options options = {};
    options.constant_memory = constant_memory ? LXW_TRUE : LXW_FALSE;
    lxw_workbook* wb = workbook_new_opt(path.c_str(), &options);
    lxw_format* iso_date = workbook_add_format(wb);
    format_set_num_format(iso_date, "yyyy-mm-dd");
    lxw_format* zh_date = workbook_add_format(wb);
    format_set_num_format(zh_date, R"(yyyy"年"m"月"d"日")");
    lxw_format* builtin_zh_date = workbook_add_format(wb);
    format_set_num_format_index(builtin_zh_date, 31);  // zh-CN yyyy"年"m"月"d"日"
    lxw_format* date_time = workbook_add_format(wb);
    format_set_num_format_index(date_time, 22);  // m/d/yy h:mm
    lxw_format* money = workbook_add_format(wb);
    format_set_num_format(money, "0.00_);[Red](0.00)");
    lxw_format* bold = workbook_add_format(wb);
    format_set_bold(bold);

    lxw_worksheet* ws = workbook_add_worksheet(wb, "当事人");
    const char* headers[] = {"案号",     "姓名",     "身份证号", "金额",
                             "立案日期", "结案日期", "已结案",   "备注"};
    for (lxw_col_t c = 0; c < 8; ++c) worksheet_write_string(ws, 0, c, headers[c], bold);

    worksheet_write_string(ws, 1, 0, kCaseNumber, nullptr);
    worksheet_write_string(ws, 1, 1, "北京某某科技有限公司（原名：某某信息）", nullptr);
    worksheet_write_string(ws, 1, 2, kIdNumber, nullptr);
    worksheet_write_number(ws, 1, 3, 12345.5, money);
    lxw_datetime filed = {2024, 1, 1, 0, 0, 0};
    worksheet_write_datetime(ws, 1, 4, &filed, iso_date);
    lxw_datetime closed = {2025, 1, 1, 0, 0, 0};
    worksheet_write_datetime(ws, 1, 5, &closed, zh_date);
    worksheet_write_boolean(ws, 1, 6, 1, nullptr);
    worksheet_write_string(ws, 1, 7, LongText().c_str(), nullptr);

    // Row 3 is skipped; row 4 has gaps in the middle.
    worksheet_write_string(ws, 3, 0, "（2023）晋0702民初5号", nullptr);
    worksheet_write_number(ws, 3, 3, 3, nullptr);
    worksheet_write_boolean(ws, 3, 6, 0, nullptr);
    worksheet_write_string(ws, 3, 7, "  前后有空格  ", nullptr);

    worksheet_write_number(ws, 5, 2, 110101199003077777.0, nullptr);  // an ID typed as a number
    worksheet_write_datetime(ws, 5, 4, &filed, builtin_zh_date);
    lxw_datetime hearing = {2024, 3, 15, 9, 30, 0};
    worksheet_write_datetime(ws, 5, 5, &hearing, date_time);
    worksheet_write_formula_str(ws, 5, 7, "=A2&\"\"", nullptr, kCaseNumber);

    lxw_rich_string_tuple plain = {nullptr, const_cast<char*>("张三")};
    lxw_rich_string_tuple strong = {bold, const_cast<char*>("（代理人）")};
    lxw_rich_string_tuple* rich[] = {&plain, &strong, nullptr};
    worksheet_write_rich_string(ws, 6, 1, rich, nullptr);

    lxw_worksheet* bulk = workbook_add_worksheet(wb, "批量");
    for (lxw_row_t r = 0; r < kBulkRows; ++r) {
      const std::string name = "当事人" + std::to_string(r);
      worksheet_write_string(bulk, r, 0, name.c_str(), nullptr);
      worksheet_write_number(bulk, r, 1, r, nullptr);
    }
    workbook_add_worksheet(wb, "空表");
    if (workbook_close(wb) != LXW_NO_ERROR) throw std::runtime_error("workbook_close failed");
    return path;
  }

  fs::path dir_;
};

void ExpectSample(Workbook& book) {
  ASSERT_EQ(book.SheetNames(), (std::vector<std::string>{"当事人", "批量", "空表"}));
  EXPECT_FALSE(book.Date1904());

  const std::vector<Row> rows = ReadAll(book, 0);
  ASSERT_EQ(rows.size(), 5u);

  EXPECT_EQ(rows[0].number, 1u);
  EXPECT_EQ(rows[0].values, (std::vector<std::string>{"案号", "姓名", "身份证号", "金额",
                                                      "立案日期", "结案日期", "已结案", "备注"}));

  const Row& r2 = rows[1];
  EXPECT_EQ(r2.number, 2u);
  ASSERT_EQ(r2.values.size(), 8u);
  EXPECT_EQ(r2.Value(0), kCaseNumber);
  EXPECT_EQ(r2.Value(1), "北京某某科技有限公司（原名：某某信息）");
  EXPECT_EQ(r2.Value(2), kIdNumber);
  EXPECT_EQ(r2.Type(2), CellType::kString);
  EXPECT_EQ(r2.Value(3), "12345.5");
  EXPECT_EQ(r2.Type(3), CellType::kNumber);  // 0.00_);[Red](0.00) is not a date
  EXPECT_EQ(r2.Type(4), CellType::kDate);
  EXPECT_EQ(ExcelSerialToIso(r2.Value(4), false), "2024-01-01");
  EXPECT_EQ(r2.Type(5), CellType::kDate);
  EXPECT_EQ(ExcelSerialToIso(r2.Value(5), false), "2025-01-01");
  EXPECT_EQ(r2.Value(6), "TRUE");
  EXPECT_EQ(r2.Type(6), CellType::kBoolean);
  EXPECT_EQ(r2.Value(7), LongText());

  const Row& r4 = rows[2];
  EXPECT_EQ(r4.number, 4u);
  EXPECT_EQ(r4.values, (std::vector<std::string>{"（2023）晋0702民初5号", "", "", "3", "", "",
                                                 "FALSE", "  前后有空格  "}));
  EXPECT_EQ(r4.Type(1), CellType::kEmpty);
  EXPECT_EQ(r4.Type(3), CellType::kNumber);

  const Row& r6 = rows[3];
  EXPECT_EQ(r6.number, 6u);
  EXPECT_EQ(r6.Value(0), "");
  EXPECT_EQ(r6.Type(2), CellType::kNumber);
  // The 18 digits did not survive being a number: the importer must refuse this cell.
  EXPECT_NE(r6.Value(2).find("E+17"), std::string_view::npos) << r6.Value(2);
  EXPECT_EQ(r6.Type(4), CellType::kDate);  // built-in 31
  EXPECT_EQ(ExcelSerialToIso(r6.Value(4), false), "2024-01-01");
  EXPECT_EQ(r6.Type(5), CellType::kDate);
  EXPECT_EQ(ExcelSerialToIso(r6.Value(5), false), "2024-03-15 09:30:00");
  EXPECT_EQ(r6.Value(7), kCaseNumber);  // t="str" formula result
  EXPECT_EQ(r6.Type(7), CellType::kString);

  EXPECT_EQ(rows[4].number, 7u);
  EXPECT_EQ(rows[4].values, (std::vector<std::string>{"", "张三（代理人）"}));

  // The bulk sheet spans many parser chunks.
  SheetReader bulk = book.ReadSheet("批量");
  Row row;
  for (int r = 0; r < kBulkRows; ++r) {
    ASSERT_TRUE(bulk.Next(row)) << r;
    ASSERT_EQ(row.number, static_cast<std::uint32_t>(r + 1));
    ASSERT_EQ(row.values,
              (std::vector<std::string>{"当事人" + std::to_string(r), std::to_string(r)}));
  }
  EXPECT_FALSE(bulk.Next(row));

  EXPECT_TRUE(ReadAll(book, 2).empty());
}

TEST_F(XlsxTest, ReadsLibxlsxwriterSharedStrings) {
  const fs::path path = WriteSample(false);
  Workbook from_file = Workbook::OpenFile(path.string());
  ExpectSample(from_file);
  Workbook from_buffer = Workbook::OpenBuffer(ReadBytes(path));
  ExpectSample(from_buffer);
}

TEST_F(XlsxTest, ReadsLibxlsxwriterInlineStrings) {
  const fs::path path = WriteSample(true);
  Workbook book = Workbook::OpenBuffer(ReadBytes(path));
  ExpectSample(book);
}

TEST_F(XlsxTest, ForEachRowStopsWhenAsked) {
  Workbook book = Workbook::OpenFile(WriteSample(false).string());
  int seen = 0;
  book.ForEachRow(1, [&](const Row& row) {
    ++seen;
    return row.number < 10;
  });
  EXPECT_EQ(seen, 10);
}

// --- A workbook shaped like Excel's and WPS's own output --------------------------------------

constexpr const char* kMainNs = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
constexpr const char* kRelNs =
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships";

std::string WorkbookXml(bool date1904, const std::string& extra = "") {
  return std::string(R"(<?xml version="1.0" encoding="UTF-8" standalone="yes"?>)") + extra +
         "\r\n<workbook xmlns=\"" + kMainNs + "\" xmlns:r=\"" + kRelNs + "\">" +
         (date1904 ? R"(<workbookPr date1904="1"/>)"
                   : R"(<workbookPr defaultThemeVersion="124226"/>)") +
         R"(<bookViews><workbookView xWindow="0" yWindow="0"/></bookViews><sheets>)"
         R"(<sheet name="案件" sheetId="1" r:id="rId3"/>)"
         R"(<sheet name="隐藏" sheetId="2" state="hidden" r:id="rId1"/>)"
         R"(</sheets><calcPr calcId="191029"/></workbook>)";
}

std::string SheetXml(const std::string& rows, const std::string& prolog = "") {
  return std::string(R"(<?xml version="1.0" encoding="UTF-8" standalone="yes"?>)") + prolog +
         "<worksheet xmlns=\"" + kMainNs + "\" xmlns:r=\"" + kRelNs +
         R"("><dimension ref="A1:H8"/><sheetFormatPr defaultRowHeight="13.5"/><sheetData>)" + rows +
         R"(</sheetData><pageMargins left="0.7" right="0.7"/></worksheet>)";
}

const char* kCaseSheetRows =
    R"(<row r="1" spans="1:8"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c>)"
    R"(<c r="C1" t="s"><v>2</v></c><c r="E1" t="s"><v>3</v></c></row>)"
    // WPS-style: no r on the row or its cells.
    R"(<row><c t="s"><v>4</v></c><c s="1"><v>45292</v></c><c s="2"><v>45658</v></c>)"
    R"(<c s="3"><v>-12.5</v></c><c t="str"><f>A1&amp;"x"</f><v>案号x</v></c>)"
    R"(<c t="inlineStr"><is><t>内联</t></is></c>)"
    R"(<c t="inlineStr"><is><r><t>富</t></r><r><rPr><i/></rPr><t xml:space="preserve">文本 </t></r></is></c>)"
    R"(<c t="e"><f>1/0</f><v>#DIV/0!</v></c></row>)"
    R"(<row r="5"><c r="B5" s="4"><v>45366.395833333336</v></c><c r="D5" s="5"><v>45292</v></c>)"
    R"(<c s="6"><v>1.5</v></c><c t="b"><v>0</v></c><c r="H5" s="7" t="s"><v>5</v></c></row>)"
    R"(<row><c><v>1.10101199003077E+17</v></c><c r="C6" s="1"/></row>)"
    R"(<row r="7" spans="1:8" ht="20" customHeight="1"/>)"
    R"(<row r="8"><c r="A8" t="d"><v>2024-05-01T00:00:00</v></c><c r="B8" t="n"><v>3</v></c>)"
    R"(<c r="C8" s="0"><f>SUM(1,2)</f><v>3</v></c><c r="D8" s="3" t="s"><v>6</v></c></row>)";

Entries ExcelLikeEntries(bool date1904) {
  const std::string rels_ns = "http://schemas.openxmlformats.org/package/2006/relationships";
  const std::string type = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/";
  return {
      {"[Content_Types].xml",
       R"(<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>)"},
      {"_rels/.rels", "<Relationships xmlns=\"" + rels_ns + "\"><Relationship Id=\"rId1\" Type=\"" +
                          type + "officeDocument\" Target=\"xl/workbook.xml\"/></Relationships>"},
      {"xl/workbook.xml", WorkbookXml(date1904)},
      {"xl/_rels/workbook.xml.rels",
       "<Relationships xmlns=\"" + rels_ns + "\">" + "<Relationship Id=\"rId1\" Type=\"" + type +
           "worksheet\" Target=\"worksheets/sheet1.xml\"/>" + "<Relationship Id=\"rId2\" Type=\"" +
           type + "styles\" Target=\"styles.xml\"/>" + "<Relationship Id=\"rId3\" Type=\"" + type +
           "worksheet\" Target=\"/xl/worksheets/data.xml\"/>" +
           "<Relationship Id=\"rId4\" Type=\"" + type +
           "sharedStrings\" Target=\"sharedStrings.xml\"/>" + "<Relationship Id=\"rId5\" Type=\"" +
           type + "hyperlink\" Target=\"http://example.com/\" TargetMode=\"External\"/>" +
           "</Relationships>"},
      {"xl/sharedStrings.xml",
       std::string("<sst xmlns=\"") + kMainNs + R"(" count="7" uniqueCount="7">)" +
           R"(<si><t>案号</t></si>)"
           R"(<si><r><rPr><b/></rPr><t>张</t></r><r><t xml:space="preserve"> 三 </t></r></si>)"
           R"(<si><t xml:space="preserve">  前后空格  </t></si>)"
           R"(<si><t>北京某某科技有限公司</t><rPh sb="0" eb="2"><t>ペキン</t></rPh><phoneticPr fontId="1"/></si>)"
           R"(<si><t>第一行_x000D_
第二行_x005F_x0041_</t></si>)"
           R"(<si><t>AT&amp;T &lt;公司&gt;</t></si>)"
           R"(<si><t/></si>)"
           "</sst>"},
      {"xl/styles.xml",
       std::string("<styleSheet xmlns=\"") + kMainNs + R"("><numFmts count="4">)" +
           R"(<numFmt numFmtId="176" formatCode="yyyy&quot;年&quot;m&quot;月&quot;d&quot;日&quot;"/>)"
           R"(<numFmt numFmtId="177" formatCode="[$-F800]dddd, mmmm dd, yyyy"/>)"
           R"x(<numFmt numFmtId="178" formatCode="0.00_);[Red](0.00)"/>)x"
           R"(<numFmt numFmtId="179" formatCode="[h]:mm:ss"/></numFmts>)"
           R"(<cellStyleXfs count="1"><xf numFmtId="14" fontId="0"/></cellStyleXfs>)"
           R"(<cellXfs count="8"><xf numFmtId="0" xfId="0"/><xf numFmtId="176" xfId="0" applyNumberFormat="1"/>)"
           R"(<xf numFmtId="177" xfId="0"/><xf numFmtId="178" xfId="0"/><xf numFmtId="14" xfId="0"/>)"
           R"(<xf numFmtId="31" xfId="0"/><xf numFmtId="179" xfId="0"/><xf numFmtId="49" xfId="0"/>)"
           R"(</cellXfs><cellStyles count="1"><cellStyle name="常规" xfId="0" builtinId="0"/></cellStyles></styleSheet>)"},
      {"xl/worksheets/data.xml", SheetXml(kCaseSheetRows)},
      // A producer that prefixes the main namespace.
      {"xl/worksheets/sheet1.xml",
       std::string("<x:worksheet xmlns:x=\"") + kMainNs +
           R"("><x:sheetData><x:row r="3"><x:c r="B3" t="inlineStr"><x:is><x:t>前缀</x:t></x:is></x:c></x:row></x:sheetData></x:worksheet>)"},
  };
}

TEST_F(XlsxTest, ReadsExcelShapedWorkbook) {
  Workbook book = Workbook::OpenBuffer(MakeZip(ExcelLikeEntries(false)));
  EXPECT_EQ(book.SheetNames(), (std::vector<std::string>{"案件", "隐藏"}));
  EXPECT_FALSE(book.Date1904());

  const std::vector<Row> rows = ReadAll(book, 0);
  ASSERT_EQ(rows.size(), 6u);

  EXPECT_EQ(rows[0].number, 1u);
  EXPECT_EQ(rows[0].values, (std::vector<std::string>{"案号", "张 三 ", "  前后空格  ", "",
                                                      "北京某某科技有限公司"}));

  const Row& r2 = rows[1];
  EXPECT_EQ(r2.number, 2u);  // no r: one after row 1
  EXPECT_EQ(r2.values, (std::vector<std::string>{"第一行\r\n第二行_x0041_", "45292", "45658",
                                                 "-12.5", "案号x", "内联", "富文本 ", "#DIV/0!"}));
  EXPECT_EQ(r2.types,
            (std::vector<CellType>{CellType::kString, CellType::kDate, CellType::kDate,
                                   CellType::kNumber, CellType::kString, CellType::kString,
                                   CellType::kString, CellType::kError}));
  EXPECT_EQ(ExcelSerialToIso(r2.Value(1), book.Date1904()), "2024-01-01");
  EXPECT_EQ(ExcelSerialToIso(r2.Value(2), book.Date1904()), "2025-01-01");

  const Row& r5 = rows[2];
  EXPECT_EQ(r5.number, 5u);
  EXPECT_EQ(r5.values, (std::vector<std::string>{"", "45366.395833333336", "", "45292", "1.5",
                                                 "FALSE", "", "AT&T <公司>"}));
  EXPECT_EQ(r5.types, (std::vector<CellType>{CellType::kEmpty, CellType::kDate, CellType::kEmpty,
                                             CellType::kDate, CellType::kDate, CellType::kBoolean,
                                             CellType::kEmpty, CellType::kString}));

  const Row& r6 = rows[3];
  EXPECT_EQ(r6.number, 6u);
  EXPECT_EQ(r6.values, (std::vector<std::string>{"1.10101199003077E+17"}));  // styled C6 dropped
  EXPECT_EQ(r6.types, (std::vector<CellType>{CellType::kNumber}));

  EXPECT_EQ(rows[4].number, 7u);
  EXPECT_TRUE(rows[4].values.empty());

  const Row& r8 = rows[5];
  EXPECT_EQ(r8.number, 8u);
  EXPECT_EQ(r8.values, (std::vector<std::string>{"2024-05-01T00:00:00", "3", "3"}));
  EXPECT_EQ(r8.types,
            (std::vector<CellType>{CellType::kString, CellType::kNumber, CellType::kNumber}));

  const std::vector<Row> hidden = ReadAll(book, 1);
  ASSERT_EQ(hidden.size(), 1u);
  EXPECT_EQ(hidden[0].number, 3u);
  EXPECT_EQ(hidden[0].values, (std::vector<std::string>{"", "前缀"}));
}

TEST_F(XlsxTest, HonoursDate1904) {
  Workbook book = Workbook::OpenBuffer(MakeZip(ExcelLikeEntries(true)));
  EXPECT_TRUE(book.Date1904());
  const std::vector<Row> rows = ReadAll(book, 0);
  ASSERT_GE(rows.size(), 2u);
  EXPECT_EQ(rows[1].Type(1), CellType::kDate);
  // The same serial is 1462 days later in the 1904 system.
  EXPECT_EQ(ExcelSerialToIso(rows[1].Value(1), book.Date1904()), "2028-01-02");
}

// --- Damaged and hostile files ------------------------------------------------------------------

// The Excel-shaped entries with `part` replaced by `content`.
Entries Replace(Entries entries, const std::string& part, std::string content) {
  for (auto& [name, text] : entries) {
    if (name == part) {
      text = std::move(content);
      break;  // names are unique; `content` is spent
    }
  }
  return entries;
}

// Reads every row of the first sheet.
void Drain(Workbook& book) {
  SheetReader reader = book.ReadSheet(0);
  Row row;
  while (reader.Next(row)) {
  }
}

TEST_F(XlsxTest, RefusesWhatIsNotAnXlsx) {
  ExpectError(XlsxErrorKind::kNotXlsx, [] { Workbook::OpenBuffer(""); });
  ExpectError(XlsxErrorKind::kNotXlsx,
              [] { Workbook::OpenBuffer("案号,姓名\n（2024）晋07知民初12号,张三\n"); });
  ExpectError(XlsxErrorKind::kNotXlsx, [] {
    Workbook::OpenBuffer(std::string("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8) +
                         std::string(504, '\0'));
  });
  const std::string good = MakeZip(ExcelLikeEntries(false));
  ExpectError(XlsxErrorKind::kNotXlsx,
              [&] { Workbook::OpenBuffer(std::string_view(good).substr(0, good.size() / 2)); });
  ExpectError(XlsxErrorKind::kMissingPart, [&] {
    Workbook::OpenBuffer(MakeZip({{"hello.txt", "你好"}}));
  });
  ExpectError(XlsxErrorKind::kIo, [&] { Workbook::OpenFile((dir_ / "missing.xlsx").string()); });
  const fs::path text_file = dir_ / "cases.xlsx";
  std::ofstream(text_file) << "这不是表格";
  ExpectError(XlsxErrorKind::kNotXlsx, [&] { Workbook::OpenFile(text_file.string()); });
}

TEST_F(XlsxTest, RefusesMissingAndUnknownSheets) {
  Entries entries = ExcelLikeEntries(false);
  std::erase_if(entries, [](const auto& e) { return e.first == "xl/worksheets/data.xml"; });
  Workbook book = Workbook::OpenBuffer(MakeZip(entries));
  ExpectError(XlsxErrorKind::kMissingPart, [&] { book.ReadSheet(0); });
  ExpectError(XlsxErrorKind::kNoSuchSheet, [&] { book.ReadSheet(2); });
  ExpectError(XlsxErrorKind::kNoSuchSheet, [&] { book.ReadSheet("不存在"); });
}

TEST_F(XlsxTest, RefusesDoctypeAndEntities) {
  const std::string bomb =
      R"(<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">)"
      R"(<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>)";
  Workbook book = Workbook::OpenBuffer(MakeZip(
      Replace(ExcelLikeEntries(false), "xl/worksheets/data.xml",
              SheetXml(R"(<row><c t="inlineStr"><is><t>&lol3;</t></is></c></row>)", bomb))));
  ExpectError(XlsxErrorKind::kUnsafeXml, [&] { Drain(book); });

  ExpectError(XlsxErrorKind::kUnsafeXml, [&] {
    Workbook::OpenBuffer(
        MakeZip(Replace(ExcelLikeEntries(false), "xl/workbook.xml",
                        WorkbookXml(false, R"(<!DOCTYPE workbook SYSTEM "file:///etc/passwd">)"))));
  });
}

TEST_F(XlsxTest, RefusesMalformedSheets) {
  const auto open_with_rows = [&](const std::string& rows) {
    return Workbook::OpenBuffer(
        MakeZip(Replace(ExcelLikeEntries(false), "xl/worksheets/data.xml", SheetXml(rows))));
  };
  const char* kBad[] = {
      R"(<row r="1"><c r="A1"><v>1</v></row>)",                // unclosed <c>
      R"(<row r="1"><c r="A1" t="s"><v>99</v></c></row>)",     // no shared string 99
      R"(<row r="1"><c r="A1" t="s"><v>-1</v></c></row>)",     // nor -1
      R"(<row r="0"><c r="A1"><v>1</v></c></row>)",            // rows count from 1
      R"(<row r="1048577"><c r="A1"><v>1</v></c></row>)",      // past Excel's last row
      R"(<row r="1"><c r="17"><v>1</v></c></row>)",            // reference without a column
      R"(<row r="1"><c r="A1"><v>&undefined;</v></c></row>)",  // undeclared entity
  };
  for (const char* rows : kBad) {
    Workbook book = open_with_rows(rows);
    ExpectError(XlsxErrorKind::kCorrupt, [&] { Drain(book); });
  }

  // Damage the deflated bytes in the middle of a large sheet: the read fails, cleanly.
  std::string rows;
  for (int r = 1; r <= 20000; ++r) {
    rows += "<row r=\"" + std::to_string(r) + "\"><c t=\"inlineStr\"><is><t>" +
            std::to_string(r * 7919 % 10007) + "</t></is></c></row>";
  }
  std::string zip =
      MakeZip(Replace(ExcelLikeEntries(false), "xl/worksheets/data.xml", SheetXml(rows)));
  for (std::size_t i = zip.size() / 2; i < zip.size() / 2 + 16; ++i)
    zip[i] = static_cast<char>(~zip[i]);
  Workbook book = Workbook::OpenBuffer(zip);
  ExpectError(XlsxErrorKind::kCorrupt, [&] { Drain(book); });
}

TEST_F(XlsxTest, EnforcesLimits) {
  // A highly compressible sheet of about 1 MiB against a 256 KiB cap: a miniature zip bomb.
  std::string rows;
  for (int r = 1; r <= 40000; ++r) rows += "<row><c><v>1</v></c></row>";
  const std::string big =
      MakeZip(Replace(ExcelLikeEntries(false), "xl/worksheets/data.xml", SheetXml(rows)));
  Limits small;
  small.max_part_bytes = 256 * 1024;
  Workbook capped = Workbook::OpenBuffer(big, small);
  ExpectError(XlsxErrorKind::kTooLarge, [&] { Drain(capped); });
  Workbook uncapped = Workbook::OpenBuffer(big);
  EXPECT_NO_THROW(Drain(uncapped));

  Limits narrow;
  narrow.max_columns = 3;
  Workbook narrow_book = Workbook::OpenBuffer(MakeZip(ExcelLikeEntries(false)), narrow);
  ExpectError(XlsxErrorKind::kTooLarge, [&] { Drain(narrow_book); });

  Workbook wide = Workbook::OpenBuffer(MakeZip(
      Replace(ExcelLikeEntries(false), "xl/worksheets/data.xml",
              SheetXml(R"(<row r="1"><c r="XFD1"><v>1</v></c><c r="XFE1"><v>2</v></c></row>)"))));
  ExpectError(XlsxErrorKind::kTooLarge, [&] { Drain(wide); });

  // Short cells that all name one long shared string.
  std::string copies = "<row r=\"1\">";
  for (int c = 0; c < 100; ++c) copies += "<c t=\"s\"><v>3</v></c>";
  Limits small_rows;
  small_rows.max_row_bytes = 2000;
  Workbook copied =
      Workbook::OpenBuffer(MakeZip(Replace(ExcelLikeEntries(false), "xl/worksheets/data.xml",
                                           SheetXml(copies + "</row>"))),
                           small_rows);
  ExpectError(XlsxErrorKind::kTooLarge, [&] { Drain(copied); });

  Limits few_strings;
  few_strings.max_shared_strings = 2;
  ExpectError(XlsxErrorKind::kTooLarge,
              [&] { Workbook::OpenBuffer(MakeZip(ExcelLikeEntries(false)), few_strings); });
}

}  // namespace
}  // namespace sg::xlsx
