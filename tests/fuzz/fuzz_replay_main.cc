// Runs a libFuzzer target over its seed corpus without libFuzzer, so `make test`
// replays every seed (and every crash found and saved there) with the normal
// compiler. `make fuzz` builds the same targets with -fsanitize=fuzzer to search.
//
// Usage: <target> FILE_OR_DIR...   Exit 0 when every input ran.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size);

namespace {

int RunOne(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    std::fprintf(stderr, "fuzz replay: cannot read %s\n", path.c_str());
    return 1;
  }
  std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  LLVMFuzzerTestOneInput(reinterpret_cast<const std::uint8_t*>(bytes.data()), bytes.size());
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  std::vector<std::filesystem::path> inputs;
  for (int i = 1; i < argc; ++i) {
    std::filesystem::path arg(argv[i]);
    if (std::filesystem::is_directory(arg)) {
      for (const auto& entry : std::filesystem::recursive_directory_iterator(arg)) {
        if (entry.is_regular_file()) inputs.push_back(entry.path());
      }
    } else {
      inputs.push_back(arg);
    }
  }
  // An empty and a large pathological input always run, whatever the corpus holds.
  LLVMFuzzerTestOneInput(nullptr, 0);
  std::string large(1 << 20, '\xff');
  LLVMFuzzerTestOneInput(reinterpret_cast<const std::uint8_t*>(large.data()), large.size());

  int failures = 0;
  for (const auto& path : inputs) failures += RunOne(path);
  std::printf("fuzz replay: %zu inputs, %d unreadable\n", inputs.size(), failures);
  return failures == 0 ? 0 : 1;
}
