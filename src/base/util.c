/* util: the base stage, under every other and calling none of them. It
 * takes nothing from the pipeline and gives every stage its plumbing:
 * errors reported at a source position (dg_error), the per-document arena,
 * growable buffers and number printing, UTF-8 and code-point sets, whole
 * reads and writes of a file descriptor and fast hashing (this file);
 * reading inputs with limits and writing outputs atomically (files.c); the
 * cache between runs and the in-process memos (cache.c). All three are
 * declared in util.h. */
#include "base/util.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include <zlib.h>

/* Held while a message is written, and while stderr is pointed away from
 * a library that prints (dg_stderr_mute): a message from another thread
 * waits instead of being lost. */
static pthread_mutex_t err_lock = PTHREAD_MUTEX_INITIALIZER;
static int muted_fd = -1;

void dg_stderr_mute(int on) {
  if (on) {
    pthread_mutex_lock(&err_lock);
    fflush(stderr);
    int null = open("/dev/null", O_WRONLY | O_CLOEXEC);
    muted_fd = dup(2);
    if (null >= 0 && muted_fd >= 0)
      dup2(null, 2);
    if (null >= 0)
      close(null);
  } else {
    if (muted_fd >= 0) {
      dup2(muted_fd, 2);
      close(muted_fd);
      muted_fd = -1;
    }
    pthread_mutex_unlock(&err_lock);
  }
}

int dg_write_all(int fd, const void *data, size_t n) {
  const char *p = data;
  while (n > 0) {
    ssize_t k = write(fd, p, n);
    if (k < 0 && errno == EINTR)
      continue;
    if (k <= 0) {
      if (k == 0)
        errno = EIO;
      return -1;
    }
    p += k;
    n -= (size_t)k;
  }
  return 0;
}

int dg_read_all(int fd, void *data, size_t n) {
  char *p = data;
  while (n > 0) {
    ssize_t k = read(fd, p, n);
    if (k < 0 && errno == EINTR)
      continue;
    if (k <= 0) {
      if (k == 0)
        errno = EIO;
      return -1;
    }
    p += k;
    n -= (size_t)k;
  }
  return 0;
}

void dg_emit(FILE *f, const char *s, size_t n) {
  int fd = fileno(f); /* -1 for a memory stream */
  if (fd < 0) {
    fwrite(s, 1, n, f);
    return;
  }
  fflush(f);                    /* what was printed before stays before */
  (void)dg_write_all(fd, s, n); /* nowhere left to report a failure */
}

void dg_verror(dg_ctx *ctx, dg_pos pos, const char *fmt, va_list ap) {
  pthread_mutex_lock(&err_lock);
  FILE *f = ctx && ctx->err ? ctx->err : stderr;
  /* the whole line first, then one write: lines of the PDF and site
   * threads, or of batch workers, never mix mid-line (check_publish.c:
   * error_lines_never_mix) */
  dg_buf b = {0};
  if (pos.file && pos.line > 0 && pos.col > 0)
    dg_buf_printf(&b, "%s:%d:%d: error: ", pos.file, pos.line, pos.col);
  else if (pos.file && pos.line > 0)
    dg_buf_printf(&b, "%s:%d: error: ", pos.file, pos.line);
  else if (pos.file)
    dg_buf_printf(&b, "%s: error: ", pos.file);
  else
    dg_buf_puts(&b, "deckgen: error: ");
  char *msg = NULL;
  if (vasprintf(&msg, fmt, ap) < 0)
    dg_oom();
  dg_buf_puts(&b, msg);
  free(msg);
  dg_buf_put(&b, "\n", 1);
  dg_emit(f, b.data, b.len);
  dg_buf_free(&b);
  if (ctx)
    ctx->nerrors++;
  pthread_mutex_unlock(&err_lock);
}

void dg_error(dg_ctx *ctx, dg_pos pos, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  dg_verror(ctx, pos, fmt, ap);
  va_end(ap);
}

typedef struct chunk {
  struct chunk *next;
  size_t used, cap;
  max_align_t data[];
} chunk;

struct dg_arena {
  chunk *head;
};

void dg_oom(void) {
  static const char msg[] = "deckgen: error: out of memory\n";
  /* no stdio (it may allocate): one write, then leave at once */
  ssize_t w = write(2, msg, sizeof msg - 1);
  (void)w;
  _exit(1);
}

