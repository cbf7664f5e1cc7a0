// The 12315 and 12345 work-order mappings (docs/data-exchange.md "Hotline work orders"): each
// work order becomes a complaint or report case, stored by CaseStore.
#include <algorithm>

#include "base/errors.h"
#include "core/text_normalize.h"
#include "exchange/case_store.h"
#include "exchange/columns.h"
#include "service/field_checks.h"

namespace sg::exch {
namespace {

class HotlineImporter final : public RowImporter {
 public:
  explicit HotlineImporter(ImportEnv& env)
      : env_(env),
        store_(env),
        source_(env.options.source_system
                    ? *env.options.source_system
                    : (env.options.mapping == Mapping::kHotline12315 ? "12315" : "12345")) {}

  SourceSpec Spec() const override {
    SourceSpec s;
    s.fields = kHotlineFieldCount;
    s.resolve = [](std::string_view h) -> std::optional<size_t> {
      auto f = FindHotlineField(h);
      if (!f) return std::nullopt;
      return static_cast<size_t>(*f);
    };
    s.strict_headers = false;
    s.field_name = HotlineFieldName;
    return s;
  }

  RowOutcome Import(const SourceRow& row) override {
    auto cell = [&](HotlineField f) -> const Cell& { return row.cells[static_cast<size_t>(f)]; };
    auto name = [](HotlineField f) { return HotlineFieldName(static_cast<size_t>(f)); };
    const Date today = env_.clock.today;
    CaseDraft d;
    reg::NewCase& c = d.row;
    c.external_id = CodeCell(cell(HotlineField::kOrderId), name(HotlineField::kOrderId), 128);
    if (!c.external_id) ThrowInvalidField(name(HotlineField::kOrderId), "工单编号不能为空");
    c.source_system = source_;
    const std::string category =
        TextCell(cell(HotlineField::kCategory), name(HotlineField::kCategory), 200).value_or("");
    c.kind = category.find("举报") != std::string::npos ? "report" : "complaint";
    const auto received =
        DateCell(cell(HotlineField::kReceivedAt), name(HotlineField::kReceivedAt));
    const Date r = received.value_or(today);
    svc::CheckNotFuture(r, today, name(HotlineField::kReceivedAt));
    c.received_on = r.ToString();
    c.status = "received";
    d.agency_name = TextCell(cell(HotlineField::kAgency), name(HotlineField::kAgency), 300);

    auto who = TextCell(cell(HotlineField::kComplainant), name(HotlineField::kComplainant), 300);
    if (who && (*who == "匿名" || *who == "无")) who.reset();  // anonymous: no party
    if (who) {
      DraftParty p;
      p.field = name(HotlineField::kComplainant);
      p.role = c.kind == "report" ? "reporter" : "complainant";
      p.party.type = "person";
      p.party.name = *who;
      if (auto idn = CodeCell(cell(HotlineField::kIdNumber), name(HotlineField::kIdNumber), 64)) {
        p.party.id_number =
            CheckIdentifier("id_number", *idn, today, name(HotlineField::kIdNumber));
      }
      if (auto phone = CodeCell(cell(HotlineField::kPhone), name(HotlineField::kPhone), 32)) {
        if (phone->find_first_not_of("0123456789-+ ") != std::string::npos) {
          ThrowInvalidField(name(HotlineField::kPhone), "电话号码只能包含数字、空格、+ 和 -");
        }
        p.party.phone = *phone;
      }
      d.parties.push_back(std::move(p));
    }
    const auto respondent =
        TextCell(cell(HotlineField::kRespondent), name(HotlineField::kRespondent), 300);
    if (respondent) {
      DraftParty p;
      p.field = name(HotlineField::kRespondent);
      p.role = "respondent";
      p.party.name = *respondent;
      if (auto uscc = CodeCell(cell(HotlineField::kUscc), name(HotlineField::kUscc), 64)) {
        p.party.uscc = CheckIdentifier("uscc", *uscc, today, name(HotlineField::kUscc));
        p.party.type = "organization";
      } else {
        p.party.type = LooksLikeOrganization(*respondent) ? "organization" : "person";
      }
      p.party.address = TextCell(cell(HotlineField::kAddress), name(HotlineField::kAddress), 300);
      d.parties.push_back(std::move(p));
    }
    c.summary =
        TextCell(cell(HotlineField::kContent), name(HotlineField::kContent), kMaxCaseSummary);
    c.tags = ParseTags(cell(HotlineField::kGoods), name(HotlineField::kGoods));
    for (auto& brand : ParseTags(cell(HotlineField::kBrand), name(HotlineField::kBrand))) {
      if (std::find(c.tags.begin(), c.tags.end(), brand) == c.tags.end()) {
        c.tags.push_back(std::move(brand));
      }
    }
    if (c.tags.size() > 20)
      ThrowInvalidField(name(HotlineField::kBrand), "商品和品牌合计最多 20 个");
    const char* what = c.kind == "report" ? "举报" : "投诉";
    if (auto t = TextCell(cell(HotlineField::kTitle), name(HotlineField::kTitle), kMaxCaseTitle)) {
      c.title = *t;
    } else if (respondent) {
      c.title = "关于" + *respondent + "的" + what;
    } else {
      c.title = source_ + " 工单 " + *c.external_id;
    }
    if (c.title.size() > kMaxCaseTitle) c.title = core::ValidUtf8Prefix(c.title, kMaxCaseTitle);
    return store_.Store(d, row.line);
  }

  void Finish() override { store_.Finish(); }

 private:
  ImportEnv& env_;
  CaseStore store_;
  std::string source_;
};

}  // namespace

std::unique_ptr<RowImporter> MakeHotlineImporter(ImportEnv& env) {
  return std::make_unique<HotlineImporter>(env);
}

}  // namespace sg::exch
