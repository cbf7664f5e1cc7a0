#include "register/case_numbers.h"

#include <optional>
#include <utility>

#include "base/errors.h"
#include "core/case_number.h"
#include "register/dict.h"

namespace sg::reg {
namespace {

// One statement takes the next value on both engines (SQLite 3.35+, PostgreSQL 9.5+).
constexpr std::string_view kNextSeq =
    "INSERT INTO case_number_sequences (scope, last) VALUES (?, 1) "
    "ON CONFLICT (scope) DO UPDATE SET last = case_number_sequences.last + 1 RETURNING last";

// Raises a sequence to at least a number already used (ImportedCaseNumber).
constexpr std::string_view kRaiseSeq =
    "INSERT INTO case_number_sequences (scope, last) VALUES (?, ?) "
    "ON CONFLICT (scope) DO UPDATE SET last = CASE WHEN excluded.last > case_number_sequences.last "
    "THEN excluded.last ELSE case_number_sequences.last END";

int64_t NextSequence(store::Connection& conn, const std::string& scope) {
  auto rows = conn.Query(kNextSeq, scope);
  if (!rows.Next()) throw store::DbError("case number sequence gave no row");
  return rows.Int(0);
}

// The sequence a court number belongs to: per court, year, specialised character and type.
std::string CourtScope(const core::CaseNumber& n) {
  return "court|" + n.court_code + "|" + std::to_string(n.year) + "|" + n.specialized + "|" +
         n.type_code;
}

// The sequence of another agency's numbers: per agency, kind and year.
std::string AgencyScope(const NumberingAgency& agency, std::string_view kind, int year) {
  return "agency|" + std::to_string(agency.id) + "|" + std::string(kind) + "|" +
         std::to_string(year);
}

// Reads `number` back through `tmpl` as RenderCaseNumberTemplate would have written it: the
// year (or `year` when the template has none) and the sequence; nullopt when it does not fit.
std::optional<std::pair<int, int64_t>> MatchTemplate(std::string_view tmpl,
                                                     std::string_view agency_abbr,
                                                     std::string_view kind_abbr,
                                                     std::string_view number, int year) {
  const auto digits = [&](size_t at, size_t max) {
    size_t n = 0;
    while (at + n < number.size() && n < max && number[at + n] >= '0' && number[at + n] <= '9') {
      ++n;
    }
    return n;
  };
  const auto to_int = [](std::string_view d) {
    int64_t v = 0;
    for (char ch : d) v = v * 10 + (ch - '0');
    return v;
  };
  std::optional<int64_t> seq;
  size_t at = 0;
  for (size_t i = 0; i < tmpl.size();) {
    if (tmpl[i] != '{') {
      if (at >= number.size() || number[at] != tmpl[i]) return std::nullopt;
      ++at;
      ++i;
      continue;
    }
    const size_t close = tmpl.find('}', i);
    if (close == std::string_view::npos) return std::nullopt;
    const std::string_view name = tmpl.substr(i + 1, close - i - 1);
    i = close + 1;
    std::string_view text;
    if (name == "agency_abbr" || name == "kind_abbr") {
      text = name == "agency_abbr" ? agency_abbr : kind_abbr;
      if (number.substr(at, text.size()) != text) return std::nullopt;
      at += text.size();
    } else if (name == "year") {
      if (digits(at, 4) != 4) return std::nullopt;
      year = static_cast<int>(to_int(number.substr(at, 4)));
      at += 4;
    } else if (name == "seq") {
      const size_t n = digits(at, 15);
      if (n == 0 || number[at] == '0') return std::nullopt;
      seq = to_int(number.substr(at, n));
      at += n;
    } else {
      return std::nullopt;
    }
  }
  if (!seq || at != number.size()) return std::nullopt;
  return std::pair<int, int64_t>{year, *seq};
}

}  // namespace

std::string_view CourtTypeCode(std::string_view kind) {
  if (kind == "civil_first") return "民初";
  if (kind == "civil_second") return "民终";
  if (kind == "admin_first") return "行初";
  if (kind == "admin_second") return "行终";
  if (kind == "criminal_first") return "刑初";
  if (kind == "criminal_second") return "刑终";
  if (kind == "enforcement") return "执";
  return {};
}

std::string_view CourtSpecializedChar(std::string_view kind) {
  // IP trials carry 知 before the type code (知民初, 知行初, 知刑初); enforcement numbers do not.
  return kind == "enforcement" ? std::string_view{} : std::string_view{"知"};
}

std::string_view KindAbbr(std::string_view kind) {
  if (kind == "complaint") return "投";
  if (kind == "report") return "举";
  if (kind == "admin_penalty") return "处";
  if (kind == "patent_adjudication") return "裁";
  if (kind == "mediation") return "调";
  if (kind == "arbitration") return "仲";
  return "案";
}

std::optional<std::string> RenderCaseNumberTemplate(std::string_view tmpl,
                                                    std::string_view agency_abbr,
                                                    std::string_view kind_abbr, int year,
                                                    int64_t seq) {
  std::string out;
  bool has_seq = false;
  for (size_t i = 0; i < tmpl.size();) {
    if (tmpl[i] != '{') {
      out.push_back(tmpl[i++]);
      continue;
    }
    const size_t close = tmpl.find('}', i);
    if (close == std::string_view::npos) return std::nullopt;
    const std::string_view name = tmpl.substr(i + 1, close - i - 1);
    if (name == "agency_abbr") {
      out += agency_abbr;
    } else if (name == "kind_abbr") {
      out += kind_abbr;
    } else if (name == "year") {
      out += std::to_string(year);
    } else if (name == "seq") {
      out += std::to_string(seq);
      has_seq = true;
    } else {
      return std::nullopt;
    }
    i = close + 1;
  }
  if (!has_seq) return std::nullopt;
  return out;
}

std::string AssignCaseNumber(store::Connection& conn, const NumberingAgency& agency,
                             std::string_view kind, int year) {
  if (IsCourtKind(kind)) {
    if (!agency.court_code || agency.court_code->empty()) {
      ThrowInvalidField("agency_id", "该法院未配置法院代字，无法生成案号，请联系管理员");
    }
    core::CaseNumber n;
    n.year = year;
    n.court_code = *agency.court_code;
    n.specialized = std::string(CourtSpecializedChar(kind));
    n.type_code = std::string(CourtTypeCode(kind));
    n.legacy = false;
    n.sequence = NextSequence(conn, CourtScope(n));
    return core::FormatCaseNumber(n);
  }
  const std::string tmpl(
      agency.case_number_template.value_or(std::string(kDefaultCaseNumberTemplate)));
  const int64_t seq = NextSequence(conn, AgencyScope(agency, kind, year));
  auto number = RenderCaseNumberTemplate(tmpl, agency.abbr, KindAbbr(kind), year, seq);
  if (!number) {
    ThrowInvalidField("agency_id", "该机构的案号模板无效，请联系管理员修正");
  }
  return *number;
}

void NoteCaseNumber(store::Connection& conn, const NumberingAgency& agency, std::string_view kind,
                    int year, std::string_view number) {
  if (IsCourtKind(kind)) {
    const auto n = core::ParseCaseNumber(number);
    if (!n || n->legacy || !agency.court_code || n->court_code != *agency.court_code ||
        n->specialized != CourtSpecializedChar(kind) || n->type_code != CourtTypeCode(kind)) {
      return;
    }
    conn.Exec(kRaiseSeq, CourtScope(*n), n->sequence);
    return;
  }
  const std::string tmpl(
      agency.case_number_template.value_or(std::string(kDefaultCaseNumberTemplate)));
  const auto m = MatchTemplate(tmpl, agency.abbr, KindAbbr(kind), number, year);
  if (!m) return;
  conn.Exec(kRaiseSeq, AgencyScope(agency, kind, m->first), m->second);
}

std::optional<AgencyNumbering> LoadNumberingAgency(store::Connection& conn, int64_t id) {
  static constexpr std::string_view kAgency =
      "SELECT type, court_level, abbr, court_code, case_number_template FROM agencies "
      "WHERE id = ?";
  auto r = conn.Query(kAgency, id);
  if (!r.Next()) return std::nullopt;
  return AgencyNumbering{{id, r.Str(0), r.Str(2), r.OptStr(3), r.OptStr(4)},
                         r.OptStr(1).value_or("")};
}

}  // namespace sg::reg
