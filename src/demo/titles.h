// Case titles as Chinese registers write them, e.g. 原告山西晋华食品有限公司诉被告榆次区王记副食店
// 侵害商标权纠纷, 关于介休市鑫源超市销售假冒“太重”牌液压件的举报.
#pragma once

#include <string>

#include "demo/plan.h"
#include "demo/pool.h"

namespace sg::demo {

// The title of a planned case, from its kind, parties and first IP right. `source` is the plan
// it derives from (plan.link_peer), or null.
std::string CaseTitle(const CasePlan& plan, const CasePlan* source, const DemoPool& pool);

// The cause of action (案由) of a civil infringement dispute over `ip`: 侵害商标权纠纷 …
std::string InfringementCause(const PoolIp& ip);

}  // namespace sg::demo
