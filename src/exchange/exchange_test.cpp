// Imports and exports through the real writer, on SQLite and PostgreSQL: what a stored import
// leaves (cases in their workflow, counters, feed changes, one audit entry, the import record),
// all-or-nothing, partial and dry runs, idempotency, the file formats and the round trip.
#include "exchange/exchange.h"

#include <gtest/gtest.h>
#include <xlsxwriter.h>

#include <boost/json/parse.hpp>

#include <fstream>
#include <iterator>

#include "base/clock.h"
#include "base/errors.h"
#include "calendar/calendar.h"
#include "csv/encoding.h"
#include "register/records.h"
#include "store/database.h"
#include "store/test_util.h"
#include "store/testing/test_db.h"
#include "xlsx/xlsx.h"

namespace sg::exch {
namespace {

constexpr Date kToday{2024, 6, 3};

// Two cases as a clerk's CSV: CRLF, a line break inside a quoted cell, labels and codes mixed.
constexpr std::string_view kCasesCsv =
    "外部编号,来源系统,案件类型,承办机构,案件名称,收案日期,立案日期,当事人,标签\r\n"
    "A-1,法院旧系统,民事一审,晋中市中级人民法院,侵害商标权纠纷,2024/5/20,2024年5月22日,"
    "\"原告:山西太行科技有限公司:91140702MA59YCJDXH\n被告:张三:11010519491231002X\","
    "商标；网店\r\n"
    "A-2,法院旧系统,admin_penalty,晋中市市场监督管理局,销售假冒注册商标商品案,2024-05-02,,"
    "当事人:榆次区某某超市,\r\n";

class ExchangeTest : public ::testing::Test {
 protected:
  void SetUp() override { Open(test_db_, &db_); }

  void Open(store::testing::TestDb& tdb, std::unique_ptr<store::Database>* db) {
    store::DatabaseOptions options;
    options.synchronous = "OFF";
    *db = store::Database::Open(tdb.url(), clock_, options);
    (*db)->writer().Run([&](store::WriteContext& ctx) {
      auto& c = ctx.conn();
      court_ = reg::InsertAgency(c, 0,
                                 {"a-mid", std::nullopt, "晋中市中级人民法院", "晋中中院", "court",
                                  "intermediate", "晋07", "140700", std::nullopt});
      bureau_ = reg::InsertAgency(
          c, 0,
          {"a-amr", std::nullopt, "晋中市市场监督管理局", "晋中市监", "market_regulation",
           std::nullopt, std::nullopt, "140700", std::nullopt});
      hotline_ =
          reg::InsertAgency(c, 0,
                            {"a-12345", std::nullopt, "晋中市12345政务服务便民热线", "晋中12345",
                             "hotline", std::nullopt, std::nullopt, "140700", std::nullopt});
    });
  }

  ImportReport Import(std::string bytes, ImportOptions o, store::Database* db = nullptr,
                      const auth::Actor* actor = nullptr) {
    auto file = std::make_shared<ImportFile>();
    file->bytes = std::move(bytes);
    file->options = std::move(o);
    const svc::Clockwork work{wf::Registry::Builtin(), cal::Calendar::Builtin(), kToday};
    return RunImport((db ? db : db_.get())->writer(), file, actor ? *actor : system_, work);
  }
  static ImportOptions Cases(Format f = Format::kCsv) {
    ImportOptions o;
    o.entity = Entity::kCases;
    o.format = f;
    return o;
  }

  int64_t Count(const std::string& sql, store::Database* db = nullptr) {
    auto reader = (db ? db : db_.get())->Reader();
    return reader->QueryInt(sql).value_or(-1);
  }

  std::string Export(Entity e, ExportFormat f, const std::string& query = "",
                     store::Database* db = nullptr,
                     std::shared_ptr<const auth::Principal> p = nullptr) {
    if (!p) p = system_.principal;
    auto exporter =
        MakeExporter(db ? *db : *db_, e, f, *Params::Parse(query), std::move(p), kToday);
    std::string all, chunk;
    while (exporter->Next(chunk)) all += chunk;
    return all;
  }

