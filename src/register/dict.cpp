#include "register/dict.h"

#include <map>

namespace sg::reg {

const std::vector<DictEnum>& Dictionary() {
  static const std::vector<DictEnum> kDict = {
      {"case_kind",
       {{"complaint", "投诉"},
        {"report", "举报"},
        {"admin_penalty", "行政处罚"},
        {"patent_adjudication", "专利侵权纠纷行政裁决"},
        {"mediation", "调解"},
        {"arbitration", "仲裁"},
        {"civil_first", "民事一审"},
        {"civil_second", "民事二审"},
        {"admin_first", "行政一审"},
        {"admin_second", "行政二审"},
        {"criminal_first", "刑事一审"},
        {"criminal_second", "刑事二审"},
        {"enforcement", "执行"}}},
      {"case_status",
       {{"received", "已收案待立案"},
        {"filed", "已立案"},
        {"suspended", "中止"},
        {"closed", "已结案"}}},
      {"procedure",
       {{"ordinary", "普通程序"}, {"summary", "简易程序"}, {"small_claims", "小额诉讼程序"}}},
      {"agency_type",
       {{"court", "人民法院"},
        {"market_regulation", "市场监督管理部门"},
        {"arbitration", "仲裁机构"},
        {"hotline", "热线平台"},
        {"ip_office", "知识产权局"},
        {"science_bureau", "科学技术局"},
        {"public_security", "公安机关"},
        {"procuratorate", "人民检察院"},
        {"supervisor", "监督部门"}}},
      {"court_level",
       {{"supreme", "最高人民法院"},
        {"high", "高级人民法院"},
        {"intermediate", "中级人民法院"},
        {"basic", "基层人民法院"}}},
      {"party_type", {{"person", "自然人"}, {"organization", "法人或非法人组织"}}},
      {"party_role",
       {{"plaintiff", "原告"},
        {"defendant", "被告"},
        {"third_party", "第三人"},
        {"appellant", "上诉人"},
        {"appellee", "被上诉人"},
        {"complainant", "投诉人"},
        {"reporter", "举报人"},
        {"respondent", "被投诉人/被申请人"},
        {"party_concerned", "当事人"},
        {"applicant", "申请人"},
        {"accused", "被告人"},
        {"victim", "被害人"},
        {"enforcement_applicant", "申请执行人"},
        {"enforcement_respondent", "被执行人"}}},
      {"ip_type",
       {{"patent_invention", "发明专利"},
        {"patent_utility_model", "实用新型专利"},
        {"patent_design", "外观设计专利"},
        {"trademark", "商标"},
        {"geographical_indication", "地理标志"},
        {"copyright", "著作权"},
        {"trade_secret", "商业秘密"}}},
      {"ip_status",
       {{"pending", "审查中"},
        {"valid", "有效"},
        {"expired", "期限届满"},
        {"invalidated", "已宣告无效"},
        {"lapsed", "已失效"}}},
      {"link_type",
       {{"transferred_to", "移送"},
        {"diverted_to", "分流"},
        {"appeal_of", "上诉"},
        {"related", "关联"}}},
      {"event_type",
       {{"created", "登记"},
        {"updated", "修改"},
        {"filed", "立案"},
        {"suspended", "中止"},
        {"resumed", "恢复"},
        {"closed", "结案"},
        {"assigned", "分配承办人"},
        {"linked", "关联案件"}}},
      // How a case ended: the `outcome` field of every closing workflow action.
      {"case_outcome",
       {{"judgment", "判决"},
        {"ruling", "裁定"},
        {"mediation", "调解"},
        {"withdrawal", "撤诉"},
        {"dismissal", "驳回起诉"},
        {"rejection", "驳回诉讼请求"},
        {"transfer", "移送"},
        {"not_accepted", "不予受理"},
        {"penalty", "行政处罚决定"},
        {"no_penalty", "不予行政处罚"},
        {"award", "裁决"},
        {"settlement", "和解"},
        {"mediation_failed", "调解不成"},
        {"terminated", "终结"},
        {"enforced", "执行完毕"},
        {"termination_of_enforcement", "终结本次执行程序"},
        {"complaint_closed", "办结"},
        {"no_filing", "不予立案"},
        // Not an action's outcome: the receiving agency returned a transfer (service/transfers.h).
        {"returned", "退回移送"}}},
      {"appeal_result",
       {{"upheld", "维持原判"},
        {"revised", "改判"},
        {"remanded", "发回重审"},
        {"partly_revised", "部分改判"}}},
      {"service_method",
       {{"direct", "直接送达"},
        {"post", "邮寄送达"},
        {"electronic", "电子送达"},
        {"public_notice", "公告送达"},
        {"entrusted", "委托送达"},
        {"left", "留置送达"}}},
      // Not-counted periods: the union of the workflow definitions' suspension_kinds, with the
      // same labels (src/workflow/definition_test.cpp keeps them in step).
      {"suspension_kind",
       {{"suspension", "中止期间"},
        {"public_notice", "公告期间"},
        {"appraisal", "鉴定期间"},
        {"settlement", "和解期间"},
        {"jurisdiction_objection", "管辖权异议、管辖争议期间"},
        {"audit_valuation", "审计、评估、资产清理期间"},
        {"hearing", "听证期间"},
        {"testing", "检测期间"},
        {"inspection", "检验期间"},
        {"quarantine", "检疫期间"},
        {"rights_holder_identification", "权利人辨认鉴别期间"},
        {"testing_appraisal", "检定、检验、检测、鉴定期间"},
        {"mental_examination", "精神病鉴定期间"},
        {"defence_preparation", "另行委托、指定辩护人后的准备辩护期间"},
        {"supplementary_investigation", "补充侦查期间"},
        {"postponed_hearing", "申请新证据、重新鉴定或勘验而延期审理的期间"},
        {"procuratorate_review", "检察院查阅案卷超过七日的期间"},
        {"postponement", "暂缓执行期间"},
        {"auction", "拍卖、变卖被查封扣押财产的期间"},
        {"invalidation_pending", "专利权无效宣告请求审查期间"}}},
  };
  return kDict;
}

const std::vector<std::string>& DictValues(std::string_view name) {
  static const auto kValues = [] {
    std::map<std::string, std::vector<std::string>, std::less<>> m;
    for (const auto& e : Dictionary()) {
      auto& v = m[std::string(e.name)];
      for (const auto& entry : e.entries) v.emplace_back(entry.value);
    }
    return m;
  }();
  static const std::vector<std::string> kEmpty;
  auto it = kValues.find(name);
  return it == kValues.end() ? kEmpty : it->second;
}

bool InDict(std::string_view name, std::string_view value) {
  for (const auto& v : DictValues(name)) {
    if (v == value) return true;
  }
  return false;
}

std::string_view DictLabel(std::string_view name, std::string_view value) {
  for (const auto& e : Dictionary()) {
    if (e.name != name) continue;
    for (const auto& entry : e.entries) {
      if (entry.value == value) return entry.label;
    }
  }
  return value;
}

bool IsCourtKind(std::string_view kind) {
  return kind == "civil_first" || kind == "civil_second" || kind == "admin_first" ||
         kind == "admin_second" || kind == "criminal_first" || kind == "criminal_second" ||
         kind == "enforcement";
}

bool AgencyMayOwn(std::string_view agency_type, std::string_view court_level,
                  std::string_view kind) {
  if (IsCourtKind(kind)) {
    if (agency_type != "court") return false;
    const bool second =
        kind == "civil_second" || kind == "admin_second" || kind == "criminal_second";
    // Appeals go to a court above the basic level (民事诉讼法 Art. 171).
    return !second || court_level != "basic";
  }
  if (kind == "complaint") return agency_type == "market_regulation" || agency_type == "hotline";
  // The police receive a suspected crime from an enforcement agency as a report (clue) they
  // decide to file or not (行政执法机关移送涉嫌犯罪案件的规定 第8条).
  if (kind == "report") {
    return agency_type == "market_regulation" || agency_type == "hotline" ||
           agency_type == "public_security";
  }
  if (kind == "admin_penalty") return agency_type == "market_regulation";
  if (kind == "patent_adjudication") {
    return agency_type == "market_regulation" || agency_type == "ip_office";
  }
  if (kind == "mediation") {
    return agency_type == "arbitration" || agency_type == "court" ||
           agency_type == "market_regulation";
  }
  if (kind == "arbitration") return agency_type == "arbitration";
  return false;
}

}  // namespace sg::reg
