/* files: util's file-system half — reading inputs with limits, writing
 * outputs atomically (a temporary name, then rename; or a whole folder
 * swapped in), keeping an identical output instead of rewriting it, and
 * removing trees. Declared in util.h. */
#include "base/util.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>
#include <zlib.h>
#ifdef SYS_openat2
#include <linux/openat2.h>
#endif

/* The part of path below base, or NULL when path is not below it. "."
 * holds every relative path that does not climb out of it. */
static const char *below(const char *base, const char *path) {
  size_t n = strlen(base);
  while (n > 1 && base[n - 1] == '/')
    n--;
  if (n == 1 && base[0] == '.')
    return path[0] != '/' && strncmp(path, "../", 3) ? path : NULL;
  if (strncmp(path, base, n) || path[n] != '/')
    return NULL;
  while (path[n] == '/')
    n++;
  return path + n;
}

/* Does the path hold a ".." component? Such a path is not confined (only
 * --allow-outside lets one through). */
static int climbs(const char *p) {
  for (const char *s = p; (s = strstr(s, "..")); s += 2)
    if ((s == p || s[-1] == '/') && (s[2] == '/' || !s[2]))
      return 1;
  return 0;
}

/* Is the resolved path inside the resolved folder dir? */
static int inside(const char *dir, const char *real) {
  size_t n = strlen(dir);
  return !strncmp(real, dir, n) && (real[n] == '/' || !real[n] || n == 1);
}

/* A link met at link (the path up to and including it): followed only
 * when it resolves into confine->links; else reported. Returns the fd of
 * what it leads to, or -1. */
static int through_link(dg_ctx *ctx, dg_pos pos, int dirfd, const char *name,
                        const char *link, int flags) {
  char target[4096];
  ssize_t k = readlinkat(dirfd, name, target, sizeof target - 1);
  target[k > 0 ? k : 0] = 0;
  const char *allow = ctx->confine->links;
  char *real = allow ? realpath(link, NULL) : NULL;
  int ok = real && inside(allow, real);
  free(real);
  if (ok)
    return openat(dirfd, name, flags & ~O_NOFOLLOW);
  if (allow)
    dg_error(ctx, pos,
             "\"%s\" is a symbolic link (to \"%s\") that leads outside "
             "the folder --allow-links names",
             link, target);
  else
    dg_error(ctx, pos,
             "\"%s\" is a symbolic link (to \"%s\"); deckgen follows no link "
             "inside the project (--allow-links DIR follows those that lead "
             "into DIR)",
             link, target);
  errno = 0;
  return -1;
}

/* Opens path, below `base`, one component at a time: O_NOFOLLOW on each,
 * so no link is followed unless through_link allows it. Returns an fd, or
 * -1 with errno set (0 when already reported). */