  FixedClock clock_{ChinaMidnight(kToday) + 9 * 3600 * 1000};
  store::testing::TestDb test_db_;
  std::unique_ptr<store::Database> db_;
  auth::Actor system_{std::make_shared<auth::Principal>(auth::SystemPrincipal()), "127.0.0.1"};
  int64_t court_ = 0, bureau_ = 0, hotline_ = 0;
};

TEST_F(ExchangeTest, StoredCasesEnterTheirWorkflowCountersFeedAndOneAuditEntry) {
  const int64_t audits = Count("SELECT COUNT(*) FROM audit_log");
  const auto report = Import(std::string(kCasesCsv), Cases());
  ASSERT_TRUE(report.rejected.empty()) << report.rejected[0].line << " " << report.rejected[0].field
                                       << " " << report.rejected[0].reason;
  EXPECT_EQ(report.accepted, 2);
  ASSERT_TRUE(report.id);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM cases WHERE stage IS NOT NULL"), 2);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM case_counted"), 2);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM case_parties"), 3);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM changes WHERE entity = 'case' AND type = 'created'"), 2);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM changes WHERE entity = 'party' AND type = 'created'"), 3);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM audit_log"), audits + 1);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM audit_log WHERE action = 'import.cases'"), 1);
  EXPECT_EQ(
      Count("SELECT COUNT(*) FROM import_records WHERE import_id = " + std::to_string(*report.id)),
      5);
  // Filed: numbered as CreateCase numbers; dates from both spellings; tags split.
  auto reader = db_->Reader();
  auto r = reader->Query(
      "SELECT case_number, received_on, filed_on, status, tags, procedure FROM cases "
      "WHERE external_id = 'A-1'");
  ASSERT_TRUE(r.Next());
  EXPECT_EQ(r.Str(0), "（2024）晋07知民初1号");
  EXPECT_EQ(r.Str(1), "2024-05-20");
  EXPECT_EQ(r.Str(2), "2024-05-22");
  EXPECT_EQ(r.Str(3), "filed");
  EXPECT_EQ(boost::json::parse(r.Str(4)), (boost::json::array{"商标", "网店"}));  // jsonb spacing
  EXPECT_EQ(r.Str(5), "ordinary");
}

TEST_F(ExchangeTest, ImportingTheSameFileTwiceChangesNothing) {
  ASSERT_EQ(Import(std::string(kCasesCsv), Cases()).accepted, 2);
  const int64_t changes = Count("SELECT COUNT(*) FROM changes");
  const int64_t parties = Count("SELECT COUNT(*) FROM parties");
  const auto again = Import(std::string(kCasesCsv), Cases());
  EXPECT_EQ(again.accepted, 0);
  EXPECT_EQ(again.unchanged, 2);
  EXPECT_TRUE(again.rejected.empty());
  EXPECT_FALSE(again.id) << "nothing stored, no import record";
  EXPECT_EQ(Count("SELECT COUNT(*) FROM changes"), changes);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM parties"), parties);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM cases"), 2);
}

TEST_F(ExchangeTest, AllOrNothingReportsEveryBadRowAndStoresNothing) {
  const std::string csv =
      "external_id,source_system,kind,agency,title,received_on,parties\r\n"
      "B-1,旧系统,complaint,晋中市市场监督管理局,好的一行,2024-05-01,投诉人:李四\r\n"
      "B-2,旧系统,complaint,晋中市市场监督管理局,身份证号错误,2024-05-01,"
      "投诉人:王五:110105194912310021\r\n"
      "B-3,旧系统,complaint,晋中市市场监督管理局,日期在将来,2024-07-01,\r\n"
      "B-4,旧系统,民事三审,晋中市市场监督管理局,类型无效,2024-05-01,\r\n"
      "B-5,旧系统,complaint,不存在的局,机构不存在,2024-05-01,\r\n"
      "B-6,旧系统,civil_first,晋中市市场监督管理局,机构不办民事,2024-05-01,\r\n";
  const int64_t changes = Count("SELECT COUNT(*) FROM changes");
  const int64_t audits = Count("SELECT COUNT(*) FROM audit_log");
  const auto report = Import(csv, Cases());
  EXPECT_TRUE(report.refused);
  EXPECT_FALSE(report.id);
  ASSERT_EQ(report.rejected.size(), 5u);
  EXPECT_EQ(report.rejected[0].line, 3);
  EXPECT_EQ(report.rejected[0].field, "parties");
  EXPECT_EQ(report.rejected[1].line, 4);
  EXPECT_EQ(report.rejected[1].field, "received_on");
  EXPECT_EQ(report.rejected[2].field, "kind");
  EXPECT_EQ(report.rejected[3].field, "agency");
  EXPECT_EQ(report.rejected[4].field, "agency");
  for (const auto& r : report.rejected) EXPECT_FALSE(r.reason.empty());
  EXPECT_EQ(Count("SELECT COUNT(*) FROM cases"), 0);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM parties"), 0);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM imports"), 0);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM changes"), changes);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM audit_log"), audits);

  ImportOptions partial = Cases();
  partial.partial = true;
  const auto kept = Import(csv, partial);
  EXPECT_FALSE(kept.refused);
  EXPECT_EQ(kept.accepted, 1);
  EXPECT_EQ(kept.rejected.size(), 5u);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM cases"), 1);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM parties"), 1) << "the refused row's party was rolled back";
}

