#include "workflow/definition.h"

#include <algorithm>
#include <array>
#include <boost/json/stream_parser.hpp>
#include <boost/json/value.hpp>
#include <set>
#include <utility>

#include "workflow/validate.h"

namespace sg::wf {
namespace {

namespace json = boost::json;
using internal::Quote;
using internal::Reporter;

template <typename E, size_t N>
using NameTable = std::array<std::pair<E, std::string_view>, N>;

constexpr NameTable<Unit, 3> kUnits = {{
    {Unit::kDays, "days"},
    {Unit::kWorkingDays, "working_days"},
    {Unit::kMonths, "months"},
}};
constexpr NameTable<RestDayRule, 2> kRestDayRules = {{
    {RestDayRule::kNextWorkingDay, "next_working_day"},
    {RestDayRule::kNone, "none"},
}};
constexpr NameTable<FieldType, 10> kFieldTypes = {{
    {FieldType::kText, "text"},
    {FieldType::kInteger, "integer"},
    {FieldType::kFen, "fen"},
    {FieldType::kDate, "date"},
    {FieldType::kBoolean, "boolean"},
    {FieldType::kEnum, "enum"},
    {FieldType::kSuspensionKind, "suspension_kind"},
    {FieldType::kDeadline, "deadline"},
    {FieldType::kUser, "user"},
    {FieldType::kAgency, "agency"},
}};
constexpr NameTable<Effect, 10> kEffects = {{
    {Effect::kAssignCaseNumber, "assign_case_number"},
    {Effect::kSetFiledOn, "set_filed_on"},
    {Effect::kClose, "close"},
    {Effect::kStartSuspension, "start_suspension"},
    {Effect::kEndSuspension, "end_suspension"},
    {Effect::kRequestExtension, "request_extension"},
    {Effect::kDecideExtension, "decide_extension"},
    {Effect::kConvertProcedure, "convert_procedure"},
    {Effect::kAssignHandler, "assign_handler"},
    {Effect::kRecordService, "record_service"},
}};

template <typename E, size_t N>
std::string_view NameOf(const NameTable<E, N>& table, E value) {
  for (const auto& [v, name] : table) {
    if (v == value) return name;
  }
  return {};
}

template <typename E, size_t N>
std::optional<E> ValueOf(const NameTable<E, N>& table, std::string_view name) {
  for (const auto& [v, n] : table) {
    if (n == name) return v;
  }
  return std::nullopt;
}

template <typename E, size_t N>
std::string Choices(const NameTable<E, N>& table) {
  std::string out;
  for (const auto& [v, name] : table) {
    if (!out.empty()) out += ", ";
    out += name;
  }
  return out;
}

bool Contains(const std::vector<std::string>& list, std::string_view value) {
  return std::find(list.begin(), list.end(), value) != list.end();
}

// Reads one JSON object strictly: each key is taken once with its type, Finish() refuses the
// keys nobody took. Messages name the JSON path, e.g. `deadlines[2].length: expected an integer`.
class ObjectReader {
 public:
  ObjectReader(const Reporter& reporter, const json::value& value, std::string path)
      : reporter_(reporter), path_(std::move(path)) {
    if (!value.is_object()) Fail(path_, "expected an object");
    obj_ = &value.as_object();
  }

