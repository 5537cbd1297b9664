// Small, strict UTF-8 helpers shared by the text units of the engine.
//
// Every function here is pure, allocation-free unless it appends to a caller's
// string, never reads outside the given view, and is safe to call concurrently.
#ifndef RELAIS_ENGINE_UTF8_H_
#define RELAIS_ENGINE_UTF8_H_

#include <cstddef>
#include <string>
#include <string_view>

namespace relais::engine {

// One decoded code point.
struct Utf8Char {
  char32_t code_point = 0;  // U+FFFD-free: meaningless when !valid
  std::size_t length = 1;   // bytes consumed, 1..4; 1 for an invalid byte
  bool valid = false;       // false for a stray, truncated, overlong or surrogate sequence
};

// Decodes the code point starting at byte `pos` of `text` (RFC 3629 strict:
// rejects overlong forms, surrogates and values above U+10FFFF). On an invalid
// or truncated sequence returns {valid=false, length=1} so that callers skip
// exactly one byte and resynchronise. Precondition: pos < text.size().
Utf8Char DecodeUtf8(std::string_view text, std::size_t pos);

// Appends the UTF-8 encoding of `code_point` to `*out`. Surrogates and values
// above U+10FFFF are encoded as U+FFFD so the output is always valid UTF-8.
void AppendUtf8(char32_t code_point, std::string* out);

// True when the whole of `text` is valid UTF-8 (the empty string is valid).
bool IsValidUtf8(std::string_view text);

// Number of code points in `text`, counting each invalid byte as one.
std::size_t CountCodePoints(std::string_view text);

// The longest prefix of `text` of at most `max_bytes` bytes that does not end
// in the middle of a valid multi-byte sequence. Used to truncate input to a
// budget without producing a broken character.
std::string_view TruncateUtf8(std::string_view text, std::size_t max_bytes);

}  // namespace relais::engine

#endif  // RELAIS_ENGINE_UTF8_H_
