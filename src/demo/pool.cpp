#include "demo/pool.h"

#include <algorithm>
#include <optional>
#include <unordered_set>

#include "core/patent_number.h"
#include "demo/ids.h"
#include "demo/names.h"
#include "demo/vocab.h"
#include "register/records.h"

namespace sg::demo {
namespace {

// The technology-leader enterprises of the 2023 list (enterprises.md). Their counties are a
// demo assumption (广誉远 is in 太谷; the others are placed in 榆次), and their codes are
// generated, not their real ones.
struct SeedEnterprise {
  std::string_view name;
  std::string_view industry;
  std::string_view county;
  std::string_view brand;
};
constexpr SeedEnterprise kSeedEnterprises[] = {
    {"经纬智能纺织机械有限公司", "纺织机械", "yc", "经纬"},
    {"太重集团榆次液压工业有限公司", "液压件制造", "yc", "太重"},
    {"山西德元堂药业有限公司", "药业", "yc", "德元堂"},
    {"晋能光伏技术有限公司", "新能源科技", "yc", "晋能"},
    {"山西振东安欣生物制药有限公司", "药业", "yc", "安欣"},
    {"山西格盟普丽环境股份有限公司", "环保科技", "yc", "普丽"},
    {"中铁三局集团第五工程有限公司", "建材", "yc", ""},
    {"山西广誉远国药有限公司", "药业", "tg", "广誉远"},
    {"山西西通碳素有限公司", "碳素", "yc", "西通"},
    {"山西丹源新材料科技股份有限公司", "碳素", "yc", "丹源"},
    {"山西聚贤石墨新材料有限公司", "碳素", "yc", "聚贤"},
};

// The geographical indications named in the seed (jinzhong.md), with their county.
struct SeedGi {
  std::string_view name;
  std::string_view product;
  std::string_view county;
};
constexpr SeedGi kSeedGis[] = {
    {"寿阳小米", "小米", "sy"}, {"左权连翘", "连翘", "zq"}, {"介休绵芪", "绵芪", "jx"}};

int FindIndustry(std::string_view name) {
  const auto& all = Industries();
  for (size_t i = 0; i < all.size(); ++i) {
    if (all[i].name == name) return static_cast<int>(i);
  }
  return 0;
}

int FindCounty(std::string_view code) {
  const auto& all = Counties();
  for (size_t i = 0; i < all.size(); ++i) {
    if (all[i].code == code) return static_cast<int>(i);
  }
  return 0;
}

template <typename T>
std::vector<int> WeightsOf(const std::vector<T>& items) {
  std::vector<int> w;
  w.reserve(items.size());
  for (const auto& i : items) w.push_back(i.weight);
  return w;
}

std::string Digits(Rng& rng, int n) {
  std::string out;
  for (int i = 0; i < n; ++i) out.push_back(static_cast<char>('0' + rng.Range(0, 9)));
  return out;
}

// Draws of a name before a repeated one is taken (the space is exhausted only in pools of
// millions; a few thousand cases never repeat one).
constexpr int kNameTries = 20;

// Draws until `make` gives a value not yet in `seen` (or gives up and returns the last draw,
// when the space is exhausted; only names use that).
template <typename F>
std::string Unique(std::unordered_set<std::string>& seen, F make, int tries = 1000) {
  std::string v;
  for (int i = 0; i < tries; ++i) {
    v = make();
    if (seen.insert(v).second) return v;
  }
  return v;
}

class PoolBuilder {
 public:
  PoolBuilder(RowIds& rows, Rng& rng, TimestampMs at, const Date& today)
      : rows_(rows), rng_(rng), at_(at), today_(today) {}

  void AddParty(PoolParty p, std::optional<std::string> uscc, std::optional<std::string> id_number,
                std::optional<std::string> phone, std::string address) {
    reg::NewParty n;
    const TimestampMs at = Tick();
    n.uid = rng_.Uuid(at);
    n.type = p.kind == PartyKind::kPerson ? "person" : "organization";
    n.name = p.name;
    n.uscc = std::move(uscc);
    n.id_number = std::move(id_number);
    n.phone = std::move(phone);
    n.address = std::move(address);
    p.id = rows_.Party(at, n);
    const int index = static_cast<int>(pool_.parties.size());
    switch (p.kind) {
      case PartyKind::kEnterprise:
        pool_.enterprises.push_back(index);
        break;
      case PartyKind::kShop:
        pool_.shops.push_back(index);
        break;
      case PartyKind::kPerson:
        pool_.persons.push_back(index);
        break;
      case PartyKind::kOrgan:
        pool_.organs.push_back(index);
        break;
    }
    pool_.parties.push_back(std::move(p));
  }

