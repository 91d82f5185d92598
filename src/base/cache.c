/* cache: what deckgen keeps between runs (~/.cache/deckgen: schema passes,
 * PDF font programs, web fonts; named by the SHA-256 of their exact inputs,
 * checked by the SHA-256 of their content, bounded, least recently used
 * first out) and within one process (dg_memo: by content). Declared in
 * util.h. The cache can never change an output byte, crash, hang or fail a
 * run: every error here is a miss (tests/cache-abuse.sh). */
#include "base/util.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <nettle/sha2.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#ifndef DG_VERSION
#define DG_VERSION "0.0"
#endif

/* one entry at most (a web font or font program is ~0.1 MB) */
#define ENTRY_MAX (16u << 20)

int dg_cache_enabled(void) {
  const char *off = getenv("DECKGEN_CACHE");
  return !(off && !strcmp(off, "off"));
}

int dg_cache_dir(char *dir, size_t n) {
  if (!dg_cache_enabled())
    return -1;
  /* XDG: a relative XDG_CACHE_HOME is ignored */
  const char *x = getenv("XDG_CACHE_HOME"), *h = getenv("HOME");
  int k;
  if (x && x[0] == '/')
    k = snprintf(dir, n, "%s/deckgen", x);
  else if (h && h[0] == '/')
    k = snprintf(dir, n, "%s/.cache/deckgen", h);
  else
    return -1;
  /* too long a path (entry names add 90 bytes) is no cache, never a cut */
  if (k < 0 || (size_t)k + 100 >= n || k + 100 >= 4096)
    return -1;
  return dg_mkdirs(dir);
}

/* SHA-256 through Nettle, which uses the CPU's SHA extensions where there
 * are any (a 4.7 MB font: 2.6 ms, against 14.4 ms for GLib's plain-C
 * GChecksum). Nettle rather than OpenSSL's libcrypto (the same speed):
 * linking libcrypto costs every run ~0.7 ms of start-up and ~1.7 MB of
 * resident memory, Nettle ~0.1 ms and ~0.2 MB. It cannot fail. */
static void sha256_parts(const void *const *part, const size_t *len, int n,
                         unsigned char out[32]) {
  struct sha256_ctx c;
  sha256_init(&c);
  for (int i = 0; i < n; i++)
    sha256_update(&c, len[i], part[i]);
  sha256_digest(&c, SHA256_DIGEST_SIZE, out);
}

void dg_sha256(const void *data, size_t n, unsigned char out[32]) {
  const void *part[1] = {data};
  size_t len[1] = {n};
  sha256_parts(part, len, 1, out);
}

static void hex(const unsigned char *d, int n, char *out) {
  static const char x[] = "0123456789abcdef";
  for (int i = 0; i < n; i++) {
    out[2 * i] = x[d[i] >> 4];
    out[2 * i + 1] = x[d[i] & 15];
  }
  out[2 * n] = 0;
}

static int kind_ok(const char *kind) {
  size_t n = strlen(kind);
  if (n == 0 || n > 16)
    return 0;
  for (const char *c = kind; *c; c++)
    if (!((*c >= 'a' && *c <= 'z') || (*c >= '0' && *c <= '9') || *c == '-'))
      return 0;
  return 1;
}

/* The entry's name: the SHA-256 (hex) of the format, deckgen's version, the
 * kind and the inputs, then "." and the kind. */
static int entry_name(const char *kind, const void *key, size_t keylen,
                      char name[96]) {
  if (!kind_ok(kind))
    return -1;
  static const char fmt[] = "deckgen-cache 2\n" DG_VERSION "\n";
  const void *part[3] = {fmt, kind, key};
  size_t len[3] = {sizeof fmt, strlen(kind) + 1, keylen};
  unsigned char d[32];
  sha256_parts(part, len, 3, d);
  hex(d, 32, name);
  snprintf(name + 64, 32, ".%s", kind);
  return 0;
}

/* Entry layout: a header of HDR bytes,
 *   "deckgen-cache 2 <name digest, 64 hex> <length, 16 hex> <SHA-256 of
 *   the content, 64 hex>\n"
 * then the content. The name in the header catches an entry copied or
 * renamed under another name; the content hash, any damage. */
#define HDR (16 + 64 + 1 + 16 + 1 + 64 + 1)

