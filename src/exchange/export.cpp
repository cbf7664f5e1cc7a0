// Exports: pages of records read with the caller's scope and masking, as one JSON object per
// record (the NDJSON line) that the CSV and XLSX writers render with Chinese headers and labels.
#include <unistd.h>
#include <xlsxwriter.h>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>

#include "auth/scope.h"
#include "base/clock.h"
#include "base/errors.h"
#include "core/id_number.h"
#include "core/patent_number.h"
#include "core/text_normalize.h"
#include "core/validation.h"
#include "csv/writer.h"
#include "exchange/columns.h"
#include "register/dict.h"
#include "register/search.h"
#include "service/case_json.h"
#include "service/dashboard.h"
#include "service/paging.h"
#include "store/conditions.h"

namespace sg::exch {
namespace {

namespace json = boost::json;

// Records per page read, and the size a chunk grows to before it is handed out.
constexpr int64_t kPageSize = 500;
constexpr size_t kChunkBytes = 64 * 1024;

constexpr std::string_view kCasePage =
    "SELECT c.id, c.uid, c.source_system, c.external_id, c.case_number, c.kind, c.procedure, "
    "a.name, c.title, c.status, c.received_on, c.filed_on, c.closed_on, c.outcome, "
    "c.claim_amount_fen, c.tags, c.summary, c.area_code FROM cases c "
    "JOIN agencies a ON a.id = c.agency_id";
constexpr std::string_view kPartyPage =
    "SELECT p.id, p.uid, p.source_system, p.external_id, p.type, p.name, p.uscc, p.id_number, "
    "p.phone, p.address FROM parties p";
constexpr std::string_view kIpPage =
    "SELECT r.id, r.uid, r.source_system, r.external_id, r.type, r.number, r.title, o.name, "
    "r.nice_class, r.filed_on, r.granted_on, r.status, r.area_code, o.uscc FROM ip_rights r "
    "LEFT JOIN parties o ON o.id = r.owner_party_id";

// An empty text exports as null, as an import reads an empty cell as absent.
json::value TextOrNull(store::Rows& r, int col) {
  return r.IsNull(col) || r.Text(col).empty() ? json::value(nullptr) : json::value(r.Text(col));
}
json::value IntOrNull(store::Rows& r, int col) {
  return r.IsNull(col) ? json::value(nullptr) : json::value(r.Int(col));
}

// A cell as CSV and XLSX show it: labels for enums, list items one per line.
std::string HumanCell(const Column& col, const json::value& v) {
  if (v.is_null()) return {};
  if (v.is_int64()) return std::to_string(v.as_int64());
  if (v.is_string()) {
    if (!col.dict.empty()) return std::string(reg::DictLabel(col.dict, v.as_string()));
    return std::string(v.as_string());
  }
  if (!v.is_array()) return json::serialize(v);
  std::string out;
  const char* sep = col.name == "tags" ? "；" : "\n";
  for (const auto& item : v.as_array()) {
    if (!out.empty()) out += sep;
    if (item.is_string()) {
      out += item.as_string();
    } else if (col.name == "parties") {
      const auto& o = item.as_object();
      const auto& uscc = o.at("uscc");
      const auto& idn = o.at("id_number");
      out += FormatPartyItem(reg::DictLabel("party_role", o.at("role").as_string()),
                             o.at("name").as_string(),
                             uscc.is_string()  ? std::string_view(uscc.as_string())
                             : idn.is_string() ? std::string_view(idn.as_string())
                                               : std::string_view());
    } else if (col.name == "ip_rights") {
      const auto& o = item.as_object();
      out += reg::DictLabel("ip_type", o.at("type").as_string());
      out += ':';
      // A right without a number (a geographical indication) by its name.
      if (o.at("number").is_string()) {
        out += o.at("number").as_string();
      } else {
        out += o.at("title").as_string();
        out += ':';
        out += o.at("uid").as_string();
      }
    }
  }
  return out;
}

std::string Today8(Date d) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d%02d%02d", d.year, d.month, d.day);
  return buf;
}

class ExporterImpl final : public Exporter {
 public:
  ExporterImpl(store::Database& db, Entity entity, ExportFormat format, const Params& filters,
               std::shared_ptr<const auth::Principal> principal, Date today)
      : db_(db), entity_(entity), format_(format), p_(std::move(principal)), today_(today) {
    auto reader = db_.Reader();
    BuildFilter(*reader, filters);
  }

