// libFuzzer target for the static-file resolver (relais/server/static_path.h):
// the input is a URL path, resolved under a web root full of traps (links out
// of it, to /proc and /dev, a FIFO, a link loop, the data directory under it,
// a secret beside it). Whatever the bytes, a path that resolves must name a
// regular file inside the root, outside data/, already canonical, whose bytes
// are public; the same holds for its ".gz" sibling. Every file a URL may serve
// starts with "public:", so reading anything else is a disclosure.
// Replayed over corpus/static_path_fuzz by CTest (see CMakeLists.txt);
// `make fuzz` runs it (scripts/fuzz.sh).
#include <sys/stat.h>
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <string_view>

#include "relais/server/static_path.h"

namespace {

namespace fs = std::filesystem;
using relais::server::PathWithin;
using relais::server::ReadRegularFile;
using relais::server::StaticRoot;

constexpr std::string_view kPublic = "public:";

void Write(const fs::path& path, std::string_view text) {
  fs::create_directories(path.parent_path());
  std::ofstream(path, std::ios::binary) << text;
}

// The web root of tests/server/static_path_test.cpp, with more traps. Built
// once per process; removed at exit (a crash leaves it in $TMPDIR, which
// scripts/fuzz.sh points into build/fuzz).
struct Tree {
  Tree() {
    std::string dir = (fs::temp_directory_path() / "relais-static-fuzz-XXXXXX").string();
    if (!mkdtemp(dir.data())) {
      std::perror("static_path_fuzz: mkdtemp");
      std::abort();
    }
    base = dir;
    const fs::path web = base / "web";
    Write(web / "index.html", "public: home");
    Write(web / "app.js", "public: app");
    Write(web / "index.html.gz", "public: home, gzipped");
    Write(web / "console" / "index.html", "public: console");
    Write(web / "sub" / "file.txt", "public: file");
    Write(web / "a-b_c~d+e@f.9.js", "public: every allowed character");
    Write(web / ".hidden", "hidden: dot files are never named");
    Write(web / "data" / "relais.sqlite", "database: the data directory");
    Write(web / "data" / "index.html", "database: an index in the data directory");
    Write(base / "secret.txt", "secret: beside the root");
    // Same prefix as the root: "web" must not contain "web-evil".
    Write(base / "web-evil" / "index.html", "secret: a sibling with the root's prefix");
    fs::create_symlink(base / "secret.txt", web / "link_out");
    fs::create_symlink("../../secret.txt", web / "sub" / "rel_out");
    fs::create_symlink(base, web / "dir_out");
    fs::create_symlink("../web-evil", web / "prefix_out");
    fs::create_symlink("/", web / "fs_root");
    fs::create_symlink(web / "app.js", web / "link_in");
    fs::create_symlink("/proc/self/environ", web / "link_proc");
    fs::create_symlink("/proc/self", web / "dir_proc");
    fs::create_symlink("/dev/zero", web / "link_dev");
    fs::create_symlink(web / "data" / "relais.sqlite", web / "link_data");
    fs::create_symlink("data", web / "dir_data");
    fs::create_symlink("loop", web / "loop");
    fs::create_symlink("../secret.txt", web / "app.js.gz");  // a ".gz" sibling that leaves
    if (mkfifo((web / "fifo").c_str(), 0600) != 0 || mkfifo((web / "fifo.gz").c_str(), 0600) != 0) {
      std::perror("static_path_fuzz: mkfifo");
      std::abort();
    }
    auto opened = StaticRoot::Open(web, {web / "data"});
    if (!opened.ok()) {
      std::fprintf(stderr, "static_path_fuzz: %s\n", opened.status().message().c_str());
      std::abort();
    }
    root = std::move(opened).value();
    data = root.root() / "data";
  }
  ~Tree() {
    std::error_code ignored;
    fs::remove_all(base, ignored);
  }

  fs::path base;
  fs::path data;
  StaticRoot root;
};

std::string Printable(std::string_view bytes) {
  std::string out;
  for (unsigned char c : bytes.substr(0, 300)) {
    if (c >= 0x20 && c < 0x7f && c != '\\') {
      out += static_cast<char>(c);
    } else {
      char hex[5];
      std::snprintf(hex, sizeof hex, "\\x%02x", c);
      out += hex;
    }
  }
  return out;
}

[[noreturn]] void Fail(std::string_view input, const std::string& what) {
  std::fprintf(stderr, "static_path_fuzz: %s\n  URL path: \"%s\"\n", what.c_str(),
               Printable(input).c_str());
  std::abort();
}

// Everything a served file must be.
void CheckServable(const Tree& tree, std::string_view input, const fs::path& path) {
  const std::string name = path.string();
  if (!PathWithin(path, tree.root.root())) Fail(input, "resolved outside the root: " + name);
  if (PathWithin(path, tree.data)) Fail(input, "resolved inside the data directory: " + name);
  std::error_code ec;
  if (fs::canonical(path, ec) != path || ec) Fail(input, "resolved path not canonical: " + name);
  struct stat st {};
  if (lstat(path.c_str(), &st) != 0 || !S_ISREG(st.st_mode)) {
    Fail(input, "resolved to something other than a regular file: " + name);
  }
  auto bytes = ReadRegularFile(path, 1 << 20);
  if (!bytes.ok()) Fail(input, "resolved file cannot be read: " + bytes.status().message());
  if (bytes.value().content.rfind(kPublic, 0) != 0) {
    Fail(input, "served a file that is not public: " + name + " holds \"" +
                    Printable(bytes.value().content) + "\"");
  }
}

// The lexical rule of StaticPathSegments, restated: what it accepts must obey it.
void CheckSegments(std::string_view input) {
  auto segments = relais::server::StaticPathSegments(input);
  if (!segments) return;
  if (input.empty() || input[0] != '/' || input.size() > relais::server::kMaxStaticPathBytes) {
    Fail(input, "segments of a path that is not absolute or too long");
  }
  for (size_t i = 0; i < segments->size(); ++i) {
    std::string_view s = (*segments)[i];
    if (s.empty() && i + 1 != segments->size()) Fail(input, "an empty inner segment");
    if (!s.empty() && s[0] == '.') Fail(input, "a segment starting with '.'");
    for (char c : s) {
      bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                std::string_view("-_.~+@").find(c) != std::string_view::npos;
      if (!ok) Fail(input, "a segment with a character outside the alphabet");
    }
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const Tree* tree = [] {
    static Tree t;
    return &t;
  }();
  std::string_view input(reinterpret_cast<const char*>(data), size);
  CheckSegments(input);
  auto resolved = tree->root.Resolve(input);
  if (!resolved) return 0;
  CheckServable(*tree, input, *resolved);
  if (auto gz = tree->root.Sibling(*resolved, ".gz")) CheckServable(*tree, input, *gz);
  return 0;
}
