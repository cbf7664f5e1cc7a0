#include "demo/titles.h"

namespace sg::demo {
namespace {

// “寿阳小米” with Chinese quotation marks.
std::string Quoted(const std::string& s) { return "“" + s + "”"; }

bool IsSoftware(const PoolIp& ip) { return ip.number.find("SR") != std::string::npos; }

// What the infringer did, for complaints, reports and penalty cases.
std::string Conduct(const PoolIp& ip) {
  switch (ip.kind) {
    case IpKind::kTrademark:
      return "销售假冒" + Quoted(ip.title) + "牌" + ip.product;
    case IpKind::kGeographicalIndication:
      return "销售冒用" + Quoted(ip.title) + "地理标志的" + ip.product;
    case IpKind::kInvention:
    case IpKind::kUtilityModel:
    case IpKind::kDesign:
      return "销售的" + ip.product + "假冒专利（专利号" + ip.number + "）";
    case IpKind::kCopyright:
      return IsSoftware(ip) ? "使用盗版软件" + Quoted(ip.title)
                            : "擅自使用美术作品" + Quoted(ip.title);
    case IpKind::kTradeSecret:
      return "侵犯商业秘密";
  }
  return {};
}

// The penalty case's name of the violation: 侵犯“寿阳小米”地理标志案 …
std::string Violation(const PoolIp& ip) {
  switch (ip.kind) {
    case IpKind::kTrademark:
      return "销售侵犯" + Quoted(ip.title) + "注册商标专用权商品案";
    case IpKind::kGeographicalIndication:
      return "侵犯" + Quoted(ip.title) + "地理标志案";
    case IpKind::kInvention:
    case IpKind::kUtilityModel:
    case IpKind::kDesign:
      return "假冒专利案";
    case IpKind::kCopyright:
      return "侵犯著作权案";
    case IpKind::kTradeSecret:
      return "侵犯商业秘密案";
  }
  return {};
}

// The charge (刑法 Arts. 213, 214, 217, 219); `seller` picks selling over making counterfeits.
std::string Crime(const PoolIp& ip, bool seller) {
  switch (ip.kind) {
    case IpKind::kCopyright:
      return "侵犯著作权";
    case IpKind::kTradeSecret:
      return "侵犯商业秘密";
    default:
      return seller ? "销售假冒注册商标的商品" : "假冒注册商标";
  }
}

// The contract dispute behind an arbitration: a licence of the right.
std::string ContractCause(const PoolIp& ip) {
  switch (ip.kind) {
    case IpKind::kInvention:
    case IpKind::kUtilityModel:
    case IpKind::kDesign:
      return "专利实施许可合同纠纷";
    case IpKind::kCopyright:
      return IsSoftware(ip) ? "计算机软件开发合同纠纷" : "著作权许可使用合同纠纷";
    case IpKind::kTradeSecret:
      return "技术秘密许可使用合同纠纷";
    default:
      return "商标使用许可合同纠纷";
  }
}

std::string PatentKindWord(IpKind k) {
  return k == IpKind::kInvention ? "发明" : k == IpKind::kUtilityModel ? "实用新型" : "外观设计";
}

}  // namespace

std::string InfringementCause(const PoolIp& ip) {
  switch (ip.kind) {
    case IpKind::kInvention:
    case IpKind::kUtilityModel:
    case IpKind::kDesign:
      return "侵害" + PatentKindWord(ip.kind) + "专利权纠纷";
    case IpKind::kCopyright:
      return IsSoftware(ip) ? "侵害计算机软件著作权纠纷" : "侵害著作权纠纷";
    case IpKind::kTradeSecret:
      return "侵害商业秘密纠纷";
    default:
      return "侵害商标权纠纷";  // a GI is protected as a collective or certification mark
  }
}

std::string CaseTitle(const CasePlan& p, const CasePlan* source, const DemoPool& pool) {
  const auto& a = pool.parties[static_cast<size_t>(p.parties[0])].name;
  const std::string& b =
      p.party_count > 1 ? pool.parties[static_cast<size_t>(p.parties[1])].name : a;
  const PoolIp& ip = pool.ips[static_cast<size_t>(p.ips[0])];
  const bool online =
      pool.parties[static_cast<size_t>(p.parties[p.party_count > 1 ? 1 : 0])].name.find(
          "电子商务") != std::string::npos;
  switch (p.kind) {
    case Kind::kComplaint:
      return "关于" + b + (online ? "在网店" : "") + Conduct(ip) + "的投诉";
    case Kind::kReport:
      return "关于" + b + (online ? "在网店" : "") + Conduct(ip) + "的举报";
    case Kind::kAdminPenalty:
      return a + Violation(ip);
    case Kind::kPatentAdjudication:
      return a + "请求处理" + b + "侵犯" + PatentKindWord(ip.kind) + "专利权纠纷案";
    case Kind::kMediation:
      return a + "与" + b + InfringementCause(ip) + "调解案";
    case Kind::kArbitration:
      return a + "与" + b + ContractCause(ip) + "仲裁案";
    case Kind::kCivilFirst: {
      std::string t = "原告" + a + "诉被告" + b;
      if (p.party_count > 2) t += "、" + pool.parties[static_cast<size_t>(p.parties[2])].name;
      return t + InfringementCause(ip);
    }
    case Kind::kCivilSecond:
      return "上诉人" + a + "与被上诉人" + b + InfringementCause(ip) + "二审案";
    case Kind::kAdminFirst:
      return a + "诉" + b + "市场监督管理行政处罚纠纷";
    case Kind::kAdminSecond:
      return "上诉人" + a + "与被上诉人" + b + "市场监督管理行政处罚纠纷二审案";
    case Kind::kCriminalFirst:
      return "被告人" + a + Crime(ip, p.parties[0] % 3 != 0) + "案";
    case Kind::kCriminalSecond:
      return "上诉人（原审被告人）" + a + Crime(ip, p.parties[0] % 3 != 0) + "二审案";
    case Kind::kEnforcement:
      return "申请执行人" + a + "与被执行人" + b +
             (source && source->kind == Kind::kArbitration ? ContractCause(ip) + "仲裁裁决"
                                                           : InfringementCause(ip)) +
             "执行案";
  }
  return a;
}

}  // namespace sg::demo
