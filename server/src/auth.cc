// libsodium-backed secrets.
#include "relais/server/auth.h"

#include <sodium.h>

#include <algorithm>
#include <cctype>
#include <vector>

namespace relais::server {
namespace {

std::string Lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return s;
}

}  // namespace

bool InitCrypto() { return sodium_init() >= 0; }

std::string RandomToken(size_t bytes) {
  std::vector<unsigned char> raw(bytes);
  randombytes_buf(raw.data(), raw.size());
  std::string out(sodium_base64_ENCODED_LEN(bytes, sodium_base64_VARIANT_URLSAFE_NO_PADDING), '\0');
  sodium_bin2base64(out.data(), out.size(), raw.data(), raw.size(),
                    sodium_base64_VARIANT_URLSAFE_NO_PADDING);
  out.resize(std::char_traits<char>::length(out.c_str()));
  return out;
}

std::string HashToken(std::string_view token) {
  unsigned char digest[32];
  crypto_generichash(digest, sizeof digest, reinterpret_cast<const unsigned char*>(token.data()),
                     token.size(), nullptr, 0);
  char hex[65];
  sodium_bin2hex(hex, sizeof hex, digest, sizeof digest);
  return std::string(hex, 64);
}

bool TokenMatches(std::string_view token, std::string_view hash) {
  std::string computed = HashToken(token);
  return hash.size() == computed.size() &&
         sodium_memcmp(computed.data(), hash.data(), computed.size()) == 0;
}

Result<std::string> HashPassword(std::string_view password) {
  if (password.size() < 8 || password.size() > 1024) {
    return Status::Error(StatusCode::kInvalidArgument, "password must be 8 to 1024 bytes");
  }
  char out[crypto_pwhash_STRBYTES];
  if (crypto_pwhash_str_alg(out, password.data(), password.size(),
                            crypto_pwhash_OPSLIMIT_INTERACTIVE, crypto_pwhash_MEMLIMIT_INTERACTIVE,
                            crypto_pwhash_ALG_ARGON2ID13) != 0) {
    return Status::Error(StatusCode::kInternal, "argon2id: out of memory");
  }
  return std::string(out);
}

bool VerifyPassword(std::string_view hash, std::string_view password) {
  if (hash.size() >= crypto_pwhash_STRBYTES || password.size() > 1024) return false;
  std::string h(hash);
  return crypto_pwhash_str_verify(h.c_str(), password.data(), password.size()) == 0;
}

std::string SessionStore::Create(int64_t agent_id, TimeMs now, TimeMs ttl_ms, Session* session) {
  std::string cookie = RandomToken(32);
  Session s{agent_id, RandomToken(24), now + ttl_ms};
  std::lock_guard lock(mu_);
  by_hash_[HashToken(cookie)] = s;
  *session = s;
  return cookie;
}

std::optional<SessionStore::Session> SessionStore::Find(std::string_view cookie, TimeMs now) {
  if (cookie.empty() || cookie.size() > 128) return std::nullopt;
  std::string key = HashToken(cookie);
  std::lock_guard lock(mu_);
  auto it = by_hash_.find(key);
  if (it == by_hash_.end()) return std::nullopt;
  if (it->second.expires_ms <= now) {
    by_hash_.erase(it);
    return std::nullopt;
  }
  return it->second;
}

void SessionStore::Remove(std::string_view cookie) {
  std::lock_guard lock(mu_);
  by_hash_.erase(HashToken(cookie));
}

void SessionStore::RemoveAgent(int64_t agent_id) {
  std::lock_guard lock(mu_);
  std::erase_if(by_hash_, [&](const auto& kv) { return kv.second.agent_id == agent_id; });
}

bool LoginThrottle::Locked(const std::string& email, TimeMs now) {
  std::lock_guard lock(mu_);
  auto it = entries_.find(Lower(email));
  return it != entries_.end() && it->second.locked_until > now;
}

void LoginThrottle::RecordFailure(const std::string& email, TimeMs now) {
  std::lock_guard lock(mu_);
  if (entries_.size() > 100000) entries_.clear();  // memory budget against e-mail spraying
  Entry& e = entries_[Lower(email)];
  if (++e.failures >= max_failures_) {
    e.locked_until = now + lockout_ms_;
    e.failures = 0;
  }
}

void LoginThrottle::RecordSuccess(const std::string& email) {
  std::lock_guard lock(mu_);
  entries_.erase(Lower(email));
}

}  // namespace relais::server
