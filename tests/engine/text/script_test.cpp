#include "relais/engine/script.h"

#include <catch2/catch_test_macros.hpp>
#include <string>

namespace relais::engine {
namespace {

std::string ScriptOf(std::string_view text) {
  auto found = DetectOtherScript(text);
  return found ? std::string(found->script) : "";
}

std::string LikelyLanguage(std::string_view text) {
  auto found = DetectOtherScript(text);
  return found && !found->languages.empty() ? std::string(found->languages.front()) : "";
}

TEST_CASE("questions the knowledge base cannot read are recognised by their script") {
  CHECK(ScriptOf("كيف أجدد جواز سفري؟") == "Arab");
  CHECK(LikelyLanguage("كيف أجدد جواز سفري؟") == "ar");
  CHECK(ScriptOf("我的护照丢了怎么办") == "Hani");
  CHECK(LikelyLanguage("我的护照丢了怎么办") == "zh");
  CHECK(ScriptOf("パスポートをなくしました") == "Jpan");
  CHECK(ScriptOf("여권을 잃어버렸어요") == "Hang");
  CHECK(ScriptOf("ਮੇਰਾ ਪਾਸਪੋਰਟ ਗੁੰਮ ਗਿਆ ਹੈ") == "Guru");
  CHECK(LikelyLanguage("ਮੇਰਾ ਪਾਸਪੋਰਟ ਗੁੰਮ ਗਿਆ ਹੈ") == "pa");
  CHECK(ScriptOf("ᐅᖃᐅᓯᖅ ᐃᓄᒃᑎᑐᑦ") == "Cans");  // Inuktitut
  CHECK(ScriptOf("ᓀᐦᐃᔭᐍᐏᐣ") == "Cans");       // Plains Cree
  CHECK(LikelyLanguage("ᓀᐦᐃᔭᐍᐏᐣ") == "iu");   // syllabics: Inuktitut, Cree or Ojibwe
  REQUIRE(DetectOtherScript("ᓀᐦᐃᔭᐍᐏᐣ")->languages.size() == 3);
  CHECK(ScriptOf("Как продлить паспорт?") == "Cyrl");
  CHECK(ScriptOf("पासपोर्ट कैसे बनवाएं") == "Deva");
}

TEST_CASE("Latin-script text, numbers and short fragments are not another script") {
  CHECK(ScriptOf("Comment renouveler mon passeport ?") == "");
  CHECK(ScriptOf("How do I renew my passport?") == "");
  CHECK(ScriptOf("¿Cómo renuevo mi pasaporte?") == "");  // Spanish is Latin: the engine's job
  CHECK(ScriptOf("2026 !!! 😀 ...") == "");
  CHECK(ScriptOf("") == "");
  CHECK(ScriptOf("税") == "");  // one letter is too little to decide
}

TEST_CASE("the script of the majority of letters decides") {
  // A French question with a name in Arabic letters stays French...
  CHECK(ScriptOf("Bonjour, je m'appelle محمد et j'ai perdu mon passeport") == "");
  // ... an Arabic question with an English word is Arabic.
  CHECK(ScriptOf("فقدت passport الخاص بي") == "Arab");
}

TEST_CASE("invalid UTF-8 and huge input are read safely") {
  CHECK(ScriptOf(std::string("\xff\xfe\xd8", 3)) == "");
  std::string huge;
  for (int i = 0; i < 10000; ++i) huge += "جواز ";
  CHECK(ScriptOf(huge) == "Arab");
}

}  // namespace
}  // namespace relais::engine
