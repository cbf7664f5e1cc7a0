// Bulk exchange over HTTP (shared/API.md "Imports" and "Exports"): files as Excel and other systems
// make them, all-or-nothing and partial imports, dry runs, idempotency, data scope, every export
// format with list filters and masking, and the round trip between two servers.
#include <xlsxwriter.h>

#include <fstream>
#include <iterator>

#include "csv/encoding.h"
#include "tests/api/api_fixture.h"
#include "xlsx/xlsx.h"

namespace sg::apitest {
namespace {

namespace json = boost::json;

constexpr const char* kCsvType = "Content-Type: text/csv";

// A clerk's CSV as Excel saves it: CRLF, a line break inside a quoted cell.
constexpr std::string_view kCases =
    "外部编号,来源系统,案件类型,承办机构,案件名称,收案日期,立案日期,当事人,标签\r\n"
    "A-1,法院旧系统,民事一审,晋中市中级人民法院,侵害商标权纠纷,2024/5/20,2024年5月22日,"
    "\"原告:山西太行科技有限公司:91140702MA59YCJDXH\n被告:张三:11010519491231002X\",商标\r\n"
    "A-2,法院旧系统,投诉,晋中市市场监督管理局,投诉网店销售假冒商品,2024-05-02,,"
    "投诉人:李四:110105194912310021,\r\n"
    "A-3,法院旧系统,投诉,晋中市市场监督管理局,投诉超市销售假冒白酒,2024-05-40,,,\r\n"
    "A-4,法院旧系统,admin_penalty,晋中市市场监督管理局,销售假冒注册商标商品案,2024-05-03,"
    "2024-05-06,当事人:榆次区某某超市,\r\n";

// Undoes Transfer-Encoding: chunked (the test client reads raw bytes until the server closes).
std::string Body(const HttpResponse& r) {
  if (r.Header("transfer-encoding") != "chunked") return r.body;
  std::string out;
  size_t pos = 0;
  for (;;) {
    const size_t eol = r.body.find("\r\n", pos);
    if (eol == std::string::npos) break;
    const size_t n = std::stoul(r.body.substr(pos, eol - pos), nullptr, 16);
    if (n == 0) break;
    out.append(r.body, eol + 2, n);
    pos = eol + 2 + n + 2;
  }
  return out;
}

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

class ExchangeApiTest : public ApiTest {
 protected:
  void SetUp() override {
    ApiTest::SetUp();
    AddAgencies(*this);
  }
  static void AddAgencies(ExchangeApiTest& t) {
    t.court_ = t.AddMidCourt();
    t.bureau_ = t.AddAgency({{"name", "晋中市市场监督管理局"},
                             {"abbr", "晋中市监"},
                             {"type", "market_regulation"},
                             {"area_code", "140700"}});
  }

  HttpResponse Upload(const std::string& query, const std::string& bytes,
                      const char* type = kCsvType, const ServerProcess* s = nullptr) {
    return (s ? *s : *server_).Request("POST", "/api/v1/imports?" + query, bytes, {type});
  }
  json::object Report(const HttpResponse& r, int status) {
    EXPECT_EQ(r.status, status) << r.body;
    return json::parse(r.body).as_object();
  }
  int64_t Total(const std::string& query = "") {
    return GetJson("/api/v1/cases?" + query).at("total").as_int64();
  }
  std::string Export(const std::string& target, const ServerProcess* s = nullptr,
                     HttpResponse* raw = nullptr) {
    auto r = (s ? *s : *server_).Get(target);
    EXPECT_EQ(r.status, 200) << target << " " << r.body;
    if (raw) *raw = r;
    return Body(r);
  }

