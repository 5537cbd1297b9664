// Writing-system detection (script.h): counts letters by Unicode block.
#include "relais/engine/script.h"

#include <array>
#include <cstddef>

#include "relais/engine/language.h"
#include "relais/engine/utf8.h"

namespace relais::engine {
namespace {

struct Block {
  char32_t first;
  char32_t last;
  std::size_t script;  // index into kScripts
};

struct Script {
  std::string_view code;
  std::span<const std::string_view> languages;
};

// Likely languages of each script, for a Canadian public service (most spoken first).
constexpr std::string_view kArab[] = {"ar", "fa", "ur"};
constexpr std::string_view kHani[] = {"zh"};
constexpr std::string_view kJpan[] = {"ja"};
constexpr std::string_view kHang[] = {"ko"};
constexpr std::string_view kGuru[] = {"pa"};
constexpr std::string_view kCans[] = {"iu", "cr", "oj"};
constexpr std::string_view kCyrl[] = {"ru", "uk"};
constexpr std::string_view kDeva[] = {"hi", "ne", "mr"};
constexpr std::string_view kBeng[] = {"bn"};
constexpr std::string_view kGujr[] = {"gu"};
constexpr std::string_view kTaml[] = {"ta"};
constexpr std::string_view kTelu[] = {"te"};
constexpr std::string_view kMlym[] = {"ml"};
constexpr std::string_view kHebr[] = {"he", "yi"};
constexpr std::string_view kGrek[] = {"el"};
constexpr std::string_view kThai[] = {"th"};
constexpr std::string_view kEthi[] = {"am", "ti"};
constexpr std::string_view kArmn[] = {"hy"};
constexpr std::string_view kGeor[] = {"ka"};
constexpr std::string_view kKhmr[] = {"km"};
constexpr std::string_view kMymr[] = {"my"};
constexpr std::string_view kLaoo[] = {"lo"};
constexpr std::string_view kSinh[] = {"si"};

enum : std::size_t {
  kLatin,  // counted, never reported
  kArabic,
  kHan,
  kKana,
  kHangul,
  kGurmukhi,
  kSyllabics,
  kCyrillic,
  kDevanagari,
  kBengali,
  kGujarati,
  kTamil,
  kTelugu,
  kMalayalam,
  kHebrew,
  kGreek,
  kThaiScript,
  kEthiopic,
  kArmenian,
  kGeorgian,
  kKhmer,
  kMyanmar,
  kLao,
  kSinhala,
  kScriptCount,
};

constexpr std::array<Script, kScriptCount> kScripts = {{
    {"Latn", {}},    {"Arab", kArab}, {"Hani", kHani}, {"Jpan", kJpan}, {"Hang", kHang},
    {"Guru", kGuru}, {"Cans", kCans}, {"Cyrl", kCyrl}, {"Deva", kDeva}, {"Beng", kBeng},
    {"Gujr", kGujr}, {"Taml", kTaml}, {"Telu", kTelu}, {"Mlym", kMlym}, {"Hebr", kHebr},
    {"Grek", kGrek}, {"Thai", kThai}, {"Ethi", kEthi}, {"Armn", kArmn}, {"Geor", kGeor},
    {"Khmr", kKhmr}, {"Mymr", kMymr}, {"Laoo", kLaoo}, {"Sinh", kSinh},
}};

// Letter blocks, sorted by first code point. Combining marks inside a block
// (Arabic harakat, Indic vowel signs) count as letters of it, which only
// strengthens the majority.
constexpr Block kBlocks[] = {
    {U'A', U'Z', kLatin},          {U'a', U'z', kLatin},          {0x00C0, 0x024F, kLatin},
    {0x0370, 0x03FF, kGreek},      {0x0400, 0x052F, kCyrillic},   {0x0531, 0x058F, kArmenian},
    {0x0590, 0x05FF, kHebrew},     {0x0600, 0x06FF, kArabic},     {0x0750, 0x077F, kArabic},
    {0x08A0, 0x08FF, kArabic},     {0x0900, 0x097F, kDevanagari}, {0x0980, 0x09FF, kBengali},
    {0x0A00, 0x0A7F, kGurmukhi},   {0x0A80, 0x0AFF, kGujarati},   {0x0B80, 0x0BFF, kTamil},
    {0x0C00, 0x0C7F, kTelugu},     {0x0D00, 0x0D7F, kMalayalam},  {0x0D80, 0x0DFF, kSinhala},
    {0x0E00, 0x0E7F, kThaiScript}, {0x0E80, 0x0EFF, kLao},        {0x1000, 0x109F, kMyanmar},
    {0x10A0, 0x10FF, kGeorgian},   {0x1100, 0x11FF, kHangul},     {0x1200, 0x139F, kEthiopic},
    {0x1400, 0x167F, kSyllabics},  {0x1780, 0x17FF, kKhmer},      {0x18B0, 0x18FF, kSyllabics},
    {0x1E00, 0x1EFF, kLatin},      {0x3040, 0x30FF, kKana},       {0x3130, 0x318F, kHangul},
    {0x31F0, 0x31FF, kKana},       {0x3400, 0x4DBF, kHan},        {0x4E00, 0x9FFF, kHan},
    {0xAC00, 0xD7AF, kHangul},     {0xF900, 0xFAFF, kHan},        {0xFB50, 0xFDFF, kArabic},
    {0xFE70, 0xFEFF, kArabic},     {0xFF66, 0xFF9F, kKana},       {0x20000, 0x2A6DF, kHan},
};

std::size_t ScriptOf(char32_t c) {
  for (const Block& block : kBlocks) {
    if (c < block.first) break;
    if (c <= block.last) return block.script;
  }
  return kScriptCount;  // not a letter of a known script
}

}  // namespace

std::optional<OtherScript> DetectOtherScript(std::string_view text) {
  text = TruncateUtf8(text, kMaxLanguageInputBytes);
  std::array<std::size_t, kScriptCount> letters{};
  std::size_t total = 0;
  for (std::size_t pos = 0; pos < text.size();) {
    const Utf8Char c = DecodeUtf8(text, pos);
    pos += c.length;
    if (!c.valid) continue;
    const std::size_t script = ScriptOf(c.code_point);
    if (script == kScriptCount) continue;
    ++letters[script];
    ++total;
  }
  // Japanese writes Han and kana together: any kana makes Han Japanese.
  if (letters[kKana] > 0) {
    letters[kKana] += letters[kHan];
    letters[kHan] = 0;
  }
  std::size_t best = kLatin;
  for (std::size_t s = 1; s < kScriptCount; ++s) {
    if (letters[s] > letters[best]) best = s;
  }
  if (best == kLatin || total < 2 || 2 * letters[best] < total) return std::nullopt;
  return OtherScript{kScripts[best].code, kScripts[best].languages};
}

}  // namespace relais::engine
