#include "relais/engine/text_language.h"

#include <string>

#include "relais/engine/language_registry.h"

namespace relais::engine {

bool IsLanguageCode(std::string_view code) {
  if (code.size() < 2 || code.size() > TextLanguage::kMaxCodeLength) return false;
  for (char c : code) {
    if (c < 'a' || c > 'z') return false;
  }
  return true;
}

TextLanguage TextLanguageFromCode(std::string_view code) {
  const std::size_t end = code.find_first_of("-_");
  const std::string_view primary = code.substr(0, end);
  if (primary.size() < 2 || primary.size() > TextLanguage::kMaxCodeLength) {
    return TextLanguage::kUnknown;
  }
  std::string folded;
  for (char c : primary) {
    const char lower = static_cast<char>(c | 0x20);
    if (lower < 'a' || lower > 'z') return TextLanguage::kUnknown;
    folded.push_back(lower);
  }
  if (folded == "und") return TextLanguage::kUnknown;
  if (const LanguageModule* module = FindLanguageModule(folded)) return module->language();
  return TextLanguage(TextLanguage::kGenericNumber, folded);
}

std::string_view TextLanguageCode(const TextLanguage& language) {
  if (language == TextLanguage::kUnknown) return "und";
  if (language.number() != TextLanguage::kGenericNumber) {
    return LanguageModuleFor(language).language().code();
  }
  return language.code();
}

}  // namespace relais::engine
