// Renders a Jinzhong monthly report and reads it back the way a reader would: the PDF's text
// with pdftotext, its first page's pixels with pdftoppm and libpng, the workbook with the
// project's own XLSX reader (src/xlsx).
//
// With SHENGUAN_REPORT_SCREENSHOT=<file.png> set, the sample's first page is also saved there
// at screen resolution (docs/screenshots/report-page.png is made so).
#include "report/report.h"

#include <gtest/gtest.h>
#include <png.h>

#include <array>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "report/chart.h"
#include "xlsx/xlsx.h"

// LeakSanitizer (the debug preset) reports two kinds of allocation in Debian's libraries that are
// not leaks of ours: fontconfig's patterns, which it links by offsets that LSan cannot follow (so
// everything pango's font map caches looks unreachable), and buffers of cairo 1.16's PDF font
// subsetting, lost inside cairo_surface_finish. Only these are suppressed; a surface, context or
// layout this module forgot to free would still be reported (it is allocated outside them).
// Full (slow) unwinding at malloc, so that cairo's frames without frame pointers are seen.
// NOLINTNEXTLINE(bugprone-reserved-identifier): the names are the sanitizers' interface.
extern "C" const char* __asan_default_options() {
  return "fast_unwind_on_malloc=0:malloc_context_size=16";
}
// NOLINTNEXTLINE(bugprone-reserved-identifier)
extern "C" const char* __lsan_default_suppressions() {
  return "leak:libfontconfig.so\n"
         "leak:cairo_surface_finish\n";
}