dg_arena *dg_arena_new(void) {
  dg_arena *a = calloc(1, sizeof *a);
  if (!a)
    dg_oom();
  return a;
}

void dg_arena_free(dg_arena *a) {
  if (!a)
    return;
  chunk *c = a->head;
  while (c) {
    chunk *n = c->next;
    free(c);
    c = n;
  }
  free(a);
}

void dg_arena_adopt(dg_arena *a, dg_arena *child) {
  if (!child)
    return;
  /* behind a's oldest chunk: a keeps allocating from its current one */
  chunk **end = &a->head;
  while (*end)
    end = &(*end)->next;
  *end = child->head;
  free(child);
}

size_t dg_mul_size(size_t a, size_t b) {
  size_t r;
  if (__builtin_mul_overflow(a, b, &r))
    dg_oom();
  return r;
}

void *dg_alloc(dg_arena *a, size_t size) {
  size = (size + sizeof(max_align_t) - 1) & ~(sizeof(max_align_t) - 1);
  if (size == 0)
    size = sizeof(max_align_t);
  chunk *c = a->head;
  if (!c || c->cap - c->used < size) {
    size_t cap = size > 65536 ? size : 65536;
    c = malloc(sizeof(chunk) + cap);
    if (!c)
      dg_oom();
    c->used = 0;
    c->cap = cap;
    c->next = a->head;
    a->head = c;
  }
  void *p = (char *)c->data + c->used;
  c->used += size;
  memset(p, 0, size);
  return p;
}

void *dg_alloc_array(dg_arena *a, size_t n, size_t size) {
  return dg_alloc(a, dg_mul_size(n, size));
}

char *dg_strndup(dg_arena *a, const char *s, size_t n) {
  char *p = dg_alloc(a, n + 1);
  memcpy(p, s, n);
  p[n] = 0;
  return p;
}

char *dg_strdup(dg_arena *a, const char *s) {
  return s ? dg_strndup(a, s, strlen(s)) : NULL;
}

char *dg_printf(dg_arena *a, const char *fmt, ...) {
  va_list ap, ap2;
  va_start(ap, fmt);
  va_copy(ap2, ap);
  int n = vsnprintf(NULL, 0, fmt, ap);
  va_end(ap);
  char *p = dg_alloc(a, (size_t)n + 1);
  vsnprintf(p, (size_t)n + 1, fmt, ap2);
  va_end(ap2);
  return p;
}

void dg_buf_put(dg_buf *b, const char *s, size_t n) {
  if (b->len + n + 1 > b->cap) {
    size_t cap = b->cap ? b->cap : 256;
    while (cap < b->len + n + 1)
      cap = dg_mul_size(cap, 2);
    char *d = realloc(b->data, cap);
    if (!d)
      dg_oom();
    b->data = d;
    b->cap = cap;
  }
  memcpy(b->data + b->len, s, n);
  b->len += n;
  b->data[b->len] = 0;
}

void dg_buf_puts(dg_buf *b, const char *s) { dg_buf_put(b, s, strlen(s)); }

void dg_buf_printf(dg_buf *b, const char *fmt, ...) {
  char tmp[512];
  va_list ap;
  va_start(ap, fmt);
  int n = vsnprintf(tmp, sizeof tmp, fmt, ap);
  va_end(ap);
  if (n < 0)
    return;
  if ((size_t)n < sizeof tmp) {
    dg_buf_put(b, tmp, (size_t)n);
    return;
  }
  char *big = malloc((size_t)n + 1);
  if (!big)
    dg_oom();
  va_start(ap, fmt);
  vsnprintf(big, (size_t)n + 1, fmt, ap);
  va_end(ap);
  dg_buf_put(b, big, (size_t)n);
  free(big);
}

void dg_buf_free(dg_buf *b) {
  free(b->data);
  b->data = NULL;
  b->len = b->cap = 0;
}