static void header(const char *name, const void *data, size_t n,
                   char out[HDR + 1]) {
  unsigned char d[32];
  char h[65];
  dg_sha256(data, n, d);
  hex(d, 32, h);
  snprintf(out, HDR + 1, "deckgen-cache 2 %.64s %016zx %s\n", name, n, h);
}

char *dg_cache_get(const char *kind, const void *key, size_t keylen,
                   size_t *n) {
  char dir[4096], path[4200], name[96];
  if (dg_cache_dir(dir, sizeof dir) || entry_name(kind, key, keylen, name))
    return NULL;
  snprintf(path, sizeof path, "%s/%s", dir, name);
  /* a regular file only: no symlink followed, no FIFO waited on, no
   * device; read whole into memory (a mapping would fault if another
   * process cut the file while we use it) */
  int fd =
      open(path, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC | O_NOCTTY);
  if (fd < 0)
    return NULL;
  struct stat st;
  char *buf = NULL;
  if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) || st.st_size < HDR ||
      (unsigned long long)st.st_size > (unsigned long long)HDR + ENTRY_MAX ||
      !(buf = malloc((size_t)st.st_size)) ||
      dg_read_all(fd, buf, (size_t)st.st_size)) {
    free(buf);
    close(fd);
    return NULL;
  }
  size_t len = (size_t)st.st_size - HDR;
  char want[HDR + 1];
  header(name, buf + HDR, len, want);
  if (memcmp(buf, want, HDR)) {
    free(buf);
    close(fd);
    return NULL;
  }
  futimens(fd, NULL); /* recently used: kept longest (may fail: fine) */
  close(fd);
  memmove(buf, buf + HDR, len);
  *n = len;
  return buf;
}

/* Names in the cache folder that deckgen wrote: its entries
 * (<64 hex>.<kind>), entries of older deckgens, before entries were named
 * and checked by SHA-256 (<16 or 32 hex>.ttf, .pdffont, .webfont, .valid:
 * never read again) and temporary files. */
enum { NOT_OURS, ENTRY, OLD_ENTRY, TEMP };
static int name_class(const char *s) {
  if (!strncmp(s, ".tmp-", 5))
    return TEMP;
  size_t h = strspn(s, "0123456789abcdef");
  if (s[h] != '.')
    return NOT_OURS;
  if (h == 64 && kind_ok(s + 65))
    return ENTRY;
  if ((h == 16 || h == 32) &&
      (!strcmp(s + h, ".ttf") || !strcmp(s + h, ".pdffont") ||
       !strcmp(s + h, ".webfont") || !strcmp(s + h, ".valid")))
    return OLD_ENTRY;
  if (h == 16 && strstr(s + h, ".tmp-")) /* the old writer's temporary */
    return TEMP;
  return NOT_OURS;
}

typedef struct centry {
  char name[96];
  struct timespec t;
  long long size;
} centry;

static int centry_cmp(const void *a, const void *b) {
  const centry *x = a, *y = b;
  if (x->t.tv_sec != y->t.tv_sec)
    return x->t.tv_sec < y->t.tv_sec ? -1 : 1;
  if (x->t.tv_nsec != y->t.tv_nsec)
    return x->t.tv_nsec < y->t.tv_nsec ? -1 : 1;
  return strcmp(x->name, y->name);
}

void dg_cache_trim(const char *dir, int max_files, long long max_bytes) {
  int dfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  DIR *d = dfd >= 0 ? fdopendir(dfd) : NULL;
  if (!d) {
    if (dfd >= 0)
      close(dfd);
    return;
  }
  time_t stale = time(NULL) - 600;
  centry *e = NULL;
  int n = 0, cap = 0;
  long long total = 0;
  for (struct dirent *de; (de = readdir(d));) {
    int cls = name_class(de->d_name);
    struct stat st;
    /* only regular files deckgen named: a folder, FIFO or link in the
     * cache is left alone (reads treat it as a miss) */
    if (cls == NOT_OURS || strlen(de->d_name) >= sizeof e->name ||
        fstatat(dfd, de->d_name, &st, AT_SYMLINK_NOFOLLOW) != 0 ||
        !S_ISREG(st.st_mode))
      continue;
    if (cls == OLD_ENTRY || (cls == TEMP && st.st_mtime < stale)) {
      unlinkat(dfd, de->d_name, 0);
      continue;
    }
    if (cls != ENTRY)
      continue;
    if (n == cap) {
      int nc = cap ? cap * 2 : 64;
      centry *ne = realloc(e, sizeof *e * (size_t)nc);
      if (!ne)
        break; /* trimmed next time */
      e = ne;
      cap = nc;
    }
    memcpy(e[n].name, de->d_name, strlen(de->d_name) + 1); /* fits: above */
    e[n].t = st.st_mtim;
    e[n].size = (long long)st.st_size;
    total += e[n].size;
    n++;
  }
  if (n > max_files || total > max_bytes) {
    qsort(e, (size_t)n, sizeof *e, centry_cmp);
    /* entries are read whole into memory, so any may go at any time */
    for (int i = 0; i < n && (n - i > max_files || total > max_bytes); i++) {
      unlinkat(dfd, e[i].name, 0);
      total -= e[i].size;
    }
  }
  closedir(d);
  free(e);
}

