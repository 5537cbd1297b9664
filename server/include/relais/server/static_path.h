// Static files: which file, if any, a URL path names under the web root.
//
// Everything an unauthenticated client sends in a path is hostile. The rule is
// built so that nothing outside the root can ever be named, whatever the
// bytes: the path is first checked lexically (segments of a small alphabet,
// no "." or ".." or empty segments, no absolute forms, no escapes), then the
// file it names is resolved with every symbolic link followed and must still
// lie inside the root and outside every forbidden directory (the data
// directory), and finally it is opened without following a link and read only
// if the open descriptor is a regular file of a bounded size (never a FIFO, a
// device or a /proc file, whose reads can block, never end or leak state).
#ifndef RELAIS_SERVER_STATIC_PATH_H_
#define RELAIS_SERVER_STATIC_PATH_H_

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "relais/server/status.h"

namespace relais::server {

// Longest URL path considered (longer ones name nothing).
inline constexpr size_t kMaxStaticPathBytes = 1024;

// The segments of a URL path ("/console/app.js" -> {"console", "app.js"}), or
// nullopt when the path is not one that a static file may have: it must start
// with a single '/', be at most kMaxStaticPathBytes, and each segment must be
// non-empty, must not start with '.', and may only hold ASCII letters, digits
// and "-_.~+@". A trailing '/' adds an empty last segment (a directory: its
// index.html). Pure; no file system access.
std::optional<std::vector<std::string_view>> StaticPathSegments(std::string_view url_path);

// A web root and the directories under it that must never be served.
class StaticRoot {
 public:
  // `root` must exist (it is made canonical here); `forbidden` may not exist
  // yet (each is made canonical as far as it exists). kNotFound when root does
  // not exist or is not a directory.
  static Result<StaticRoot> Open(const std::filesystem::path& root,
                                 const std::vector<std::filesystem::path>& forbidden);

  // The canonical path of the regular file `url_path` names (a directory maps
  // to its index.html), or nullopt: bad path, missing, not a regular file,
  // outside the root once links are followed, or inside a forbidden directory.
  std::optional<std::filesystem::path> Resolve(std::string_view url_path) const;

  // A file beside a resolved one (`resolved` + `suffix`, e.g. its ".gz"),
  // under the same checks as Resolve, or nullopt.
  std::optional<std::filesystem::path> Sibling(const std::filesystem::path& resolved,
                                               std::string_view suffix) const;

  const std::filesystem::path& root() const { return root_; }

 private:
  bool Allowed(const std::filesystem::path& canonical) const;
  // `path` made canonical, if it is an allowed regular file.
  std::optional<std::filesystem::path> Checked(const std::filesystem::path& path) const;

  std::filesystem::path root_;
  std::vector<std::filesystem::path> forbidden_;
};

// Whether `path` (canonical) is `dir` (canonical) or lies under it.
bool PathWithin(const std::filesystem::path& path, const std::filesystem::path& dir);

// The bytes of the regular file at `path`, opened without following a final
// symbolic link and without blocking, checked on the open descriptor (regular
// file, at most max_bytes). Also reports its modification time (ns since the
// epoch) and size. kNotFound when it cannot be opened or is not a regular
// file; kResourceExhausted when larger than max_bytes.
struct FileBytes {
  std::string content;
  int64_t mtime_ns = 0;
  uint64_t size = 0;
};
Result<FileBytes> ReadRegularFile(const std::filesystem::path& path, uint64_t max_bytes);

// Size and modification time of the regular file at `path` without reading it
// (lstat: a link is not followed), or nullopt.
std::optional<FileBytes> StatRegularFile(const std::filesystem::path& path);

}  // namespace relais::server

#endif  // RELAIS_SERVER_STATIC_PATH_H_
