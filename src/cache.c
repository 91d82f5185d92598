/* cache: what deckgen keeps between runs (~/.cache/deckgen: font subsets,
 * font programs, web fonts, schema passes; CRC-checked, bounded, least
 * recently used first out) and within one process (dg_memo: by content).
 * Declared in util.h. */
#include "util.h"

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

int dg_cache_dir(char *dir, size_t n) {
  const char *off = getenv("DECKGEN_CACHE");
  if (off && !strcmp(off, "off"))
    return -1;
  const char *x = getenv("XDG_CACHE_HOME"), *h = getenv("HOME");
  if (x && *x)
    snprintf(dir, n, "%s/deckgen", x);
  else if (h && *h)
    snprintf(dir, n, "%s/.cache/deckgen", h);
  else
    return -1;
  return dg_mkdirs(dir);
}

static uint32_t dg_crc32(const void *p, size_t n) {
  uLong c = crc32(0L, Z_NULL, 0);
  const Bytef *b = p;
  while (n > 0) {
    uInt k = n > (1u << 30) ? (1u << 30) : (uInt)n;
    c = crc32(c, b, k);
    b += k;
    n -= k;
  }
  return (uint32_t)c;
}

/* entry layout: "deckgen-cache <crc32 hex> <length>\n" then the bytes */
char *dg_cache_get(const char *name, size_t *n) {
  char dir[4096], path[4400];
  if (dg_cache_dir(dir, sizeof dir))
    return NULL;
  snprintf(path, sizeof path, "%s/%s", dir, name);
  FILE *f = fopen(path, "rb");
  if (!f)
    return NULL;
  unsigned long crc = 0, len = 0;
  char *data = NULL;
  if (fscanf(f, "deckgen-cache %lx %lu", &crc, &len) == 2 && fgetc(f) == '\n' &&
      len < (1UL << 30) && (data = malloc(len ? len : 1)) &&
      fread(data, 1, len, f) == len && dg_crc32(data, len) == (uint32_t)crc) {
    fclose(f);
    utimensat(AT_FDCWD, path, NULL, 0); /* recently used: kept longest */
    *n = len;
    return data;
  }
  free(data);
  fclose(f);
  return NULL;
}

/* The cache keeps at most DG_CACHE_FILES entries and DG_CACHE_BYTES: when
 * an entry is added beyond that, the least recently used go (modification
 * time, which a hit refreshes), so it never grows without bound. Entries
 * used in the last hour are never removed: a running deckgen (--watch,
 * batch) may be reading them. */
#define DG_CACHE_FILES 256
#define DG_CACHE_BYTES (256L << 20)

typedef struct centry {
  char name[256];
  time_t t;
  long long size;
} centry;

static int centry_cmp(const void *a, const void *b) {
  const centry *x = a, *y = b;
  if (x->t != y->t)
    return x->t < y->t ? -1 : 1;
  return strcmp(x->name, y->name);
}

void dg_cache_trim(const char *dir, int max_files, long long max_bytes) {
  DIR *d = opendir(dir);
  if (!d)
    return;
  time_t young = time(NULL) - 3600;
  centry *e = NULL;
  int n = 0, cap = 0;
  long long total = 0;
  for (struct dirent *de; (de = readdir(d));) {
    struct stat st;
    if (de->d_name[0] == '.' || strlen(de->d_name) >= sizeof e->name ||
        fstatat(dirfd(d), de->d_name, &st, AT_SYMLINK_NOFOLLOW) != 0 ||
        !S_ISREG(st.st_mode))
      continue;
    if (n == cap) {
      cap = cap ? cap * 2 : 64;
      centry *ne = realloc(e, dg_mul_size((size_t)cap, sizeof *e));
      if (!ne)
        abort();
      e = ne;
    }
    snprintf(e[n].name, sizeof e[n].name, "%s", de->d_name);
    e[n].t = st.st_mtime;
    e[n].size = (long long)st.st_size;
    total += e[n].size;
    n++;
  }
  if (n > max_files || total > max_bytes) {
    qsort(e, (size_t)n, sizeof *e, centry_cmp);
    for (int i = 0;
         i < n && (n - i > max_files || total > max_bytes) && e[i].t < young;
         i++) {
      unlinkat(dirfd(d), e[i].name, 0);
      total -= e[i].size;
    }
  }
  closedir(d);
  free(e);
}

static int cache_writes = 1;

void dg_cache_set_writes(int on) { cache_writes = on; }

void dg_cache_put(const char *name, const void *data, size_t n) {
  char dir[4096], path[4400], tmp[4500];
  if (!cache_writes || dg_cache_dir(dir, sizeof dir))
    return;
  snprintf(path, sizeof path, "%s/%s", dir, name);
  snprintf(tmp, sizeof tmp, "%s.tmp-XXXXXX", path);
  int fd = mkstemp(tmp);
  if (fd < 0)
    return;
  FILE *f = fdopen(fd, "wb");
  if (!f) {
    close(fd);
    unlink(tmp);
    return;
  }
  fchmod(fd, 0644);
  int bad = fprintf(f, "deckgen-cache %08lx %zu\n",
                    (unsigned long)dg_crc32(data, n), n) < 0 ||
            fwrite(data, 1, n, f) != n;
  bad |= fclose(f) != 0;
  if (bad || rename(tmp, path) != 0)
    unlink(tmp);
  else
    dg_cache_trim(dir, DG_CACHE_FILES, DG_CACHE_BYTES);
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
    abort();
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
    abort();
  memcpy(m->e[i].data, data, n);
  m->e[i].n = n;
  m->e[i].key[0] = key[0];
  m->e[i].key[1] = key[1];
}
