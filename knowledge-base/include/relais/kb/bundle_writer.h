// Writing the knowledge-base bundle: the SQLite file the engine loads (schema
// and format version: relais/engine/bundle_schema.h, shared with the reader,
// relais/engine/knowledge_base.h; described in knowledge-base/README.md).
//
// The same sources, build time and models always give byte-identical bundles:
// rows are inserted in a fixed order, there are no random ids, and the database
// is VACUUMed before it is serialised.
#ifndef RELAIS_KB_BUNDLE_WRITER_H_
#define RELAIS_KB_BUNDLE_WRITER_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "relais/engine/status.h"
#include "relais/kb/source.h"

namespace relais::kb {

struct BundleOptions {
  // Seconds since the Unix epoch, stored as meta.build_time (UTC, ISO 8601).
  std::int64_t build_time = 0;
  // Trained models, stored in the `model` table: (name, bytes). When they hold
  // a classifier that loads and none of the models derived from the bundle, the
  // writer adds those (engine::BuildDerivedModels on the bundle as written).
  std::vector<std::pair<std::string, std::string>> models;
};

// Builds the bundle of a knowledge base that ValidateKnowledgeBase accepted
// (without errors: the writer applies the defaults of optional fields but does not
// check values again). Returns the SQLite file's bytes, or kInternal with SQLite's
// message. Thread-compatible; the result is owned by the caller.
engine::Result<std::string> BuildBundle(const KnowledgeBaseSource& kb,
                                        const BundleOptions& options);

// The build time for a reproducible build: SOURCE_DATE_EPOCH when
// `source_date_epoch` is non-null (a decimal number of seconds; anything else is
// kInvalidArgument), `now` otherwise.
engine::Result<std::int64_t> ResolveBuildTime(const char* source_date_epoch, std::int64_t now);

// "2026-03-01T12:00:00Z".
std::string FormatUtcTimestamp(std::int64_t seconds_since_epoch);

// Markdown reduced to its words for full-text search: link targets and the
// emphasis and link brackets removed (the FTS5 tokenizer drops other punctuation).
std::string MarkdownToSearchText(std::string_view markdown);

// Writes `bytes` to `path` through a temporary file in the same folder and a
// rename, so that readers never see a half-written bundle. kInternal on failure.
engine::Status WriteFileAtomically(const std::string& path, std::string_view bytes);

}  // namespace relais::kb

#endif  // RELAIS_KB_BUNDLE_WRITER_H_
