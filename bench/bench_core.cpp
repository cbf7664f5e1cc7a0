// In-process costs on the hot paths: identifier validation, name normalisation and the case
// read (4 queries + JSON) that GET /api/v1/cases/{id} does.
#include <benchmark/benchmark.h>

#include <boost/json/serialize.hpp>

#include "core/text_normalize.h"
#include "core/validation.h"
#include "register/records.h"
#include "service/cases.h"
#include "store/database.h"
#include "store/test_util.h"

namespace {

void BM_ValidateUscc(benchmark::State& state) {
  for (auto _ : state) {
    benchmark::DoNotOptimize(sg::core::Validate("uscc", "91110000802100433B", {2024, 6, 3}));
  }
}
BENCHMARK(BM_ValidateUscc);

void BM_ValidateCaseNumber(benchmark::State& state) {
  for (auto _ : state) {
    benchmark::DoNotOptimize(
        sg::core::Validate("case_number", "（2024）晋07知民初15号", {2024, 6, 3}));
  }
}
BENCHMARK(BM_ValidateCaseNumber);

void BM_NormalizeName(benchmark::State& state) {
  for (auto _ : state) {
    benchmark::DoNotOptimize(sg::core::NormalizeName("山西 寿阳（小米）有限责任公司"));
  }
}
BENCHMARK(BM_NormalizeName);

void BM_GetCaseJson(benchmark::State& state) {
  sg::store::testing::TempDir dir;
  sg::FixedClock clock(1717376400000);
  auto db = sg::store::Database::Open("sqlite:" + dir.File("b.db"), clock, {});
  db->writer().Run([](sg::store::WriteContext& ctx) {
    const int64_t agency =
        sg::reg::InsertAgency(ctx.conn(), 0,
                              {"a", std::nullopt, "晋中市中级人民法院", "晋中中院", "court",
                               "intermediate", "晋07", "140700", std::nullopt});
    const int64_t party = sg::reg::InsertParty(
        ctx.conn(), 0, {"p", "organization", "山西某科技有限公司", {}, {}, {}, {}, {}, {}, {}});
    sg::reg::NewCase c;
    c.uid = "c";
    c.kind = "civil_first";
    c.agency_id = agency;
    c.title = "山西某科技有限公司诉某商贸公司侵害商标权纠纷";
    c.status = "filed";
    c.received_on = "2024-05-20";
    c.filed_on = "2024-05-22";
    c.case_number = "（2024）晋07知民初1号";
    c.parties = {{party, "plaintiff", {}, {}}};
    sg::reg::InsertCase(ctx.conn(), c);
  });
  auto reader = db->Reader();
  const sg::auth::Principal system = sg::auth::SystemPrincipal();
  for (auto _ : state) {
    benchmark::DoNotOptimize(
        boost::json::serialize(sg::svc::GetCase(*reader, system, 1, sg::Date{2024, 6, 3})));
  }
}
BENCHMARK(BM_GetCaseJson);

}  // namespace
