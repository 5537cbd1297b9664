#include "relais/server/static_path.h"

#include <sys/stat.h>
#include <unistd.h>

#include <catch2/catch_test_macros.hpp>
#include <filesystem>
#include <fstream>
#include <random>
#include <string>
#include <vector>

namespace relais::server {
namespace {

namespace fs = std::filesystem;

void Write(const fs::path& path, const std::string& text) {
  fs::create_directories(path.parent_path());
  std::ofstream(path, std::ios::binary) << text;
}

// A web root beside a secret, with every kind of trap a web root can hold:
// links out of it, to /proc and to a device, a FIFO, a hidden file, and the
// data directory under it.
struct Tree {
  Tree() {
    base = fs::temp_directory_path() / ("relais-static-" + std::to_string(getpid()));
    fs::remove_all(base);
    web = base / "web";
    Write(web / "index.html", "home");
    Write(web / "app.js", "app");
    Write(web / "console" / "index.html", "console");
    Write(web / "sub" / "file.txt", "file");
    Write(web / ".hidden", "hidden");
    Write(web / "data" / "relais.sqlite", "database");
    Write(base / "secret.txt", "secret");
    fs::create_symlink(base / "secret.txt", web / "link_out");
    fs::create_symlink("../secret.txt", web / "sub" / "rel_out");
    fs::create_symlink(base, web / "dir_out");
    fs::create_symlink(web / "app.js", web / "link_in");
    fs::create_symlink("/proc/self/environ", web / "link_proc");
    fs::create_symlink("/dev/zero", web / "link_dev");
    fs::create_symlink(web / "data" / "relais.sqlite", web / "link_data");
    REQUIRE(mkfifo((web / "fifo").c_str(), 0600) == 0);
    auto opened = StaticRoot::Open(web, {web / "data"});
    REQUIRE(opened.ok());
    root = std::move(opened).value();
  }
  ~Tree() { fs::remove_all(base); }

  fs::path base, web;
  StaticRoot root;
};

TEST_CASE("static path segments: the lexical rule") {
  using V = std::vector<std::string_view>;
  CHECK(StaticPathSegments("/") == V{""});
  CHECK(StaticPathSegments("/console/") == V{"console", ""});
  CHECK(StaticPathSegments("/console/app.js") == V{"console", "app.js"});
  CHECK(StaticPathSegments("/a-b_c~d+e@f.9.js") == V{"a-b_c~d+e@f.9.js"});
  for (std::string_view bad :
       {"", "console", "//etc/passwd", "/a//b", "/./a", "/a/./b", "/../a", "/a/..", "/.hidden",
        "/a/.git/config", "/%2e%2e/a", "/a%2fb", "/a\\b", "/a b", "/a?b", "/a#b", "/a;b",
        "/caf\xc3\xa9", "/a\x01"}) {
    INFO(bad);
    CHECK_FALSE(StaticPathSegments(bad).has_value());
  }
  CHECK_FALSE(StaticPathSegments(std::string_view("/a\0b", 4)).has_value());
  CHECK(StaticPathSegments("/" + std::string(kMaxStaticPathBytes - 1, 'a')).has_value());
  CHECK_FALSE(StaticPathSegments("/" + std::string(kMaxStaticPathBytes, 'a')).has_value());
}

TEST_CASE("static root: files inside are served, nothing else") {
  Tree t;
  CHECK(t.root.Resolve("/") == t.root.root() / "index.html");
  CHECK(t.root.Resolve("/app.js") == t.root.root() / "app.js");
  CHECK(t.root.Resolve("/console/") == t.root.root() / "console" / "index.html");
  CHECK(t.root.Resolve("/console") == t.root.root() / "console" / "index.html");
  CHECK(t.root.Resolve("/link_in") == t.root.root() / "app.js");  // a link that stays inside
  for (const std::string& path : std::vector<std::string>{
           "/link_out", "/sub/rel_out", "/dir_out/secret.txt", "/link_proc", "/link_dev", "/fifo",
        "/data/relais.sqlite", "/link_data", "/.hidden", "/app.js/", "/missing", "/sub",
        "//" + (t.base / "secret.txt").string(), "/" + (t.base / "secret.txt").string()}) {
    INFO(path);
    CHECK_FALSE(t.root.Resolve(path).has_value());
  }
  CHECK(t.root.Sibling(t.root.root() / "app.js", ".gz") == std::nullopt);
}

TEST_CASE("static root: a data directory equal to the root forbids everything") {
  Tree t;
  auto root = StaticRoot::Open(t.web, {t.web});
  REQUIRE(root.ok());
  CHECK_FALSE(root.value().Resolve("/app.js").has_value());
  CHECK_FALSE(StaticRoot::Open(t.base / "missing", {}).ok());
}

TEST_CASE("read regular file: checked on the descriptor") {
  Tree t;
  auto app = ReadRegularFile(t.web / "app.js", 1024);
  REQUIRE(app.ok());
  CHECK(app.value().content == "app");
  CHECK(app.value().size == 3);
  // A FIFO is refused without blocking; links and devices are never followed.
  CHECK(ReadRegularFile(t.web / "fifo", 1024).status().code() == StatusCode::kNotFound);
  CHECK_FALSE(ReadRegularFile(t.web / "link_dev", 1024).ok());
  CHECK_FALSE(ReadRegularFile(t.web / "link_in", 1024).ok());
  CHECK_FALSE(ReadRegularFile("/dev/zero", 1024).ok());
  CHECK(ReadRegularFile(t.web / "app.js", 2).status().code() == StatusCode::kResourceExhausted);
}

// Property: over many generated paths built from the pieces attacks are made
// of, whatever resolves is a regular file inside the root, outside the data
// directory, already canonical; and the secret's bytes are never read.
TEST_CASE("static root: property over generated paths") {
  Tree t;
  const std::vector<std::string> pieces = {
      "/",         "/",          "//",        ".",         "..",        "%2e",
      "%2f",       "%00",        "\\",        std::string(1, '\0'),     "~",
      "console",   "index.html", "app.js",    "link_out",  "link_in",   "link_proc",
      "link_dev",  "fifo",       "data",      "relais.sqlite",          "sub",
      "file.txt",  "rel_out",    "dir_out",   "secret.txt", ".hidden",  "link_data",
      "etc",       "passwd",     "proc",      "self",      "environ",   "\xc3\xa9",
      t.base.string(),           t.web.string(), ".gz",    "a",         "?",   "#"};
  std::mt19937 rng(20261207);
  std::uniform_int_distribution<size_t> pick(0, pieces.size() - 1);
  std::uniform_int_distribution<int> length(1, 12);
  int resolved = 0;
  for (int i = 0; i < 20000; ++i) {
    std::string path = i % 2 ? "/" : "";
    for (int n = length(rng); n > 0; --n) path += pieces[pick(rng)];
    auto r = t.root.Resolve(path);
    if (!r) continue;
    ++resolved;
    INFO(path);
    REQUIRE(PathWithin(*r, t.root.root()));
    REQUIRE_FALSE(PathWithin(*r, t.root.root() / "data"));
    REQUIRE(*r == fs::canonical(*r));
    struct stat st {};
    REQUIRE(lstat(r->c_str(), &st) == 0);
    REQUIRE(S_ISREG(st.st_mode));
    auto bytes = ReadRegularFile(*r, 1 << 20);
    REQUIRE(bytes.ok());
    REQUIRE(bytes.value().content != "secret");
    REQUIRE(bytes.value().content != "database");
  }
  // The generator does reach real files (the property is not vacuous).
  CHECK(resolved > 100);
}

}  // namespace
}  // namespace relais::server
