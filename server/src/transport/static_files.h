// Static assets from the --web directory: an in-memory cache keyed by path,
// revalidated by modification time and size, with a strong ETag and a gzip
// variant (a precompressed ".gz" sibling, or zlib at first use). Which file a
// URL names is decided by relais/server/static_path.h alone. No Beast here.
#ifndef RELAIS_SERVER_SRC_TRANSPORT_STATIC_FILES_H_
#define RELAIS_SERVER_SRC_TRANSPORT_STATIC_FILES_H_

#include <cstdint>
#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "relais/server/static_path.h"

namespace relais::server::transport {

struct StaticFile {
  std::string content;
  std::string gzip;  // empty when not worth compressing
  std::string etag;  // quoted, e.g. "\"3f2a...\""
  std::string content_type;
  std::string cache_control;  // immutable for hashed names, 5 min for the loader, else no-cache
  int64_t mtime_ns = 0;
  uint64_t size = 0;
};

class StaticFiles {
 public:
  // `forbidden`: directories never served even if under `root` (the data
  // directory). The root may appear after start; it is opened on first use.
  StaticFiles(std::string root, std::vector<std::filesystem::path> forbidden)
      : root_path_(std::move(root)), forbidden_(std::move(forbidden)) {}

  // The file for a URL path ("/console/app.js"), or nullptr when the path
  // names nothing servable (StaticRoot::Resolve), cannot be read, or is larger
  // than 64 MiB. A directory maps to its index.html. I/O thread only.
  std::shared_ptr<const StaticFile> Get(std::string_view url_path);

  // Whether `url_path` names a directory without its final slash ("/demo"): served
  // as is, its index.html's relative links would resolve one level up, so the
  // caller redirects to "/demo/". Call after Get (which opens the root). I/O thread only.
  bool NamesDirectory(std::string_view url_path);

 private:
  std::string root_path_;
  std::vector<std::filesystem::path> forbidden_;
  std::optional<StaticRoot> root_;
  std::map<std::string, std::shared_ptr<const StaticFile>> cache_;
};

// The loader's file name: host pages embed it by this name, so it is cached briefly.
inline constexpr std::string_view kLoaderName = "relais.js";

// MIME type for a file name.
std::string ContentTypeFor(std::string_view name);

// gzip (RFC 1952) of `data` with zlib; empty on failure or when built without zlib.
std::string Gzip(std::string_view data);

// Whether the Accept-Encoding header value allows gzip.
bool AcceptsGzip(std::string_view accept_encoding);

}  // namespace relais::server::transport

#endif  // RELAIS_SERVER_SRC_TRANSPORT_STATIC_FILES_H_
