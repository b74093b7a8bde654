#ifndef HEADROOM_FILE_SYSTEM_H
#define HEADROOM_FILE_SYSTEM_H

/// Atomically exchanges the paths `a` and `b` (renameat2 with RENAME_EXCHANGE, Linux 3.15+):
/// both must exist; afterwards each name refers to what the other did. Returns 0, or -1 with
/// errno set (EINVAL or ENOSYS where the file system or kernel cannot exchange).
int headroom_exchange(const char *a, const char *b);

/// Takes an exclusive advisory lock (flock) on the open file `fd`; waits when `wait` is non-zero,
/// else fails at once with EWOULDBLOCK. Returns 0, or -1 with errno set.
int headroom_lock(int fd, int wait);

#endif
