#include "demo/names.h"

namespace sg::demo {

std::string MakePersonName(Rng& rng) {
  const auto& surnames = Surnames();
  // Squaring a uniform draw favours the front of the list, as real surname frequencies do.
  const double u = rng.Unit();
  std::string name(surnames[static_cast<size_t>(u * u * static_cast<double>(surnames.size()))]);
  const auto& given = GivenNameChars();
  name += rng.Pick(given);
  if (rng.Percent(70)) name += rng.Pick(given);
  return name;
}

std::string MakeTradeName(Rng& rng) {
  const auto& chars = TradeNameChars();
  const auto first = rng.Range(0, static_cast<int64_t>(chars.size()) - 1);
  auto second = rng.Range(0, static_cast<int64_t>(chars.size()) - 2);
  if (second >= first) ++second;
  return std::string(chars[static_cast<size_t>(first)]) +
         std::string(chars[static_cast<size_t>(second)]);
}

std::string MakeCompanyName(Rng& rng, const County& county, const std::string& trade_name,
                            const Industry& industry) {
  std::string name;
  switch (rng.Range(0, 9)) {
    case 0:
    case 1:
    case 2:
    case 3:
      name = "山西";
      break;
    case 4:
    case 5:
    case 6:
      name = "晋中市";
      break;
    default:
      name = county.name;
      break;
  }
  name += trade_name;
  name += industry.name;
  if (industry.name == "商贸" || industry.name == "电子商务") {
    name += "有限公司";
  } else {
    const auto form = rng.Range(0, 19);
    name += form == 0 ? "股份有限公司" : form == 1 ? "有限责任公司" : "有限公司";
  }
  return name;
}

std::string MakeShopName(Rng& rng, const County& county) {
  std::string name(county.name);
  if (rng.Percent(50)) {
    const auto& surnames = Surnames();
    name += surnames[static_cast<size_t>(rng.Range(0, 19))];
    name += "记";
  } else {
    name += MakeTradeName(rng);
  }
  name += rng.Pick(ShopKinds());
  return name;
}

std::string MakeAddress(Rng& rng, const County& county) {
  std::string out = "山西省晋中市";
  out += county.name;
  out += rng.Pick(county.streets);
  out += std::to_string(rng.Range(1, 399));
  out += "号";
  return out;
}

}  // namespace sg::demo