  ~ExporterImpl() override {
    if (book_) workbook_close(book_);
    if (!xlsx_path_.empty()) {
      std::error_code ec;
      std::filesystem::remove(xlsx_path_, ec);
    }
  }

  std::string ContentType() const override {
    switch (format_) {
      case ExportFormat::kCsv:
        return "text/csv; charset=utf-8";
      case ExportFormat::kCsvGb18030:
        return "text/csv; charset=gb18030";
      case ExportFormat::kXlsx:
        return "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
      case ExportFormat::kNdjson:
        return "application/x-ndjson; charset=utf-8";
    }
    return "application/octet-stream";
  }

  std::string FileName() const override {
    const char* what = entity_ == Entity::kCases     ? "案件"
                       : entity_ == Entity::kParties ? "当事人"
                                                     : "知识产权";
    const char* ext = format_ == ExportFormat::kXlsx     ? ".xlsx"
                      : format_ == ExportFormat::kNdjson ? ".ndjson"
                                                         : ".csv";
    return std::string(what) + "导出_" + Today8(today_) + ext;
  }

  int64_t unmasked() const override { return unmasked_; }

  bool Next(std::string& out) override {
    out.clear();
    if (format_ == ExportFormat::kXlsx) return NextXlsx(out);
    out_ = &out;
    if (!started_) {
      started_ = true;
      if (format_ != ExportFormat::kNdjson) {
        csv::WriterOptions o;
        o.format = format_ == ExportFormat::kCsv ? csv::OutputFormat::kUtf8WithBom
                                                 : csv::OutputFormat::kGb18030;
        csv_ = std::make_unique<csv::Writer>([this](std::string_view b) { out_->append(b); }, o);
        std::vector<std::string> header;
        for (const auto& c : Columns(entity_)) header.emplace_back(c.header);
        csv_->WriteRecord(std::span<const std::string>(header));
      }
    }
    std::vector<std::string> cells;
    while (out.size() < kChunkBytes && !done_) {
      for (const auto& row : FetchPage()) {
        if (format_ == ExportFormat::kNdjson) {
          out += json::serialize(row);
          out += '\n';
          continue;
        }
        Cells(row, cells);
        if (auto err = csv_->WriteRecord(std::span<const std::string>(cells))) {
          throw std::runtime_error("export: " + err->message);
        }
      }
    }
    out_ = nullptr;
    return !out.empty();
  }

 private:
  void BuildFilter(store::Connection& conn, const Params& params) {
    auto add_scope = [&](const auth::SqlCondition& s) { where_.Add(s.sql, s.params); };
    switch (entity_) {
      case Entity::kCases:
        // Exactly the filters and data scope of GET /api/v1/cases.
        where_ = svc::CaseListFilter(conn, *p_, params, today_);
        id_col_ = "c.id";
        break;
      case Entity::kParties: {
        id_col_ = "p.id";
        add_scope(auth::PartyScope(*p_));
        if (auto type = params.Get("type")) {
          if (!reg::InDict("party_type", *type)) {
            ThrowInvalidField("type", "应为 person 或 organization");
          }
          where_.Add("p.type = ?", *type);
        }
        const core::CivilDate today{today_.year, today_.month, today_.day};
        for (const char* key : {"uscc", "id_number"}) {
          if (auto v = params.Get(key)) {
            auto res = core::Validate(key, *v, today);
            if (!res || !res->valid) ThrowInvalidField(key, res ? res->reason : "无法校验");
            where_.Add(std::string("p.") + key + " = ?", res->normalized);
          }
        }
        if (auto q = params.Get("q")) {
          const std::string norm = core::NormalizeName(*q);
          if (core::Bigrams(norm).empty()) ThrowInvalidField("q", "检索词至少需要两个字");
          where_.Add("p.name_norm LIKE ? ESCAPE '\\'", reg::LikeContains(norm));
        }
        break;
      }
      case Entity::kIpRights: {
        id_col_ = "r.id";
        if (auto type = params.Get("type")) {
          if (!reg::InDict("ip_type", *type)) {
            ThrowInvalidField("type", "类型无效，可选值见 /api/v1/dict");
          }
          where_.Add("r.type = ?", *type);
        }
        if (auto owner = svc::ParseIdParam(params, "owner_party_id")) {
          where_.Add("r.owner_party_id = ?", *owner);
        }
        if (auto number = params.Get("number")) {
          auto parsed = core::ParsePatentNumber(*number);
          where_.Add("r.number_norm = ?",
                     parsed ? core::FormatPatentNumber(*parsed) : core::CompactCode(*number));
        }
        if (auto q = params.Get("q")) {
          if (core::Bigrams(core::NormalizeName(*q)).empty()) {
            ThrowInvalidField("q", "检索词至少需要两个字");
          }
          where_.Add("(r.title LIKE ? ESCAPE '\\' OR r.number LIKE ? ESCAPE '\\')",
                     reg::LikeContains(*q));
          where_.AddParam(reg::LikeContains(*q));
        }
        break;
      }
    }
  }

