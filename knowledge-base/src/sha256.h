// SHA-256 (FIPS 180-4), for the bundle's content hash (internal).
#ifndef RELAIS_KB_SRC_SHA256_H_
#define RELAIS_KB_SRC_SHA256_H_

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

namespace relais::kb::internal {

// Incremental SHA-256. Not thread-safe; one instance per digest.
class Sha256 {
 public:
  Sha256();
  void Update(std::string_view data);
  // The digest as 64 lowercase hex digits. Call once, after the last Update.
  std::string HexDigest();

 private:
  void Block(const unsigned char* block);

  std::array<std::uint32_t, 8> state_;
  std::array<unsigned char, 64> buffer_{};
  std::size_t buffered_ = 0;
  std::uint64_t total_bytes_ = 0;
};

}  // namespace relais::kb::internal

#endif  // RELAIS_KB_SRC_SHA256_H_