TEST_F(ExchangeTest, DryRunValidatesAndStoresNothing) {
  ImportOptions o = Cases();
  o.dry_run = true;
  const auto report = Import(std::string(kCasesCsv), o);
  EXPECT_TRUE(report.dry_run);
  EXPECT_EQ(report.accepted, 2);
  EXPECT_FALSE(report.id);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM cases"), 0);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM imports"), 0);
}

TEST_F(ExchangeTest, Gb18030AndUtf8WithBomReadTheSame) {
  std::string gb;
  ASSERT_FALSE(csv::EncodeGb18030(kCasesCsv, gb));
  EXPECT_EQ(Import(gb, Cases()).accepted, 2);
  EXPECT_EQ(Import("\xEF\xBB\xBF" + std::string(kCasesCsv), Cases()).unchanged, 2);
}

TEST_F(ExchangeTest, ImportRefusesAgenciesOutsideTheCallersScope) {
  auto p = std::make_shared<auth::Principal>();
  p->kind = auth::Principal::Kind::kToken;
  p->id = 7;
  p->name = "bureau-system";
  p->agency_id = bureau_;
  p->scope = auth::DataScope::kAgency;
  p->scope_agencies = {bureau_};
  p->permissions = {"case:record:create", "party:record:create"};
  const auth::Actor bureau{p, "127.0.0.1"};
  const auto report = Import(std::string(kCasesCsv), Cases(), nullptr, &bureau);
  ASSERT_EQ(report.rejected.size(), 1u);
  EXPECT_EQ(report.rejected[0].line, 2);
  EXPECT_EQ(report.rejected[0].field, "agency");
  EXPECT_NE(report.rejected[0].reason.find("数据范围"), std::string::npos);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM cases"), 0);
}

