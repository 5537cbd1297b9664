// Dropping root (see relais/server/privileges.h).
#include "relais/server/privileges.h"

#include <grp.h>
#include <pwd.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>

namespace relais::server {
namespace {

Status Denied(const std::string& message) {
  return Status::Error(StatusCode::kPermissionDenied, message);
}

std::string Errno() { return std::strerror(errno); }

// Switches to uid/gid for good: supplementary groups first (they need root),
// then the group, then the user; then proves root is gone.
Status SwitchTo(const char* name, uid_t uid, gid_t gid) {
  if (initgroups(name, gid) != 0) return Denied("initgroups(" + std::string(name) + "): " + Errno());
  if (setgid(gid) != 0) return Denied("setgid: " + Errno());
  if (setuid(uid) != 0) return Denied("setuid: " + Errno());
  if (setuid(0) == 0 || geteuid() == 0) return Denied("root could be regained after setuid");
  return Status::Ok();
}

}  // namespace

Status DropRootPrivileges(const std::string& user, const std::vector<std::string>& owned_dirs) {
  if (geteuid() != 0) return Status::Ok();
  if (user.empty()) {
    return Denied(
        "refusing to run as root: a network service must not. Start it as an unprivileged "
        "account that owns data_dir (see the systemd unit in server/README.md), or set "
        "\"run_as\": \"relais\" in the configuration (or --user relais) and it will switch to "
        "that account at start");
  }
  struct passwd* pw = getpwnam(user.c_str());
  if (!pw) return Status::Error(StatusCode::kNotFound, "run_as: no such user " + user);
  if (pw->pw_uid == 0) return Denied("run_as: " + user + " is root; name an unprivileged account");
  const uid_t uid = pw->pw_uid;
  const gid_t gid = pw->pw_gid;
  const std::string name = pw->pw_name;
  for (const std::string& dir : owned_dirs) {
    std::error_code ec;
    std::filesystem::create_directories(dir, ec);
    if (ec) return Denied("cannot create " + dir + ": " + ec.message());
    if (lchown(dir.c_str(), uid, gid) != 0) return Denied("chown " + dir + ": " + Errno());
    for (const char* name : {"relais.sqlite", "relais.sqlite-wal", "relais.sqlite-shm"}) {
      const std::string file = (std::filesystem::path(dir) / name).string();
      // The database's own files only, and only as themselves: a symbolic or
      // hard link planted here must not hand its target over to the account.
      struct stat st {};
      if (lstat(file.c_str(), &st) != 0) continue;
      if (!S_ISREG(st.st_mode) || st.st_nlink != 1) {
        return Denied(file + " is not a plain file (a link?): refusing to give it to " + user);
      }
      if (lchown(file.c_str(), uid, gid) != 0) return Denied("chown " + file + ": " + Errno());
    }
  }
  return SwitchTo(name.c_str(), uid, gid);
}

Status ActAsOwnerOf(const std::string& dir) {
  if (geteuid() != 0) return Status::Ok();
  struct stat st {};
  if (stat(dir.c_str(), &st) != 0 || st.st_uid == 0) return Status::Ok();
  struct passwd* pw = getpwuid(st.st_uid);
  if (!pw) return Status::Ok();  // an id without an account: stay as is
  return SwitchTo(pw->pw_name, pw->pw_uid, pw->pw_gid);
}

}  // namespace relais::server
