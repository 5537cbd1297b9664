// The engine's C entry points, wrapped for JavaScript by engine_api.js (contract:
// wasm/README.md). Plain exported C functions over UTF-8 bytes rather than embind:
// the API is JSON strings in and out, and embind's runtime tripled the glue code.
//
// Strings come in as (pointer, length) in wasm memory, owned by the caller. Each
// call returns a NUL-terminated JSON string owned by this module, valid until the
// next call; errors are {"ok": false, "error": ...}, never exceptions.
//
// One knowledge base is loaded at a time per module instance; the widget runs the
// module in a Web Worker, so calls never overlap (the module has no threads).
#include <emscripten/emscripten.h>

#include <nlohmann/json.hpp>

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include "relais/engine/ask_json.h"
#include "relais/engine/engine.h"
#include "relais/engine/knowledge_base.h"

namespace relais::wasm {
namespace {

// The loaded engine (empty until loadBundle succeeds).
std::optional<engine::Engine>& LoadedEngine() {
  static std::optional<engine::Engine> loaded;
  return loaded;
}

// Holds the last result so that JavaScript can read it after the call returns.
const char* Reply(std::string json) {
  static std::string last;
  last = std::move(json);
  return last.c_str();
}

const char* Error(std::string_view message) {
  return Reply(nlohmann::json{{"ok", false}, {"error", message}}.dump());
}

const char* NotLoaded() { return Error("no knowledge base loaded: call loadBundle first"); }

}  // namespace
}  // namespace relais::wasm

using relais::wasm::Error;
using relais::wasm::LoadedEngine;
using relais::wasm::Reply;

extern "C" {

// Parses a bundle (SQLite bytes, read in place) and builds the engine from it.
EMSCRIPTEN_KEEPALIVE const char* relais_load_bundle(const char* bytes, std::size_t size) {
  namespace engine = relais::engine;
  if (size > engine::kMaxBundleBytes) return Error("the knowledge-base bundle is too large");
  auto kb =
      engine::KnowledgeBase::FromBundle(std::string_view(bytes, size), engine::KbQuestions::kSkip);
  if (!kb.ok()) return Error(kb.status().message());
  auto created = engine::Engine::Create(kb.value());
  if (!created.ok()) return Error(created.status().message());
  LoadedEngine() = std::move(created).value();
  return Reply(R"({"ok":true,"info":)" +
               engine::KbInfoToJson(LoadedEngine()->knowledge_base().info()) + "}");
}

EMSCRIPTEN_KEEPALIVE const char* relais_ask(const char* query, std::size_t query_size,
                                            const char* context, std::size_t context_size) {
  namespace engine = relais::engine;
  if (!LoadedEngine()) return relais::wasm::NotLoaded();
  const engine::AskContext ask_context =
      engine::AskContextFromJson(std::string_view(context, context_size));
  const engine::AskResult result =
      LoadedEngine()->Ask(std::string_view(query, query_size), ask_context);
  return Reply(engine::AskResultToJson(result, LoadedEngine()->knowledge_base()));
}

EMSCRIPTEN_KEEPALIVE const char* relais_entry(const char* id, std::size_t id_size,
                                              const char* language, std::size_t language_size) {
  namespace engine = relais::engine;
  if (!LoadedEngine()) return relais::wasm::NotLoaded();
  const engine::KnowledgeBase& kb = LoadedEngine()->knowledge_base();
  const engine::KbEntry* entry = kb.FindEntry(std::string_view(id, id_size));
  if (entry == nullptr) return Error("unknown entry");
  return Reply(R"({"ok":true,"entry":)" +
               engine::EntryToJson(*entry, kb, std::string_view(language, language_size)) + "}");
}

}  // extern "C"
