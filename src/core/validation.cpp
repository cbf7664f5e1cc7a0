#include "core/validation.h"

#include "core/case_number.h"
#include "core/id_number.h"
#include "core/patent_number.h"
#include "core/uscc.h"

namespace sg::core {

std::optional<ValidationResult> Validate(std::string_view type, std::string_view value,
                                         const CivilDate& today) {
  if (type == "uscc") return ValidateUscc(value);
  if (type == "id_number") return ValidateIdNumber(value, today);
  if (type == "patent_number") return ValidatePatentNumber(value, today);
  if (type == "case_number") return ValidateCaseNumber(value, today);
  return std::nullopt;
}

}  // namespace sg::core
