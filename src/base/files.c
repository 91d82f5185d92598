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
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include <zlib.h>

char *dg_read_file(dg_ctx *ctx, const char *path, size_t max_bytes,
                   size_t *len_out) {
  dg_pos pos = {path, 0, 0};
  FILE *f = fopen(path, "rb");
  if (!f) {
    dg_error(ctx, pos, "cannot open file: %s", strerror(errno));
    return NULL;
  }
  dg_buf b = {0};
  char tmp[65536];
  size_t n;
  while ((n = fread(tmp, 1, sizeof tmp, f)) > 0) {
    if (b.len + n > max_bytes) {
      dg_error(ctx, pos, "file is larger than the limit of %zu bytes",
               max_bytes);
      fclose(f);
      dg_buf_free(&b);
      return NULL;
    }
    dg_buf_put(&b, tmp, n);
  }
  int bad = ferror(f);
  fclose(f);
  if (bad) {
    dg_error(ctx, pos, "read error");
    dg_buf_free(&b);
    return NULL;
  }
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
