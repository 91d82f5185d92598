/* cache: what deckgen keeps between runs (~/.cache/deckgen: schema passes,
 * PDF font programs, web fonts; named by the SHA-256 of their exact inputs,
 * authenticated by an HMAC-SHA256 of their content, bounded, least recently
 * used first out) and within one process (dg_memo: by content). Declared in
 * util.h. The cache can never change an output byte, crash, hang or fail a
 * run: every error here is a miss (tests/cache-abuse.sh).
 *
 * What the cache trusts. A hash only proves that an entry is whole; anyone
 * who can write the folder (a CI cache shared between jobs, a home folder
 * on a shared drive) could write a whole entry of their own: a web font or
 * embedded font program replaced by other bytes, an invalid deck marked as
 * validated. So each entry carries an HMAC-SHA256 of its name, length and
 * content under a key of 32 random bytes that only this user can read: the
 * file hmac-key in the cache folder, mode 0600, made once (written under a
 * temporary name, then linked into place, so two runs starting at once
 * read one key) and opened without following a link. An entry whose HMAC
 * does not match (forged, damaged, made under another key, or of an older
 * format) is a miss, made again and replaced. The cache is used only when
 * the folder and the key file belong to the user running deckgen and no
 * one else can write the folder or read the key; otherwise deckgen says so
 * once on stderr and runs without it (tests/cache-abuse.sh, "trust").
 * A write that fails (a full disk, `ulimit -f`: SIGXFSZ is ignored by
 * main.c, so the write fails with EFBIG instead of killing the run) leaves
 * the entry out. */
#include "base/util.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <nettle/hmac.h>
#include <nettle/sha2.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
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
 * kind and the inputs, then "." and the kind. Names are those of format 2
 * (entries checked by a plain SHA-256), so that each such entry is read as
 * a miss and replaced in place by its authenticated successor. */
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

#define KEY_FILE "hmac-key"
#define KEY_LEN 32

/* Entry layout: a header of HDR bytes,
 *   "deckgen-cache 3 <name digest, 64 hex> <length, 16 hex> <HMAC-SHA256,
 *   64 hex>\n"
 * then the content. The HMAC covers the header before it and the content:
 * the name catches an entry copied or renamed under another name, the
 * length one cut short, the key one written by anyone else. */
#define HDR (16 + 64 + 1 + 16 + 1 + 64 + 1)

static void header(const unsigned char key[KEY_LEN], const char *name,
                   const void *data, size_t n, char out[HDR + 1]) {
  char pre[HDR + 1];
  int k = snprintf(pre, sizeof pre, "deckgen-cache 3 %.64s %016zx ", name, n);
  struct hmac_sha256_ctx c;
  hmac_sha256_set_key(&c, KEY_LEN, key);
  hmac_sha256_update(&c, (size_t)k, (const uint8_t *)pre);
  hmac_sha256_update(&c, n, data);
  unsigned char d[SHA256_DIGEST_SIZE];
  hmac_sha256_digest(&c, SHA256_DIGEST_SIZE, d);
  /* the name is 64 hex digits: the text before the HMAC is HDR - 65 */
  memcpy(out, pre, HDR - 65);
  hex(d, 32, out + HDR - 65);
  out[HDR - 1] = '\n';
  out[HDR] = 0;
}

/* Compares in time independent of where the bytes differ, so that how
 * long a miss takes tells nothing of the right HMAC. */
static int same_bytes(const char *a, const char *b, size_t n) {
  unsigned char d = 0;
  for (size_t i = 0; i < n; i++)
    d |= (unsigned char)(a[i] ^ b[i]);
  return d == 0;
}

static int random_bytes(void *p, size_t n) {
  for (size_t got = 0; got < n;) {
    ssize_t k = getrandom((char *)p + got, n - got, 0);
    if (k < 0 && errno != EINTR)
      return -1;
    got += k > 0 ? (size_t)k : 0;
  }
  return 0;
}

/* A new file ".tmp-<tag>-<12 random hex>" in dfd, made with O_EXCL and
 * given mode; its name goes to tmp. Returns its fd or -1. */
static int temp_file(int dfd, const char *tag, char tmp[64], mode_t mode) {
  for (int tries = 0; tries < 8; tries++) {
    unsigned char r[6];
    char h[13];
    if (random_bytes(r, sizeof r))
      return -1;
    hex(r, 6, h);
    snprintf(tmp, 64, ".tmp-%.16s-%s", tag, h);
    int fd = openat(dfd, tmp,
                    O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, mode);
    if (fd >= 0) {
      if (fchmod(fd, mode) != 0) { /* the umask may have taken bits */
        close(fd);
        unlinkat(dfd, tmp, 0);
        return -1;
      }
      return fd;
    }
    if (errno != EEXIST)
      return -1;
  }
  return -1;
}