  void AddEnterprise(std::string name, int county, int industry, std::string brand) {
    const auto& c = Counties()[static_cast<size_t>(county)];
    std::string uscc = Unique(codes_, [&] { return MakeUscc(rng_, "91", c.area_code); });
    // 0354 is Jinzhong's telephone area code.
    std::string phone = "0354-" + std::to_string(rng_.Range(2, 8)) + Digits(rng_, 6);
    AddParty({0, std::move(name), PartyKind::kEnterprise, county, industry, std::move(brand)},
             std::move(uscc), std::nullopt, std::move(phone), MakeAddress(rng_, c));
  }

  void AddRandomEnterprise() {
    const int county = static_cast<int>(rng_.Weighted(county_weights_));
    const int industry = static_cast<int>(rng_.Weighted(industry_weights_));
    std::string trade;
    // Up to kNameTries draws: a few hundred thousand enterprises exhaust the names of a county and
    // industry, and a thousand draws for each further one made the 10M-case setup ten times slower.
    const std::string name = Unique(
        names_,
        [&] {
          trade = MakeTradeName(rng_);
          return MakeCompanyName(rng_, Counties()[static_cast<size_t>(county)], trade,
                                 Industries()[static_cast<size_t>(industry)]);
        },
        kNameTries);
    AddEnterprise(name, county, industry, trade);
  }

  void AddShop() {
    const int county = static_cast<int>(rng_.Weighted(county_weights_));
    const auto& c = Counties()[static_cast<size_t>(county)];
    std::string name = Unique(
        names_, [&] { return MakeShopName(rng_, c); }, 5);
    std::string uscc = Unique(codes_, [&] { return MakeUscc(rng_, "92", c.area_code); });
    AddParty({0, std::move(name), PartyKind::kShop, county, -1, {}}, std::move(uscc), std::nullopt,
             MakeMobile(rng_), MakeAddress(rng_, c));
  }

  void AddPerson() {
    const int county = static_cast<int>(rng_.Weighted(county_weights_));
    const auto& c = Counties()[static_cast<size_t>(county)];
    // Adults only: born between 1955 and 18 years before today.
    const Date youngest{today_.year - 18, today_.month, std::min(today_.day, 28)};
    const int64_t lo = Date{1955, 1, 1}.ToDays();
    const bool male = rng_.Percent(55);
    std::string id = Unique(ids_, [&] {
      return MakeIdNumber(rng_, c.area_code, Date::FromDays(rng_.Range(lo, youngest.ToDays())),
                          male);
    });
    AddParty({0, MakePersonName(rng_), PartyKind::kPerson, county, -1, {}}, std::nullopt,
             std::move(id), MakeMobile(rng_), MakeAddress(rng_, c));
  }

  void AddOrgan(std::string name, std::string_view area_code, int county) {
    std::string uscc = Unique(codes_, [&] { return MakeUscc(rng_, "11", area_code); });
    AddParty({0, std::move(name), PartyKind::kOrgan, county, -1, {}}, std::move(uscc), std::nullopt,
             std::nullopt, {});
  }

  void AddIp(PoolIp ip, std::optional<std::string> filed, std::optional<std::string> granted,
             std::optional<int64_t> nice_class, std::string status) {
    reg::NewIpRight r;
    const TimestampMs at = Tick();
    r.uid = rng_.Uuid(at);
    r.type = std::string(IpTypeValue(ip.kind));
    if (!ip.number.empty()) r.number = ip.number;
    r.title = ip.title;
    if (ip.owner >= 0) r.owner_party_id = pool_.parties[static_cast<size_t>(ip.owner)].id;
    r.nice_class = nice_class;
    r.filed_on = std::move(filed);
    r.granted_on = std::move(granted);
    r.status = std::move(status);
    r.area_code = std::string(Counties()[static_cast<size_t>(ip.county)].area_code);
    ip.id = rows_.IpRight(at, r);
    const int index = static_cast<int>(pool_.ips.size());
    switch (ip.kind) {
      case IpKind::kInvention:
      case IpKind::kUtilityModel:
      case IpKind::kDesign:
        pool_.patents.push_back(index);
        break;
      case IpKind::kTrademark:
        pool_.marks.push_back(index);
        break;
      case IpKind::kGeographicalIndication:
        pool_.geo_indications.push_back(index);
        break;
      default:
        pool_.others.push_back(index);
        break;
    }
    pool_.ips.push_back(std::move(ip));
  }