  // The next page of records as JSON objects (the NDJSON form); sets done_ after the last.
  std::vector<json::object> FetchPage() {
    std::vector<json::object> rows;
    auto reader = db_.Reader();
    auto& conn = *reader;
    store::Conditions page = where_;
    page.Add(id_col_ + " > ?", last_id_);
    std::vector<store::Param> params = page.params();
    params.emplace_back(kPageSize);
    const std::string_view base = entity_ == Entity::kCases     ? kCasePage
                                  : entity_ == Entity::kParties ? kPartyPage
                                                                : kIpPage;
    const std::string sql = std::string(base) + page.Where() + " ORDER BY " + id_col_ + " LIMIT ?";
    std::vector<int64_t> ids;
    {
      auto r = conn.QueryV(sql, params);
      while (r.Next()) {
        ids.push_back(r.Int(0));
        rows.push_back(entity_ == Entity::kCases     ? CaseRow(r)
                       : entity_ == Entity::kParties ? PartyRow(conn, r)
                                                     : IpRow(r));
      }
    }
    if (static_cast<int64_t>(rows.size()) < kPageSize) done_ = true;
    if (!ids.empty()) last_id_ = ids.back();
    if (entity_ == Entity::kCases && !ids.empty()) AddCaseLinks(conn, ids, rows);
    return rows;
  }

  json::object CaseRow(store::Rows& r) {
    json::object o;
    o["uid"] = r.Text(1);
    o["source_system"] = TextOrNull(r, 2);
    o["external_id"] = TextOrNull(r, 3);
    o["case_number"] = TextOrNull(r, 4);
    o["kind"] = r.Text(5);
    o["procedure"] = TextOrNull(r, 6);
    o["agency"] = r.Text(7);
    o["title"] = r.Text(8);
    o["status"] = r.Text(9);
    o["received_on"] = r.Text(10);
    o["filed_on"] = TextOrNull(r, 11);
    o["closed_on"] = TextOrNull(r, 12);
    o["outcome"] = TextOrNull(r, 13);
    o["claim_amount_fen"] = IntOrNull(r, 14);
    boost::system::error_code ec;
    json::value tags = json::parse(r.Text(15), ec);
    o["tags"] = ec || !tags.is_array() ? json::array() : std::move(tags.as_array());
    o["summary"] = TextOrNull(r, 16);
    o["area_code"] = TextOrNull(r, 17);
    o["parties"] = json::array();
    o["ip_rights"] = json::array();
    return o;
  }