int dg_utf8_decode(const char *s, size_t n, uint32_t *cp) {
  const unsigned char *u = (const unsigned char *)s;
  if (n == 0)
    return 0;
  if (u[0] < 0x80) {
    *cp = u[0];
    return 1;
  }
  int len;
  uint32_t c;
  if ((u[0] & 0xE0) == 0xC0) {
    len = 2;
    c = u[0] & 0x1F;
  } else if ((u[0] & 0xF0) == 0xE0) {
    len = 3;
    c = u[0] & 0x0F;
  } else if ((u[0] & 0xF8) == 0xF0) {
    len = 4;
    c = u[0] & 0x07;
  } else
    return 0;
  if ((size_t)len > n)
    return 0;
  for (int i = 1; i < len; i++) {
    if ((u[i] & 0xC0) != 0x80)
      return 0;
    c = (c << 6) | (u[i] & 0x3F);
  }
  if ((len == 2 && c < 0x80) || (len == 3 && c < 0x800) ||
      (len == 4 && (c < 0x10000 || c > 0x10FFFF)) ||
      (c >= 0xD800 && c <= 0xDFFF))
    return 0;
  *cp = c;
  return len;
}

void dg_utf8_put(dg_buf *b, uint32_t cp) {
  char t[4];
  size_t n;
  if (cp < 0x80) {
    t[0] = (char)cp;
    n = 1;
  } else if (cp < 0x800) {
    t[0] = (char)(0xC0 | (cp >> 6));
    t[1] = (char)(0x80 | (cp & 0x3F));
    n = 2;
  } else if (cp < 0x10000) {
    t[0] = (char)(0xE0 | (cp >> 12));
    t[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
    t[2] = (char)(0x80 | (cp & 0x3F));
    n = 3;
  } else {
    t[0] = (char)(0xF0 | (cp >> 18));
    t[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
    t[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
    t[3] = (char)(0x80 | (cp & 0x3F));
    n = 4;
  }
  dg_buf_put(b, t, n);
}

void dg_cpset_add(dg_cpset *c, const char *s) {
  if (!c->bits) {
    c->bits = calloc(0x110000 / 8, 1);
    if (!c->bits)
      dg_oom();
  }
  size_t len = strlen(s);
  for (size_t i = 0; i < len;) {
    uint32_t cp;
    if ((unsigned char)s[i] < 0x80) {
      /* ASCII (most of an HTML page's bytes): no decoding */
      cp = (unsigned char)s[i++];
      if (c->bits[cp >> 3] & (1u << (cp & 7)))
        continue;
      goto add;
    }
    int k = dg_utf8_decode(s + i, len - i, &cp);
    if (k <= 0) {
      i++;
      continue;
    }
    i += (size_t)k;
    if (c->bits[cp >> 3] & (1u << (cp & 7)))
      continue;
  add:
    c->bits[cp >> 3] |= (unsigned char)(1u << (cp & 7));
    if (c->n == c->cap) {
      c->cap = c->cap ? c->cap * 2 : 1024;
      uint32_t *v =
          realloc(c->v, dg_mul_size((size_t)c->cap, sizeof(uint32_t)));
      if (!v)
        dg_oom();
      c->v = v;
    }
    c->v[c->n++] = cp;
  }
}

static int cmp_u32(const void *a, const void *b) {
  uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
  return (x > y) - (x < y);
}

void dg_cpset_add_nonascii(dg_cpset *c, const char *s) {
  size_t len = strlen(s), i = 0;
  while (i < len) {
    /* skip ASCII a word at a time */
    while (i + 8 <= len) {
      uint64_t w;
      memcpy(&w, s + i, 8);
      if (w & 0x8080808080808080ULL)
        break;
      i += 8;
    }
    while (i < len && (unsigned char)s[i] < 0x80)
      i++;
    if (i >= len)
      break;
    /* one run of non-ASCII characters */
    size_t j = i;
    while (j < len && (unsigned char)s[j] >= 0x80)
      j++;
    char run[256];
    while (i < j) {
      size_t n = j - i < sizeof run - 1 ? j - i : sizeof run - 1;
      /* never cut a character in two */
      while (n > 0 && i + n < j && ((unsigned char)s[i + n] & 0xC0) == 0x80)
        n--;
      if (n == 0)
        n = j - i < sizeof run - 1 ? j - i : sizeof run - 1;
      memcpy(run, s + i, n);
      run[n] = 0;
      dg_cpset_add(c, run);
      i += n;
    }
  }
}

void dg_cpset_sort(dg_cpset *c) {
  if (c->n)
    qsort(c->v, (size_t)c->n, sizeof(uint32_t), cmp_u32);
}

void dg_cpset_free(dg_cpset *c) {
  free(c->bits);
  free(c->v);
  memset(c, 0, sizeof *c);
}

void dg_mark(const char *label) {
  static int on = -1;
  static struct timespec start;
  static _Thread_local struct timespec last;
  if (on < 0) {
    on = getenv("DECKGEN_TIMINGS") != NULL;
    clock_gettime(CLOCK_MONOTONIC, &start);
  }
  if (!on)
    return;
  if (!last.tv_sec && !last.tv_nsec)
    last = start; /* a thread's first mark counts from the start */
  struct timespec now;
  clock_gettime(CLOCK_MONOTONIC, &now);
  if (!label) { /* a thread starting its own count */
    last = now;
    return;
  }
  fprintf(stderr, "timing %d %s: %.2f ms (at %.2f ms)\n", (int)getpid(), label,
          (double)(now.tv_sec - last.tv_sec) * 1e3 +
              (double)(now.tv_nsec - last.tv_nsec) / 1e6,
          (double)(now.tv_sec - start.tv_sec) * 1e3 +
              (double)(now.tv_nsec - start.tv_nsec) / 1e6);
  last = now;
}

uint64_t dg_fnv(uint64_t h, const void *p, size_t n) {
  const unsigned char *b = p;
  for (size_t i = 0; i < n; i++)
    h = (h ^ b[i]) * 1099511628211ULL;
  return h;
}

void dg_buf_num(dg_buf *b, double v, int decimals) {
  static const double pow10[] = {1, 10, 100, 1e3, 1e4, 1e5, 1e6};
  if (decimals < 0)
    decimals = 0;
  if (decimals > 6)
    decimals = 6;
  if (!(v == v) || v > 1e12 || v < -1e12)
    v = 0; /* never NaN or an exponent in a PDF or SVG */
  char tmp[40], *e = tmp + sizeof tmp, *c = e;
  long long k = llround(v * pow10[decimals]);
  int neg = k < 0;
  unsigned long long u = neg ? (unsigned long long)-k : (unsigned long long)k;
  unsigned long long scale = (unsigned long long)pow10[decimals];
  unsigned long long frac = u % scale;
  u /= scale;
  if (frac) {
    int digits = decimals;
    while (frac % 10 == 0) {
      frac /= 10;
      digits--;
    }
    for (int i = 0; i < digits; i++, frac /= 10)
      *--c = (char)('0' + frac % 10);
    *--c = '.';
  }
  do {
    *--c = (char)('0' + u % 10);
    u /= 10;
  } while (u);
  if (neg)
    *--c = '-';
  dg_buf_put(b, c, (size_t)(e - c));
}

static uint64_t mix(uint64_t h) {
  h ^= h >> 33;
  h *= 0xFF51AFD7ED558CCDULL;
  h ^= h >> 33;
  h *= 0xC4CEB9FE1A85EC53ULL;
  return h ^ (h >> 33);
}

/* Two lanes over 8-byte words: about a byte per instruction, five times
 * faster than FNV-1a's byte loop; the in-process memos key whole pages
 * and font files by it on every --watch rebuild. */
void dg_hash128(const void *data, size_t n, uint64_t key[2]) {
  const unsigned char *b = data;
  uint64_t h1 = 0x243F6A8885A308D3ULL ^ n, h2 = 0x13198A2E03707344ULL ^ ~n;
  size_t i = 0;
  for (; i + 8 <= n; i += 8) {
    uint64_t w;
    memcpy(&w, b + i, 8);
    h1 = (h1 ^ w) * 0x9E3779B97F4A7C15ULL;
    h1 ^= h1 >> 29;
    h2 = (h2 + w) * 0xD6E8FEB86659FD93ULL;
    h2 ^= h2 >> 31;
  }
  uint64_t t = 0;
  for (size_t k = 0; i < n; i++, k++)
    t |= (uint64_t)b[i] << (8 * k);
  key[0] = mix(h1 ^ t);
  key[1] = mix(h2 + t + key[0]);
}
