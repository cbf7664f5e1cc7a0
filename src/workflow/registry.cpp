#include <fstream>
#include <sstream>
#include <system_error>

#include "register/dict.h"
#include "workflow/definition.h"

namespace sg::wf {
namespace embedded {
// Generated from workflows/*.json by sg_embed (src/workflow/CMakeLists.txt).
struct EmbeddedFile {
  const char* name;
  std::string text;
};
const std::vector<EmbeddedFile>& WorkflowFiles();
}  // namespace embedded

namespace {

// Where the built-in files live in the source tree, for messages.
constexpr std::string_view kBuiltinDir = "workflows/";

std::string ReadFile(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in.is_open()) throw DefinitionError(path.string() + ": cannot open the file");
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

}  // namespace

const Registry& Registry::Builtin() {
  static const Registry kBuiltin = [] {
    Registry registry;
    for (const auto& file : embedded::WorkflowFiles()) {
      registry.Add(std::string(kBuiltinDir) + file.name, file.text);
    }
    registry.RequireEveryKind();
    return registry;
  }();
  return kBuiltin;
}

Registry Registry::LoadDirectory(const std::filesystem::path& dir) {
  Registry registry = Builtin();
  std::error_code ec;
  std::filesystem::directory_iterator it(dir, ec);
  if (ec) throw DefinitionError(dir.string() + ": cannot read the directory: " + ec.message());
  for (; it != std::filesystem::directory_iterator(); it.increment(ec)) {
    if (ec) throw DefinitionError(dir.string() + ": cannot read the directory: " + ec.message());
    const std::filesystem::path& path = it->path();
    if (path.extension() != ".json" || !it->is_regular_file()) continue;
    if (!reg::InDict("case_kind", path.stem().string())) {
      throw DefinitionError(path.string() + ": no case kind is named \"" + path.stem().string() +
                            "\"");
    }
    registry.Add(path.string(), ReadFile(path));
  }
  return registry;
}

const Definition* Registry::Find(std::string_view kind) const {
  auto it = entries_.find(kind);
  return it == entries_.end() ? nullptr : &it->second.definition;
}

const std::string& Registry::Json(std::string_view kind) const {
  static const std::string kEmpty;
  auto it = entries_.find(kind);
  return it == entries_.end() ? kEmpty : it->second.json;
}

std::vector<std::string> Registry::Kinds() const {
  std::vector<std::string> kinds;
  for (const auto& [kind, entry] : entries_) kinds.push_back(kind);
  return kinds;
}

void Registry::Add(std::string_view file_name, std::string json) {
  Definition definition = ParseDefinition(file_name, json);
  std::string kind = definition.kind;
  entries_.insert_or_assign(std::move(kind), Entry{std::move(definition), std::move(json)});
}

void Registry::RequireEveryKind() const {
  for (const auto& kind : reg::DictValues("case_kind")) {
    if (!entries_.contains(kind)) {
      throw DefinitionError(std::string(kBuiltinDir) + kind + ".json: missing: case kind \"" +
                            kind + "\" has no workflow definition");
    }
  }
}

}  // namespace sg::wf
