// Static file paths (see relais/server/static_path.h for the rule and why).
#include "relais/server/static_path.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>

namespace relais::server {
namespace {

namespace fs = std::filesystem;

bool SegmentChar(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
         c == '_' || c == '.' || c == '~' || c == '+' || c == '@';
}

int64_t MtimeNs(const struct stat& st) {
  return static_cast<int64_t>(st.st_mtim.tv_sec) * 1000000000 + st.st_mtim.tv_nsec;
}

// Closes a descriptor on every path out.
class Fd {
 public:
  explicit Fd(int fd) : fd_(fd) {}
  ~Fd() {
    if (fd_ >= 0) close(fd_);
  }
  Fd(const Fd&) = delete;
  Fd& operator=(const Fd&) = delete;
  int get() const { return fd_; }

 private:
  int fd_;
};

}  // namespace

std::optional<std::vector<std::string_view>> StaticPathSegments(std::string_view url_path) {
  if (url_path.empty() || url_path.size() > kMaxStaticPathBytes || url_path[0] != '/') {
    return std::nullopt;
  }
  std::vector<std::string_view> segments;
  std::string_view rest = url_path.substr(1);
  for (;;) {
    size_t slash = rest.find('/');
    std::string_view segment = rest.substr(0, slash);
    if (slash == std::string_view::npos) {
      // The last segment may be empty: "/console/" names a directory.
      if (!segment.empty() && segment[0] == '.') return std::nullopt;
      for (char c : segment) {
        if (!SegmentChar(c)) return std::nullopt;
      }
      segments.push_back(segment);
      return segments;
    }
    // Inner segments: never empty ("//etc", "/a//b"), never "." or ".." or a
    // hidden name (every form that starts with '.').
    if (segment.empty() || segment[0] == '.') return std::nullopt;
    for (char c : segment) {
      if (!SegmentChar(c)) return std::nullopt;
    }
    segments.push_back(segment);
    rest = rest.substr(slash + 1);
  }
}

bool PathWithin(const fs::path& path, const fs::path& dir) {
  auto p = path.begin();
  for (auto d = dir.begin(); d != dir.end(); ++d, ++p) {
    if (d->empty()) continue;  // a trailing separator in `dir`
    if (p == path.end() || *p != *d) return false;
  }
  return true;
}

Result<StaticRoot> StaticRoot::Open(const fs::path& root, const std::vector<fs::path>& forbidden) {
  std::error_code ec;
  StaticRoot out;
  out.root_ = fs::canonical(root, ec);
  if (ec || !fs::is_directory(out.root_, ec)) {
    return Status::Error(StatusCode::kNotFound,
                         "web directory " + root.string() + " does not exist or is not a directory");
  }
  for (const fs::path& f : forbidden) {
    fs::path canonical = fs::weakly_canonical(fs::absolute(f, ec), ec);
    if (!ec) out.forbidden_.push_back(canonical);
  }
  return out;
}

bool StaticRoot::Allowed(const fs::path& canonical) const {
  if (!PathWithin(canonical, root_)) return false;
  for (const fs::path& f : forbidden_) {
    if (PathWithin(canonical, f)) return false;
  }
  return true;
}

std::optional<fs::path> StaticRoot::Checked(const fs::path& path) const {
  std::error_code ec;
  fs::path canonical = fs::canonical(path, ec);
  if (ec || !Allowed(canonical)) return std::nullopt;
  struct stat st {};
  if (lstat(canonical.c_str(), &st) != 0 || !S_ISREG(st.st_mode)) return std::nullopt;
  return canonical;
}

std::optional<fs::path> StaticRoot::Resolve(std::string_view url_path) const {
  auto segments = StaticPathSegments(url_path);
  if (!segments) return std::nullopt;
  fs::path path = root_;
  for (std::string_view s : *segments) {
    if (!s.empty()) path /= fs::path(std::string(s));
  }
  std::error_code ec;
  fs::path canonical = fs::canonical(path, ec);
  if (ec || !Allowed(canonical)) return std::nullopt;
  if (fs::is_directory(canonical, ec)) return Checked(canonical / "index.html");
  // "/file/" names a directory; a file is named without the slash.
  if (segments->back().empty()) return std::nullopt;
  return Checked(canonical);
}

std::optional<fs::path> StaticRoot::Sibling(const fs::path& resolved,
                                            std::string_view suffix) const {
  fs::path sibling = resolved;
  sibling += std::string(suffix);
  return Checked(sibling);
}

Result<FileBytes> ReadRegularFile(const fs::path& path, uint64_t max_bytes) {
  // O_NOFOLLOW: a link swapped in after Resolve is not followed; O_NONBLOCK:
  // opening a FIFO must not wait for a writer (it is refused just below).
  Fd fd(open(path.c_str(), O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC));
  if (fd.get() < 0) return Status::Error(StatusCode::kNotFound, "cannot open " + path.string());
  struct stat st {};
  if (fstat(fd.get(), &st) != 0 || !S_ISREG(st.st_mode)) {
    return Status::Error(StatusCode::kNotFound, path.string() + " is not a regular file");
  }
  if (static_cast<uint64_t>(st.st_size) > max_bytes) {
    return Status::Error(StatusCode::kResourceExhausted, path.string() + " is too large");
  }
  FileBytes out;
  out.size = static_cast<uint64_t>(st.st_size);
  out.mtime_ns = MtimeNs(st);
  out.content.resize(out.size);
  size_t done = 0;
  while (done < out.content.size()) {
    ssize_t n = read(fd.get(), out.content.data() + done, out.content.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;  // shrank while read: serve what is there
    done += static_cast<size_t>(n);
  }
  out.content.resize(done);
  return out;
}

std::optional<FileBytes> StatRegularFile(const fs::path& path) {
  struct stat st {};
  if (lstat(path.c_str(), &st) != 0 || !S_ISREG(st.st_mode)) return std::nullopt;
  FileBytes out;
  out.size = static_cast<uint64_t>(st.st_size);
  out.mtime_ns = MtimeNs(st);
  return out;
}

}  // namespace relais::server
