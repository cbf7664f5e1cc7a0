#include "xlsx/package.h"

#include <array>
#include <charconv>
#include <cstdio>
#include <cstring>
#include <utility>

namespace sg::xlsx::internal {

namespace {

// Expat joins a namespace URI and a local name with this character.
constexpr char kNamespaceSeparator = '|';

constexpr std::string_view kZipMagic = "PK";
// An OLE2 compound file: an old .xls, or an .xlsx that Excel encrypted with a password.
constexpr std::string_view kOleMagic = "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1";

std::string_view LocalName(const XML_Char* name) {
  std::string_view n(name);
  const std::size_t sep = n.rfind(kNamespaceSeparator);
  return sep == std::string_view::npos ? n : n.substr(sep + 1);
}

// Refuses what is plainly not a zip archive, with a message that tells the clerk what to do.
void CheckMagic(std::string_view head) {
  if (head.empty()) Fail(XlsxErrorKind::kNotXlsx, "文件为空，不是有效的 XLSX 文件");
  if (head.starts_with(kOleMagic)) {
    Fail(XlsxErrorKind::kNotXlsx,
         "这是旧版 Excel（.xls）文件或设置了打开密码的工作簿，请在 Excel/WPS 中取消密码并另存为 "
         ".xlsx 后再导入");
  }
  if (!head.starts_with(kZipMagic)) {
    Fail(XlsxErrorKind::kNotXlsx,
         "不是有效的 XLSX 文件（文件不是 ZIP 格式），请另存为 .xlsx 后再导入");
  }
}

std::string ZipErrorText(int code) {
  zip_error_t error;
  zip_error_init_with_code(&error, code);
  std::string text = zip_error_strerror(&error);
  zip_error_fini(&error);
  return text;
}

[[noreturn]] void FailOpen(int code) {
  Fail(XlsxErrorKind::kNotXlsx,
       "不是有效的 XLSX 文件（ZIP 压缩包已损坏：" + ZipErrorText(code) + "）");
}

void AppendUtf8(std::string& out, unsigned cp) {
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xC0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    out += static_cast<char>(0xE0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  }
}

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

}  // namespace

void Fail(XlsxErrorKind kind, const std::string& message) { throw XlsxError(kind, message); }

Archive::Archive(const std::string& path) {
  std::FILE* f = std::fopen(path.c_str(), "rb");
  if (f == nullptr) Fail(XlsxErrorKind::kIo, "无法打开文件：" + path);
  std::array<char, kOleMagic.size()> head{};
  const std::size_t n = std::fread(head.data(), 1, head.size(), f);
  std::fclose(f);
  CheckMagic(std::string_view(head.data(), n));

  int code = 0;
  zip_ = zip_open(path.c_str(), ZIP_RDONLY, &code);
  if (zip_ == nullptr) {
    if (code == ZIP_ER_OPEN || code == ZIP_ER_READ || code == ZIP_ER_NOENT) {
      Fail(XlsxErrorKind::kIo, "无法读取文件：" + path + "（" + ZipErrorText(code) + "）");
    }
    FailOpen(code);
  }
}

Archive::Archive(std::string_view bytes) : bytes_(bytes.begin(), bytes.end()) {
  CheckMagic(bytes.substr(0, kOleMagic.size()));
  zip_error_t error;
  zip_error_init(&error);
  zip_source_t* source = zip_source_buffer_create(bytes_.data(), bytes_.size(), 0, &error);
  if (source != nullptr) zip_ = zip_open_from_source(source, ZIP_RDONLY, &error);
  if (zip_ == nullptr) {
    const int code = zip_error_code_zip(&error);
    zip_error_fini(&error);
    if (source != nullptr) zip_source_free(source);
    FailOpen(code);
  }
  zip_error_fini(&error);
}

Archive::~Archive() {
  if (zip_ != nullptr) zip_discard(zip_);
}

bool Archive::Has(const std::string& part) {
  return zip_name_locate(zip_, part.c_str(), ZIP_FL_NOCASE) >= 0;
}

PartStream::PartStream(Archive& archive, std::string part, std::uint64_t max_bytes)
    : part_(std::move(part)), max_bytes_(max_bytes) {
  const zip_int64_t index = zip_name_locate(archive.handle(), part_.c_str(), ZIP_FL_NOCASE);
  if (index < 0) Fail(XlsxErrorKind::kMissingPart, "XLSX 文件缺少部件 " + part_);
  file_ = zip_fopen_index(archive.handle(), static_cast<zip_uint64_t>(index), 0);
  if (file_ == nullptr) {
    Fail(XlsxErrorKind::kCorrupt,
         "XLSX 文件已损坏，无法读取 " + part_ + "（" + zip_strerror(archive.handle()) + "）");
  }
}

PartStream::~PartStream() {
  if (file_ != nullptr) zip_fclose(file_);
}

std::size_t PartStream::Read(char* buffer, std::size_t capacity) {
  const zip_int64_t n = zip_fread(file_, buffer, capacity);
  if (n < 0) {
    Fail(XlsxErrorKind::kCorrupt,
         "XLSX 文件已损坏，无法解压 " + part_ + "（" + zip_file_strerror(file_) + "）");
  }
  read_ += static_cast<std::uint64_t>(n);
  if (read_ > max_bytes_) {
    Fail(XlsxErrorKind::kTooLarge,
         "XLSX 文件中的 " + part_ + " 解压后超过 " + std::to_string(max_bytes_) + " 字节的上限");
  }
  return static_cast<std::size_t>(n);
}

const char* FindAttribute(const XML_Char** attributes, std::string_view name) {
  for (const XML_Char** a = attributes; *a != nullptr; a += 2) {
    if (LocalName(a[0]) == name) return a[1];
  }
  return nullptr;
}

std::optional<std::uint64_t> ParseUnsigned(std::string_view text) {
  std::uint64_t value = 0;
  const char* end = text.data() + text.size();
  const auto [ptr, ec] = std::from_chars(text.data(), end, value);
  if (text.empty() || ec != std::errc() || ptr != end) return std::nullopt;
  return value;
}

std::optional<std::uint64_t> ParseUnsigned(const char* text) {
  if (text == nullptr) return std::nullopt;
  return ParseUnsigned(std::string_view(text));
}

XmlParser::XmlParser(XmlHandler& handler, std::string part)
    : handler_(handler),
      part_(std::move(part)),
      parser_(XML_ParserCreateNS(nullptr, kNamespaceSeparator)) {
  if (parser_ == nullptr) throw std::bad_alloc();
  XML_SetUserData(parser_, this);
  XML_SetElementHandler(parser_, &OnStartTrampoline, &OnEndTrampoline);
  XML_SetCharacterDataHandler(parser_, &OnTextTrampoline);
  XML_SetStartDoctypeDeclHandler(parser_, &OnDoctype);
  XML_SetEntityDeclHandler(parser_, &OnEntityDecl);
  XML_SetParamEntityParsing(parser_, XML_PARAM_ENTITY_PARSING_NEVER);
}

XmlParser::~XmlParser() { XML_ParserFree(parser_); }

template <typename F>
void XmlParser::Guard(F&& f) {
  // After a stop expat may still deliver an event or two; drop them.
  if (error_ || refused_) return;
  try {
    f();
  } catch (...) {
    error_ = std::current_exception();
    XML_StopParser(parser_, XML_FALSE);
  }
}

void XmlParser::Refuse() {
  if (refused_) return;
  refused_ = true;
  XML_StopParser(parser_, XML_FALSE);
}

void XmlParser::OnStartTrampoline(void* self, const XML_Char* name, const XML_Char** attributes) {
  auto* p = static_cast<XmlParser*>(self);
  p->Guard([&] { p->handler_.OnStart(LocalName(name), attributes); });
}

void XmlParser::OnEndTrampoline(void* self, const XML_Char* name) {
  auto* p = static_cast<XmlParser*>(self);
  p->Guard([&] { p->handler_.OnEnd(LocalName(name)); });
}

void XmlParser::OnTextTrampoline(void* self, const XML_Char* text, int length) {
  auto* p = static_cast<XmlParser*>(self);
  p->Guard([&] { p->handler_.OnText(std::string_view(text, static_cast<std::size_t>(length))); });
}

void XmlParser::OnDoctype(void* self, const XML_Char*, const XML_Char*, const XML_Char*, int) {
  static_cast<XmlParser*>(self)->Refuse();
}

void XmlParser::OnEntityDecl(void* self, const XML_Char*, int, const XML_Char*, int,
                             const XML_Char*, const XML_Char*, const XML_Char*, const XML_Char*) {
  static_cast<XmlParser*>(self)->Refuse();
}

bool XmlParser::Feed(const char* data, std::size_t size, bool is_final) {
  return Check(XML_Parse(parser_, data, static_cast<int>(size), is_final ? XML_TRUE : XML_FALSE));
}

bool XmlParser::Resume() { return Check(XML_ResumeParser(parser_)); }

void XmlParser::Suspend() { XML_StopParser(parser_, XML_TRUE); }

bool XmlParser::Check(XML_Status status) {
  if (error_) std::rethrow_exception(error_);
  if (refused_) {
    Fail(XlsxErrorKind::kUnsafeXml,
         "XLSX 文件中的 " + part_ + " 含有 DOCTYPE/实体声明，为安全起见拒绝读取");
  }
  if (status == XML_STATUS_SUSPENDED) return true;
  if (status != XML_STATUS_OK) {
    Fail(XlsxErrorKind::kCorrupt, "XLSX 文件已损坏：" + part_ + " 不是有效的 XML（第 " +
                                      std::to_string(XML_GetCurrentLineNumber(parser_)) + " 行：" +
                                      XML_ErrorString(XML_GetErrorCode(parser_)) + "）");
  }
  return false;
}

void ParsePart(Archive& archive, const std::string& part, std::uint64_t max_bytes,
               XmlHandler& handler) {
  PartStream stream(archive, part, max_bytes);
  XmlParser parser(handler, part);
  std::vector<char> buffer(kChunkBytes);
  while (true) {
    const std::size_t n = stream.Read(buffer.data(), buffer.size());
    parser.Feed(buffer.data(), n, n == 0);
    if (n == 0) return;
  }
}

void DecodeXstring(std::string& text) {
  // _xHHHH_ is 7 characters.
  constexpr std::size_t kEscapeLength = 7;
  std::size_t pos = text.find("_x");
  if (pos == std::string::npos) return;
  std::string out(text, 0, pos);
  while (pos < text.size()) {
    unsigned cp = 0;
    bool escape = pos + kEscapeLength <= text.size() && text.compare(pos, 2, "_x") == 0 &&
                  text[pos + 6] == '_';
    for (std::size_t i = pos + 2; escape && i < pos + 6; ++i) {
      const int h = HexValue(text[i]);
      escape = h >= 0;
      cp = cp * 16 + static_cast<unsigned>(h);
    }
    if (escape && (cp < 0xD800 || cp > 0xDFFF)) {
      AppendUtf8(out, cp);
      pos += kEscapeLength;
    } else {
      out += text[pos++];
    }
  }
  text = std::move(out);
}

}  // namespace sg::xlsx::internal
