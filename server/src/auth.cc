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
  // An expired session stays until TakeExpired, which tells the transport to
  // close the sockets opened with it.
  if (it == by_hash_.end() || it->second.expires_ms <= now) return std::nullopt;
  return it->second;
}

void SessionStore::Remove(std::string_view cookie) {
  std::lock_guard lock(mu_);
  by_hash_.erase(HashToken(cookie));
}

std::string SessionStore::KeyOf(std::string_view cookie) { return HashToken(cookie); }

std::vector<std::string> SessionStore::TakeExpired(TimeMs now) {
  std::vector<std::string> out;
  std::lock_guard lock(mu_);
  for (auto it = by_hash_.begin(); it != by_hash_.end();) {
    if (it->second.expires_ms <= now) {
      out.push_back(it->first);
      it = by_hash_.erase(it);
    } else {
      ++it;
    }
  }
  return out;
}

void SessionStore::RemoveAgent(int64_t agent_id) {
  std::lock_guard lock(mu_);
  std::erase_if(by_hash_, [&](const auto& kv) { return kv.second.agent_id == agent_id; });
}

LoginThrottle::Admission LoginThrottle::Begin(const std::string& email, TimeMs now) {
  std::lock_guard lock(mu_);
  std::string key = Lower(email);
  auto it = entries_.find(key);
  if (it == entries_.end()) {
    if (entries_.size() >= max_entries_ && !MakeRoom(now)) return Admission::kBusy;
    it = entries_.emplace(key, Entry{}).first;
  }
  Entry& e = it->second;
  e.last_ms = now;
  if (e.locked_until > now || e.failures + e.in_flight >= max_failures_) {
    return Admission::kLocked;
  }
  ++e.in_flight;
  return Admission::kProceed;
}

bool LoginThrottle::Finish(const std::string& email, bool password_ok, TimeMs now) {
  std::lock_guard lock(mu_);
  auto it = entries_.find(Lower(email));
  if (it == entries_.end()) return false;  // never admitted
  Entry& e = it->second;
  e.in_flight = std::max(0, e.in_flight - 1);
  e.last_ms = now;
  if (!password_ok) {
    if (++e.failures >= max_failures_) {
      e.locked_until = now + lockout_ms_;
      e.failures = 0;
    }
    return false;
  }
  if (e.locked_until > now) return false;
  e.failures = 0;
  if (e.in_flight == 0) entries_.erase(it);
  return true;
}

bool LoginThrottle::Locked(const std::string& email, TimeMs now) {
  std::lock_guard lock(mu_);
  auto it = entries_.find(Lower(email));
  return it != entries_.end() && it->second.locked_until > now;
}

size_t LoginThrottle::size() {
  std::lock_guard lock(mu_);
  return entries_.size();
}

bool LoginThrottle::MakeRoom(TimeMs now) {
  // Evict the least recently seen entries that hold nothing that matters
  // (no lockout in force, nothing in flight): a spray of e-mails must never
  // clear a real lockout. Removes about a tenth at once, so this O(n) scan is rare.
  std::vector<std::pair<TimeMs, std::string>> idle;
  for (const auto& [key, e] : entries_) {
    if (e.in_flight == 0 && e.locked_until <= now) idle.emplace_back(e.last_ms, key);
  }
  if (idle.empty()) return false;
  size_t evict = std::max<size_t>(1, std::min(idle.size(), max_entries_ / 10));
  std::nth_element(idle.begin(), idle.begin() + static_cast<std::ptrdiff_t>(evict - 1),
                   idle.end());
  for (size_t i = 0; i < evict; ++i) entries_.erase(idle[i].second);
  return true;
}

}  // namespace relais::server