/* What this process knows of the cache folder it used last: checked once,
 * and again when the folder or its key file is another or has changed
 * (one fstatat a call); else only the folder's owner and mode. */
static struct {
  pthread_mutex_t lock;
  int checked, ok;
  char dir[4096];
  dev_t dev;
  ino_t ino;     /* the folder's */
  ino_t key_ino; /* the key file's, as read */
  mode_t key_mode;
  uid_t key_uid;
  struct timespec key_mtime;
  unsigned char key[KEY_LEN];
  char said[4096]; /* the folder a refusal was said for, since the cache
                      was last found good */
} cs = {.lock = PTHREAD_MUTEX_INITIALIZER};

/* Says once per folder why the cache is not used (holding cs.lock). */
static void refuse(const char *dir, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
static void refuse(const char *dir, const char *fmt, ...) {
  if (!strcmp(cs.said, dir))
    return;
  snprintf(cs.said, sizeof cs.said, "%s", dir);
  char why[256], msg[4600];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(why, sizeof why, fmt, ap);
  va_end(ap);
  int k = snprintf(msg, sizeof msg,
                   "%s: warning: cache not used: %s; deckgen uses a cache "
                   "only when the folder and its key are yours alone\n",
                   dir, why);
  if (k > 0)
    dg_emit(stderr, msg, (size_t)k < sizeof msg ? (size_t)k : sizeof msg - 1);
}

/* Writes a new random key as KEY_FILE: into a temporary file of mode 0600,
 * then linked into place (link fails if the name exists: of two runs that
 * start on an empty cache, one key wins and both read it) or, replacing a
 * damaged key or a FIFO or link in its place, renamed over it. */
static void new_key(int dfd, int replace) {
  unsigned char k[KEY_LEN];
  char tmp[64];
  int fd;
  if (random_bytes(k, sizeof k) || (fd = temp_file(dfd, "key", tmp, 0600)) < 0)
    return;
  int bad = dg_write_all(fd, k, sizeof k);
  bad |= close(fd) != 0;
  if (!bad && replace && renameat(dfd, tmp, dfd, KEY_FILE) == 0)
    return;
  if (!bad && !replace)
    linkat(dfd, tmp, dfd, KEY_FILE, 0); /* EEXIST: another run's; read it */
  unlinkat(dfd, tmp, 0);
}

/* Reads the folder's key into key, making it first if there is none.
 * Returns 0, or -1: no cache (said when the key is another user's or
 * others can read it; silent when it cannot be made, as in a read-only or
 * full folder). */
static int read_key(int dfd, const char *dir, unsigned char key[KEY_LEN]) {
  for (int tries = 0; tries < 3; tries++) {
    int fd = openat(dfd, KEY_FILE,
                    O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC | O_NOCTTY);
    struct stat st;
    if (fd < 0) {
      if (errno == ENOENT)
        new_key(dfd, 0);
      else if (errno == ELOOP) /* a symbolic link in its place */
        new_key(dfd, 1);
      else if (fstatat(dfd, KEY_FILE, &st, AT_SYMLINK_NOFOLLOW) == 0 &&
               st.st_uid != geteuid()) {
        refuse(dir,
               "its key file " KEY_FILE " belongs to another user "
               "(uid %u)",
               (unsigned)st.st_uid);
        return -1;
      } else
        return -1;
      continue;
    }
    if (fstat(fd, &st) != 0) {
      close(fd);
      return -1;
    }
    if (S_ISREG(st.st_mode) && st.st_uid != geteuid()) {
      refuse(dir, "its key file " KEY_FILE " belongs to another user (uid %u)",
             (unsigned)st.st_uid);
      close(fd);
      return -1;
    }
    if (S_ISREG(st.st_mode) && (st.st_mode & 077)) {
      refuse(dir, "its key file " KEY_FILE " has mode %04o (expected 0600)",
             (unsigned)(st.st_mode & 07777));
      close(fd);
      return -1;
    }
    /* a FIFO, a folder, a key of the wrong length: this user's own
     * damage; a new key replaces it (all entries then miss once) */
    int good = S_ISREG(st.st_mode) && st.st_size == KEY_LEN &&
               dg_read_all(fd, key, KEY_LEN) == 0;
    close(fd);
    if (good)
      return 0;
    new_key(dfd, 1);
  }
  return -1;
}

/* Is the folder (st) this user's alone? Says why not (holding cs.lock). */
static int folder_ok(const char *dir, const struct stat *st, int say) {
  if (st->st_uid != geteuid()) {
    if (say)
      refuse(dir, "the folder belongs to another user (uid %u)",
             (unsigned)st->st_uid);
    return 0;
  }
  if (st->st_mode & 022) {
    if (say)
      refuse(dir, "the folder is writable by others (mode %04o)",
             (unsigned)(st->st_mode & 07777));
    return 0;
  }
  return 1;
}

/* Opens the cache folder after checking it, with its key in key. Returns
 * the folder's fd (caller closes) or -1: no cache. */
static int cache_open(unsigned char key[KEY_LEN]) {
  char dir[4096];
  if (dg_cache_dir(dir, sizeof dir))
    return -1;
  int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  struct stat st;
  if (fd < 0)
    return -1;
  if (fstat(fd, &st) != 0) {
    close(fd);
    return -1;
  }
  /* the key file as it is now: read again when it changed */
  struct stat ks;
  if (fstatat(fd, KEY_FILE, &ks, AT_SYMLINK_NOFOLLOW) != 0)
    memset(&ks, 0, sizeof ks);
  pthread_mutex_lock(&cs.lock);
  if (!cs.checked || strcmp(cs.dir, dir) || cs.dev != st.st_dev ||
      cs.ino != st.st_ino || cs.key_ino != ks.st_ino ||
      cs.key_mode != ks.st_mode || cs.key_uid != ks.st_uid ||
      cs.key_mtime.tv_sec != ks.st_mtim.tv_sec ||
      cs.key_mtime.tv_nsec != ks.st_mtim.tv_nsec) {
    cs.ok = folder_ok(dir, &st, 1) && read_key(fd, dir, cs.key) == 0;
    cs.checked = 1;
    snprintf(cs.dir, sizeof cs.dir, "%s", dir);
    cs.dev = st.st_dev;
    cs.ino = st.st_ino;
    /* the key as read (or made) */
    if (fstatat(fd, KEY_FILE, &ks, AT_SYMLINK_NOFOLLOW) != 0)
      memset(&ks, 0, sizeof ks);
    cs.key_ino = ks.st_ino;
    cs.key_mode = ks.st_mode;
    cs.key_uid = ks.st_uid;
    cs.key_mtime = ks.st_mtim;
  }
  int ok = cs.ok && folder_ok(dir, &st, 1); /* its mode may have changed */
  if (ok)
    cs.said[0] = 0; /* a refusal after this is news again */
  memcpy(key, cs.key, KEY_LEN);
  pthread_mutex_unlock(&cs.lock);
  if (!ok) {
    close(fd);
    return -1;
  }
  return fd;
}

char *dg_cache_get(const char *kind, const void *key, size_t keylen,
                   size_t *n) {
  char name[96];
  unsigned char mac_key[KEY_LEN];
  int dfd;
  if (entry_name(kind, key, keylen, name) || (dfd = cache_open(mac_key)) < 0)
    return NULL;
  /* a regular file only: no symlink followed, no FIFO waited on, no
   * device; read whole into memory (a mapping would fault if another
   * process cut the file while we use it) */
  int fd = openat(dfd, name,
                  O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC | O_NOCTTY);
  close(dfd);
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
  header(mac_key, name, buf + HDR, len, want);
  if (!same_bytes(buf, want, HDR)) {
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

/* dg_cache_trim on the open folder dfd, which it closes. */
static void trim_at(int dfd, int max_files, long long max_bytes) {
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

void dg_cache_trim(const char *dir, int max_files, long long max_bytes) {
  trim_at(open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC), max_files, max_bytes);
}

#define TRIM_PUTS 64
#define TRIM_BYTES (1u << 20)

void dg_cache_put(const char *kind, const void *key, size_t keylen,
                  const void *data, size_t n) {
  char tmp[64], name[96], hdr[HDR + 1];
  unsigned char mac_key[KEY_LEN];
  int dfd;
  if (n > ENTRY_MAX || entry_name(kind, key, keylen, name) ||
      (dfd = cache_open(mac_key)) < 0)
    return;
  int fd = temp_file(dfd, name, tmp, 0644);
  if (fd < 0) {
    close(dfd);
    return;
  }
  header(mac_key, name, data, n, hdr);
  /* a full disk (ENOSPC) or `ulimit -f` (EFBIG) ends here: not kept */
  int bad = dg_write_all(fd, hdr, HDR) || dg_write_all(fd, data, n);
  bad |= close(fd) != 0;
  /* rename replaces a file, FIFO or symlink of that name without following
   * it, and fails on a folder: then the entry is simply not kept */
  if (bad || renameat(dfd, tmp, dfd, name) != 0) {
    unlinkat(dfd, tmp, 0);
    close(dfd);
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
    trim_at(dfd, DG_CACHE_FILES, DG_CACHE_BYTES); /* closes dfd */
    dfd = -1;
    writes = 0;
    written = 0;
  }
  writes++;
  written += n + HDR;
  if (dfd >= 0)
    close(dfd);
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
