// The stale-partial rule (sim/folder/partial_owner.hpp): a partial folder is removed only when its
// owner is provably gone — same host, same boot, no such process, lock free — and kept otherwise.

#include <doctest/doctest.h>

#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "sim/folder/partial_owner.hpp"

namespace fs = std::filesystem;
using namespace alchemy;

namespace {

fs::path fresh_dir(const char* name) {
  const auto dir = fs::path(ALCHEMY_TEST_TMP) / "partial_owner" / name;
  fs::remove_all(dir);
  fs::create_directories(dir);
  return dir;
}

const MachineIdentity kHere{"hostA", "boot-1"};

bool alive(pid_t) {
  return true;
}
bool dead(pid_t) {
  return false;
}

// A partial folder whose owner file records (host, boot, pid), with one output file in it.
fs::path partial(const fs::path& parent, const std::string& name, const std::string& host,
                 const std::string& boot, pid_t pid) {
  const fs::path dir = parent / ("." + name + ".partial-" + std::to_string(pid));
  fs::create_directories(dir);
  std::ofstream(dir / kPartialOwnerFile)
      << "alchemy partial folder\nhost " << host << "\nboot " << boot << "\npid " << pid << "\n";
  std::ofstream(dir / "events.jsonl") << "{}\n";
  return dir;
}

}  // namespace

TEST_CASE("stale partial: a dead process on this host and boot, lock free, is gone") {
  const auto root = fresh_dir("dead");
  const auto dir = partial(root, "run", "hostA", "boot-1", 4242);
  CHECK_FALSE(partial_owner_alive(dir, kHere, dead).has_value());
}

TEST_CASE("stale partial: a live pid keeps it") {
  const auto root = fresh_dir("alive");
  const auto dir = partial(root, "run", "hostA", "boot-1", 4242);
  const auto why = partial_owner_alive(dir, kHere, alive);
  REQUIRE(why.has_value());
  CHECK(why->find("4242 is running") != std::string::npos);
}

TEST_CASE("stale partial: another boot or another host keeps it, whatever the pid") {
  const auto root = fresh_dir("elsewhere");
  const auto rebooted = partial(root, "a", "hostA", "boot-0", 4242);
  CHECK(partial_owner_alive(rebooted, kHere, dead).has_value());
  const auto remote = partial(root, "b", "hostB", "boot-1", 4242);
  const auto why = partial_owner_alive(remote, kHere, dead);
  REQUIRE(why.has_value());
  CHECK(why->find("hostB") != std::string::npos);
  // Without a boot id of our own nothing can be proven.
  const auto mine = partial(root, "c", "hostA", "boot-1", 4242);
  CHECK(partial_owner_alive(mine, MachineIdentity{"hostA", ""}, dead).has_value());
}

TEST_CASE("stale partial: a held lock keeps it, even when the pid looks dead") {
  const auto root = fresh_dir("locked");
  const fs::path dir = root / ".run.partial-1";
  fs::create_directories(dir);
  PartialOwnership owner(dir);  // this process's identity, locked
  const auto why = partial_owner_alive(dir, MachineIdentity::current(), dead);
  REQUIRE(why.has_value());
  CHECK(why->find("lock") != std::string::npos);
  owner.release();  // the owner file goes: the folder is an output now, never judged stale
  CHECK_FALSE(fs::exists(dir / kPartialOwnerFile));
  CHECK(partial_owner_alive(dir, MachineIdentity::current(), dead).has_value());
}

TEST_CASE("stale partial: no owner file, or an incomplete one, keeps it") {
  const auto root = fresh_dir("unowned");
  const fs::path bare = root / ".run.partial-7";
  fs::create_directories(bare);
  CHECK(partial_owner_alive(bare, kHere, dead).has_value());
  const fs::path torn = root / ".run.partial-8";
  fs::create_directories(torn);
  std::ofstream(torn / kPartialOwnerFile) << "alchemy partial folder\nhost hostA\n";
  CHECK(partial_owner_alive(torn, kHere, dead).has_value());
}

TEST_CASE("stale partial: names of partial folders") {
  CHECK(is_partial_folder_name(".run.partial-123"));
  CHECK(is_partial_folder_name(".a.b.partial-1"));
  CHECK_FALSE(is_partial_folder_name("run.partial-123"));
  CHECK_FALSE(is_partial_folder_name(".run.partial-"));
  CHECK_FALSE(is_partial_folder_name(".run.partial-12x"));
  CHECK_FALSE(is_partial_folder_name(".run.old-123"));
  CHECK_FALSE(is_partial_folder_name(".partial-123"));
}

TEST_CASE("stale partial: the sweep of a parent removes only the provably stale, nothing else") {
  const auto root = fresh_dir("sweep");
  const MachineIdentity here = MachineIdentity::current();
  REQUIRE_FALSE(here.boot_id.empty());
  // A pid that is surely not running: a child that has exited and been reaped.
  const pid_t gone = ::fork();
  if (gone == 0) ::_exit(0);
  REQUIRE(gone > 0);
  int status = 0;
  ::waitpid(gone, &status, 0);
  const auto stale = partial(root, "old", here.host, here.boot_id, gone);
  const auto running = partial(root, "live", here.host, here.boot_id, ::getpid());
  const auto remote = partial(root, "remote", here.host + "-other", here.boot_id, gone);
  fs::create_directories(root / "old");  // a committed folder with a similar name
  std::ofstream(root / "old" / kPartialOwnerFile) << "not judged: not a partial name\n";
  CHECK(remove_stale_partials(root, here, nullptr) == 1);
  CHECK_FALSE(fs::exists(stale));
  CHECK(fs::exists(running / "events.jsonl"));
  CHECK(fs::exists(remote / "events.jsonl"));
  CHECK(fs::exists(root / "old"));
}
