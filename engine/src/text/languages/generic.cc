// The generic language module: what the engine does for a language it has no
// module for ("it", "pa", "iu"). Words are folded and split as for every language
// (normalizer.h); nothing is a stop word, a word is its own stem, and the text gives
// no detection evidence, so the language is chosen by the page (the hint) or by the
// knowledge base having only that language.
#include "relais/engine/language_module.h"

namespace relais::engine {
namespace {

class Generic final : public LanguageModule {
 public:
  const TextLanguage& language() const override { return kLanguage; }
  bool IsStopWord(std::string_view) const override { return false; }
  std::span<const std::string_view> StopWords() const override { return {}; }
  std::string Stem(std::string_view word) const override { return std::string(word); }

 private:
  static constexpr TextLanguage kLanguage{TextLanguage::kGenericNumber, ""};
};

}  // namespace

const LanguageModule& GenericModule() {
  static const Generic module;
  return module;
}

}  // namespace relais::engine
