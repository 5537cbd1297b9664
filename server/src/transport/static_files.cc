// Static file cache (see static_files.h).
#include "static_files.h"

#include <sodium.h>
#if RELAIS_HAVE_ZLIB
#include <zlib.h>
#endif

#include <regex>

namespace relais::server::transport {
namespace {

constexpr uintmax_t kMaxFileBytes = 64 << 20;

bool Compressible(const std::string& type) {
  return type.rfind("text/", 0) == 0 || type.find("javascript") != std::string::npos ||
         type.find("json") != std::string::npos || type.find("svg") != std::string::npos ||
         type.find("wasm") != std::string::npos;
}

}  // namespace

std::string ContentTypeFor(std::string_view name) {
  static const std::map<std::string, std::string, std::less<>> kTypes = {
      {".html", "text/html; charset=utf-8"},
      {".css", "text/css; charset=utf-8"},
      {".js", "text/javascript; charset=utf-8"},
      {".mjs", "text/javascript; charset=utf-8"},
      {".json", "application/json"},
      {".svg", "image/svg+xml"},
      {".png", "image/png"},
      {".ico", "image/x-icon"},
      {".wasm", "application/wasm"},
      {".txt", "text/plain; charset=utf-8"},
      {".sqlite", "application/vnd.sqlite3"},
      {".woff2", "font/woff2"},
      {".map", "application/json"},
  };
  size_t dot = name.rfind('.');
  if (dot != std::string_view::npos) {
    auto it = kTypes.find(name.substr(dot));
    if (it != kTypes.end()) return it->second;
  }
  return "application/octet-stream";
}

std::string Gzip(std::string_view data) {
#if !RELAIS_HAVE_ZLIB
  (void)data;
  return "";
#else
  z_stream z{};
  if (deflateInit2(&z, Z_BEST_COMPRESSION, Z_DEFLATED, 15 + 16, 9, Z_DEFAULT_STRATEGY) != Z_OK) {
    return "";
  }
  std::string out(deflateBound(&z, data.size()) + 32, '\0');
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  z.avail_in = static_cast<uInt>(data.size());
  z.next_out = reinterpret_cast<Bytef*>(out.data());
  z.avail_out = static_cast<uInt>(out.size());
  int rc = deflate(&z, Z_FINISH);
  out.resize(z.total_out);
  deflateEnd(&z);
  return rc == Z_STREAM_END ? out : "";
#endif
}

bool AcceptsGzip(std::string_view value) {
  // Good enough for real clients: "gzip" listed and not explicitly q=0.
  size_t pos = value.find("gzip");
  if (pos == std::string_view::npos) return false;
  std::string_view rest = value.substr(pos + 4);
  size_t comma = rest.find(',');
  std::string_view params = rest.substr(0, comma);
  return params.find("q=0") == std::string_view::npos ||
         params.find("q=0.") != std::string_view::npos;
}

bool StaticFiles::NamesDirectory(std::string_view url_path) {
  if (!root_ || url_path.ends_with("/") || url_path.ends_with("/index.html")) return false;
  const auto path = root_->Resolve(url_path);
  return path && path->filename() == "index.html";
}

std::shared_ptr<const StaticFile> StaticFiles::Get(std::string_view url_path) {
  if (!root_) {
    if (root_path_.empty()) return nullptr;
    auto opened = StaticRoot::Open(root_path_, forbidden_);
    if (!opened.ok()) return nullptr;
    root_ = std::move(opened).value();
  }
  auto path = root_->Resolve(url_path);
  if (!path) return nullptr;
  auto stat = StatRegularFile(*path);
  if (!stat || stat->size > kMaxFileBytes) return nullptr;
  std::string key = path->string();
  auto it = cache_.find(key);
  if (it != cache_.end() && it->second->mtime_ns == stat->mtime_ns &&
      it->second->size == stat->size) {
    return it->second;
  }
  auto read = ReadRegularFile(*path, kMaxFileBytes);
  if (!read.ok()) return nullptr;
  auto file = std::make_shared<StaticFile>();
  file->content = std::move(read.value().content);
  file->mtime_ns = read.value().mtime_ns;
  file->size = read.value().size;
  file->content_type = ContentTypeFor(path->filename().string());
  unsigned char digest[16];
  crypto_generichash(digest, sizeof digest,
                     reinterpret_cast<const unsigned char*>(file->content.data()),
                     file->content.size(), nullptr, 0);
  char hex[33];
  sodium_bin2hex(hex, sizeof hex, digest, sizeof digest);
  file->etag = "\"" + std::string(hex) + "\"";
  static const std::regex kHashed(R"(.*[.-][0-9a-f]{8,}\.[a-z0-9]+$)");
  // Hashed names never change; the loader keeps its name (host pages embed it), so
  // a short lifetime spreads updates within minutes and lets a page reload while
  // this server is unreachable (web/README.md, "Caching"); the rest is revalidated.
  file->cache_control = std::regex_match(path->filename().string(), kHashed)
                            ? "public, max-age=31536000, immutable"
                        : path->filename() == kLoaderName ? "public, max-age=300"
                                                          : "no-cache";
  if (Compressible(file->content_type) && file->content.size() >= 512) {
    // The precompressed sibling goes through the same checks as the file.
    std::optional<FileBytes> gz;
    if (auto gz_path = root_->Sibling(*path, ".gz")) {
      if (auto r = ReadRegularFile(*gz_path, kMaxFileBytes); r.ok()) gz = std::move(r).value();
    }
    if (gz && gz->mtime_ns >= file->mtime_ns) {
      file->gzip = std::move(gz->content);
    } else {
      file->gzip = Gzip(file->content);
    }
    if (file->gzip.size() >= file->content.size()) file->gzip.clear();
  }
  if (cache_.size() > 4096) cache_.clear();  // memory budget
  cache_[key] = file;
  return file;
}

}  // namespace relais::server::transport