  // One IP right of a random enterprise; the kind follows what its industry owns.
  void AddRandomIp() {
    int owner = 0;
    do {
      // One draw in ten goes to the leader enterprises, which own many rights.
      owner = rng_.Percent(10) ? pool_.enterprises[static_cast<size_t>(rng_.Range(0, 10))]
                               : rng_.Pick(pool_.enterprises);
    } while (pool_.parties[static_cast<size_t>(owner)].brand.empty());
    const auto& party = pool_.parties[static_cast<size_t>(owner)];
    const auto& industry = Industries()[static_cast<size_t>(party.industry)];
    static constexpr int kKindWeights[] = {10, 16, 8, 48, 12, 6};
    const size_t k = rng_.Weighted(kKindWeights);
    PoolIp ip;
    ip.owner = owner;
    ip.county = party.county;
    ip.product = std::string(rng_.Pick(industry.products));
    if (k <= 2 && !industry.patents.empty()) {
      AddPatent(std::move(ip), industry, k);
    } else if (k == 4 && (industry.copyright || rng_.Percent(20))) {
      AddCopyright(std::move(ip), party);
    } else if (k == 5 && !industry.patents.empty()) {
      ip.kind = IpKind::kTradeSecret;
      ip.title = std::string(rng_.Pick(industry.patents).text) + "技术秘密";
      AddIp(std::move(ip), std::nullopt, std::nullopt, std::nullopt, "valid");
    } else {
      AddTrademark(std::move(ip), party, industry);
    }
  }

  DemoPool Take() { return std::move(pool_); }
  // Room for the values to come, so that the sets are not rehashed as they grow (they are only
  // asked whether they hold a value, so their size changes no result).
  void Reserve(int64_t parties, int64_t ips) {
    names_.reserve(static_cast<size_t>(parties));
    codes_.reserve(static_cast<size_t>(parties));
    ids_.reserve(static_cast<size_t>(parties));
    numbers_.reserve(static_cast<size_t>(ips));
  }

  std::vector<int> county_weights_ = WeightsOf(Counties());
  std::vector<int> industry_weights_ = WeightsOf(Industries());

 private:
  TimestampMs Tick() { return at_ + static_cast<TimestampMs>(ticks_++); }

  Date RandomDay(int from_year, int64_t max_days) {
    const int64_t lo = Date{from_year, 1, 1}.ToDays();
    return Date::FromDays(rng_.Range(lo, std::max(lo, max_days)));
  }

  void AddPatent(PoolIp ip, const Industry& industry, size_t k) {
    static constexpr IpKind kKinds[] = {IpKind::kInvention, IpKind::kUtilityModel, IpKind::kDesign};
    ip.kind = kKinds[k];
    const PatentSubject* subject = &rng_.Pick(industry.patents);
    for (int i = 0; i < 8 && ip.kind != IpKind::kInvention && !subject->device; ++i) {
      subject = &rng_.Pick(industry.patents);
    }
    if (!subject->device) ip.kind = IpKind::kInvention;
    const Date filed = RandomDay(2010, today_.ToDays() - 30);
    const char type_digit = ip.kind == IpKind::kInvention      ? '1'
                            : ip.kind == IpKind::kUtilityModel ? '2'
                                                               : '3';
    ip.number = Unique(numbers_, [&] { return MakePatentNumber(rng_, filed.year, type_digit); });
    if (ip.kind == IpKind::kDesign) {
      // A design protects a product's look: packaging for food and medicine, the product itself
      // for the others.
      const int c = industry.nice_class;
      ip.title = c == 5 || c == 29 || c == 30 || c == 31 || c == 33 ? "包装盒（" + ip.product + "）"
                                                                    : ip.product;
    } else {
      ip.title = "一种" + std::string(subject->text);
    }
    // Examination takes 18-40 months for inventions, 5-12 for the others.
    const int64_t months = ip.kind == IpKind::kInvention ? rng_.Range(18, 40) : rng_.Range(5, 12);
    const Date granted = filed.AddDays(months * 30 + rng_.Range(0, 29));
    std::optional<std::string> granted_on;
    std::string status = "pending";
    if (granted <= today_) {
      granted_on = granted.ToString();
      const int term = ip.kind == IpKind::kInvention      ? 20
                       : ip.kind == IpKind::kUtilityModel ? 10
                                                          : (filed < Date{2021, 6, 1} ? 10 : 15);
      const Date expiry{filed.year + term, filed.month, std::min(filed.day, 28)};
      status = expiry < today_ ? "expired" : rng_.Percent(4) ? "lapsed" : "valid";
    }
    AddIp(std::move(ip), filed.ToString(), granted_on, std::nullopt, status);
  }

