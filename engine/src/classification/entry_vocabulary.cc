// EntryVocabulary: building, measuring, and serialisation. Format (version 1),
// little-endian, varints and delta coding as in intent_model_io.cc (in a strictly
// increasing list the first value is written as is, each next one as the
// difference minus one):
//   "RLEV" u32:version varint:n (intents)
//   stems: varint:H, H × varint:stem hash, strictly increasing, < 2^32 (every
//          stem that some entry's text has)
//   per intent: n × (varint:k, k × varint:stem index, strictly increasing, < H)
//   long words: varint:W, W × (bytes:folded word, non-empty, strictly increasing;
//               varint:k >= 1, k × varint:intent, strictly increasing, < n)
//   u32: FNV-1a of every byte before it
// The number of entries with each stem is not stored: reading counts the intents
// that list it (at least one, or the bytes are corrupt).
#include "relais/engine/entry_vocabulary.h"

#include <algorithm>

#include "byte_io.h"
#include "det_math.h"
#include "relais/engine/features.h"
#include "relais/engine/intent_classifier.h"
#include "text/signal_words.h"

namespace relais::engine {
namespace {

// Shorter words are matched exactly: one edit away, "card" is also "care".
constexpr std::size_t kMinTypoLetters = 5;

std::uint32_t StemHash(std::string_view stem) { return FeatureHash(FeatureKind::kUnigram, stem); }

bool IsDigits(std::string_view word) {
  return std::all_of(word.begin(), word.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// Words that say what a question is about: no stop words, no numbers (amounts,
// dates and ages are entities, not topics).
bool IsContentWord(const Token& token) { return !token.stop_word && !IsDigits(token.word); }

// "[text](https://example.org/form)" → "[text]": a link target is not a word
// the entry uses.
std::string WithoutLinkTargets(std::string_view markdown) {
  std::string text;
  text.reserve(markdown.size());
  std::size_t i = 0;
  while (i < markdown.size()) {
    const std::size_t link = markdown.find("](", i);
    const std::size_t close = link == std::string_view::npos ? link : markdown.find(')', link + 2);
    if (close == std::string_view::npos) {
      text.append(markdown.substr(i));
      break;
    }
    text.append(markdown.substr(i, link + 1 - i));
    i = close + 1;
  }
  return text;
}

template <typename T>
void SortUnique(std::vector<T>* values) {
  std::sort(values->begin(), values->end());
  values->erase(std::unique(values->begin(), values->end()), values->end());
}

constexpr char kMagic[4] = {'R', 'L', 'E', 'V'};
constexpr std::uint32_t kVersion = 1;

Status Corrupt(const std::string& what) {
  return Status::Error(StatusCode::kCorrupt, "entry vocabulary: " + what);
}

// A strictly increasing list of integers (see the format above).
template <typename T>
void WriteIncreasing(internal::ByteWriter& out, const std::vector<T>& values) {
  out.Varint(values.size());
  for (std::size_t i = 0; i < values.size(); ++i) {
    out.Varint(i == 0 ? values[0] : values[i] - values[i - 1] - 1);
  }
}

// Reads a list WriteIncreasing wrote, each value < limit; false on anything else.
template <typename T>
bool ReadIncreasing(internal::ByteReader& in, std::uint64_t limit, std::vector<T>* values) {
  const std::uint64_t k = in.Count(1);
  values->reserve(k);
  std::uint64_t value = 0;
  for (std::uint64_t i = 0; i < k && in.ok(); ++i) {
    const std::uint64_t delta = in.Varint();
    if (delta >= limit) return false;  // also keeps the sum below from wrapping
    value += delta + (i == 0 ? 0 : 1);
    if (value >= limit) return false;
    values->push_back(static_cast<T>(value));
  }
  return in.ok();
}

}  // namespace

// A content word of a question, ready to be looked up in every entry.
struct EntryVocabulary::QuestionWord {
  std::string word;                   // folded
  std::vector<std::uint32_t> hashes;  // of its stem (and French stem, language unknown)
  double weight = 0;
  std::vector<std::uint32_t> typo_intents;  // entries with a word it is a typo of, sorted
};

EntryVocabulary EntryVocabulary::Build(std::size_t intent_count,
                                       std::span<const VocabularyText> texts) {
  EntryVocabulary vocabulary;
  vocabulary.stems_.resize(intent_count);
  std::vector<std::pair<std::string, std::uint32_t>> words;  // (long word, intent)
  for (const VocabularyText& text : texts) {
    if (text.intent >= intent_count) continue;
    std::vector<std::uint32_t>& stems = vocabulary.stems_[text.intent];
    for (const Token& token : Normalize(WithoutLinkTargets(text.text), text.language)) {
      if (!IsContentWord(token)) continue;
      stems.push_back(StemHash(token.stem));
      if (!token.alt_stem.empty()) stems.push_back(StemHash(token.alt_stem));
      if (token.word.size() >= kMinTypoLetters) words.emplace_back(token.word, text.intent);
    }
  }
  SortUnique(&words);
  for (const auto& [word, intent] : words) {
    if (vocabulary.long_words_.empty() || vocabulary.long_words_.back().first != word) {
      vocabulary.long_words_.push_back({word, {}});
    }
    vocabulary.long_words_.back().second.push_back(intent);
  }
  std::vector<std::uint32_t> all;
  for (std::vector<std::uint32_t>& stems : vocabulary.stems_) {
    SortUnique(&stems);
    all.insert(all.end(), stems.begin(), stems.end());
  }
  std::sort(all.begin(), all.end());
  for (std::size_t i = 0; i < all.size();) {
    std::size_t j = i;
    while (j < all.size() && all[j] == all[i]) ++j;
    vocabulary.entry_counts_.emplace_back(all[i], static_cast<std::uint32_t>(j - i));
    i = j;
  }
  return vocabulary;
}

std::string EntryVocabulary::Serialize() const {
  internal::ByteWriter out;
  internal::StartEnvelope(out, kMagic, kVersion);
  out.Varint(stems_.size());
  std::vector<std::uint32_t> hashes;  // entry_counts_ holds every stem of every intent
  hashes.reserve(entry_counts_.size());
  for (const auto& [hash, count] : entry_counts_) hashes.push_back(hash);
  WriteIncreasing(out, hashes);
  std::vector<std::uint32_t> indexes;
  for (const std::vector<std::uint32_t>& stems : stems_) {
    indexes.clear();
    for (std::uint32_t hash : stems) {
      indexes.push_back(static_cast<std::uint32_t>(
          std::lower_bound(hashes.begin(), hashes.end(), hash) - hashes.begin()));
    }
    WriteIncreasing(out, indexes);
  }
  out.Varint(long_words_.size());
  for (const auto& [word, intents] : long_words_) {
    out.Bytes(word);
    WriteIncreasing(out, intents);
  }
  internal::SealEnvelope(out);
  return std::move(out.str());
}

Result<EntryVocabulary> EntryVocabulary::Deserialize(std::string_view bytes) {
  if (bytes.size() > kMaxModelBytes) {
    return Status::Error(StatusCode::kResourceExhausted, "entry vocabulary over its size budget");
  }
  std::optional<internal::Envelope> envelope = internal::OpenEnvelope(bytes, kMagic);
  if (!envelope) return Corrupt("not an entry vocabulary");
  if (envelope->version != kVersion) {
    return Corrupt("unknown format version " + std::to_string(envelope->version));
  }
  if (!envelope->checksum_ok) return Corrupt("checksum mismatch");
  internal::ByteReader& in = envelope->body;

  EntryVocabulary vocabulary;
  const std::uint64_t n = in.Count(1);
  if (!in.ok() || n > kMaxIntents) return Corrupt("bad intent count");
  std::vector<std::uint32_t> hashes;
  if (!ReadIncreasing(in, std::uint64_t{1} << 32, &hashes)) return Corrupt("bad stems");
  std::vector<std::uint32_t> counts(hashes.size(), 0);
  std::vector<std::uint32_t> indexes;
  vocabulary.stems_.resize(n);
  for (std::vector<std::uint32_t>& stems : vocabulary.stems_) {
    indexes.clear();
    if (!ReadIncreasing(in, hashes.size(), &indexes)) return Corrupt("bad stems of an entry");
    stems.reserve(indexes.size());
    for (std::uint32_t index : indexes) {
      stems.push_back(hashes[index]);
      ++counts[index];
    }
  }
  vocabulary.entry_counts_.reserve(hashes.size());
  for (std::size_t i = 0; i < hashes.size(); ++i) {
    if (counts[i] == 0) return Corrupt("a stem no entry has");
    vocabulary.entry_counts_.emplace_back(hashes[i], counts[i]);
  }
  const std::uint64_t n_words = in.Count(3);
  vocabulary.long_words_.reserve(n_words);
  for (std::uint64_t i = 0; i < n_words && in.ok(); ++i) {
    const std::string_view word = in.Bytes(in.remaining());
    if (!in.ok() || word.empty() ||
        (i > 0 && word <= std::string_view(vocabulary.long_words_.back().first))) {
      return Corrupt("bad long words");
    }
    vocabulary.long_words_.push_back({std::string(word), {}});
    if (!ReadIncreasing(in, n, &vocabulary.long_words_.back().second) ||
        vocabulary.long_words_.back().second.empty()) {
      return Corrupt("bad intents of a long word");
    }
  }
  if (!in.ok() || !in.done()) return Corrupt("trailing or missing bytes");
  return vocabulary;
}

// Each word weighs its inverse entry frequency, ln((n + 1) / (df + 0.5)); a
// word that no entry uses counts as used by one (it is at least as telling as
// the rarest word). Typo candidates share the first letter (TypoMatch requires it).
std::vector<EntryVocabulary::QuestionWord> EntryVocabulary::Prepare(
    std::span<const Token> question) const {
  const auto entries_with = [&](std::uint32_t hash) -> std::uint32_t {
    const auto it = std::lower_bound(entry_counts_.begin(), entry_counts_.end(),
                                     std::make_pair(hash, std::uint32_t{0}));
    return it != entry_counts_.end() && it->first == hash ? it->second : 0;
  };
  const double n = static_cast<double>(stems_.size());
  std::vector<QuestionWord> words;
  for (const Token& token : question) {
    if (!IsContentWord(token)) continue;
    QuestionWord word;
    word.word = token.word;
    word.hashes.push_back(StemHash(token.stem));
    if (!token.alt_stem.empty()) word.hashes.push_back(StemHash(token.alt_stem));
    std::uint32_t df = 1;
    for (std::uint32_t hash : word.hashes) df = std::max(df, entries_with(hash));
    word.weight = internal::DetLog((n + 1.0) / (df + 0.5));
    if (token.word.size() + 1 >= kMinTypoLetters) {
      const auto first = std::lower_bound(
          long_words_.begin(), long_words_.end(), token.word.substr(0, 1),
          [](const auto& entry, const std::string& prefix) { return entry.first < prefix; });
      for (auto it = first; it != long_words_.end() && it->first[0] == token.word[0]; ++it) {
        if (!signal_words::TypoMatch(token.word, it->first)) continue;
        word.typo_intents.insert(word.typo_intents.end(), it->second.begin(), it->second.end());
      }
      SortUnique(&word.typo_intents);
    }
    words.push_back(std::move(word));
  }
  return words;
}

bool EntryVocabulary::Holds(const std::vector<std::uint32_t>& stems, const QuestionWord& word,
                            std::uint32_t intent) {
  return std::any_of(word.hashes.begin(), word.hashes.end(),
                     [&](std::uint32_t hash) {
                       return std::binary_search(stems.begin(), stems.end(), hash);
                     }) ||
         std::binary_search(word.typo_intents.begin(), word.typo_intents.end(), intent);
}

double EntryVocabulary::Share(const std::vector<QuestionWord>& words, std::uint32_t intent) const {
  double total = 0;
  double found = 0;
  for (const QuestionWord& word : words) {
    total += word.weight;
    if (Holds(stems_[intent], word, intent)) found += word.weight;
  }
  return total > 0 ? found / total : 1.0;
}

LexicalAgreement EntryVocabulary::Measure(std::span<const Token> question,
                                          std::uint32_t intent) const {
  LexicalAgreement agreement;
  if (intent >= stems_.size()) {
    agreement.share = 0;
    return agreement;
  }
  const std::vector<QuestionWord> words = Prepare(question);
  agreement.share = Share(words, intent);
  for (const QuestionWord& word : words) {
    if (!Holds(stems_[intent], word, intent)) agreement.missing.push_back(word.word);
  }
  return agreement;
}

void EntryVocabulary::Annotate(std::span<const Token> question,
                               Classification* classification) const {
  const std::vector<QuestionWord> words = Prepare(question);
  double best = 0;
  for (std::uint32_t intent = 0; intent < stems_.size(); ++intent) {
    best = std::max(best, Share(words, intent));
  }
  for (IntentCandidate& candidate : classification->ranked) {
    const double share = candidate.intent < stems_.size() ? Share(words, candidate.intent) : 0.0;
    candidate.agreement = best > 0 ? share * share / best : 0.0;
  }
}

}  // namespace relais::engine
