// Internal to src/workflow: the checks ParseDefinition runs once the JSON shape has been read.
#pragma once

#include <string>
#include <string_view>

#include "workflow/definition.h"

namespace sg::wf::internal {

// Reports problems of one file as DefinitionError("<file>: <problem>").
class Reporter {
 public:
  explicit Reporter(std::string_view file) : file_(file) {}
  [[noreturn]] void Fail(std::string_view problem) const;
  const std::string& file() const { return file_; }

 private:
  std::string file_;
};

// `"text"`, for naming codes and keys in messages.
std::string Quote(std::string_view text);

// Applies every rule of docs/workflows.md to a definition whose shape is already valid; the
// first broken rule throws through `reporter`.
void Validate(const Reporter& reporter, const Definition& definition);

}  // namespace sg::wf::internal