  std::string String(std::string_view key) {
    const json::value& v = Required(key);
    if (!v.is_string() || v.as_string().empty()) Fail(Path(key), "expected a non-empty string");
    return std::string(v.as_string());
  }
  // A string or null.
  std::optional<std::string> NullableString(std::string_view key) {
    const json::value& v = Required(key);
    if (v.is_null()) return std::nullopt;
    if (!v.is_string() || v.as_string().empty()) {
      Fail(Path(key), "expected a non-empty string or null");
    }
    return std::string(v.as_string());
  }
  std::optional<std::string> OptString(std::string_view key) {
    const json::value* v = Optional(key);
    if (v == nullptr) return std::nullopt;
    if (!v->is_string() || v->as_string().empty()) Fail(Path(key), "expected a non-empty string");
    return std::string(v->as_string());
  }
  int64_t Int(std::string_view key) { return AsInt(Required(key), Path(key)); }
  std::optional<int64_t> OptInt(std::string_view key) {
    const json::value* v = Optional(key);
    if (v == nullptr) return std::nullopt;
    return AsInt(*v, Path(key));
  }
  // A present key must hold an integer or null.
  std::optional<int64_t> NullableInt(std::string_view key) {
    const json::value& v = Required(key);
    if (v.is_null()) return std::nullopt;
    return AsInt(v, Path(key));
  }
  bool Bool(std::string_view key) {
    const json::value& v = Required(key);
    if (!v.is_bool()) Fail(Path(key), "expected true or false");
    return v.as_bool();
  }
  bool OptBool(std::string_view key) {
    const json::value* v = Optional(key);
    if (v == nullptr) return false;
    if (!v->is_bool()) Fail(Path(key), "expected true or false");
    return v->as_bool();
  }
  std::vector<std::string> Strings(std::string_view key) { return AsStrings(Required(key), key); }
  std::vector<std::string> OptStrings(std::string_view key) {
    const json::value* v = Optional(key);
    return v == nullptr ? std::vector<std::string>{} : AsStrings(*v, key);
  }
  // The elements of an array, each with its JSON path.
  std::vector<std::pair<const json::value*, std::string>> Array(std::string_view key) {
    const json::value& v = Required(key);
    if (!v.is_array()) Fail(Path(key), "expected an array");
    std::vector<std::pair<const json::value*, std::string>> out;
    for (size_t i = 0; i < v.as_array().size(); ++i) {
      out.emplace_back(&v.as_array()[i], Path(key) + "[" + std::to_string(i) + "]");
    }
    return out;
  }
  // The value of a key that may be absent or null (both give nullptr).
  const json::value* OptValue(std::string_view key) {
    const json::value* v = Optional(key);
    return v == nullptr || v->is_null() ? nullptr : v;
  }
  const json::value& Value(std::string_view key) { return Required(key); }

  void Finish() const {
    for (const auto& [key, value] : *obj_) {
      if (!taken_.contains(key)) Fail(path_, "unknown key " + Quote(key));
    }
  }
  std::string Path(std::string_view key) const {
    return path_.empty() ? std::string(key) : path_ + "." + std::string(key);
  }

 private:
  [[noreturn]] void Fail(std::string_view path, std::string_view problem) const {
    if (path.empty()) reporter_.Fail(problem);
    reporter_.Fail(std::string(path) + ": " + std::string(problem));
  }
  const json::value& Required(std::string_view key) {
    const json::value* v = Optional(key);
    if (v == nullptr) Fail(path_, "missing key " + Quote(key));
    return *v;
  }
  const json::value* Optional(std::string_view key) {
    taken_.emplace(key);
    return obj_->if_contains(key);
  }
  int64_t AsInt(const json::value& v, const std::string& path) const {
    if (v.is_int64()) return v.as_int64();
    if (v.is_uint64() && v.as_uint64() <= INT64_MAX) return static_cast<int64_t>(v.as_uint64());
    Fail(path, "expected an integer");
  }
  std::vector<std::string> AsStrings(const json::value& v, std::string_view key) const {
    if (!v.is_array()) Fail(Path(key), "expected an array of strings");
    std::vector<std::string> out;
    for (const auto& item : v.as_array()) {
      if (!item.is_string() || item.as_string().empty()) {
        Fail(Path(key), "expected an array of non-empty strings");
      }
      out.emplace_back(item.as_string());
    }
    return out;
  }

