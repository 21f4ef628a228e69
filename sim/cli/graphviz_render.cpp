#include "sim/cli/graphviz_render.hpp"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <stdexcept>
#include <string>
#include <system_error>
#include <vector>

#include "sim/folder/environment_error.hpp"

extern char** environ;

namespace alchemy {

namespace {

// Closes a descriptor once, whichever way the function leaves.
struct Fd {
  int fd = -1;
  ~Fd() { reset(); }
  void reset() {
    if (fd >= 0) ::close(fd);
    fd = -1;
  }
};

// SIGPIPE ignored while this lives: should `dot` stop reading early, writing to it gives EPIPE
// instead of killing alchemy, and the exit status below says what happened.
class IgnoreSigpipe {
 public:
  IgnoreSigpipe() {
    struct sigaction ignore {};
    ignore.sa_handler = SIG_IGN;
    ::sigemptyset(&ignore.sa_mask);
    ::sigaction(SIGPIPE, &ignore, &saved_);
  }
  ~IgnoreSigpipe() { ::sigaction(SIGPIPE, &saved_, nullptr); }
  IgnoreSigpipe(const IgnoreSigpipe&) = delete;
  IgnoreSigpipe& operator=(const IgnoreSigpipe&) = delete;

 private:
  struct sigaction saved_ {};
};

void make_pipe(Fd& read_end, Fd& write_end) {
  int fds[2];
  if (::pipe2(fds, O_CLOEXEC) != 0) throw std::system_error(errno, std::generic_category(), "pipe");
  read_end.fd = fds[0];
  write_end.fd = fds[1];
}

pid_t spawn_dot(const std::string& type_flag, int stdin_fd, int stdout_fd) {
  posix_spawn_file_actions_t actions;
  posix_spawnattr_t attr;
  ::posix_spawn_file_actions_init(&actions);
  ::posix_spawn_file_actions_adddup2(&actions, stdin_fd, STDIN_FILENO);
  ::posix_spawn_file_actions_adddup2(&actions, stdout_fd, STDOUT_FILENO);
  ::posix_spawnattr_init(&attr);
  // dot gets SIGPIPE's default back (an ignored signal would stay ignored across exec).
  sigset_t defaults;
  ::sigemptyset(&defaults);
  ::sigaddset(&defaults, SIGPIPE);
  ::posix_spawnattr_setsigdefault(&attr, &defaults);
  ::posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETSIGDEF);
  std::string program = "dot";
  std::vector<char*> argv{program.data(), const_cast<char*>(type_flag.c_str()), nullptr};
  pid_t pid = -1;
  const int rc = ::posix_spawnp(&pid, "dot", &actions, &attr, argv.data(), environ);
  ::posix_spawn_file_actions_destroy(&actions);
  ::posix_spawnattr_destroy(&attr);
  if (rc == ENOENT || rc == EACCES) {
    throw EnvironmentError(
        "Graphviz's `dot` was not found on PATH, and --format svg|png needs it: install Graphviz "
        "(`apt-get install graphviz`; tools/install-deps installs it), or write DOT with "
        "--format dot");
  }
  if (rc != 0) throw std::system_error(rc, std::generic_category(), "cannot start dot");
  return pid;
}

// Feeds `input` to `to_child` while reading `from_child` to its end, so neither side waits on a
// full pipe whatever the sizes.
std::string exchange(std::string_view input, Fd& to_child, Fd& from_child) {
  ::fcntl(to_child.fd, F_SETFL, ::fcntl(to_child.fd, F_GETFL) | O_NONBLOCK);
  std::string output;
  std::size_t sent = 0;
  if (input.empty()) to_child.reset();
  char buf[65536];
  while (from_child.fd >= 0) {
    pollfd fds[2] = {{from_child.fd, POLLIN, 0}, {to_child.fd, POLLOUT, 0}};
    const nfds_t n = to_child.fd >= 0 ? 2 : 1;
    if (::poll(fds, n, -1) < 0) {
      if (errno == EINTR) continue;
      throw std::system_error(errno, std::generic_category(), "poll");
    }
    if (n == 2 && (fds[1].revents & (POLLOUT | POLLERR | POLLHUP)) != 0) {
      const ssize_t w = ::write(to_child.fd, input.data() + sent, input.size() - sent);
      if (w > 0) sent += static_cast<std::size_t>(w);
      // EPIPE: dot stopped reading; its exit status tells why.
      if ((w < 0 && errno != EAGAIN && errno != EINTR) || sent == input.size()) to_child.reset();
    }
    if ((fds[0].revents & (POLLIN | POLLERR | POLLHUP)) != 0) {
      const ssize_t r = ::read(from_child.fd, buf, sizeof buf);
      if (r > 0) {
        output.append(buf, static_cast<std::size_t>(r));
      } else if (r == 0 || (errno != EAGAIN && errno != EINTR)) {
        from_child.reset();
      }
    }
  }
  return output;
}

}  // namespace

std::string render_with_graphviz(std::string_view dot_text, std::string_view format) {
  IgnoreSigpipe quiet;
  Fd child_in, to_child, from_child, child_out;
  make_pipe(child_in, to_child);
  make_pipe(from_child, child_out);
  const pid_t pid = spawn_dot("-T" + std::string(format), child_in.fd, child_out.fd);
  child_in.reset();
  child_out.reset();
  std::string image = exchange(dot_text, to_child, from_child);
  to_child.reset();
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0) {
    if (errno != EINTR) throw std::system_error(errno, std::generic_category(), "waitpid");
  }
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
    const std::string how = WIFEXITED(status) ? "exit " + std::to_string(WEXITSTATUS(status))
                                              : "signal " + std::to_string(WTERMSIG(status));
    throw std::runtime_error("Graphviz's dot -T" + std::string(format) +
                             " failed on alchemy's DOT (" + how + ")");
  }
  return image;
}

}  // namespace alchemy