// An ID number typed into a number cell, and dates as real date cells, as Excel saves them.
TEST_F(ExchangeTest, XlsxDateCellsConvertAndNumberIdentifiersAreRefused) {
  store::testing::TempDir dir;
  const std::string path = dir.File("parties.xlsx");
  lxw_workbook* book = workbook_new(path.c_str());
  lxw_worksheet* sheet = workbook_add_worksheet(book, "当事人");
  lxw_format* date = workbook_add_format(book);
  format_set_num_format(date, "yyyy\"年\"m\"月\"d\"日\"");
  const char* header[] = {"外部编号", "来源系统", "名称", "身份证号码", "联系电话"};
  for (int i = 0; i < 5; ++i)
    worksheet_write_string(sheet, 0, static_cast<lxw_col_t>(i), header[i], nullptr);
  worksheet_write_string(sheet, 1, 0, "P-1", nullptr);
  worksheet_write_string(sheet, 1, 1, "旧系统", nullptr);
  worksheet_write_string(sheet, 1, 2, "张三", nullptr);
  worksheet_write_number(sheet, 1, 3, 110105194912310020.0, nullptr);
  worksheet_write_string(sheet, 2, 0, "P-2", nullptr);
  worksheet_write_string(sheet, 2, 1, "旧系统", nullptr);
  worksheet_write_string(sheet, 2, 2, "李四", nullptr);
  worksheet_write_string(sheet, 2, 3, "11010519491231002X", nullptr);
  worksheet_write_number(sheet, 2, 4, 13912345678.0, nullptr);
  ASSERT_EQ(workbook_close(book), LXW_NO_ERROR);
  std::ifstream in(path, std::ios::binary);
  const std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());

  ImportOptions o;
  o.entity = Entity::kParties;
  o.format = Format::kXlsx;
  o.partial = true;
  const auto report = Import(bytes, o);
  EXPECT_EQ(report.accepted, 1);
  ASSERT_EQ(report.rejected.size(), 1u);
  EXPECT_EQ(report.rejected[0].line, 2);
  EXPECT_EQ(report.rejected[0].field, "id_number");
  EXPECT_NE(report.rejected[0].reason.find("文本"), std::string::npos) << report.rejected[0].reason;
  auto reader = db_->Reader();
  EXPECT_EQ(reader->QueryInt("SELECT COUNT(*) FROM parties WHERE phone = '13912345678' AND "
                             "id_number = '11010519491231002X'"),
            1);

  // Cases with date cells.
  const std::string cases_path = dir.File("cases.xlsx");
  book = workbook_new(cases_path.c_str());
  sheet = workbook_add_worksheet(book, "案件");
  date = workbook_add_format(book);
  format_set_num_format(date, "yyyy\"年\"m\"月\"d\"日\"");
  const char* ch[] = {"外部编号", "来源系统", "案件类型", "承办机构", "案件名称", "收案日期"};
  for (int i = 0; i < 6; ++i)
    worksheet_write_string(sheet, 0, static_cast<lxw_col_t>(i), ch[i], nullptr);
  const char* cv[] = {"X-1", "旧系统", "投诉", "晋中市市场监督管理局", "投诉假冒商品"};
  for (int i = 0; i < 5; ++i)
    worksheet_write_string(sheet, 1, static_cast<lxw_col_t>(i), cv[i], nullptr);
  lxw_datetime when{2024, 5, 20, 0, 0, 0};
  worksheet_write_datetime(sheet, 1, 5, &when, date);
  ASSERT_EQ(workbook_close(book), LXW_NO_ERROR);
  std::ifstream cin_(cases_path, std::ios::binary);
  const std::string cbytes((std::istreambuf_iterator<char>(cin_)),
                           std::istreambuf_iterator<char>());
  const auto cr = Import(cbytes, Cases(Format::kXlsx));
  ASSERT_EQ(cr.accepted, 1) << (cr.rejected.empty() ? "" : cr.rejected[0].reason);
  EXPECT_EQ(reader->QueryInt("SELECT COUNT(*) FROM cases WHERE received_on = '2024-05-20'"), 1);
}

TEST_F(ExchangeTest, HotlineWorkOrdersMapToComplaintsAndReports) {
  const char* env = std::getenv("SHENGUAN_SOURCE_DIR");
  const std::string source = env ? env : SHENGUAN_SOURCE_DIR_FALLBACK;
  std::ifstream in(source + "/docs/examples/hotline_12345.csv", std::ios::binary);
  ASSERT_TRUE(in);
  std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  // The sample names the demo's county bureaus; here everything goes to the city bureau.
  for (const char* county : {"榆次区市场监督管理局", "太谷区市场监督管理局"}) {
    for (size_t at; (at = bytes.find(county)) != std::string::npos;) {
      bytes.replace(at, std::string_view(county).size(), "晋中市市场监督管理局");
    }
  }
  ImportOptions o = Cases();
  o.mapping = Mapping::kHotline12345;
  const auto report = Import(bytes, o);
  ASSERT_TRUE(report.rejected.empty()) << report.rejected[0].field << report.rejected[0].reason;
  EXPECT_EQ(report.accepted, 3);
  auto reader = db_->Reader();
  EXPECT_EQ(reader->QueryInt("SELECT COUNT(*) FROM cases WHERE source_system = '12345' AND "
                             "kind = 'report' AND external_id = 'JZ12345-20240521-0102'"),
            1);
  EXPECT_EQ(reader->QueryInt("SELECT COUNT(*) FROM parties WHERE phone = '13912345678' AND "
                             "id_number = '11010519491231002X'"),
            1);
  EXPECT_EQ(reader->QueryInt("SELECT COUNT(*) FROM case_parties WHERE role = 'respondent'"), 2);
  EXPECT_EQ(Import(bytes, o).unchanged, 3);
}

