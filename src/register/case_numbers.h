// Case numbers, assigned when a case is filed (shared/API.md, "Numbers").
//
// Courts: the SPC rule (关于人民法院案件案号的若干规定, 2015; 法〔2018〕335号):
// （2024）晋07知民初15号, with the sequence per court, year, specialised character and type code.
// Other agencies: the agency's template, by default {agency_abbr}{kind_abbr}〔{year}〕{seq}号
// (晋中市监处〔2024〕12号), with the sequence per agency, kind and year.
//
// The sequence is taken inside the caller's write transaction, so a number is used only when
// the case that takes it commits: there are no gaps and no duplicates.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "store/db.h"

namespace sg::reg {

struct NumberingAgency {
  int64_t id = 0;
  std::string type;  // dict agency_type
  std::string abbr;
  std::optional<std::string> court_code;
  std::optional<std::string> case_number_template;
};

// The default template for agencies that are not courts.
inline constexpr std::string_view kDefaultCaseNumberTemplate =
    "{agency_abbr}{kind_abbr}〔{year}〕{seq}号";

// The type code of a court case kind: civil_first -> 民初 …; empty for other kinds.
std::string_view CourtTypeCode(std::string_view kind);
// The specialised-trial character: 知 for IP trials, empty for enforcement (执).
std::string_view CourtSpecializedChar(std::string_view kind);
// The abbreviation of a non-court kind used in templates: admin_penalty -> 处 …
std::string_view KindAbbr(std::string_view kind);

// Renders a template. Placeholders: {agency_abbr} {kind_abbr} {year} {seq}. Returns nullopt when
// the template has an unknown placeholder or lacks {seq}.
std::optional<std::string> RenderCaseNumberTemplate(std::string_view tmpl,
                                                    std::string_view agency_abbr,
                                                    std::string_view kind_abbr, int year,
                                                    int64_t seq);

// Takes the next number for a case of `kind` filed in `year`. Must run in a write transaction.
// Throws ApiError (400) when a court agency has no court code.
std::string AssignCaseNumber(store::Connection& conn, const NumberingAgency& agency,
                             std::string_view kind, int year);

// Keeps AssignCaseNumber from giving out `number` again when a case arrives already numbered (an
// import): when `number` is one this agency's numbering gives a case of `kind` — a court's 案号
// with its court code, specialised character and type code (core::ParseCaseNumber), or another
// agency's number in its template — raises that sequence (of the number's year; `year`, the
// filing year, for a template without one) to at least the number's sequence. Any other number
// changes nothing. Must run in the write transaction that stores the case.
void NoteCaseNumber(store::Connection& conn, const NumberingAgency& agency, std::string_view kind,
                    int year, std::string_view number);

// The numbering facts of agency `id`, with its court level (empty for other agencies); nullopt
// when there is no such agency.
struct AgencyNumbering {
  NumberingAgency numbering;
  std::string court_level;
};
std::optional<AgencyNumbering> LoadNumberingAgency(store::Connection& conn, int64_t id);

}  // namespace sg::reg