  const Reporter& reporter_;
  std::string path_;
  const json::object* obj_ = nullptr;
  std::set<std::string, std::less<>> taken_;
};

// Parses strict JSON (no comments, no trailing commas, valid UTF-8), naming the line and column
// of a syntax error.
json::value ParseStrictJson(const Reporter& reporter, std::string_view text) {
  json::stream_parser parser;
  boost::system::error_code ec;
  const size_t consumed = parser.write(text.data(), text.size(), ec);
  if (!ec) parser.finish(ec);
  if (ec) {
    const std::string_view before = text.substr(0, std::min(consumed, text.size()));
    const size_t line = 1 + std::count(before.begin(), before.end(), '\n');
    const size_t last_newline = before.rfind('\n');
    const size_t column =
        1 +
        (last_newline == std::string_view::npos ? before.size() : before.size() - last_newline - 1);
    reporter.Fail("invalid JSON at line " + std::to_string(line) + ", column " +
                  std::to_string(column) + ": " + ec.message());
  }
  return parser.release();
}

// `what` names the owner in messages: `deadline "trial"`.
template <typename E, size_t N>
E ReadName(const Reporter& reporter, const NameTable<E, N>& table, const std::string& value,
           std::string_view what, std::string_view noun) {
  auto parsed = ValueOf(table, value);
  if (!parsed) {
    reporter.Fail(std::string(what) + ": unknown " + std::string(noun) + " " + Quote(value) +
                  " (expected one of: " + Choices(table) + ")");
  }
  return *parsed;
}

int ReadLength(const Reporter& reporter, int64_t value, std::string_view what) {
  // Negative and zero lengths are the validator's to name; only absurd sizes stop here.
  if (value > 100000 || value < -100000) reporter.Fail(std::string(what) + ": length out of range");
  return static_cast<int>(value);
}

State ReadState(const Reporter& reporter, const json::value& value, std::string path) {
  ObjectReader r(reporter, value, std::move(path));
  State s;
  s.code = r.String("code");
  s.label = r.String("label");
  s.status = r.String("status");
  s.final = r.OptBool("final");
  r.Finish();
  return s;
}

SuspensionKind ReadSuspensionKind(const Reporter& reporter, const json::value& value,
                                  std::string path) {
  ObjectReader r(reporter, value, std::move(path));
  SuspensionKind k;
  k.code = r.String("code");
  k.label = r.String("label");
  k.source = r.String("source");
  r.Finish();
  return k;
}

Extension ReadExtension(const Reporter& reporter, const json::value& value, std::string path,
                        const std::string& what) {
  ObjectReader r(reporter, value, std::move(path));
  Extension e;
  if (auto max_total = r.NullableInt("max_total")) {
    e.max_total = ReadLength(reporter, *max_total, what + " extension");
  }
  e.unit = ReadName(reporter, kUnits, r.String("unit"), what + " extension", "unit");
  e.approver_role = r.String("approver_role");
  e.source = r.String("source");
  r.Finish();
  return e;
}

Deadline ReadDeadline(const Reporter& reporter, const json::value& value, std::string path) {
  ObjectReader r(reporter, value, std::move(path));
  Deadline d;
  d.code = r.String("code");
  const std::string what = "deadline " + Quote(d.code);
  d.label = r.String("label");
  d.length = ReadLength(reporter, r.Int("length"), what);
  d.unit = ReadName(reporter, kUnits, r.String("unit"), what, "unit");
  d.rest_day_rule =
      ReadName(reporter, kRestDayRules, r.String("rest_day_rule"), what, "rest_day_rule");
  d.source = r.String("source");
  d.starts_on = r.Strings("starts_on");
  d.stops_on = r.Strings("stops_on");
  if (const json::value* applies_to = r.OptValue("applies_to")) {
    ObjectReader a(reporter, *applies_to, r.Path("applies_to"));
    d.procedures = a.Strings("procedure");
    a.Finish();
  }
  d.suspendable = r.OptBool("suspendable");
  if (const json::value* extension = r.OptValue("extension")) {
    d.extension = ReadExtension(reporter, *extension, r.Path("extension"), what);
  }
  d.configurable = r.OptBool("configurable");
  d.party_period = r.OptBool("party_period");
  r.Finish();
  return d;
}

Field ReadField(const Reporter& reporter, const json::value& value, std::string path,
                const std::string& action_what) {
  ObjectReader r(reporter, value, std::move(path));
  Field f;
  f.name = r.String("name");
  f.label = r.OptString("label").value_or("");
  f.type = ReadName(reporter, kFieldTypes, r.String("type"),
                    action_what + ": field " + Quote(f.name), "type");
  f.dict = r.OptString("dict").value_or("");
  f.allowed = r.OptStrings("allowed");
  f.required = r.Bool("required");
  f.min = r.OptInt("min");
  r.Finish();
  return f;
}

Action ReadAction(const Reporter& reporter, const json::value& value, std::string path) {
  ObjectReader r(reporter, value, std::move(path));
  Action a;
  a.code = r.String("code");
  const std::string what = "action " + Quote(a.code);
  a.label = r.String("label");
  a.from = r.Strings("from");
  a.to = r.NullableString("to");
  a.roles = r.Strings("roles");
  for (const auto& name : r.Strings("effects")) {
    a.effects.push_back(ReadName(reporter, kEffects, name, what, "effect"));
  }
  for (const auto& [field, field_path] : r.Array("fields")) {
    a.fields.push_back(ReadField(reporter, *field, field_path, what));
  }
  r.Finish();
  return a;
}

Definition ReadDefinition(const Reporter& reporter, const json::value& root) {
  ObjectReader r(reporter, root, "");
  Definition d;
  d.kind = r.String("kind");
  d.label = r.String("label");
  const int64_t version = r.Int("version");
  if (version < 1 || version > 1000000) reporter.Fail("version must be a positive integer");
  d.version = static_cast<int>(version);
  d.sources = r.Strings("sources");
  d.initial = r.String("initial");
  for (const auto& [v, path] : r.Array("states")) d.states.push_back(ReadState(reporter, *v, path));
  for (const auto& [v, path] : r.Array("deadlines")) {
    d.deadlines.push_back(ReadDeadline(reporter, *v, path));
  }
  for (const auto& [v, path] : r.Array("suspension_kinds")) {
    d.suspension_kinds.push_back(ReadSuspensionKind(reporter, *v, path));
  }
  for (const auto& [v, path] : r.Array("actions")) {
    d.actions.push_back(ReadAction(reporter, *v, path));
  }
  r.Finish();
  return d;
}

template <typename T>
const T* FindByCode(const std::vector<T>& items, std::string_view code) {
  for (const auto& item : items) {
    if (item.code == code) return &item;
  }
  return nullptr;
}

}  // namespace

std::string_view UnitName(Unit unit) { return NameOf(kUnits, unit); }
std::string_view RestDayRuleName(RestDayRule rule) { return NameOf(kRestDayRules, rule); }
std::string_view FieldTypeName(FieldType type) { return NameOf(kFieldTypes, type); }
std::string_view EffectName(Effect effect) { return NameOf(kEffects, effect); }

bool Action::HasEffect(Effect effect) const {
  return std::find(effects.begin(), effects.end(), effect) != effects.end();
}

const Field* Action::FindField(std::string_view name) const {
  for (const auto& f : fields) {
    if (f.name == name) return &f;
  }
  return nullptr;
}

bool Deadline::AppliesTo(std::string_view procedure) const {
  return procedures.empty() || Contains(procedures, procedure);
}
bool Deadline::StartsOn(std::string_view action) const { return Contains(starts_on, action); }
bool Deadline::StopsOn(std::string_view action) const { return Contains(stops_on, action); }

const State* Definition::FindState(std::string_view code) const { return FindByCode(states, code); }
const Action* Definition::FindAction(std::string_view code) const {
  return FindByCode(actions, code);
}
const Deadline* Definition::FindDeadline(std::string_view code) const {
  return FindByCode(deadlines, code);
}
const SuspensionKind* Definition::FindSuspensionKind(std::string_view code) const {
  return FindByCode(suspension_kinds, code);
}

bool Definition::ActionAllowedFrom(std::string_view action, std::string_view state) const {
  const Action* a = FindAction(action);
  return a != nullptr && Contains(a->from, state);
}

std::vector<const Deadline*> Definition::DeadlinesStartedBy(std::string_view action,
                                                            std::string_view procedure) const {
  std::vector<const Deadline*> out;
  for (const auto& d : deadlines) {
    if (d.StartsOn(action) && d.AppliesTo(procedure)) out.push_back(&d);
  }
  return out;
}

std::vector<const Deadline*> Definition::DeadlinesStoppedBy(std::string_view action) const {
  std::vector<const Deadline*> out;
  for (const auto& d : deadlines) {
    if (d.StopsOn(action)) out.push_back(&d);
  }
  return out;
}

Definition ParseDefinition(std::string_view file_name, std::string_view json) {
  const Reporter reporter(file_name);
  const json::value root = ParseStrictJson(reporter, json);
  Definition definition = ReadDefinition(reporter, root);
  internal::Validate(reporter, definition);
  return definition;
}

}  // namespace sg::wf