// export → import into a fresh database → export: the same bytes (CSV, GB18030 CSV, NDJSON) and
// the same cell values (XLSX, whose zip carries a timestamp).
TEST_F(ExchangeTest, ExportsImportBackUnchanged) {
  ASSERT_EQ(Import(std::string(kCasesCsv), Cases()).accepted, 2);
  ImportOptions hot = Cases();
  hot.mapping = Mapping::kHotline12345;
  hot.partial = true;
  Import(
      "工单编号,受理时间,诉求人,证件号码,联系电话,被投诉单位,处理单位,诉求内容,商品\r\n"
      "H-1,2024-05-30 08:00:00,赵六,,139 1234 5678,某某网店,"
      "晋中市市场监督管理局,\"=假冒\",\"小米,华为\"\r\n",
      hot);
  ImportOptions ip;
  ip.entity = Entity::kIpRights;
  ASSERT_EQ(Import("类型,编号,名称,权利人,尼斯分类,申请日,外部编号,来源系统\r\n"
                   "商标,12345678,太行,山西太行科技有限公司,9,2020/1/2,,\r\n"
                   "地理标志,,平遥牛肉,,,,GI-7,地标名录\r\n"
                   "发明专利,ZL 2017 1 0601862.3,一种纺织机械,,,,,\r\n",
                   ip)
                .accepted,
            3);
  ASSERT_EQ(Import("外部编号,来源系统,案件类型,承办机构,案件名称,收案日期,涉案知识产权\r\n"
                   "A-3,法院旧系统,投诉,晋中市市场监督管理局,冒用地理标志,2024-05-03,"
                   "\"地理标志:平遥牛肉\n商标:12345678\n发明专利:201710601862.3\"\r\n",
                   Cases())
                .accepted,
            1);

  store::testing::TestDb other_db;
  std::unique_ptr<store::Database> other;
  Open(other_db, &other);
  for (Entity e : {Entity::kParties, Entity::kIpRights, Entity::kCases}) {
    for (ExportFormat f : {ExportFormat::kCsv, ExportFormat::kCsvGb18030, ExportFormat::kNdjson}) {
      const std::string first = Export(e, f);
      ImportOptions o;
      o.entity = e;
      o.format = f == ExportFormat::kNdjson ? Format::kNdjson : Format::kCsv;
      const auto report = Import(first, o, other.get());
      ASSERT_TRUE(report.rejected.empty())
          << EntityName(e) << " " << report.rejected[0].line << " " << report.rejected[0].field
          << " " << report.rejected[0].reason;
      EXPECT_EQ(Export(e, f, "", other.get()), first) << EntityName(e);
    }
  }
  // XLSX: the values of every cell.
  auto values = [](const std::string& bytes) {
    std::vector<std::vector<std::string>> rows;
    auto book = xlsx::Workbook::OpenBuffer(bytes);
    book.ForEachRow(0, [&](const xlsx::Row& r) {
      rows.push_back(r.values);
      return true;
    });
    return rows;
  };
  const std::string a = Export(Entity::kCases, ExportFormat::kXlsx);
  const auto a_rows = values(a);
  ASSERT_EQ(a_rows.size(), 5u);
  EXPECT_EQ(a_rows[0][3], "案号");
  EXPECT_EQ(values(Export(Entity::kCases, ExportFormat::kXlsx, "", other.get())), a_rows);
  store::testing::TestDb third_db;
  std::unique_ptr<store::Database> third;
  Open(third_db, &third);
  for (Entity e : {Entity::kParties, Entity::kIpRights}) {
    ImportOptions o;
    o.entity = e;
    o.format = Format::kNdjson;
    ASSERT_TRUE(Import(Export(e, ExportFormat::kNdjson), o, third.get()).rejected.empty());
  }
  const auto r = Import(a, Cases(Format::kXlsx), third.get());
  ASSERT_TRUE(r.rejected.empty()) << r.rejected[0].field << r.rejected[0].reason;
  EXPECT_EQ(values(Export(Entity::kCases, ExportFormat::kXlsx, "", third.get())), a_rows);
}

TEST_F(ExchangeTest, ExportsTakeTheListFiltersAndMaskPersonalData) {
  ASSERT_EQ(Import(std::string(kCasesCsv), Cases()).accepted, 2);
  const std::string civil = Export(Entity::kCases, ExportFormat::kNdjson, "kind=civil_first");
  EXPECT_EQ(std::count(civil.begin(), civil.end(), '\n'), 1);
  EXPECT_NE(civil.find("11010519491231002X"), std::string::npos) << "the system reads all";
  EXPECT_EQ(Export(Entity::kCases, ExportFormat::kNdjson, "filed_from=2024-06-01"), "");
  EXPECT_THROW(Export(Entity::kCases, ExportFormat::kNdjson, "kind=nonsense"), ApiError);

  auto p = std::make_shared<auth::Principal>();
  p->kind = auth::Principal::Kind::kToken;
  p->id = 9;
  p->agency_id = court_;
  p->scope = auth::DataScope::kAgency;
  p->scope_agencies = {court_};
  p->permissions = {"case:record:export", "case:record:read"};
  const std::string masked = Export(Entity::kCases, ExportFormat::kCsv, "", nullptr, p);
  EXPECT_EQ(masked.find("11010519491231002X"), std::string::npos);
  EXPECT_NE(masked.find("110105********002X"), std::string::npos);
  EXPECT_EQ(masked.find("销售假冒注册商标商品案"), std::string::npos) << "outside the scope";
  EXPECT_EQ(masked.substr(0, 3), "\xEF\xBB\xBF");
}

