#include "eval_dataset.h"

#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

namespace relais::eval {
namespace {

using engine::Result;
using engine::Status;
using engine::StatusCode;

Result<std::string> ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::Error(StatusCode::kNotFound, path + ": cannot open file");
  in.seekg(0, std::ios::end);
  const std::streamoff size = in.tellg();
  if (size < 0) return Status::Error(StatusCode::kInvalidArgument, path + ": cannot read file");
  if (static_cast<std::uint64_t>(size) > kMaxDatasetBytes) {
    return Status::Error(
        StatusCode::kResourceExhausted,
        path + ": file larger than " + std::to_string(kMaxDatasetBytes) + " bytes");
  }
  in.seekg(0);
  std::string bytes(static_cast<std::size_t>(size), '\0');
  in.read(bytes.data(), size);
  if (!in) return Status::Error(StatusCode::kInvalidArgument, path + ": read error");
  return bytes;
}

Result<std::vector<LabelledText>> ParseSplit(const nlohmann::json& items,
                                             const std::string& where) {
  if (!items.is_array()) {
    return Status::Error(StatusCode::kInvalidArgument, where + ": must be an array");
  }
  std::vector<LabelledText> out;
  out.reserve(items.size());
  for (std::size_t i = 0; i < items.size(); ++i) {
    const nlohmann::json& item = items[i];
    const std::string at = where + "[" + std::to_string(i) + "]";
    if (!item.is_object()) {
      return Status::Error(StatusCode::kInvalidArgument, at + ": must be an object");
    }
    const auto text = item.find("text");
    if (text == item.end() || !text->is_string()) {
      return Status::Error(StatusCode::kInvalidArgument, at + ": missing string field \"text\"");
    }
    const auto intent = item.find("intent");
    if (intent == item.end() || !(intent->is_string() || intent->is_null())) {
      return Status::Error(StatusCode::kInvalidArgument,
                           at + ": missing field \"intent\" (a string, or null for out of scope)");
    }
    LabelledText t;
    t.text = text->get<std::string>();
    if (intent->is_string()) {
      t.intent = intent->get<std::string>();
      if (t.intent->empty()) {
        return Status::Error(StatusCode::kInvalidArgument, at + ": empty \"intent\"");
      }
    }
    out.push_back(std::move(t));
  }
  return out;
}

}  // namespace

Result<Dataset> LoadDataset(const std::string& path) {
  Result<std::string> bytes = ReadFile(path);
  if (!bytes.ok()) return bytes.status();
  const nlohmann::json doc = nlohmann::json::parse(bytes.value(), nullptr, false);
  if (doc.is_discarded()) {
    return Status::Error(StatusCode::kInvalidArgument, path + ": not valid JSON");
  }
  if (!doc.is_object()) {
    return Status::Error(StatusCode::kInvalidArgument, path + ": top level must be an object");
  }
  Dataset d;
  if (auto it = doc.find("name"); it != doc.end() && it->is_string())
    d.name = it->get<std::string>();
  if (auto it = doc.find("language"); it != doc.end() && it->is_string()) {
    d.language = engine::TextLanguageFromCode(it->get<std::string>());
  }
  const auto train = doc.find("train");
  if (train == doc.end()) {
    return Status::Error(StatusCode::kInvalidArgument, path + ": missing \"train\" split");
  }
  auto parsed = ParseSplit(*train, path + ": train");
  if (!parsed.ok()) return parsed.status();
  d.train = std::move(parsed.value());
  for (const char* name : {"validation", "test"}) {
    const auto it = doc.find(name);
    if (it == doc.end()) continue;
    auto split = ParseSplit(*it, path + ": " + name);
    if (!split.ok()) return split.status();
    (std::string(name) == "test" ? d.test : d.validation) = std::move(split.value());
  }
  std::size_t in_scope = 0;
  for (const LabelledText& t : d.train) in_scope += t.intent.has_value();
  if (in_scope == 0) {
    return Status::Error(StatusCode::kInvalidArgument,
                         path + ": \"train\" has no example with an intent");
  }
  return d;
}

Result<std::vector<std::string>> LoadLines(const std::string& path) {
  Result<std::string> bytes = ReadFile(path);
  if (!bytes.ok()) return bytes.status();
  std::vector<std::string> lines;
  std::istringstream in(bytes.value());
  for (std::string line; std::getline(in, line);) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    lines.push_back(std::move(line));
  }
  return lines;
}

}  // namespace relais::eval
