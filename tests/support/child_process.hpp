// A forked child process that reports to the test through a pipe (for tests that kill a load, or measure one
// apart from the test runner's memory).
#pragma once

#include <doctest/doctest.h>
#include <sys/types.h>
#include <unistd.h>

#include <utility>

namespace starshift::testing {

struct child_process {
    pid_t pid = -1;
    int from_child = -1;  // the reading end of the pipe; the test closes it
};

// Forks; the child runs body(fd), fd the writing end of the pipe, and exits with 0 (body catches what it throws);
// the parent gets the child's pid and the reading end.
template <class Body>
child_process fork_child(Body&& body) {
    int fds[2];
    REQUIRE(::pipe(fds) == 0);
    const pid_t pid = ::fork();
    REQUIRE(pid >= 0);
    if (pid == 0) {
        ::close(fds[0]);
        std::forward<Body>(body)(fds[1]);
        ::_exit(0);
    }
    ::close(fds[1]);
    return {pid, fds[0]};
}

}  // namespace starshift::testing
