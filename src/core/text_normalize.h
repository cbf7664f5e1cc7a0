// Text helpers for matching names and cleaning identifier input.
//
// All functions take and return UTF-8. They are pure and thread-safe.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace sg::core {

// Returns true when `text` is well-formed UTF-8 (RFC 3629): no overlong forms, no surrogates
// (U+D800..U+DFFF), nothing above U+10FFFF, no truncated sequences.
bool IsValidUtf8(std::string_view text);
// The longest prefix of `text` of at most `max_bytes` bytes that is well-formed UTF-8: it stops at
// the first malformed sequence and never cuts a character (for storing client-supplied headers).
std::string ValidUtf8Prefix(std::string_view text, size_t max_bytes);

// Maps full-width ASCII (U+FF01..U+FF5E) to its half-width form (U+0021..U+007E) and the
// ideographic space U+3000 to U+0020. Everything else, including malformed bytes, is copied
// unchanged. Needs no ICU, so identifier parsers can use it cheaply.
std::string ToHalfWidth(std::string_view text);

// Cleans identifier input typed or pasted by users: ToHalfWidth, then removes every ASCII
// whitespace character, then upper-cases ASCII letters. Non-ASCII text is kept as is.
std::string CompactCode(std::string_view text);

// Returns the key used to decide whether two party names are the same party:
//   - Unicode NFKC with case folding (so "ＡＢＣ" and "abc" match, full-width brackets become
//     ASCII ones);
//   - all white space removed, including U+3000;
//   - the brackets ( ) [ ] 【 】 and the dots · ・ . removed;
//   - "有限责任公司" rewritten to "有限公司": 公司法 treats both as the same company form and
//     registrations write either. "股份有限公司" is a different form and stays distinct.
// Malformed UTF-8 sequences become U+FFFD first. Uses a shared ICU Normalizer2 instance.
std::string NormalizeName(std::string_view utf8);

// Returns every pair of adjacent code points of `normalized_utf8` as a UTF-8 string,
// deduplicated, in order of first appearance: "张伟明" -> {"张伟", "伟明"}. Meant for
// free-text search indexing of text already passed through NormalizeName. Returns an empty
// vector for fewer than two code points or for malformed UTF-8.
std::vector<std::string> Bigrams(std::string_view normalized_utf8);

// Fills `starts` (cleared first) with the byte offset of each code point of `utf8`, then its
// size, so that the bigram i of Bigrams (before deduplication) is utf8.substr(starts[i],
// starts[i + 2] - starts[i]). Leaves `starts` empty and returns false for malformed UTF-8.
// For bulk indexing that reuses one buffer.
bool CodePointStarts(std::string_view utf8, std::vector<std::size_t>& starts);

}  // namespace sg::core