// Two organisations of one name (a party registered twice, or two branches): an IP right names
// its owner by the name alone only when it is unique, and by the owner's USCC otherwise; the
// export writes the USCC, so the round trip keeps each right with its own owner.
TEST_F(ExchangeTest, IpRightOwnersOfOneNameAreToldApartByTheirUscc) {
  ImportOptions parties;
  parties.entity = Entity::kParties;
  parties.partial = true;
  const auto registered = Import(
      "当事人类型,名称,统一社会信用代码\r\n"
      "organization,晋中市同名商贸有限公司,91140702MA0K3T5N06\r\n"
      "organization,晋中市同名商贸有限公司,91140700MA0H7Q8R32\r\n",
      parties);
  ASSERT_TRUE(registered.rejected.empty()) << registered.rejected[0].reason;
  ASSERT_EQ(registered.accepted, 2);
  ImportOptions ip;
  ip.entity = Entity::kIpRights;
  ip.partial = true;
  const auto report = Import(
      "类型,编号,名称,尼斯分类,权利人,权利人统一社会信用代码\r\n"
      "商标,20000001,同名一,9,晋中市同名商贸有限公司,\r\n"
      "商标,20000002,同名二,9,晋中市同名商贸有限公司,91140700MA0H7Q8R32\r\n"
      "商标,20000003,同名三,9,,91140702MA0K3T5N06\r\n"
      "商标,20000004,同名四,9,别的公司,91140702MA0K3T5N06\r\n"
      "商标,20000005,同名五,9,,91140702MA59YCJDXH\r\n",
      ip);
  std::string why;
  for (const auto& r : report.rejected) why += r.field + ": " + r.reason + "\n";
  EXPECT_EQ(report.accepted, 2) << why;
  ASSERT_EQ(report.rejected.size(), 3U) << why;
  EXPECT_EQ(report.rejected[0].field, "owner");  // the name alone: which of the two?
  EXPECT_NE(report.rejected[0].reason.find("有多个当事人"), std::string::npos);
  EXPECT_EQ(report.rejected[1].field, "owner_uscc");  // the code's party has another name
  EXPECT_NE(report.rejected[1].reason.find("不符"), std::string::npos);
  EXPECT_EQ(report.rejected[2].field, "owner_uscc");  // a valid code nobody registered
  EXPECT_NE(report.rejected[2].reason.find("尚未登记"), std::string::npos);
  // The USCC of the party that owns the right numbered `number`.
  const auto owner_uscc = [](store::Database& db, const std::string& number) {
    auto r = db.Reader()->Query(
        "SELECT p.uscc FROM ip_rights r JOIN parties p ON p.id = r.owner_party_id "
        "WHERE r.number = ?",
        number);
    return r.Next() ? r.Str(0) : std::string();
  };
  EXPECT_EQ(owner_uscc(*db_, "20000002"), "91140700MA0H7Q8R32");
  EXPECT_EQ(owner_uscc(*db_, "20000003"), "91140702MA0K3T5N06");

  // Exported and imported into a fresh database: each right keeps its own owner.
  store::testing::TestDb other_db;
  std::unique_ptr<store::Database> other;
  Open(other_db, &other);
  for (Entity e : {Entity::kParties, Entity::kIpRights}) {
    ImportOptions o;
    o.entity = e;
    const auto back = Import(Export(e, ExportFormat::kCsv), o, other.get());
    ASSERT_TRUE(back.rejected.empty()) << back.rejected[0].field << " " << back.rejected[0].reason;
  }
  EXPECT_EQ(owner_uscc(*other, "20000002"), "91140700MA0H7Q8R32");
  EXPECT_EQ(owner_uscc(*other, "20000003"), "91140702MA0K3T5N06");
}

}  // namespace
}  // namespace sg::exch
