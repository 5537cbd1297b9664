// Helpers shared by the server unit tests: a temporary directory.
#ifndef RELAIS_TESTS_SERVER_TEST_UTIL_H_
#define RELAIS_TESTS_SERVER_TEST_UTIL_H_

#include <stdlib.h>

#include <filesystem>
#include <string>

namespace relais::server::testing {

// A fresh directory under $TMPDIR, removed with its contents on destruction.
class TempDir {
 public:
  TempDir() {
    std::string pattern = (std::filesystem::temp_directory_path() / "relais-test-XXXXXX").string();
    path_ = mkdtemp(pattern.data()) ? pattern : std::string();
  }
  ~TempDir() {
    std::error_code ec;
    if (!path_.empty()) std::filesystem::remove_all(path_, ec);
  }
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

}  // namespace relais::server::testing

#endif  // RELAIS_TESTS_SERVER_TEST_UTIL_H_