  // Parties and IP rights of a page of cases, two queries per page.
  void AddCaseLinks(store::Connection& conn, const std::vector<int64_t>& ids,
                    std::vector<json::object>& rows) {
    std::map<int64_t, size_t> at;
    std::vector<store::Param> params;
    for (size_t i = 0; i < ids.size(); ++i) {
      at[ids[i]] = i;
      params.emplace_back(ids[i]);
    }
    const std::string in = " IN (" + store::Placeholders(ids.size()) + ")";
    struct Link {
      int64_t case_id, party_id;
      std::string role, type, name;
      std::optional<std::string> uscc, id_number;
    };
    std::vector<Link> links;
    {
      auto r = conn.QueryV(
          "SELECT cp.case_id, cp.party_id, cp.role, p.type, p.name, p.uscc, p.id_number "
          "FROM case_parties cp JOIN parties p ON p.id = cp.party_id WHERE cp.case_id" +
              in + " ORDER BY cp.case_id, cp.ordinal",
          params);
      while (r.Next()) {
        links.push_back(
            {r.Int(0), r.Int(1), r.Str(2), r.Str(3), r.Str(4), r.OptStr(5), r.OptStr(6)});
      }
    }
    for (const auto& l : links) {
      json::value idn = nullptr;
      if (l.id_number) idn = MaybeMask(conn, l.party_id, *l.id_number);
      rows[at[l.case_id]]["parties"].as_array().push_back(
          json::object{{"role", l.role},
                       {"type", l.type},
                       {"name", l.name},
                       {"uscc", l.uscc ? json::value(*l.uscc) : json::value(nullptr)},
                       {"id_number", idn}});
    }
    auto r = conn.QueryV(
        "SELECT ci.case_id, r.type, r.number, r.title, r.uid FROM case_ip_rights ci "
        "JOIN ip_rights r ON r.id = ci.ip_right_id WHERE ci.case_id" +
            in + " ORDER BY ci.case_id, r.type, r.number",
        params);
    while (r.Next()) {
      json::object item{{"type", r.Text(1)}, {"number", TextOrNull(r, 2)}, {"title", r.Text(3)}};
      // Names need not be unique: a right without a number is named exactly by its uid.
      if (item["number"].is_null()) item["uid"] = r.Text(4);
      rows[at[r.Int(0)]]["ip_rights"].as_array().push_back(std::move(item));
    }
  }

  // 个人信息保护法: personal data unmasked only where auth::MayReadPartyPii allows it.
  std::string MaybeMask(store::Connection& conn, int64_t party_id, std::string_view id_number) {
    if (MayReadPii(conn, party_id)) return std::string(id_number);
    return core::MaskIdNumber(id_number);
  }
  bool MayReadPii(store::Connection& conn, int64_t party_id) {
    if (!p_->Has("party:pii:read")) return false;
    auto it = pii_.find(party_id);
    if (it == pii_.end()) {
      it = pii_.emplace(party_id, auth::MayReadPartyPii(conn, *p_, party_id)).first;
      if (it->second) ++unmasked_;
      if (pii_.size() > 100000) pii_.clear();  // bounded memory on huge exports
    }
    return it->second;
  }

  json::object PartyRow(store::Connection& conn, store::Rows& r) {
    const int64_t id = r.Int(0);
    json::object o;
    o["uid"] = r.Text(1);
    o["source_system"] = TextOrNull(r, 2);
    o["external_id"] = TextOrNull(r, 3);
    o["type"] = r.Text(4);
    o["name"] = r.Text(5);
    o["uscc"] = TextOrNull(r, 6);
    const bool pii = (!r.IsNull(7) || !r.IsNull(8)) && MayReadPii(conn, id);
    o["id_number"] = r.IsNull(7) ? json::value(nullptr)
                     : pii       ? json::value(r.Text(7))
                                 : json::value(core::MaskIdNumber(r.Text(7)));
    o["phone"] = r.IsNull(8) ? json::value(nullptr)
                 : pii       ? json::value(r.Text(8))
                             : json::value(svc::MaskPhone(r.Text(8)));
    o["address"] = TextOrNull(r, 9);
    return o;
  }

  json::object IpRow(store::Rows& r) {
    json::object o;
    o["uid"] = r.Text(1);
    o["source_system"] = TextOrNull(r, 2);
    o["external_id"] = TextOrNull(r, 3);
    o["type"] = r.Text(4);
    o["number"] = TextOrNull(r, 5);
    o["title"] = r.Text(6);
    o["owner"] = TextOrNull(r, 7);
    o["owner_uscc"] = TextOrNull(r, 13);
    o["nice_class"] = IntOrNull(r, 8);
    o["filed_on"] = TextOrNull(r, 9);
    o["granted_on"] = TextOrNull(r, 10);
    o["status"] = r.Text(11);
    o["area_code"] = TextOrNull(r, 12);
    return o;
  }

