// Loading an intent data set in the Relais evaluation format (see
// ../shared/data/README.md): {"name", "language", "train": [...],
// "validation": [...], "test": [...]}, items {"text": str, "intent": str|null}.
#ifndef RELAIS_ENGINE_TOOLS_EVAL_DATASET_H_
#define RELAIS_ENGINE_TOOLS_EVAL_DATASET_H_

#include <optional>
#include <string>
#include <vector>

#include "relais/engine/status.h"
#include "relais/engine/text_language.h"

namespace relais::eval {

struct LabelledText {
  std::string text;
  std::optional<std::string> intent;  // nullopt: out of scope
};

struct Dataset {
  std::string name;
  engine::TextLanguage language = engine::TextLanguage::kUnknown;
  std::vector<LabelledText> train;
  std::optional<std::vector<LabelledText>> validation;
  std::optional<std::vector<LabelledText>> test;
};

// Budget for a data set file.
inline constexpr std::size_t kMaxDatasetBytes = 256u << 20;

// Reads and validates `path`. Errors name the file and the problem
// (kNotFound, kInvalidArgument for bad JSON or fields, kResourceExhausted).
engine::Result<Dataset> LoadDataset(const std::string& path);

// Reads a text file of one query per line (CR LF tolerated).
engine::Result<std::vector<std::string>> LoadLines(const std::string& path);

}  // namespace relais::eval

#endif  // RELAIS_ENGINE_TOOLS_EVAL_DATASET_H_