  int64_t court_ = 0, bureau_ = 0;
};

TEST_F(ExchangeApiTest, AllOrNothingReportsEveryBadRowAndStoresNothing) {
  auto report = Report(Upload("entity=cases&format=csv", std::string(kCases)), 422);
  EXPECT_EQ(report.at("error").at("code"), "unprocessable");
  EXPECT_TRUE(report.at("id").is_null());
  const auto& rejected = report.at("rejected").as_array();
  ASSERT_EQ(rejected.size(), 2u) << report;
  // Line 2 holds A-1 over two physical lines, so A-2 starts on line 4.
  EXPECT_EQ(rejected[0].at("line"), 4);
  EXPECT_EQ(rejected[0].at("field"), "parties");
  EXPECT_EQ(rejected[1].at("line"), 5);
  EXPECT_EQ(rejected[1].at("field"), "received_on");
  EXPECT_EQ(Total(), 0);

  // A dry run validates the same and stores nothing.
  report =
      Report(Upload("entity=cases&format=csv&mode=partial&dry_run=true", std::string(kCases)), 200);
  EXPECT_EQ(report.at("accepted"), 2);
  EXPECT_EQ(report.at("dry_run"), true);
  EXPECT_EQ(Total(), 0);

  // mode=partial keeps the valid rows.
  report = Report(Upload("entity=cases&format=csv&mode=partial", std::string(kCases)), 200);
  EXPECT_EQ(report.at("accepted"), 2);
  EXPECT_EQ(report.at("rejected").as_array().size(), 2u);
  EXPECT_TRUE(report.at("id").is_int64());
  EXPECT_EQ(Total(), 2);
  EXPECT_EQ(Total("kind=civil_first"), 1);
  // The imported case is in the feed of changes and numbered as filed.
  auto list = GetJson("/api/v1/cases?kind=admin_penalty");
  EXPECT_EQ(list.at("items").at(0).at("case_number"), "晋中市监处〔2024〕1号");
}

TEST_F(ExchangeApiTest, Utf8BomAndGb18030FilesImportAndASecondImportChangesNothing) {
  const std::string good =
      "外部编号,来源系统,案件类型,承办机构,案件名称,收案日期,立案日期,当事人\r\n"
      "G-1,旧系统,民事一审,晋中市中级人民法院,侵害外观设计专利权纠纷,2024/5/20,2024/5/21,"
      "\"原告:某某设计有限公司\n被告:张三:11010519491231002X\"\r\n"
      "G-2,旧系统,投诉,晋中市市场监督管理局,\"投诉“汾酒”\"\"假冒\"\"\",2024-05-02,,"
      "投诉人:王五\r\n";
  auto first = Report(Upload("entity=cases&format=csv", "\xEF\xBB\xBF" + good), 200);
  EXPECT_EQ(first.at("accepted"), 2);
  auto again = Report(Upload("entity=cases&format=csv", "\xEF\xBB\xBF" + good), 200);
  EXPECT_EQ(again.at("accepted"), 0);
  EXPECT_EQ(again.at("unchanged"), 2);
  EXPECT_TRUE(again.at("id").is_null());
  std::string gb;
  ASSERT_FALSE(csv::EncodeGb18030(good, gb));
  auto gb_report = Report(Upload("entity=cases", gb), 200);  // format from the Content-Type
  EXPECT_EQ(gb_report.at("unchanged"), 2);
  EXPECT_EQ(Total(), 2);
  auto list = GetJson("/api/v1/cases?kind=complaint");
  EXPECT_EQ(list.at("items").at(0).at("title"), "投诉“汾酒”\"假冒\"");
}

TEST_F(ExchangeApiTest, ImportedCaseNumbersAdvanceTheNumberingSequence) {
  // Numbers from the old system: the court's 5th and 2nd, the bureau's 3rd penalty case of 2024.
  const std::string numbered =
      "外部编号,来源系统,案号,案件类型,承办机构,案件名称,收案日期,立案日期,当事人\r\n"
      "N-1,旧系统,(2024)晋07知民初5号,民事一审,晋中市中级人民法院,侵害商标权纠纷,2024-05-20,"
      "2024-05-22,原告:山西太行科技有限公司:91140702MA59YCJDXH\r\n"
      "N-2,旧系统,（2024）晋07知民初2号,民事一审,晋中市中级人民法院,侵害专利权纠纷,2024-05-20,"
      "2024-05-21,原告:山西太行科技有限公司:91140702MA59YCJDXH\r\n"
      "N-3,旧系统,晋中市监处〔2024〕3号,admin_penalty,晋中市市场监督管理局,销售假冒商品案,"
      "2024-05-03,2024-05-06,当事人:榆次区某某超市\r\n";
  EXPECT_EQ(Report(Upload("entity=cases&format=csv", numbered), 200).at("accepted"), 3);
  // Cases filed afterwards through the API continue after the highest imported number.
  auto civil = Post("/api/v1/cases", {{"kind", "civil_first"},
                                      {"agency_id", court_},
                                      {"title", "侵害商标权纠纷"},
                                      {"received_on", "2024-05-30"},
                                      {"filed_on", "2024-05-31"}});
  EXPECT_EQ(civil.at("case_number"), "（2024）晋07知民初6号") << civil;
  auto penalty = Post("/api/v1/cases", {{"kind", "admin_penalty"},
                                        {"agency_id", bureau_},
                                        {"title", "销售假冒注册商标商品案"},
                                        {"filed_on", "2024-06-01"}});
  EXPECT_EQ(penalty.at("case_number"), "晋中市监处〔2024〕4号") << penalty;
}

TEST_F(ExchangeApiTest, XlsxFromLibxlsxwriterImports) {
  const std::string path = (dir_ / "cases.xlsx").string();
  lxw_workbook* book = workbook_new(path.c_str());
  lxw_worksheet* sheet = workbook_add_worksheet(book, "案件");
  lxw_format* date = workbook_add_format(book);
  format_set_num_format(date, "yyyy/m/d");
  const char* header[] = {"external_id", "source_system",    "kind",   "agency", "title",
                          "received_on", "claim_amount_fen", "parties"};
  for (int i = 0; i < 8; ++i)
    worksheet_write_string(sheet, 0, static_cast<lxw_col_t>(i), header[i], nullptr);
  worksheet_write_string(sheet, 1, 0, "X-1", nullptr);
  worksheet_write_string(sheet, 1, 1, "旧系统", nullptr);
  worksheet_write_string(sheet, 1, 2, "complaint", nullptr);
  worksheet_write_string(sheet, 1, 3, "晋中市市场监督管理局", nullptr);
  worksheet_write_string(sheet, 1, 4, "投诉假冒商品", nullptr);
  lxw_datetime when{2024, 5, 20, 0, 0, 0};
  worksheet_write_datetime(sheet, 1, 5, &when, date);
  worksheet_write_number(sheet, 1, 6, 120000, nullptr);
  worksheet_write_string(sheet, 1, 7, "投诉人:王五", nullptr);
  ASSERT_EQ(workbook_close(book), LXW_NO_ERROR);
  auto report = Report(
      Upload("entity=cases", ReadFile(path),
             "Content-Type: application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
      200);
  EXPECT_EQ(report.at("accepted"), 1);
  auto c = GetJson("/api/v1/cases").at("items").at(0);
  EXPECT_EQ(c.at("received_on"), "2024-05-20");
  EXPECT_EQ(c.at("claim_amount_fen"), 120000);
}

TEST_F(ExchangeApiTest, RefusesWhatItCannotReadAndAgenciesOutsideTheScope) {
  auto r = Upload("entity=cases&format=csv", "外部编号,备注\r\nA,b\r\n");
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(Field(r), "header");
  r = Upload("entity=cases&format=csv", "a", "Content-Type: application/json");
  EXPECT_EQ(r.status, 415);
  r = Upload("entity=files&format=csv", "a");
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(Field(r), "entity");
  r = Upload("entity=cases&format=xlsx", "not a zip", "Content-Type: application/octet-stream");
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(Field(r), "file");

  // A clerk of the bureau may import for the bureau, not for the court.
  const std::string clerk = CreateToken(
      db_url_, "clerk",
      {"--agency-id", std::to_string(bureau_), "--rate-limit", "100000", "--now", kNow});
  auto as_clerk = [&](const std::string& bytes) {
    return HttpRequest(server_->port(), "POST", "/api/v1/imports?entity=cases&format=csv", bytes,
                       {kCsvType, "Authorization: Bearer " + clerk});
  };
  const std::string court_case =
      "外部编号,来源系统,案件类型,承办机构,案件名称,收案日期\r\n"
      "S-1,旧系统,民事一审,晋中市中级人民法院,侵害商标权纠纷,2024-05-20\r\n";
  r = as_clerk(court_case);
  ASSERT_EQ(r.status, 422) << r.body;
  const auto rejected = json::parse(r.body).at("rejected").as_array();
  ASSERT_EQ(rejected.size(), 1u);
  EXPECT_EQ(rejected[0].at("field"), "agency");
  r = as_clerk(
      "外部编号,来源系统,案件类型,案件名称,收案日期\r\n"
      "S-2,旧系统,投诉,投诉假冒商品,2024-05-20\r\n");
  EXPECT_EQ(r.status, 200) << "without an agency column: the caller's own agency. " << r.body;
  // A supervisor may export but not import.
  const std::string supervisor =
      CreateToken(db_url_, "supervisor", {"--agency-id", std::to_string(court_)});
  r = HttpRequest(server_->port(), "POST", "/api/v1/imports?entity=cases&format=csv", court_case,
                  {kCsvType, "Authorization: Bearer " + supervisor});
  EXPECT_EQ(r.status, 403);
}

TEST_F(ExchangeApiTest, ExportsEveryFormatWithListFiltersAndMasking) {
  Report(Upload("entity=cases&format=csv&mode=partial", std::string(kCases)), 200);
  HttpResponse raw;
  const std::string csv =
      Export("/api/v1/exports/cases?format=csv&kind=civil_first", nullptr, &raw);
  EXPECT_EQ(raw.Header("transfer-encoding"), "chunked");
  EXPECT_NE(raw.Header("content-disposition").find("filename*=UTF-8''%E6%A1%88%E4%BB%B6"),
            std::string::npos)
      << raw.Header("content-disposition");
  EXPECT_EQ(csv.substr(0, 3), "\xEF\xBB\xBF");
  EXPECT_NE(csv.find("唯一标识,来源系统,外部编号,案号,案件类型"), std::string::npos);
  EXPECT_NE(csv.find("侵害商标权纠纷"), std::string::npos);
  EXPECT_EQ(csv.find("销售假冒注册商标商品案"), std::string::npos) << "filtered out";
  EXPECT_NE(csv.find("11010519491231002X"), std::string::npos) << "the administrator reads all";

  const std::string gb = Export("/api/v1/exports/cases?format=csv_gb18030&kind=civil_first");
  csv::DecodedText text;
  ASSERT_FALSE(csv::DecodeToUtf8(gb, text));
  EXPECT_EQ(text.encoding(), csv::Encoding::kGb18030);
  EXPECT_EQ(std::string(text.text()), csv.substr(3));

  const std::string nd = Export("/api/v1/exports/cases?format=ndjson&filed_from=2024-05-01");
  EXPECT_EQ(std::count(nd.begin(), nd.end(), '\n'), 2);
  EXPECT_EQ(json::parse(nd.substr(0, nd.find('\n'))).at("agency"), "晋中市中级人民法院");

  auto book = xlsx::Workbook::OpenBuffer(Export("/api/v1/exports/cases?format=xlsx"));
  std::vector<xlsx::Row> rows;
  book.ForEachRow(0, [&](const xlsx::Row& r) {
    rows.push_back(r);
    return true;
  });
  ASSERT_EQ(rows.size(), 3u);
  EXPECT_EQ(rows[0].Value(3), "案号");
  EXPECT_EQ(book.SheetNames().at(0), "案件");

  auto bad = server_->Get("/api/v1/exports/cases?format=csv&kind=nonsense");
  EXPECT_EQ(bad.status, 400);
  EXPECT_EQ(Field(bad), "kind");
  EXPECT_EQ(server_->Get("/api/v1/exports/cases?format=pdf").status, 400);
  EXPECT_EQ(server_->Get("/api/v1/exports/files").status, 404);

  // A supervisor of the court: no party:pii:read, so ID numbers come masked; the bureau's cases
  // are outside its scope.
  const std::string supervisor =
      CreateToken(db_url_, "supervisor", {"--agency-id", std::to_string(court_)});
  auto r = HttpRequest(server_->port(), "GET", "/api/v1/exports/cases?format=csv", "",
                       {"Authorization: Bearer " + supervisor});
  ASSERT_EQ(r.status, 200) << r.body;
  const std::string masked = Body(r);
  EXPECT_EQ(masked.find("11010519491231002X"), std::string::npos);
  EXPECT_NE(masked.find("110105********002X"), std::string::npos);
  EXPECT_EQ(masked.find("销售假冒注册商标商品案"), std::string::npos);
  auto audit = GetJson("/api/v1/audit?action=export.cases");
  EXPECT_GE(audit.at("items").as_array().size(), 1u) << audit;
}

// The 12315 platform's export as Excel on Chinese Windows saves it (GB18030), with its own columns.
TEST_F(ExchangeApiTest, HotlineWorkOrdersImportAsComplaintsAndReports) {
  for (const char* county : {"祁县市场监督管理局", "平遥县市场监督管理局"}) {
    AddAgency({{"name", county}, {"abbr", county}, {"type", "market_regulation"}});
  }
  const std::string file =
      ReadFile(std::string(SHENGUAN_SOURCE_DIR) + "/docs/examples/hotline_12315.csv");
  ASSERT_FALSE(file.empty());
  auto report = Report(Upload("mapping=hotline_12315&format=csv", file), 200);
  EXPECT_EQ(report.at("accepted"), 2) << report;
  EXPECT_EQ(Report(Upload("mapping=hotline_12315&format=csv", file), 200).at("unchanged"), 2);
  auto reports = GetJson("/api/v1/cases?kind=report");
  ASSERT_EQ(reports.at("total"), 1);
  const auto& c = reports.at("items").at(0);
  EXPECT_EQ(c.at("source_system"), "12315");
  EXPECT_EQ(c.at("external_id"), "3514070020240516000456");
  EXPECT_EQ(c.at("received_on"), "2024-05-16");
  EXPECT_EQ(c.at("tags"), (json::array{"牛肉", "平遥牛肉"}));
  EXPECT_EQ(c.at("parties").as_array().size(), 2u);
  EXPECT_EQ(Total("kind=complaint"), 1);
}

// export → import on another server → export: the same bytes.
TEST_F(ExchangeApiTest, AnExportImportsBackUnchanged) {
  Report(Upload("entity=cases&format=csv&mode=partial", std::string(kCases)), 200);
  Report(Upload("entity=ip_rights&format=csv",
                "类型,编号,名称,权利人,尼斯分类\r\n商标,12345678,太行,山西太行科技有限公司,9\r\n"),
         200);

  store::testing::TestDb other_db;
  const std::string token =
      CreateToken(other_db.url(), "system_admin", {"--rate-limit", "100000", "--now", kNow});
  ServerProcess other(other_db.url(), kNow);
  other.SetToken(token);
  for (const auto& body : {json::object{{"name", "晋中市中级人民法院"},
                                        {"abbr", "晋中中院"},
                                        {"type", "court"},
                                        {"court_level", "intermediate"},
                                        {"court_code", "晋07"},
                                        {"area_code", "140700"}},
                           json::object{{"name", "晋中市市场监督管理局"},
                                        {"abbr", "晋中市监"},
                                        {"type", "market_regulation"},
                                        {"area_code", "140700"}}}) {
    ASSERT_EQ(other.PostJson("/api/v1/agencies", json::serialize(body)).status, 201);
  }
  for (const char* entity : {"parties", "ip_rights", "cases"}) {
    for (const char* format : {"csv", "ndjson"}) {
      const std::string target = std::string("/api/v1/exports/") + entity + "?format=" + format;
      const std::string first = Export(target);
      const std::string type = std::string("Content-Type: ") +
                               (format == std::string("csv") ? "text/csv" : "application/x-ndjson");
      auto r = Upload(std::string("entity=") + entity + "&format=" + format, first, type.c_str(),
                      &other);
      ASSERT_EQ(r.status, 200) << entity << " " << r.body;
      EXPECT_EQ(Export(target, &other), first) << entity << " " << format;
    }
  }
}

}  // namespace
}  // namespace sg::apitest
