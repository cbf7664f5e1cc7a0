// Chinese names for generated people and businesses, from the tables in vocab.h.
#pragma once

#include <string>

#include "demo/rng.h"
#include "demo/vocab.h"

namespace sg::demo {

// A personal name: a surname (common ones more often) and one or two given-name characters.
std::string MakePersonName(Rng& rng);
// A two-character trade name (字号) such as 鑫源, never the same character twice.
std::string MakeTradeName(Rng& rng);
// An enterprise name: region + trade name + industry + company form, e.g.
// 晋中市鑫源食品有限公司, 山西晋华药业有限公司, 平遥县德盛肉制品有限公司.
std::string MakeCompanyName(Rng& rng, const County& county, const std::string& trade_name,
                            const Industry& industry);
// A 个体工商户 name: 榆次区王记副食店, 介休市鑫源五金商行.
std::string MakeShopName(Rng& rng, const County& county);
// A street address in the county: 山西省晋中市榆次区迎宾街128号.
std::string MakeAddress(Rng& rng, const County& county);

}  // namespace sg::demo
