// The knowledge base as the engine sees it: the immutable, in-memory content of
// a bundle produced by `relais-kb build` (schema: bundle_schema.h, described in
// knowledge-base/README.md).
//
// The engine never touches files: the caller (the wasm host, the server, the
// compiler's `test` command) passes the bundle's bytes, FromBundle copies what it
// needs into plain structs and closes the SQLite database before returning.
#ifndef RELAIS_ENGINE_KNOWLEDGE_BASE_H_
#define RELAIS_ENGINE_KNOWLEDGE_BASE_H_

#include <cstddef>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "relais/engine/bundle_schema.h"
#include "relais/engine/status.h"
#include "relais/vocabulary.h"

namespace relais::engine {

// (kBundleFormatVersion and kBundleApplicationId are in bundle_schema.h.)

// Largest bundle FromBundle accepts (kResourceExhausted above).
inline constexpr std::size_t kMaxBundleBytes = 64u << 20;
// Name of the intent classifier in the bundle's `model` table.
inline constexpr std::string_view kClassifierModelName = "intent-classifier";
// Names of what Engine::Create derives from the bundle's content, which relais-kb
// precomputes (BuildDerivedModels, engine.h); Create builds them itself when a
// bundle lacks them.
inline constexpr std::string_view kEntryVocabularyModelName = "entry-vocabulary";
inline constexpr std::string_view kCallbackEntriesModelName = "callback-entries";

// One "other way to get help" (phone line, form, office address...).
struct KbContact {
  std::string kind;   // phone, tty, hours, address, form, email or chat
  std::string value;  // the number, address or https:// URL
  std::string label;  // may be empty

  bool operator==(const KbContact&) const = default;
};

// The text of an entry in one language.
struct KbEntryText {
  std::string language;  // its code: "en", "fr", "es"...
  std::string title;
  std::string answer_markdown;          // Markdown subset, validated by relais-kb
  std::vector<KbContact> alternatives;  // this entry's own other ways to get help
};

enum class KbHandoff { kNever, kAlways };

// One FAQ entry.
struct KbEntry {
  std::string id;  // lowercase letters, digits and hyphens; unique
  std::string category;
  // In the order of KbInfo::languages, so the default language's first: every entry
  // has the complete languages, and the partial ones it is written in.
  std::vector<KbEntryText> texts;
  std::vector<std::string> follow_ups;  // ids of existing entries, in author order
  KbHandoff handoff = KbHandoff::kNever;
  std::string queue;  // hand-off routing; empty when unset
  std::string skill;  // empty when unset
  vocabulary::Priority priority = vocabulary::Priority::kNormal;  // normal or urgent
  bool show_service_alternatives = true;  // show KbInfo::alternatives_* under the answer
  std::string owner;
  std::string reviewed;  // YYYY-MM-DD

  // The text in `language`, or in the default language when the entry is not
  // written in it (KbEntryText::language says which).
  const KbEntryText& Text(std::string_view language) const;
};

// One example question (classifier training data; label = entry_id).
struct KbQuestion {
  std::string entry_id;
  std::string language;  // a code of KbInfo::languages
  std::string text;
};

// One author pattern: RE2 syntax, matched against the visitor's raw text; a match
// forces the entry. Validated (compiles, within RE2 memory budget) by relais-kb.
struct KbPattern {
  std::string entry_id;
  std::string language;  // the section it was written in
  std::string re2;
};

// Bundle-wide information (the `meta` table).
struct KbInfo {
  int format_version = 0;
  std::string content_hash;  // hex SHA-256 of the knowledge-base sources
  std::string build_time;    // UTC, ISO 8601 (from SOURCE_DATE_EPOCH when set)
  // {"en", "fr"}, {"en", "fr", "es"}...: the default language first. Never empty.
  std::vector<std::string> languages;
  std::size_t entry_count = 0;
  std::size_t question_count = 0;
  std::string service_id;
  // Per language code: the service's name, its other ways to get help.
  std::map<std::string, std::string, std::less<>> service_names;
  std::map<std::string, std::vector<KbContact>, std::less<>> alternatives;

  // The service-wide other ways to get help in `language` (the default
  // language's when it has none).
  const std::vector<KbContact>& Alternatives(std::string_view language) const;
};

// Whether FromBundle reads the example questions. They are the training data:
// the server searches them for agents' suggestions, but the engine needs them only
// for a bundle written before relais-kb stored what it derives from them (see
// Engine::Create), and reading them is a good part of a browser's first load.
enum class KbQuestions { kRead, kSkip };

// An immutable knowledge base. Copies are cheap (shared, reference-counted
// content) and every method is const, so one instance can be shared by any number
// of threads.
class KnowledgeBase {
 public:
  // Reads a bundle from its SQLite bytes (opened with sqlite3_deserialize as a
  // read-only in-memory database; `sqlite_bytes` is only borrowed during the call).
  // Fails with kResourceExhausted above kMaxBundleBytes, kCorrupt for a file that
  // is not a Relais bundle, is damaged, or has another format version (the message
  // says which and how to fix it), kInvalidArgument for inconsistent content (a
  // question of an unknown entry...). With KbQuestions::kSkip, questions() is empty
  // (info().question_count still counts them).
  static Result<KnowledgeBase> FromBundle(std::string_view sqlite_bytes,
                                          KbQuestions questions = KbQuestions::kRead);

  const KbInfo& info() const { return data_->info; }
  // Entries sorted by id.
  const std::vector<KbEntry>& entries() const { return data_->entries; }
  // Example questions sorted by entry id, language, then author order; empty when
  // read with KbQuestions::kSkip.
  const std::vector<KbQuestion>& questions() const { return data_->questions; }
  bool questions_read() const { return data_->questions_read; }
  // Patterns, in the same order as questions.
  const std::vector<KbPattern>& patterns() const { return data_->patterns; }

  // The entry with this id, or nullptr. O(log n).
  const KbEntry* FindEntry(std::string_view id) const;
  // The bytes of the named model (see kClassifierModelName); empty when the bundle
  // has none. The view lives as long as any copy of this KnowledgeBase.
  std::string_view Model(std::string_view name) const;

 private:
  struct Data {
    KbInfo info;
    std::vector<KbEntry> entries;
    std::vector<KbQuestion> questions;
    bool questions_read = true;
    std::vector<KbPattern> patterns;
    std::vector<std::pair<std::string, std::string>> models;  // sorted by name
  };
  explicit KnowledgeBase(std::shared_ptr<const Data> data) : data_(std::move(data)) {}

  std::shared_ptr<const Data> data_;
};

}  // namespace relais::engine

#endif  // RELAIS_ENGINE_KNOWLEDGE_BASE_H_
