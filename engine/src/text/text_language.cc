#include "relais/engine/text_language.h"

namespace relais::engine {

TextLanguage TextLanguageFromCode(std::string_view code) {
  if (code.size() < 2 || (code.size() > 2 && code[2] != '-' && code[2] != '_')) {
    return TextLanguage::kUnknown;
  }
  const char a = static_cast<char>(code[0] | 0x20);
  const char b = static_cast<char>(code[1] | 0x20);
  if (a == 'e' && b == 'n') return TextLanguage::kEnglish;
  if (a == 'f' && b == 'r') return TextLanguage::kFrench;
  return TextLanguage::kUnknown;
}

std::string_view TextLanguageCode(TextLanguage language) {
  switch (language) {
    case TextLanguage::kEnglish:
      return "en";
    case TextLanguage::kFrench:
      return "fr";
    default:
      return "und";
  }
}

}  // namespace relais::engine
