// The engine's JavaScript API (contract: wasm/README.md). Every function returns a
// JSON string; errors are {"ok": false, "error": ...}, never exceptions.
//
// One knowledge base is loaded at a time per module instance; the widget runs the
// module in a Web Worker, so calls never overlap (the module has no threads).
#include <emscripten/bind.h>
#include <emscripten/val.h>

#include <nlohmann/json.hpp>

#include <cstdint>
#include <optional>
#include <string>

#include "relais/engine/ask_json.h"
#include "relais/engine/engine.h"
#include "relais/engine/knowledge_base.h"

namespace relais::wasm {
namespace {

using nlohmann::json;

// The loaded engine (empty until loadBundle succeeds).
std::optional<engine::Engine>& LoadedEngine() {
  static std::optional<engine::Engine> loaded;
  return loaded;
}

std::string Error(std::string_view message) {
  return json{{"ok", false}, {"error", message}}.dump();
}

std::string LoadBundle(const emscripten::val& bytes) {
  const std::size_t size = bytes["length"].as<std::size_t>();
  if (size > engine::kMaxBundleBytes) return Error("the knowledge-base bundle is too large");
  std::string buffer(size, '\0');
  // Copy the Uint8Array straight into wasm memory.
  emscripten::val(emscripten::typed_memory_view(size, reinterpret_cast<std::uint8_t*>(buffer.data())))
      .call<void>("set", bytes);

  auto kb = engine::KnowledgeBase::FromBundle(buffer);
  if (!kb.ok()) return Error(kb.status().message());
  auto created = engine::Engine::Create(kb.value());
  if (!created.ok()) return Error(created.status().message());
  LoadedEngine() = std::move(created).value();
  return R"({"ok":true,"info":)" + engine::KbInfoToJson(LoadedEngine()->knowledge_base().info()) + "}";
}

std::string Ask(const std::string& query, const std::string& context_json) {
  if (!LoadedEngine()) return Error("no knowledge base loaded: call loadBundle first");
  engine::AskContext context = engine::AskContextFromJson(context_json);
  engine::AskResult result = LoadedEngine()->Ask(query, context);
  return engine::AskResultToJson(result, LoadedEngine()->knowledge_base());
}

std::string Entry(const std::string& id, const std::string& language) {
  if (!LoadedEngine()) return Error("no knowledge base loaded: call loadBundle first");
  const engine::KnowledgeBase& kb = LoadedEngine()->knowledge_base();
  const engine::KbEntry* entry = kb.FindEntry(id);
  if (entry == nullptr) return Error("unknown entry");
  return R"({"ok":true,"entry":)" + engine::EntryToJson(*entry, kb, language) + "}";
}

}  // namespace
}  // namespace relais::wasm

EMSCRIPTEN_BINDINGS(relais_engine) {
  emscripten::function("loadBundle", &relais::wasm::LoadBundle);
  emscripten::function("ask", &relais::wasm::Ask);
  emscripten::function("entry", &relais::wasm::Entry);
}
