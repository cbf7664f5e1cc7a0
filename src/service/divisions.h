// The county-level divisions of Jinzhong (晋中市, area code 140700) that the dashboard's map
// colours, with their administrative codes (shared/domain/jinzhong.md, from the national
// administrative division codes; 太谷 has been 太谷区, 140703, since 2019, formerly 太谷县 140726).
//
// A case counts in its owning agency's division; a case of a city-level agency (or any agency
// whose area is not one of these, such as the provincial high court) counts under the place of
// the case (cases.area_code) when that is a division, else under 市本级 (kCityLevel).
#pragma once

#include <array>
#include <string_view>

namespace sg::svc {

struct Division {
  std::string_view code;
  std::string_view name;
};

inline constexpr Division kCityLevel{"140700", "市本级"};

inline constexpr std::array<Division, 11> kDivisions{{
    {"140702", "榆次区"},
    {"140703", "太谷区"},
    {"140721", "榆社县"},
    {"140722", "左权县"},
    {"140723", "和顺县"},
    {"140724", "昔阳县"},
    {"140725", "寿阳县"},
    {"140727", "祁县"},
    {"140728", "平遥县"},
    {"140729", "灵石县"},
    {"140781", "介休市"},
}};

}  // namespace sg::svc
