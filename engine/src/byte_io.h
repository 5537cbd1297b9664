// Little-endian byte writer and bounds-checked reader for model serialisation
// (internal). The reader never reads past its input: every failed read sets a
// sticky error and returns zero.
#ifndef RELAIS_ENGINE_SRC_BYTE_IO_H_
#define RELAIS_ENGINE_SRC_BYTE_IO_H_

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <optional>
#include <string>
#include <string_view>

namespace relais::engine::internal {

// FNV-1a of `bytes`: the trailing checksum of the engine's serialised models.
inline std::uint32_t Fnv1a(std::string_view bytes) {
  std::uint32_t h = 2166136261u;
  for (char c : bytes) {
    h ^= static_cast<unsigned char>(c);
    h *= 16777619u;
  }
  return h;
}

class ByteWriter {
 public:
  void U8(std::uint8_t v) { out_.push_back(static_cast<char>(v)); }
  void U32(std::uint32_t v) {
    for (int i = 0; i < 4; ++i) U8(static_cast<std::uint8_t>(v >> (8 * i)));
  }
  void U64(std::uint64_t v) {
    for (int i = 0; i < 8; ++i) U8(static_cast<std::uint8_t>(v >> (8 * i)));
  }
  void F32(float v) {
    std::uint32_t bits;
    std::memcpy(&bits, &v, sizeof bits);
    U32(bits);
  }
  void F64(double v) {
    std::uint64_t bits;
    std::memcpy(&bits, &v, sizeof bits);
    U64(bits);
  }
  void Varint(std::uint64_t v) {
    while (v >= 0x80) {
      U8(static_cast<std::uint8_t>(v | 0x80));
      v >>= 7;
    }
    U8(static_cast<std::uint8_t>(v));
  }
  void SignedVarint(std::int64_t v) {  // zigzag
    Varint((static_cast<std::uint64_t>(v) << 1) ^ static_cast<std::uint64_t>(v >> 63));
  }
  void Bytes(std::string_view bytes) {
    Varint(bytes.size());
    out_.append(bytes);
  }
  std::string& str() { return out_; }

 private:
  std::string out_;
};

// Decodes the varint at `*p` (before `end`) into `*value` and moves `*p` past it;
// false when it is truncated or longer than 64 bits. Inlined into the loops that
// decode large tables: a browser runs such a loop once, in its baseline
// (unoptimised) WebAssembly code, where each call of a small helper costs.
[[gnu::always_inline]] inline bool ReadVarint(const std::uint8_t** p, const std::uint8_t* end,
                                              std::uint64_t* value) {
  std::uint64_t v = 0;
  for (int shift = 0; shift < 64 && *p < end; shift += 7) {
    const std::uint8_t b = *(*p)++;
    v |= static_cast<std::uint64_t>(b & 0x7F) << shift;
    if ((b & 0x80) == 0) return *value = v, true;
  }
  return false;
}

class ByteReader {
 public:
  explicit ByteReader(std::string_view in) : in_(in) {}

  bool ok() const { return ok_; }
  bool done() const { return pos_ == in_.size(); }
  std::size_t remaining() const { return in_.size() - pos_; }
  void Fail() { ok_ = false; }

  std::uint8_t U8() {
    if (!ok_ || pos_ >= in_.size()) return Fail(), 0;
    return static_cast<std::uint8_t>(in_[pos_++]);
  }
  std::uint32_t U32() {
    std::uint32_t v = 0;
    for (int i = 0; i < 4; ++i) v |= static_cast<std::uint32_t>(U8()) << (8 * i);
    return v;
  }
  std::uint64_t U64() {
    std::uint64_t v = 0;
    for (int i = 0; i < 8; ++i) v |= static_cast<std::uint64_t>(U8()) << (8 * i);
    return v;
  }
  float F32() {
    const std::uint32_t bits = U32();
    float v;
    std::memcpy(&v, &bits, sizeof v);
    return v;
  }
  double F64() {
    const std::uint64_t bits = U64();
    double v;
    std::memcpy(&v, &bits, sizeof v);
    return v;
  }
  std::uint64_t Varint() {
    const auto* p = reinterpret_cast<const std::uint8_t*>(in_.data()) + pos_;
    const auto* const end = reinterpret_cast<const std::uint8_t*>(in_.data()) + in_.size();
    std::uint64_t v = 0;
    if (!ok_ || !ReadVarint(&p, end, &v)) return Fail(), 0;
    pos_ = static_cast<std::size_t>(p - reinterpret_cast<const std::uint8_t*>(in_.data()));
    return v;
  }
  std::int64_t SignedVarint() {
    const std::uint64_t v = Varint();
    return static_cast<std::int64_t>(v >> 1) ^ -static_cast<std::int64_t>(v & 1);
  }
  // A length-prefixed byte string of at most max_bytes.
  std::string_view Bytes(std::size_t max_bytes) {
    const std::uint64_t n = Varint();
    if (!ok_ || n > max_bytes || n > remaining()) return Fail(), std::string_view();
    const std::string_view v = in_.substr(pos_, n);
    pos_ += n;
    return v;
  }
  // The unread bytes, for a caller that decodes them itself, then Skip()s them.
  std::string_view Rest() const { return ok_ ? in_.substr(pos_) : std::string_view(); }
  void Skip(std::size_t n) {
    if (n > remaining()) return Fail();
    pos_ += n;
  }
  // A count of items each taking at least `min_bytes_each` bytes: fails when the
  // input cannot possibly hold them (bounds allocations on corrupt input).
  std::uint64_t Count(std::size_t min_bytes_each) {
    const std::uint64_t n = Varint();
    if (!ok_ || (min_bytes_each > 0 && n > remaining() / min_bytes_each)) return Fail(), 0;
    return n;
  }

 private:
  std::string_view in_;
  std::size_t pos_ = 0;
  bool ok_ = true;
};

// Every serialised model: 4 magic bytes, u32:version, its body, then u32: the
// FNV-1a of every byte before it. StartEnvelope writes the first two, SealEnvelope
// the last.
inline void StartEnvelope(ByteWriter& out, const char (&magic)[4], std::uint32_t version) {
  for (char c : magic) out.U8(static_cast<std::uint8_t>(c));
  out.U32(version);
}
inline void SealEnvelope(ByteWriter& out) { out.U32(Fnv1a(out.str())); }

// A serialised model opened: its version, whether its checksum holds, and a
// reader over its body. Each format checks the version and the checksum itself.
struct Envelope {
  std::uint32_t version = 0;
  bool checksum_ok = false;
  ByteReader body;
};

// std::nullopt when `bytes` is too short to be a model or does not start with `magic`.
inline std::optional<Envelope> OpenEnvelope(std::string_view bytes, const char (&magic)[4]) {
  if (bytes.size() < 12 || !std::equal(magic, magic + 4, bytes.begin())) return std::nullopt;
  const std::string_view sealed = bytes.substr(0, bytes.size() - 4);
  ByteReader header(sealed.substr(4, 4));
  ByteReader trailer(bytes.substr(bytes.size() - 4));
  return Envelope{header.U32(), trailer.U32() == Fnv1a(sealed), ByteReader(sealed.substr(8))};
}

}  // namespace relais::engine::internal

#endif  // RELAIS_ENGINE_SRC_BYTE_IO_H_