  void AddCopyright(PoolIp ip, const PoolParty& owner) {
    ip.kind = IpKind::kCopyright;
    const Date registered = RandomDay(2012, today_.ToDays() - 30);
    const std::string year = std::to_string(registered.year);
    if (rng_.Percent(50)) {
      // Software: registration numbers like 2021SR0123456.
      ip.number = Unique(numbers_, [&] { return year + "SR" + Digits(rng_, 7); });
      static constexpr std::string_view kSystems[] = {"智慧门店管理系统", "电商订单管理平台",
                                                      "生产执行管理系统", "溯源查询小程序"};
      ip.title = owner.brand + std::string(kSystems[rng_.Range(0, 3)]) + "V1.0";
      ip.product = "软件";
    } else {
      // Works registered in Shanxi: 晋作登字-2021-F-00012345 (F: fine art).
      ip.number = Unique(numbers_, [&] { return "晋作登字-" + year + "-F-" + Digits(rng_, 8); });
      ip.title = "“" + owner.brand + "”品牌标识图形";
    }
    AddIp(std::move(ip), registered.ToString(), registered.ToString(), std::nullopt, "valid");
  }

  void AddTrademark(PoolIp ip, const PoolParty& owner, const Industry& industry) {
    ip.kind = IpKind::kTrademark;
    ip.title = owner.brand;
    // Trademark registration numbers are sequential; 2008-2024 registrations lie roughly in
    // 5,000,000-79,999,999.
    ip.number = Unique(numbers_, [&] { return std::to_string(rng_.Range(5000000, 79999999)); });
    const int64_t nice = rng_.Percent(80) ? industry.nice_class : rng_.Range(1, 45);
    const Date filed = RandomDay(2008, today_.ToDays() - 400);
    const Date granted = filed.AddDays(rng_.Range(270, 420));
    AddIp(std::move(ip), filed.ToString(), granted.ToString(), nice, "valid");
  }

  RowIds& rows_;
  Rng& rng_;
  TimestampMs at_;
  Date today_;
  int64_t ticks_ = 0;
  DemoPool pool_;
  std::unordered_set<std::string> names_, codes_, ids_, numbers_;
};

}  // namespace

std::string_view IpTypeValue(IpKind kind) {
  switch (kind) {
    case IpKind::kInvention:
      return "patent_invention";
    case IpKind::kUtilityModel:
      return "patent_utility_model";
    case IpKind::kDesign:
      return "patent_design";
    case IpKind::kTrademark:
      return "trademark";
    case IpKind::kGeographicalIndication:
      return "geographical_indication";
    case IpKind::kCopyright:
      return "copyright";
    case IpKind::kTradeSecret:
      return "trade_secret";
  }
  return "trademark";
}

DemoPool InsertPool(store::Connection& conn, Rng& rng, TimestampMs at, const Date& today,
                    int64_t party_count, int64_t ip_count) {
  RowIds rows(conn, RowIds::Mode::kInsert);
  return InsertPool(rows, rng, at, today, party_count, ip_count);
}

DemoPool InsertPool(RowIds& rows, Rng& rng, TimestampMs at, const Date& today, int64_t party_count,
                    int64_t ip_count) {
  PoolBuilder b(rows, rng, at, today);
  b.Reserve(party_count, ip_count);
  for (const auto& s : kSeedEnterprises) {
    b.AddEnterprise(std::string(s.name), FindCounty(s.county), FindIndustry(s.industry),
                    std::string(s.brand));
  }
  // Respondents of administrative suits: the city bureau, then the county bureaus.
  b.AddOrgan("晋中市市场监督管理局", "140700", 0);
  const auto& counties = Counties();
  for (size_t i = 0; i < counties.size(); ++i) {
    b.AddOrgan(std::string(counties[i].name) + "市场监督管理局", counties[i].area_code,
               static_cast<int>(i));
  }
  // Mix: 45 % enterprises, 15 % 个体工商户, 40 % people.
  const int64_t rest = std::max<int64_t>(party_count - 23, 60);
  for (int64_t i = 0; i < rest; ++i) {
    const int64_t r = i % 20;
    if (r < 9) {
      b.AddRandomEnterprise();
    } else if (r < 12) {
      b.AddShop();
    } else {
      b.AddPerson();
    }
  }
  for (const auto& gi : kSeedGis) {
    PoolIp ip;
    ip.kind = IpKind::kGeographicalIndication;
    ip.title = std::string(gi.name);
    ip.product = std::string(gi.product);
    ip.county = FindCounty(gi.county);
    b.AddIp(std::move(ip), std::nullopt, std::nullopt, std::nullopt, "valid");
  }
  for (int64_t i = 3; i < std::max<int64_t>(ip_count, 40); ++i) b.AddRandomIp();
  return b.Take();
}

}  // namespace sg::demo