static int open_below(dg_ctx *ctx, dg_pos pos, const char *base,
                      const char *rest, const char *path) {
#ifdef SYS_openat2
  /* The kernel's walk that follows no link (Linux 5.6) opens the same
   * file in one call instead of one per component (below ".", the
   * working folder itself, without opening it first). Anything it
   * refuses (a link on the way, a kernel or sandbox without it, a name
   * that is not there) is walked again below, which follows an allowed
   * link and words every refusal as before. */
  int here = !strcmp(base, ".");
  int bfd = here ? AT_FDCWD : open(base, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (here || bfd >= 0) {
    struct open_how how = {O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK |
                               O_NOCTTY,
                           0, RESOLVE_NO_SYMLINKS | RESOLVE_NO_MAGICLINKS};
    int quick = (int)syscall(SYS_openat2, bfd, rest, &how, sizeof how);
    if (!here)
      close(bfd);
    if (quick >= 0)
      return quick;
  }
#endif
  int dirfd = open(base, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dirfd < 0)
    return -1;
  size_t plen = (size_t)(rest - path);
  char *walked = malloc(strlen(path) + 2);
  if (!walked)
    dg_oom();
  memcpy(walked, path, plen);
  walked[plen] = 0;
  int fd = -1;
  for (const char *s = rest;;) {
    while (*s == '/')
      s++;
    const char *e = strchr(s, '/');
    size_t n = e ? (size_t)(e - s) : strlen(s);
    char name[256];
    if (n == 0 || n >= sizeof name) {
      errno = n ? ENAMETOOLONG : EISDIR;
      break;
    }
    memcpy(name, s, n);
    name[n] = 0;
    if (walked[0] && walked[strlen(walked) - 1] != '/')
      strcat(walked, "/");
    strncat(walked, s, n);
    int last = !e || !e[strspn(e, "/")];
    int flags = O_RDONLY | O_NOFOLLOW | O_CLOEXEC |
                (last ? O_NONBLOCK | O_NOCTTY : O_DIRECTORY);
    int next = !strcmp(name, ".") ? dup(dirfd) : openat(dirfd, name, flags);
    struct stat st;
    if (next < 0 && (errno == ELOOP || errno == ENOTDIR) &&
        fstatat(dirfd, name, &st, AT_SYMLINK_NOFOLLOW) == 0 &&
        S_ISLNK(st.st_mode))
      next = through_link(ctx, pos, dirfd, name, walked, flags);
    close(dirfd);
    dirfd = next;
    if (next < 0 || last) {
      fd = next;
      dirfd = -1;
      break;
    }
    s = e;
  }
  int saved = errno;
  if (dirfd >= 0)
    close(dirfd);
  free(walked);
  errno = saved;
  return fd;
}

/* Opens an input: confined when it lies below a folder of ctx->confine,
 * never blocking (a FIFO), and only when it is a regular file. Returns an
 * fd, or -1 after reporting. */
static int open_input(dg_ctx *ctx, dg_pos pos, const char *path) {
  const dg_confine *c = ctx->confine;
  const char *rest = NULL, *base = NULL;
  for (int i = 0; c && i < 4 && c->base[i]; i++) {
    const char *r = below(c->base[i], path);
    if (r && (!rest || r > rest) && !climbs(r)) {
      rest = r;
      base = c->base[i];
    }
  }
  int fd = rest ? open_below(ctx, pos, base, rest, path)
                : open(path, O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
  if (fd < 0) {
    if (errno)
      dg_error(ctx, pos, "cannot open file: %s", strerror(errno));
    return -1;
  }
  struct stat st;
  if (fstat(fd, &st) || !S_ISREG(st.st_mode)) {
    dg_error(ctx, pos, "not a regular file (%s)",
             S_ISDIR(st.st_mode)    ? "a folder"
             : S_ISFIFO(st.st_mode) ? "a FIFO, which would block the run"
                                    : "a device or socket");
    close(fd);
    return -1;
  }
  /* reads may block again (a slow disk); F_SETFL touches only O_NONBLOCK
   * among the flags it was opened with */
  fcntl(fd, F_SETFL, 0);
  return fd;
}

char *dg_read_file(dg_ctx *ctx, const char *path, size_t max_bytes,
                   size_t *len_out) {
  dg_pos pos = {path, 0, 0};
  int fd = open_input(ctx, pos, path);
  if (fd < 0)
    return NULL;
  dg_buf b = {0};
  char tmp[65536];
  for (;;) {
    ssize_t n = read(fd, tmp, sizeof tmp);
    if (n < 0 && errno == EINTR)
      continue;
    if (n < 0) {
      dg_error(ctx, pos, "read error: %s", strerror(errno));
      close(fd);
      dg_buf_free(&b);
      return NULL;
    }
    if (n == 0)
      break;
    if (b.len + (size_t)n > max_bytes) {
      dg_error(ctx, pos, "file is larger than the limit of %zu bytes",
               max_bytes);
      close(fd);
      dg_buf_free(&b);
      return NULL;
    }
    dg_buf_put(&b, tmp, (size_t)n);
  }
  close(fd);
  if (!b.data)
    dg_buf_put(&b, "", 0);
  if (len_out)
    *len_out = b.len;
  return b.data;
}

int dg_file_equals(const char *path, const void *data, size_t len) {
  int fd = open(path, O_RDONLY | O_CLOEXEC);
  if (fd < 0)
    return 0;
  struct stat st;
  int same = fstat(fd, &st) == 0 && (size_t)st.st_size == len;
  char buf[65536];
  for (size_t off = 0, k; same && off < len; off += k) {
    k = len - off < sizeof buf ? len - off : sizeof buf;
    same =
        !dg_read_all(fd, buf, k) && !memcmp(buf, (const char *)data + off, k);
  }
  close(fd);
  return same;
}

int dg_write_or_link(dg_ctx *ctx, const char *path, const void *data,
                     size_t len, const char *same) {
  /* creating a file costs the file system more than reading one: ext4's
   * inode allocator was a tenth of a run that rewrote an unchanged site */
  struct stat st;
  if (same && lstat(same, &st) == 0 && S_ISREG(st.st_mode) &&
      dg_file_equals(same, data, len) && link(same, path) == 0) {
    utimensat(AT_FDCWD, path, NULL, 0);
    return 0;
  }
  return dg_write_file(ctx, path, data, len);
}

int dg_write_file(dg_ctx *ctx, const char *path, const void *data, size_t len) {
  int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) {
    dg_error(ctx, (dg_pos){path, 0, 0}, "cannot write: %s", strerror(errno));
    return -1;
  }
  if (dg_write_all(fd, data, len)) {
    dg_error(ctx, (dg_pos){path, 0, 0}, "write error: %s", strerror(errno));
    close(fd);
    return -1;
  }
  if (close(fd) != 0) {
    dg_error(ctx, (dg_pos){path, 0, 0}, "write error: %s", strerror(errno));
    return -1;
  }
  return 0;
}

char *dg_write_temp(dg_ctx *ctx, const char *path, const void *data,
                    size_t len) {
  size_t pl = strlen(path);
  char *tmp = malloc(pl + 16);
  if (!tmp)
    dg_oom();
  snprintf(tmp, pl + 16, "%s.tmp-XXXXXX", path);
  int fd = mkstemp(tmp);
  if (fd < 0) {
    dg_error(ctx, (dg_pos){path, 0, 0}, "cannot write: %s", strerror(errno));
    free(tmp);
    return NULL;
  }
  fchmod(fd, 0644);
  int err = dg_write_all(fd, data, len) ? errno : 0;
  if (close(fd) != 0 && !err)
    err = errno;
  if (err) {
    dg_error(ctx, (dg_pos){path, 0, 0}, "write error: %s", strerror(err));
    unlink(tmp);
    free(tmp);
    return NULL;
  }
  return tmp;
}

int dg_commit_temp(dg_ctx *ctx, char *tmp, const char *path) {
  int rc = 0;
  if (rename(tmp, path) != 0) {
    dg_error(ctx, (dg_pos){path, 0, 0}, "cannot rename into place: %s",
             strerror(errno));
    unlink(tmp);
    rc = -1;
  }
  free(tmp);
  return rc;
}

int dg_write_atomic(dg_ctx *ctx, const char *path, const void *data,
                    size_t len) {
  char *tmp = dg_write_temp(ctx, path, data, len);
  return tmp ? dg_commit_temp(ctx, tmp, path) : -1;
}

/* Empties the folder open at fd, never following a symbolic link: one in
 * the tree is removed, not what it points to. */
static void rm_inside(int fd) {
  DIR *d = fdopendir(fd);
  if (!d) {
    close(fd);
    return;
  }
  struct dirent *e;
  while ((e = readdir(d))) {
    if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
      continue;
    struct stat sb;
    if (fstatat(dirfd(d), e->d_name, &sb, AT_SYMLINK_NOFOLLOW) == 0 &&
        S_ISDIR(sb.st_mode)) {
      int sub = openat(dirfd(d), e->d_name,
                       O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
      if (sub >= 0)
        rm_inside(sub);
      unlinkat(dirfd(d), e->d_name, AT_REMOVEDIR);
    } else
      unlinkat(dirfd(d), e->d_name, 0);
  }
  closedir(d);
}

/* The first entry below the folder open at fd that is neither a regular
 * file nor a folder, appended to rel; 1 when found. Folders are opened
 * with O_NOFOLLOW, so a link is met, never gone through. */
static int foreign_inside(int fd, dg_buf *rel, int depth) {
  DIR *d = fdopendir(fd);
  if (!d) {
    close(fd);
    return 0;
  }
  int found = 0;
  struct dirent *e;
  while (!found && (e = readdir(d))) {
    if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
      continue;
    struct stat sb;
    if (fstatat(dirfd(d), e->d_name, &sb, AT_SYMLINK_NOFOLLOW) != 0 ||
        S_ISREG(sb.st_mode))
      continue;
    size_t at = rel->len;
    if (at)
      dg_buf_puts(rel, "/");
    dg_buf_puts(rel, e->d_name);
    /* a tree deeper than any deckgen writes is not deckgen's either */
    found = !S_ISDIR(sb.st_mode) || depth >= 16;
    if (!found) {
      int sub = openat(dirfd(d), e->d_name,
                       O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
      found = sub < 0 || foreign_inside(sub, rel, depth + 1);
    }
    if (!found) {
      rel->len = at;
      rel->data[at] = 0;
    }
  }
  closedir(d);
  return found;
}

char *dg_tree_foreign(const char *dir) {
  int fd = open(dir, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
  if (fd < 0)
    return NULL;
  dg_buf rel = {0};
  if (foreign_inside(fd, &rel, 0))
    return rel.data;
  dg_buf_free(&rel);
  return NULL;
}

void dg_rm_tree(const char *path) {
  struct stat sb;
  if (lstat(path, &sb) != 0)
    return;
  if (!S_ISDIR(sb.st_mode)) {
    unlink(path); /* a file, or a link: never what it points to */
    return;
  }
  int fd = open(path, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
  if (fd >= 0)
    rm_inside(fd);
  rmdir(path);
}

int dg_name_windows_reserved(const char *name) {
  size_t n = strlen(name);
  if (n && (name[n - 1] == '.' || name[n - 1] == ' '))
    return 1;
  /* the device is named by what comes before the first dot, and Windows
   * ignores spaces before that dot ("CON .txt") */
  size_t stem = strcspn(name, ".");
  while (stem && name[stem - 1] == ' ')
    stem--;
  static const char *const dev3[] = {"CON", "PRN", "AUX", "NUL"};
  if (stem == 3)
    for (size_t i = 0; i < sizeof dev3 / sizeof *dev3; i++)
      if (!strncasecmp(name, dev3[i], 3))
        return 1;
  /* COM0-COM9 and LPT0-LPT9; Windows also reserves them with a
   * superscript digit (¹, ², ³: two bytes in UTF-8) */
  int ports = !strncasecmp(name, "COM", 3) || !strncasecmp(name, "LPT", 3);
  if (ports && stem == 4 && name[3] >= '0' && name[3] <= '9')
    return 1;
  if (ports && stem == 5 && (unsigned char)name[3] == 0xC2 &&
      ((unsigned char)name[4] == 0xB9 || (unsigned char)name[4] == 0xB2 ||
       (unsigned char)name[4] == 0xB3))
    return 1;
  return 0;
}

int dg_mkdirs(const char *path) {
  char buf[4096];
  if (snprintf(buf, sizeof buf, "%s", path) >= (int)sizeof buf) {
    errno = ENAMETOOLONG;
    return -1;
  }
  for (char *p = buf + 1; *p; p++)
    if (*p == '/') {
      *p = 0;
      if (mkdir(buf, 0755) != 0 && errno != EEXIST)
        return -1;
      *p = '/';
    }
  if (mkdir(buf, 0755) != 0 && errno != EEXIST)
    return -1;
  struct stat st;
  if (stat(buf, &st) != 0)
    return -1; /* errno as stat left it: ELOOP for a loop of links */
  if (!S_ISDIR(st.st_mode)) {
    errno = ENOTDIR;
    return -1;
  }
  return 0;
}
