// Word tables for the demo data: counties of Jinzhong, personal names, trade names, industries
// with their Nice classes, products and patent subjects. Data only; the makers in names.h and
// pool.cpp combine them.
#pragma once

#include <string_view>
#include <vector>

namespace sg::demo {

// A county-level division of Jinzhong (jinzhong.md) and how it is spelt in names.
struct County {
  std::string_view name;        // 榆次区
  std::string_view area_code;   // 140702
  std::string_view short_name;  // 榆次, for abbreviations
  std::string_view code;        // ASCII, for usernames
  int weight;                   // share of the city's enterprises and residents, roughly
  std::vector<std::string_view> streets;
};
const std::vector<County>& Counties();

// Subjects of a patent: `device` ones fit all three types (a design takes the product), the
// others are methods and fit only inventions.
struct PatentSubject {
  std::string_view text;  // without the leading 一种
  bool device;
};

struct Industry {
  std::string_view name;  // the industry word in a company name: 食品, 药业, 液压件制造 …
  int nice_class;         // the class its own trademarks are registered in
  std::vector<std::string_view> products;  // what counterfeits of its brand are sold as
  std::vector<PatentSubject> patents;      // empty: the industry files no patents
  bool copyright;                          // it owns works or software
  int weight;
};
const std::vector<Industry>& Industries();

// Surnames roughly in frequency order (the makers favour the front), and given-name characters.
const std::vector<std::string_view>& Surnames();
const std::vector<std::string_view>& GivenNameChars();
// Characters that trade names (字号) are made of.
const std::vector<std::string_view>& TradeNameChars();
// Shop kinds for 个体工商户 names: 副食店, 五金商行 …
const std::vector<std::string_view>& ShopKinds();

}  // namespace sg::demo
