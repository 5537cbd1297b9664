// Static assets from the --web directory: an in-memory cache keyed by path,
// revalidated by modification time and size, with a strong ETag and a gzip
// variant (a precompressed ".gz" sibling, or zlib at first use). No Beast here.
#ifndef RELAIS_SERVER_SRC_TRANSPORT_STATIC_FILES_H_
#define RELAIS_SERVER_SRC_TRANSPORT_STATIC_FILES_H_

#include <cstdint>
#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

namespace relais::server::transport {

struct StaticFile {
  std::string content;
  std::string gzip;  // empty when not worth compressing
  std::string etag;  // quoted, e.g. "\"3f2a...\""
  std::string content_type;
  std::string cache_control;  // immutable for hashed names, no-cache otherwise
  std::filesystem::file_time_type mtime;
  uintmax_t size = 0;
};

class StaticFiles {
 public:
  explicit StaticFiles(std::string root) : root_(std::move(root)) {}

  // The file for a URL path ("/console/app.js"), or nullptr when the path is
  // unsafe (.., NUL, encoded characters), missing, or larger than 64 MiB. A
  // directory maps to its index.html. Called on the I/O thread only.
  std::shared_ptr<const StaticFile> Get(std::string_view url_path);

  const std::string& root() const { return root_; }

 private:
  std::string root_;
  std::map<std::string, std::shared_ptr<const StaticFile>> cache_;
};

// MIME type for a file name.
std::string ContentTypeFor(std::string_view name);

// gzip (RFC 1952) of `data` with zlib; empty on failure or when built without zlib.
std::string Gzip(std::string_view data);

// Whether the Accept-Encoding header value allows gzip.
bool AcceptsGzip(std::string_view accept_encoding);

}  // namespace relais::server::transport

#endif  // RELAIS_SERVER_SRC_TRANSPORT_STATIC_FILES_H_