  void Cells(const json::object& row, std::vector<std::string>& cells) const {
    const auto& cols = Columns(entity_);
    cells.resize(cols.size());
    for (size_t i = 0; i < cols.size(); ++i) cells[i] = HumanCell(cols[i], row.at(cols[i].name));
  }

  // XLSX: the whole workbook goes to a temporary file (constant_memory: row by row), which is
  // then handed out in chunks.
  bool NextXlsx(std::string& out) {
    if (!file_.is_open()) {
      WriteWorkbook();
      file_.open(xlsx_path_, std::ios::binary);
      if (!file_) throw std::runtime_error("export: cannot read back " + xlsx_path_);
    }
    out.resize(kChunkBytes);
    file_.read(out.data(), static_cast<std::streamsize>(out.size()));
    out.resize(static_cast<size_t>(file_.gcount()));
    return !out.empty();
  }

  void WriteWorkbook() {
    const std::string dir = std::filesystem::temp_directory_path().string();
    std::string tmpl = dir + "/shenguan-export-XXXXXX";
    const int fd = mkstemp(tmpl.data());
    if (fd < 0) throw std::runtime_error("export: cannot create a temporary file in " + dir);
    ::close(fd);
    xlsx_path_ = tmpl;
    tmpdir_ = dir;
    lxw_workbook_options options{};
    options.constant_memory = LXW_TRUE;
    options.tmpdir = tmpdir_.data();
    options.use_zip64 = LXW_TRUE;
    book_ = workbook_new_opt(xlsx_path_.c_str(), &options);
    if (!book_) throw std::runtime_error("export: cannot start the workbook");
    const char* sheet_name = entity_ == Entity::kCases     ? "案件"
                             : entity_ == Entity::kParties ? "当事人"
                                                           : "知识产权";
    lxw_worksheet* sheet = workbook_add_worksheet(book_, sheet_name);
    lxw_format* bold = workbook_add_format(book_);
    format_set_bold(bold);
    const auto& cols = Columns(entity_);
    for (size_t i = 0; i < cols.size(); ++i) {
      const std::string h(cols[i].header);
      worksheet_write_string(sheet, 0, static_cast<lxw_col_t>(i), h.c_str(), bold);
    }
    lxw_row_t row_no = 1;
    std::vector<std::string> cells;
    while (!done_) {
      for (const auto& row : FetchPage()) {
        Cells(row, cells);
        for (size_t i = 0; i < cols.size(); ++i) {
          const auto col = static_cast<lxw_col_t>(i);
          const json::value& v = row.at(cols[i].name);
          // Amounts and classes as numbers; everything else, identifiers above all, as text.
          if (v.is_int64()) {
            worksheet_write_number(sheet, row_no, col, static_cast<double>(v.as_int64()), nullptr);
          } else if (!cells[i].empty()) {
            worksheet_write_string(sheet, row_no, col, cells[i].c_str(), nullptr);
          }
        }
        ++row_no;
      }
    }
    const lxw_error err = workbook_close(book_);
    book_ = nullptr;
    if (err != LXW_NO_ERROR) {
      throw std::runtime_error(std::string("export: ") + lxw_strerror(err));
    }
  }

  store::Database& db_;
  Entity entity_;
  ExportFormat format_;
  std::shared_ptr<const auth::Principal> p_;
  Date today_;
  store::Conditions where_;
  std::string id_col_;
  int64_t last_id_ = 0;
  bool started_ = false;
  bool done_ = false;
  int64_t unmasked_ = 0;
  std::map<int64_t, bool> pii_;
  std::string* out_ = nullptr;
  std::unique_ptr<csv::Writer> csv_;
  lxw_workbook* book_ = nullptr;
  std::string xlsx_path_, tmpdir_;
  std::ifstream file_;
};

}  // namespace

std::unique_ptr<Exporter> MakeExporter(store::Database& db, Entity entity, ExportFormat format,
                                       const Params& filters,
                                       std::shared_ptr<const auth::Principal> principal,
                                       Date today) {
  return std::make_unique<ExporterImpl>(db, entity, format, filters, std::move(principal), today);
}

bool ExportMayShowPii(const auth::Principal& p, Entity entity) {
  return entity != Entity::kIpRights && p.Has("party:pii:read");
}

}  // namespace sg::exch
