// Dict spellings of the plan's enums and the outcome table of each case kind.
#include "demo/plan.h"

namespace sg::demo {

std::string_view KindValue(Kind kind) {
  static constexpr std::string_view kValues[kKindCount] = {
      "complaint",      "report",          "admin_penalty", "patent_adjudication", "mediation",
      "arbitration",    "civil_first",     "civil_second",  "admin_first",         "admin_second",
      "criminal_first", "criminal_second", "enforcement"};
  return kValues[static_cast<size_t>(kind)];
}

std::string_view RoleValue(Role role) {
  static constexpr std::string_view kValues[] = {"plaintiff",
                                                 "defendant",
                                                 "appellant",
                                                 "appellee",
                                                 "complainant",
                                                 "reporter",
                                                 "respondent",
                                                 "party_concerned",
                                                 "applicant",
                                                 "accused",
                                                 "victim",
                                                 "enforcement_applicant",
                                                 "enforcement_respondent"};
  return kValues[static_cast<size_t>(role)];
}

std::string_view ProcedureValue(Procedure p) {
  switch (p) {
    case Procedure::kOrdinary:
      return "ordinary";
    case Procedure::kSummary:
      return "summary";
    case Procedure::kSmallClaims:
      return "small_claims";
    case Procedure::kNone:
      break;
  }
  return {};
}

std::string_view LinkTypeValue(LinkType t) {
  switch (t) {
    case LinkType::kTransferredTo:
      return "transferred_to";
    case LinkType::kDivertedTo:
      return "diverted_to";
    case LinkType::kAppealOf:
      return "appeal_of";
    case LinkType::kRelated:
      return "related";
    case LinkType::kNone:
      break;
  }
  return {};
}

const std::vector<Outcome>& Outcomes(Kind kind) {
  // {text, code (dict case_outcome), weight, appealable, enforceable, transfers, diverts,
  //  to_arbitration}
  static const std::vector<Outcome> kTables[kKindCount] = {
      // complaint (市场监督管理投诉举报处理暂行办法): mediation by the bureau, or a hand-over.
      {{"调解达成协议", "mediation", 40},
       {"调解不成，终止调解", "mediation_failed", 25},
       {"发现违法线索，移送立案查处", "transfer", 20, false, false, true},
       {"双方同意，分流至知识产权仲裁中心调解", "transfer", 10, false, false, false, true},
       {"双方达成仲裁协议，分流至知识产权仲裁中心仲裁", "transfer", 5, false, false, false, true,
        true},
       // The 12345 hotline neither mediates nor investigates: it hands the matter on.
       {"已转办相关部门处理并答复诉求人", "complaint_closed", 0}},
      // report: handled under the penalty procedure.
      {{"经核查存在违法行为，立案查处", "transfer", 45, false, false, true},
       {"经核查未发现违法行为，不予立案", "no_filing", 55}},
      // admin_penalty: `appealable` marks a decision the party may challenge in court.
      {{"作出行政处罚决定：没收侵权商品并处罚款", "penalty", 70, true},
       {"违法行为轻微并及时改正，不予行政处罚", "no_penalty", 12},
       {"违法事实不能成立，不予行政处罚", "no_penalty", 13},
       {"涉嫌犯罪，移送公安机关", "transfer", 5}},
      // patent_adjudication
      {{"认定侵权成立，责令停止侵权行为", "award", 55},
       {"驳回处理请求", "award", 20},
       {"调解结案", "mediation", 15},
       {"请求人撤回处理请求", "withdrawal", 10}},
      // mediation: index 1 is the failure that sends a 诉前调解 case back to court.
      {{"调解成功，达成调解协议", "mediation", 60}, {"调解不成，终结调解", "mediation_failed", 40}},
      // arbitration
      {{"作出裁决", "award", 60, false, true},
       {"调解结案，制作调解书", "mediation", 25, false, true},
       {"申请人撤回仲裁申请", "withdrawal", 15}},
      // civil_first
      {{"判决", "judgment", 40, true, true},
       {"调解结案", "mediation", 35, false, true},
       {"原告撤诉", "withdrawal", 25}},
      // civil_second
      {{"判决驳回上诉，维持原判", "judgment", 60, false, true},
       {"改判", "judgment", 15, false, true},
       {"调解结案", "mediation", 10, false, true},
       {"上诉人撤回上诉", "withdrawal", 15, false, true}},
      // admin_first
      {{"判决驳回原告诉讼请求", "rejection", 60, true},
       {"判决撤销行政处罚决定", "judgment", 10, true},
       {"原告撤诉", "withdrawal", 30}},
      // admin_second
      {{"判决驳回上诉，维持原判", "judgment", 85}, {"上诉人撤回上诉", "withdrawal", 15}},
      // criminal_first
      {{"判决有罪，判处有期徒刑并处罚金", "judgment", 70, true},
       {"判决有罪，判处拘役并处罚金", "judgment", 20, true},
       {"判决有罪，单处罚金", "judgment", 10, true}},
      // criminal_second
      {{"裁定驳回上诉，维持原判", "ruling", 85}, {"改判", "judgment", 15}},
      // enforcement
      {{"执行完毕", "enforced", 55},
       {"执行和解", "enforced", 15},
       {"终结本次执行程序", "termination_of_enforcement", 30}},
  };
  return kTables[static_cast<size_t>(kind)];
}

}  // namespace sg::demo
