// Internal to the xlsx module: the zip container (libzip) and the guarded XML parser (expat)
// that the workbook and sheet readers share. Not for use outside src/xlsx.
#pragma once

#include <expat.h>
#include <zip.h>

#include <cstddef>
#include <cstdint>
#include <exception>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "xlsx/xlsx.h"

namespace sg::xlsx::internal {

[[noreturn]] void Fail(XlsxErrorKind kind, const std::string& message);

// An open zip archive. Owns a copy of the bytes when opened from a buffer. Not copyable or
// movable: the zip handle points into it.
class Archive {
 public:
  // Throw kIo when the file cannot be read, kNotXlsx when it is not a zip archive.
  explicit Archive(const std::string& path);
  explicit Archive(std::string_view bytes);
  Archive(const Archive&) = delete;
  Archive& operator=(const Archive&) = delete;
  ~Archive();

  // Returns true when the archive holds `part` (matched case-insensitively, as OPC part names
  // are; no leading slash).
  bool Has(const std::string& part);
  zip_t* handle() { return zip_; }

 private:
  std::vector<char> bytes_;
  zip_t* zip_ = nullptr;
};

// Reads one part in chunks, counting the inflated bytes against `max_bytes`.
class PartStream {
 public:
  // Throws kMissingPart when the archive has no such part, kCorrupt when it cannot be opened.
  PartStream(Archive& archive, std::string part, std::uint64_t max_bytes);
  PartStream(const PartStream&) = delete;
  PartStream& operator=(const PartStream&) = delete;
  ~PartStream();

  // Reads up to `capacity` bytes into `buffer`; returns 0 at the end of the part. Throws
  // kCorrupt when the entry cannot be inflated, kTooLarge past max_bytes.
  std::size_t Read(char* buffer, std::size_t capacity);
  const std::string& part() const { return part_; }

 private:
  std::string part_;
  std::uint64_t max_bytes_;
  std::uint64_t read_ = 0;
  zip_file_t* file_ = nullptr;
};

// Receives the events of XmlParser. Element and attribute names are local names: namespace
// prefixes are dropped, so transitional, strict and prefixed (x:row) documents read alike.
class XmlHandler {
 public:
  virtual ~XmlHandler() = default;
  virtual void OnStart(std::string_view name, const XML_Char** attributes) = 0;
  virtual void OnEnd(std::string_view name) = 0;
  virtual void OnText(std::string_view text) = 0;
};

// Returns the value of the attribute with local name `name`, or nullptr.
const char* FindAttribute(const XML_Char** attributes, std::string_view name);

// Parses a whole decimal number without sign or spaces; nullopt for anything else, nullptr
// included.
std::optional<std::uint64_t> ParseUnsigned(const char* text);
std::optional<std::uint64_t> ParseUnsigned(std::string_view text);

// An expat parser that refuses any DOCTYPE (and so every entity declaration and the billion
// laughs with them). Exceptions thrown by the handler stop the parse and come out of Feed;
// they never cross expat's C frames.
class XmlParser {
 public:
  XmlParser(XmlHandler& handler, std::string part);
  XmlParser(const XmlParser&) = delete;
  XmlParser& operator=(const XmlParser&) = delete;
  ~XmlParser();

  // Parses the next chunk; `is_final` on the last one. Returns true when a handler called
  // Suspend(): call Resume() (not Feed) until it returns false, then feed the next chunk.
  // Throws kUnsafeXml for a DOCTYPE, kCorrupt for malformed XML, or what the handler threw.
  bool Feed(const char* data, std::size_t size, bool is_final);
  // Continues a suspended parse; returns and throws as Feed does.
  bool Resume();
  // Called from a handler: pauses the parse once the current event returns.
  void Suspend();

 private:
  static void OnStartTrampoline(void* self, const XML_Char* name, const XML_Char** attributes);
  static void OnEndTrampoline(void* self, const XML_Char* name);
  static void OnTextTrampoline(void* self, const XML_Char* text, int length);
  static void OnDoctype(void* self, const XML_Char*, const XML_Char*, const XML_Char*, int);
  static void OnEntityDecl(void* self, const XML_Char*, int, const XML_Char*, int, const XML_Char*,
                           const XML_Char*, const XML_Char*, const XML_Char*);
  template <typename F>
  void Guard(F&& f);
  void Refuse();
  bool Check(XML_Status status);

  XmlHandler& handler_;
  std::string part_;
  XML_Parser parser_;
  std::exception_ptr error_;
  bool refused_ = false;
};

// The bytes read from a part per Feed call.
inline constexpr std::size_t kChunkBytes = 64 * 1024;

// Streams a whole part through `handler`. Throws as PartStream and XmlParser do.
void ParsePart(Archive& archive, const std::string& part, std::uint64_t max_bytes,
               XmlHandler& handler);

// Decodes Excel's _xHHHH_ escapes (ECMA-376 Part 1, 22.9.2.19 ST_Xstring) in place:
// "a_x000D_b" -> "a\rb", "_x005F_x0041_" -> "_x0041_". Surrogate code points stay escaped.
void DecodeXstring(std::string& text);

// What a Workbook loads once and its SheetReaders share.
struct BookData {
  explicit BookData(const std::string& path, const Limits& l) : archive(path), limits(l) {}
  explicit BookData(std::string_view bytes, const Limits& l) : archive(bytes), limits(l) {}

  Archive archive;
  Limits limits;
  std::vector<std::string> shared_strings;
  std::vector<bool> date_styles;  // by cellXfs index: does the style show a date?
  bool date1904 = false;
};

}  // namespace sg::xlsx::internal
