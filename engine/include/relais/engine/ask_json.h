// The JSON form of the engine's inputs and outputs, shared by every host (the
// WebAssembly module, native tools, golden tests) so they cannot drift apart.
// The shapes are documented in wasm/README.md.
#ifndef RELAIS_ENGINE_ASK_JSON_H_
#define RELAIS_ENGINE_ASK_JSON_H_

#include <string>
#include <string_view>

#include "relais/engine/engine.h"
#include "relais/engine/knowledge_base.h"

namespace relais::engine {

// Parses {"language": "fr"|"en"|null, "history": [{"text": ..., "decision": ...}]}.
// Untrusted input: anything malformed or over budget is ignored field by field
// (a bad context must not stop an answer); never throws.
AskContext AskContextFromJson(std::string_view context_json);

// {"ok": true, "decision": ..., "reason": ..., "entry": {...}|null, ...} as one line.
// Entry texts are taken from `knowledge_base` in the result's language.
std::string AskResultToJson(const AskResult& result, const KnowledgeBase& knowledge_base);

// One entry in `language` ("fr" or "en"): id, title, answer_markdown, follow_ups
// (with titles), alternatives (the entry's own, then the service's when shown),
// queue, skill, priority.
std::string EntryToJson(const KbEntry& entry, const KnowledgeBase& knowledge_base,
                        std::string_view language);

// The bundle's public information: service names, languages, counts, content hash,
// service-wide alternatives per language.
std::string KbInfoToJson(const KbInfo& info);

}  // namespace relais::engine

#endif  // RELAIS_ENGINE_ASK_JSON_H_