namespace sg::report {
namespace {

namespace fs = std::filesystem;

constexpr int kTableRows = 200;
constexpr const char* kTitle = "晋中市知识产权案件运行态势月报（2026年10月）";

std::string CaseNumber(int i) { return "晋中市监知罚〔2026〕" + std::to_string(i) + "号"; }

// The sample: 6 cards, 4 indicators, 3 charts and a case table of `rows` rows.
Report SampleReport(int rows = kTableRows) {
  Report r;
  r.title = kTitle;
  r.scope = {.agency = "晋中市市场监督管理局（含下级）",
             .kinds = "行政执法、行政裁决",
             .period_from = "2026-10-01",
             .period_to = "2026-10-31",
             .generated_at = "2026-11-01T08:00:00+08:00"};
  r.cards = {{"收案数", "128", "件", "同比增长 12.3%"},
             {"结案数", "117", "件", "其中简易程序 41 件"},
             {"未结案件", "86", "件", ""},
             {"结收比", "0.91", "", "结案数 ÷ 收案数"},
             {"审限内结案率", "96.6", "%", "113 / 117"},
             {"平均审理时长", "47.2", "天", "自立案至结案"}};
  r.indicators = {{"结收比", "0.91", "0.85–1.10", IndicatorStatus::kWithin},
                  {"审限内结案率", "96.6%", "≥ 95%", IndicatorStatus::kWithin},
                  {"平均审理时长", "47.2 天", "30–45 天", IndicatorStatus::kAbove},
                  {"长期未结案件占比", "1.2%", "2%–8%", IndicatorStatus::kBelow}};
  r.charts.push_back({.kind = ChartKind::kBar,
                      .title = "未结案件账龄分布",
                      .unit = "件",
                      .categories = {"3个月以内", "3–6个月", "6–12个月", "1–2年", "2年以上"},
                      .series = {{"未结案件", {41, 23, 14, 6, 2}}}});
  r.charts.push_back(
      {.kind = ChartKind::kBar,
       .title = "各单位在办案件阶段",
       .unit = "件",
       .categories = {"市局", "榆次区", "太谷区", "介休市", "平遥县", "灵石县", "祁县"},
       .series = {{"立案审查", {6, 4, 3, 2, 2, 1, 1}},
                  {"调查取证", {12, 9, 5, 4, 6, 2, 3}},
                  {"审核决定", {5, 3, 2, 1, 2, 0, 1}}}});
  r.charts.push_back(
      {.kind = ChartKind::kLine,
       .title = "近12个月收结案趋势",
       .unit = "件",
       .categories = {"2025-11", "2025-12", "2026-01", "2026-02", "2026-03", "2026-04", "2026-05",
                      "2026-06", "2026-07", "2026-08", "2026-09", "2026-10"},
       .series = {{"收案", {96, 104, 88, 61, 110, 121, 115, 119, 124, 109, 131, 128}},
                  {"结案", {90, 112, 95, 58, 97, 113, 120, 108, 118, 115, 122, 117}}}});
  const std::array<const char*, 7> agencies{"晋中市市场监督管理局", "榆次区市场监督管理局",
                                            "太谷区市场监督管理局", "介休市市场监督管理局",
                                            "平遥县市场监督管理局", "灵石县市场监督管理局",
                                            "祁县市场监督管理局"};
  const std::array<const char*, 3> stages{"立案审查", "调查取证", "审核决定"};
  CaseTable table{
      .title = "超审限未结案件",
      .columns = {"序号", "案号", "案件名称", "承办单位", "立案日期", "已审理天数", "当前阶段"},
      .rows = {}};
  for (int i = 1; i <= rows; ++i) {
    const auto k = static_cast<std::size_t>(i);
    table.rows.push_back({std::to_string(i), CaseNumber(i),
                          "涉嫌销售侵犯注册商标专用权商品案（第" + std::to_string(i) + "件）",
                          agencies[k % agencies.size()],
                          "2026-0" + std::to_string(1 + i % 9) + "-1" + std::to_string(i % 10),
                          std::to_string(90 + i), stages[k % stages.size()]});
  }
  r.tables.push_back(std::move(table));
  return r;
}

std::string ReadBytes(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

// Runs a shell command and fails the test unless it exits with 0.
void RunOk(const std::string& command) { ASSERT_EQ(std::system(command.c_str()), 0) << command; }

class ReportTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("shenguan-report-" + std::to_string(::testing::UnitTest::GetInstance()->random_seed()) +
            "-" + ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }

  // The text of pages first..last of `pdf`, as pdftotext reads it.
  std::string PdfText(const fs::path& pdf, int first, int last) {
    const fs::path out = dir_ / "text.txt";
    RunOk(std::string(SG_PDFTOTEXT) + " -f " + std::to_string(first) + " -l " +
          std::to_string(last) + " '" + pdf.string() + "' '" + out.string() + "'");
    return ReadBytes(out);
  }

  fs::path dir_;
};

TEST_F(ReportTest, PdfReadsBackInChineseWithHeadersAndPageNumbers) {
  const fs::path pdf = dir_ / "report.pdf";
  const int pages = WritePdf(SampleReport(), pdf.string());
  ASSERT_GT(pages, 2) << "200 rows must run over several pages";

  const std::string first = PdfText(pdf, 1, 1);
  EXPECT_NE(first.find(kTitle), std::string::npos) << first;
  EXPECT_NE(first.find("审限内结案率"), std::string::npos);
  EXPECT_NE(first.find("晋中市市场监督管理局（含下级）"), std::string::npos);
  EXPECT_NE(first.find("第 1 页 / 共 " + std::to_string(pages) + " 页"), std::string::npos);

  // The last row is on the last page, under a repeated header row, and that page is numbered.
  const std::string last = PdfText(pdf, pages, pages);
  EXPECT_NE(last.find(CaseNumber(kTableRows)), std::string::npos) << last;
  EXPECT_NE(last.find("已审理天数"), std::string::npos);
  const std::string n = std::to_string(pages);
  EXPECT_NE(last.find("第 " + n + " 页 / 共 " + n + " 页"), std::string::npos);

  // Chart labels are text too, in Chinese.
  const std::string all = PdfText(pdf, 1, pages);
  EXPECT_NE(all.find("未结案件账龄分布"), std::string::npos);
  EXPECT_NE(all.find("调查取证"), std::string::npos);
}

// The share of pixels of a PNG that are not near white, and of those that are coloured (as
// chart bars and lines are; text and rules are grey).
struct Ink {
  double dark = 0;
  double coloured = 0;
};

Ink MeasureInk(const fs::path& png) {
  png_image image{};
  image.version = PNG_IMAGE_VERSION;
  if (!png_image_begin_read_from_file(&image, png.string().c_str())) return {};
  image.format = PNG_FORMAT_RGB;
  std::vector<unsigned char> pixels(PNG_IMAGE_SIZE(image));
  if (!png_image_finish_read(&image, nullptr, pixels.data(), 0, nullptr)) return {};
  std::size_t dark = 0, coloured = 0;
  const std::size_t count = pixels.size() / 3;
  for (std::size_t i = 0; i < count; ++i) {
    const int r = pixels[3 * i], g = pixels[3 * i + 1], b = pixels[3 * i + 2];
    if (r + g + b < 3 * 235) ++dark;
    if (std::max({r, g, b}) - std::min({r, g, b}) > 60) ++coloured;
  }
  return {static_cast<double>(dark) / static_cast<double>(count),
          static_cast<double>(coloured) / static_cast<double>(count)};
}

TEST_F(ReportTest, FirstPageRendersWithCardsAndCharts) {
  const fs::path pdf = dir_ / "report.pdf";
  WritePdf(SampleReport(), pdf.string());
  const fs::path prefix = dir_ / "page";
  RunOk(std::string(SG_PDFTOPPM) + " -png -r 50 -f 1 -l 1 -singlefile '" + pdf.string() + "' '" +
        prefix.string() + "'");
  const fs::path png = dir_ / "page.png";
  ASSERT_TRUE(fs::exists(png));
  const Ink ink = MeasureInk(png);
  EXPECT_GT(ink.dark, 0.05) << "the page looks blank";
  EXPECT_GT(ink.coloured, 0.005) << "no coloured bars or lines";

  if (const char* screenshot = std::getenv("SHENGUAN_REPORT_SCREENSHOT")) {
    RunOk(std::string(SG_PDFTOPPM) + " -png -r 110 -f 1 -l 1 -singlefile '" + pdf.string() + "' '" +
          fs::path(screenshot).replace_extension().string() + "'");
  }
}

TEST_F(ReportTest, PdfIsTheSameForTheSameModel) {
  const Report report = SampleReport(40);
  const std::string a = PdfBytes(report);
  const std::string b = PdfBytes(report);
  ASSERT_GT(a.size(), 1000u);
  EXPECT_TRUE(a == b) << "two renderings of one model differ";
  EXPECT_TRUE(a.starts_with("%PDF-"));
  // The creation date is the model's generated_at. (Cairo 1.16 writes it without the "D:"
  // prefix, which PDF readers accept.)
  const std::size_t date = a.find("/CreationDate (");
  ASSERT_NE(date, std::string::npos);
  EXPECT_NE(a.substr(date, 40).find("20261101080000+08'00"), std::string::npos)
      << a.substr(date, 40);

  const fs::path pdf = dir_ / "report.pdf";
  WritePdf(report, pdf.string());
  EXPECT_TRUE(ReadBytes(pdf) == a) << "WritePdf and PdfBytes differ";
}

TEST_F(ReportTest, EmptyPartsAreLeftOut) {
  Report report;
  report.title = kTitle;
  report.scope.generated_at = "2026-11-01T08:00:00+08:00";
  report.tables.push_back({.title = "无案件的清单", .columns = {"案号", "案件名称"}, .rows = {}});
  const fs::path pdf = dir_ / "empty.pdf";
  EXPECT_EQ(WritePdf(report, pdf.string()), 1);
  const std::string text = PdfText(pdf, 1, 1);
  EXPECT_NE(text.find("（无）"), std::string::npos);
  EXPECT_EQ(text.find("主要数据"), std::string::npos);
}

TEST_F(ReportTest, InvalidModelIsRefusedBeforeWriting) {
  Report report = SampleReport();
  report.charts[0].series[0].values.pop_back();
  const fs::path pdf = dir_ / "bad.pdf";
  EXPECT_THROW(WritePdf(report, pdf.string()), ReportError);
  EXPECT_THROW(WriteXlsx(report, (dir_ / "bad.xlsx").string()), ReportError);
  EXPECT_FALSE(fs::exists(pdf));

  report = SampleReport();
  report.tables[0].rows[5].push_back("多出的单元格");
  EXPECT_THROW(PdfBytes(report), ReportError);

  report = SampleReport();
  report.charts[2].series[1].values[3] = -1;
  EXPECT_THROW(PdfBytes(report), ReportError);
}

TEST_F(ReportTest, UnwritablePathThrows) {
  EXPECT_THROW(WritePdf(SampleReport(), (dir_ / "no-such-dir" / "r.pdf").string()), ReportError);
  EXPECT_THROW(WriteXlsx(SampleReport(), (dir_ / "no-such-dir" / "r.xlsx").string()), ReportError);
}

std::vector<xlsx::Row> ReadSheet(xlsx::Workbook& book, std::size_t index) {
  std::vector<xlsx::Row> rows;
  book.ForEachRow(index, [&rows](const xlsx::Row& row) {
    rows.push_back(row);
    return true;
  });
  return rows;
}

TEST_F(ReportTest, XlsxHasOverviewChartDataAndCaseLists) {
  const fs::path path = dir_ / "report.xlsx";
  WriteXlsx(SampleReport(), path.string());
  xlsx::Workbook book = xlsx::Workbook::OpenFile(path.string());
  const std::vector<std::string> names{"概览", "未结案件账龄分布", "各单位在办案件阶段",
                                       "近12个月收结案趋势", "超审限未结案件"};
  EXPECT_EQ(book.SheetNames(), names);

  const auto overview = ReadSheet(book, 0);
  ASSERT_GE(overview.size(), 10u);
  EXPECT_EQ(overview[0].Value(0), kTitle);
  bool found_card = false, found_indicator = false;
  for (const auto& row : overview) {
    if (row.Value(0) == "收案数") {
      found_card = true;
      EXPECT_EQ(row.Value(1), "128");
      EXPECT_EQ(row.Type(1), xlsx::CellType::kNumber);
      EXPECT_EQ(row.Value(2), "件");
    }
    if (row.Value(0) == "平均审理时长" && row.Value(3) == "偏高") found_indicator = true;
  }
  EXPECT_TRUE(found_card);
  EXPECT_TRUE(found_indicator);

  const auto trend = ReadSheet(book, 3);
  ASSERT_EQ(trend.size(), 13u);
  EXPECT_EQ(trend[0].Value(1), "收案（件）");
  EXPECT_EQ(trend[12].Value(0), "2026-10");
  EXPECT_EQ(trend[12].Value(2), "117");

  const auto cases = ReadSheet(book, 4);
  ASSERT_EQ(cases.size(), static_cast<std::size_t>(kTableRows + 1));
  EXPECT_EQ(cases[0].Value(1), "案号");
  EXPECT_EQ(cases[kTableRows].Value(1), CaseNumber(kTableRows));
  EXPECT_EQ(cases[kTableRows].Type(0), xlsx::CellType::kString) << "case lists stay text";

  const fs::path again = dir_ / "again.xlsx";
  WriteXlsx(SampleReport(), again.string());
  EXPECT_TRUE(ReadBytes(again) == ReadBytes(path)) << "two workbooks of one model differ";
}

TEST_F(ReportTest, SheetNamesAreMadeValidAndUnique) {
  Report report;
  report.scope.generated_at = "2026-11-01T08:00:00+08:00";
  report.charts.push_back(
      {.title = "收案/结案[月度]:趋势*?", .unit = "", .categories = {}, .series = {}});
  report.charts.push_back({.title = "", .unit = "", .categories = {}, .series = {}});
  report.tables.push_back({.title = "概览", .columns = {"案号"}, .rows = {}});
  report.tables.push_back(
      {.title = "晋中市各县区市场监督管理局知识产权行政执法超审限未结案件清单（含下级单位）",
       .columns = {"案号"},
       .rows = {}});
  report.tables.push_back(
      {.title = "晋中市各县区市场监督管理局知识产权行政执法超审限未结案件清单（含下级单位）",
       .columns = {"案号"},
       .rows = {}});
  const fs::path path = dir_ / "names.xlsx";
  WriteXlsx(report, path.string());
  xlsx::Workbook book = xlsx::Workbook::OpenFile(path.string());
  const std::vector<std::string> names{
      "概览",
      "收案_结案_月度__趋势__",
      "图表2",
      "概览(2)",
      "晋中市各县区市场监督管理局知识产权行政执法超审限未结案件清单（",
      "晋中市各县区市场监督管理局知识产权行政执法超审限未结案件(2)"};
  EXPECT_EQ(book.SheetNames(), names);
}

// The value axis steps by 1, 2 or 5 times a power of ten, to just above the largest value.
TEST(NiceAxisTest, StepsAreRound) {
  struct Case {
    std::int64_t max, top, step;
  };
  for (const Case& c : {Case{0, 5, 1}, Case{1, 1, 1}, Case{7, 8, 2}, Case{41, 50, 10},
                        Case{131, 150, 50}, Case{1000, 1000, 200}, Case{1001, 1500, 500}}) {
    const Axis axis = NiceAxis(c.max);
    EXPECT_EQ(axis.top, c.top) << c.max;
    EXPECT_EQ(axis.step, c.step) << c.max;
  }
}

}  // namespace
}  // namespace sg::report