#define TRIM_PUTS 64
#define TRIM_BYTES (1u << 20)

void dg_cache_put(const char *kind, const void *key, size_t keylen,
                  const void *data, size_t n) {
  char dir[4096], path[4200], tmp[4200], name[96], hdr[HDR + 1];
  if (n > ENTRY_MAX || dg_cache_dir(dir, sizeof dir) ||
      entry_name(kind, key, keylen, name))
    return;
  snprintf(path, sizeof path, "%s/%s", dir, name);
  snprintf(tmp, sizeof tmp, "%s/.tmp-%.16s-XXXXXX", dir, name);
  int fd = mkostemp(tmp, O_CLOEXEC);
  if (fd < 0)
    return;
  header(name, data, n, hdr);
  int bad = fchmod(fd, 0644) != 0 || dg_write_all(fd, hdr, HDR) ||
            dg_write_all(fd, data, n);
  bad |= close(fd) != 0;
  /* rename replaces a file, FIFO or symlink of that name without following
   * it, and fails on a folder: then the entry is simply not kept */
  if (bad || rename(tmp, path) != 0) {
    unlink(tmp);
    return;
  }
  /* Trimming reads the whole folder (a stat per entry): after every put, a
   * batch writing thousands of entries spent O(n^2) there. A thread trims
   * on its first put, then once it has written TRIM_PUTS entries or
   * TRIM_BYTES since: the bound is exceeded by at most that much per
   * running thread, never for long (per thread: the site's thread writes
   * web fonts while the PDF writer writes font programs). */
  static _Thread_local int writes;
  static _Thread_local size_t written;
  if (writes == 0 || writes >= TRIM_PUTS || written >= TRIM_BYTES) {
    dg_cache_trim(dir, DG_CACHE_FILES, DG_CACHE_BYTES);
    writes = 0;
    written = 0;
  }
  writes++;
  written += n + HDR;
}

struct dg_memo {
  struct {
    uint64_t key[2];
    char *data;
    size_t n;
  } * e;
  int cap, next;
};

dg_memo *dg_memo_new(int cap) {
  dg_memo *m = calloc(1, sizeof *m);
  if (!m || !(m->e = calloc((size_t)cap, sizeof *m->e)))
    dg_oom();
  m->cap = cap;
  return m;
}

void dg_memo_free(dg_memo *m) {
  if (!m)
    return;
  for (int i = 0; i < m->cap; i++)
    free(m->e[i].data);
  free(m->e);
  free(m);
}

const char *dg_memo_get(dg_memo *m, const uint64_t key[2], size_t *n) {
  for (int i = 0; i < m->cap; i++)
    if (m->e[i].data && m->e[i].key[0] == key[0] && m->e[i].key[1] == key[1]) {
      *n = m->e[i].n;
      return m->e[i].data;
    }
  return NULL;
}

void dg_memo_put(dg_memo *m, const uint64_t key[2], const void *data,
                 size_t n) {
  size_t dummy;
  if (dg_memo_get(m, key, &dummy))
    return;
  int i = m->next;
  m->next = (m->next + 1) % m->cap;
  free(m->e[i].data);
  m->e[i].data = malloc(n ? n : 1);
  if (!m->e[i].data)
    dg_oom();
  memcpy(m->e[i].data, data, n);
  m->e[i].n = n;
  m->e[i].key[0] = key[0];
  m->e[i].key[1] = key[1];
}
