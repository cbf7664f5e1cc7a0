#include "demo/agencies.h"

#include <string_view>

#include "demo/names.h"
#include "demo/vocab.h"
#include "register/records.h"

namespace sg::demo {
namespace {

// How one agency's handlers are titled and named in usernames.
struct Staffing {
  std::string_view title;
  std::string_view role;  // ASCII, for usernames: yc_judge_03
  int count;
};

class TreeBuilder {
 public:
  TreeBuilder(RowIds& rows, Rng& rng, TimestampMs at, int scale, DemoAgencies& out)
      : rows_(rows), rng_(rng), at_(at), scale_(scale), out_(out) {}

  // Inserts one agency and its handlers; returns its index in out_.list.
  size_t Add(std::optional<size_t> parent, std::string name, std::string abbr, std::string type,
             std::string court_level, const std::string& court_code, std::string area_code,
             int county, const std::optional<std::string>& tmpl, std::string_view user_prefix,
             std::initializer_list<Staffing> staff) {
    reg::NewAgency a;
    a.uid = rng_.Uuid(at_);
    if (parent) a.parent_id = out_.list[*parent].id;
    a.name = name;
    a.abbr = abbr;
    a.type = type;
    if (!court_level.empty()) a.court_level = court_level;
    if (!court_code.empty()) a.court_code = court_code;
    if (!area_code.empty()) a.area_code = area_code;
    a.case_number_template = tmpl;
    DemoAgency d;
    d.id = rows_.Agency(at_, a);
    d.name = std::move(name);
    d.abbr = std::move(abbr);
    d.type = std::move(type);
    d.court_level = std::move(court_level);
    d.area_code = std::move(area_code);
    d.county = county;
    d.numbering = {d.id, d.type, d.abbr, a.court_code, tmpl};
    for (const auto& s : staff) {
      for (int i = 1; i <= s.count * scale_; ++i) {
        reg::NewUser u;
        u.uid = rng_.Uuid(at_);
        u.username = std::string(user_prefix) + "_" + std::string(s.role) + "_" +
                     (i < 10 ? "0" : "") + std::to_string(i);
        u.display_name = MakePersonName(rng_);
        u.agency_id = d.id;
        u.title = std::string(s.title);
        d.handlers.push_back(rows_.User(at_, u));
        ++out_.users;
      }
    }
    out_.list.push_back(std::move(d));
    return out_.list.size() - 1;
  }

 private:
  RowIds& rows_;
  Rng& rng_;
  TimestampMs at_;
  int scale_;
  DemoAgencies& out_;
};

// Court code of a basic court: 晋07 plus the last two digits of the county's area code
// (identifiers.md). 太谷区 became a district in 2019 (140726 -> 140703); whether its court
// now numbers cases 晋0703 or kept 晋0726 is unconfirmed (jinzhong.md), and the demo uses 0703.
std::string BasicCourtCode(const County& c) {
  return "晋07" + std::string(c.area_code.substr(4, 2));
}

}  // namespace

DemoAgencies InsertAgencies(store::Connection& conn, Rng& rng, TimestampMs at, int handlers_scale) {
  RowIds rows(conn, RowIds::Mode::kInsert);
  return InsertAgencies(rows, rng, at, handlers_scale);
}

DemoAgencies InsertAgencies(RowIds& rows, Rng& rng, TimestampMs at, int handlers_scale) {
  DemoAgencies out;
  TreeBuilder b(rows, rng, at, handlers_scale, out);
  const auto& counties = Counties();

  out.high_court = b.Add(std::nullopt, "山西省高级人民法院", "山西高院", "court", "high", "晋",
                         "140000", -1, std::nullopt, "sxgy", {{"审判员", "judge", 3}});
  out.intermediate_court =
      b.Add(out.high_court, "晋中市中级人民法院", "晋中中院", "court", "intermediate", "晋07",
            "140700", -1, std::nullopt, "jzzy",
            {{"庭长", "chief", 1}, {"审判员", "judge", 9}, {"执行员", "enforcer", 3}});
  for (size_t i = 0; i < counties.size(); ++i) {
    const auto& c = counties[i];
    // 榆次 hears most of the city's IP cases in the demo, so it has the most judges.
    const int judges = c.code == "yc" ? 6 : c.weight >= 8 ? 3 : 2;
    out.basic_courts.push_back(b.Add(out.intermediate_court, std::string(c.name) + "人民法院",
                                     std::string(c.short_name) + "法院", "court", "basic",
                                     BasicCourtCode(c), std::string(c.area_code),
                                     static_cast<int>(i), std::nullopt, c.code,
                                     {{"审判员", "judge", judges}, {"执行员", "enforcer", 1}}));
  }

  out.city_bureau = b.Add(std::nullopt, "晋中市市场监督管理局", "晋中市监", "market_regulation", "",
                          "", "140700", -1, std::nullopt, "jzscj", {{"科长", "chief", 1}});
  out.enforcement_unit =
      b.Add(out.city_bureau, "晋中市市场监督管理局知识产权执法中队", "晋中市监知",
            "market_regulation", "", "", "140700", -1, std::nullopt, "jzzfd",
            {{"中队长", "chief", 1}, {"执法人员", "officer", 8}});
  for (size_t i = 0; i < counties.size(); ++i) {
    const auto& c = counties[i];
    // Bureau abbreviations take the county's first character (榆市监, 平市监); 榆社 would
    // clash with 榆次 and keeps both characters.
    std::string abbr =
        c.code == "ys" ? std::string(c.short_name) : std::string(c.short_name.substr(0, 3));
    abbr += "市监";
    out.county_bureaus.push_back(
        b.Add(out.city_bureau, std::string(c.name) + "市场监督管理局", abbr, "market_regulation",
              "", "", std::string(c.area_code), static_cast<int>(i), std::nullopt,
              std::string(c.code) + "_scj", {{"执法人员", "officer", c.weight >= 8 ? 3 : 2}}));
  }

  const size_t commission =
      b.Add(std::nullopt, "晋中仲裁委员会", "晋中仲裁委", "arbitration", "", "", "140700", -1,
            std::nullopt, "jzzcw", {{"秘书长", "secretary", 1}});
  // The centre numbers arbitration (仲) and mediation (调) cases separately, so its template
  // keeps {kind_abbr}: 晋中仲字〔2024〕第12号, 晋中调字〔2024〕第3号. Without it the two kinds'
  // sequences would produce the same number.
  out.arbitration_centre =
      b.Add(commission, "晋中仲裁委员会知识产权仲裁中心", "晋中", "arbitration", "", "", "140700",
            -1, "{agency_abbr}{kind_abbr}字〔{year}〕第{seq}号", "jzzc",
            {{"仲裁员", "arbitrator", 6}, {"调解员", "mediator", 3}});
  out.hotline = b.Add(std::nullopt, "晋中市12345政务服务便民热线", "晋中12345", "hotline", "", "",
                      "140700", -1, std::nullopt, "jz12345", {{"话务员", "operator", 4}});
  const size_t police = b.Add(std::nullopt, "晋中市公安局", "晋中公安", "public_security", "", "",
                              "140700", -1, std::nullopt, "jzga", {});
  b.Add(police, "晋中市公安局经济犯罪侦查支队", "晋中经侦", "public_security", "", "", "140700", -1,
        std::nullopt, "jzjz", {{"侦查员", "investigator", 2}});
  b.Add(std::nullopt, "晋中市科学技术局", "晋中科技局", "science_bureau", "", "", "140700", -1,
        std::nullopt, "jzkjj", {{"科员", "staff", 1}});
  return out;
}

}  // namespace sg::demo
