/* util: shared plumbing for every stage — source positions, error reporting,
 * the per-document arena and a growable string buffer. No library types here.
 */
#ifndef DG_UTIL_H
#define DG_UTIL_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

/* A place in an input file; line and col count from 1, 0 means unknown. */
typedef struct dg_pos {
  const char *file;
  int line;
  int col;
} dg_pos;

/* Error sink shared by all stages. Messages go to `err` (stderr by default)
 * as "file:line:col: error: ...". Stages return NULL/-1 and the driver checks
 * `nerrors` between stages. */
/* Where a run's inputs may come from. Every file read below one of these
 * folders is opened one path component at a time without following a
 * symbolic link (a link checked out of a pull request could otherwise
 * publish /etc/shadow), and must be a regular file (a FIFO would block
 * the run). The folders themselves are named by the user. */
typedef struct dg_confine {
  const char *base[4]; /* the project root, --data, --previous; NULL ends */
  const char *links;   /* --allow-links: a resolved folder links may lead
                          into, or NULL */
} dg_confine;

typedef struct dg_ctx {
  int nerrors;
  FILE *err;
  const dg_confine *confine; /* NULL: inputs are opened as named */
} dg_ctx;

void dg_error(dg_ctx *ctx, dg_pos pos, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
void dg_verror(dg_ctx *ctx, dg_pos pos, const char *fmt, va_list ap);
/* dg_stderr_mute(1) points stderr (fd 2) at /dev/null until
 * dg_stderr_mute(0), for a library call that prints on its own (Debian's
 * libwoff2enc: "Compressed N to M."); messages from other threads wait. */
void dg_stderr_mute(int on);
/* Writes n bytes of s to f: with one write(2) when f has a file descriptor
 * (after flushing f), so a message never mixes with another thread's or
 * process's; through stdio for a memory stream. */
void dg_emit(FILE *f, const char *s, size_t n);
/* All n bytes to or from fd, retrying after EINTR and short counts.
 * Return 0, or -1 with errno set (EIO when the file ended early or
 * write() wrote nothing). */
int dg_write_all(int fd, const void *p, size_t n);
int dg_read_all(int fd, void *p, size_t n);

/* Out of memory (every failed allocation in src/ comes here): writes
 * "deckgen: error: out of memory" to stderr and ends the process with
 * status 1, never an abort (tests/scale.sh's out-of-memory case). Outputs
 * are only ever committed whole, so nothing half-written is left in their
 * place. */
void dg_oom(void) __attribute__((noreturn));

/* Bump allocator: every node, op and string of one document lives here and is
 * freed at once by dg_arena_free. Allocation failure calls dg_oom. */
typedef struct dg_arena dg_arena;
dg_arena *dg_arena_new(void);
void dg_arena_free(dg_arena *a);
/* child's allocations become a's (freed with it); child itself is gone. */
void dg_arena_adopt(dg_arena *a, dg_arena *child);
void *dg_alloc(dg_arena *a, size_t size);                 /* zeroed */
void *dg_alloc_array(dg_arena *a, size_t n, size_t size); /* overflow-checked */
char *dg_strdup(dg_arena *a, const char *s);
char *dg_strndup(dg_arena *a, const char *s, size_t n);
char *dg_printf(dg_arena *a, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* Growable byte buffer on the heap (not the arena): used for output files. */
typedef struct dg_buf {
  char *data;
  size_t len, cap;
} dg_buf;
void dg_buf_put(dg_buf *b, const char *s, size_t n);
void dg_buf_puts(dg_buf *b, const char *s);
void dg_buf_printf(dg_buf *b, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
void dg_buf_free(dg_buf *b);
/* Appends v rounded to `decimals` (0-6) places, half away from zero,
 * without exponent or trailing zeros ("12", "0.5", "-3.25"; never "-0").
 * The renderers' numbers, written by hand: through snprintf they cost 21 M
 * instructions, a fifth of a PDF + HTML run (measured with callgrind). */
void dg_buf_num(dg_buf *b, double v, int decimals);

/* Multiplies with overflow check; an overflow is out of memory (dg_oom). */
size_t dg_mul_size(size_t a, size_t b);

/* Reads a whole file into a NUL-terminated heap buffer (caller frees).
 * Returns NULL and reports an error naming the file on failure, when the
 * file is larger than max_bytes, when it is not a regular file, or when it
 * lies below a folder of ctx->confine and a component of its path there is
 * a symbolic link (unless the link leads into confine->links). */
char *dg_read_file(dg_ctx *ctx, const char *path, size_t max_bytes,
                   size_t *len_out);

/* Writes data to a new file at path (mode 0644) directly: only for files
 * inside a temporary folder that is itself moved into place, where a
 * temporary name per file would add nothing. Returns 0 or -1 after
 * reporting. */
int dg_write_file(dg_ctx *ctx, const char *path, const void *data, size_t len);
/* Like dg_write_file, but when the file `same` (may be NULL) holds exactly
 * these bytes, path becomes a hard link to it instead (its time set to
 * now): no new file for an unchanged output. */
int dg_write_or_link(dg_ctx *ctx, const char *path, const void *data,
                     size_t len, const char *same);

/* Does the file at path hold exactly these bytes? (0 if it cannot be
 * read.) Lets a run keep an identical output instead of rewriting it. */
int dg_file_equals(const char *path, const void *data, size_t len);

/* Writes data to a new temporary file beside path ("path.tmp-XXXXXX").
 * Returns its name (malloc'd) for dg_commit_temp, or NULL after
 * reporting. */
char *dg_write_temp(dg_ctx *ctx, const char *path, const void *data,
                    size_t len);
/* Renames tmp to path (and frees tmp); on failure removes tmp. Returns 0 or
 * -1 after reporting. */
int dg_commit_temp(dg_ctx *ctx, char *tmp, const char *path);

/* Writes data to path atomically: a temporary file beside it, then rename.
 * Returns 0, or -1 after reporting an error naming the path. */
int dg_write_atomic(dg_ctx *ctx, const char *path, const void *data,
                    size_t len);

/* Removes a file or a folder tree (best effort), never following a
 * symbolic link: a link is removed itself, not what it points to. */
void dg_rm_tree(const char *path);
/* The first entry below the folder dir, at any depth, that is neither a
 * regular file nor a folder (a symbolic link, FIFO, device or socket), as
 * a path relative to dir (malloc'd), or NULL when there is none or dir is
 * not a folder. Never follows a link: one is the entry found. */
char *dg_tree_foreign(const char *dir);
/* mkdir -p; returns 0 or -1 with errno set (ELOOP: a loop of links). */
int dg_mkdirs(const char *path);
/* Nonzero when Windows cannot hold a file or folder of this name: a device
 * name (CON, PRN, AUX, NUL, COM0-9, LPT0-9, in any case, with or without an
 * extension: "con.2024" too) or a name that ends in a dot or a space. An
 * output written to a Windows share (or an exFAT stick read there) under
 * such a name cannot be opened or removed there. */
int dg_name_windows_reserved(const char *name);

/* A set of Unicode code points, in insertion order, for font subsets. */
typedef struct dg_cpset {
  unsigned char *bits; /* one bit per code point, allocated on first add */
  uint32_t *v;
  int n, cap;
} dg_cpset;
/* Adds every code point of the UTF-8 string s (invalid bytes skipped). */
void dg_cpset_add(dg_cpset *c, const char *s);
/* Adds the code points of s at or above U+0080 only, skipping ASCII eight
 * bytes at a time: for large texts (a whole HTML page) when ASCII is in
 * the set already. */
void dg_cpset_add_nonascii(dg_cpset *c, const char *s);
/* Sorts the code points ascending. */
void dg_cpset_sort(dg_cpset *c);
void dg_cpset_free(dg_cpset *c);

/* Decodes one UTF-8 code point at s (n bytes available); returns its length
 * or 0 if invalid. */
int dg_utf8_decode(const char *s, size_t n, uint32_t *cp);
/* Appends the UTF-8 encoding of cp to b. */
void dg_utf8_put(dg_buf *b, uint32_t cp);

/* The cache between runs: $XDG_CACHE_HOME/deckgen (an absolute path) or
 * ~/.cache/deckgen. It can never change an output byte, crash, hang or fail
 * a run (tests/cache-abuse.sh): an entry is named by the SHA-256 of its
 * kind and its exact inputs (`key`, any bytes), holds an HMAC-SHA256 of its
 * content under the user's own key (hmac-key in the folder, mode 0600),
 * and is checked on every read; only a regular file is opened (no
 * symlink, FIFO or device), and read into memory whole; it is written to a
 * temporary name and renamed into place. Any problem is a miss, silently;
 * a folder or key that others can write (or read, for the key) or that
 * belongs to another user is no cache, said once on stderr (cache.c).
 * Bounded by bytes: at most DG_CACHE_BYTES, least recently used out, so
 * that a batch's many small entries (two web fonts and two PDF font
 * programs per deck at most, ~8-25 KB each: 21 MB for 1,788 decks) stay and
 * a second run makes none again; DG_CACHE_FILES only keeps the folder
 * short enough to scan. */
#define DG_CACHE_FILES 16384
#define DG_CACHE_BYTES (64LL << 20)

/* 0 when DECKGEN_CACHE=off. */
int dg_cache_enabled(void);
/* Fills dir with the cache folder, created if needed. Returns 0, or -1 when
 * there is none (DECKGEN_CACHE=off, no home, a path too long, or it cannot
 * be created). */
int dg_cache_dir(char *dir, size_t n);

/* The entry of `kind` (letters, digits, '-': what made it, e.g. "valid")
 * for the inputs key[0..keylen-1]: malloc'd bytes (caller frees, *n their
 * length), or NULL on a miss of any kind. */
char *dg_cache_get(const char *kind, const void *key, size_t keylen, size_t *n);
/* Stores data as that entry, then trims the cache. Silent on any failure. */
void dg_cache_put(const char *kind, const void *key, size_t keylen,
                  const void *data, size_t n);
/* Removes least recently used entries of dir until at most max_files and
 * max_bytes remain; also entries of older deckgen versions and temporary
 * files a killed run left (older than ten minutes). Touches nothing else. */
void dg_cache_trim(const char *dir, int max_files, long long max_bytes);
/* SHA-256 of n bytes (Nettle: the CPU's SHA extensions). */
void dg_sha256(const void *data, size_t n, unsigned char out[32]);

/* A process-wide memo of byte strings by 128-bit key (two hashes of what
 * produced them), for work that repeats between renders in one process
 * (--watch, batch): compressed page content, font programs. Holds the most
 * recent `cap` entries. Not thread-safe: one memo per renderer. */
typedef struct dg_memo dg_memo;
dg_memo *dg_memo_new(int cap);
void dg_memo_free(dg_memo *m);
/* The bytes stored under key, or NULL; *n their length. */
const char *dg_memo_get(dg_memo *m, const uint64_t key[2], size_t *n);
void dg_memo_put(dg_memo *m, const uint64_t key[2], const void *data, size_t n);
/* Two independent 64-bit hashes of data (a 128-bit key). */
void dg_hash128(const void *data, size_t n, uint64_t key[2]);

/* 64-bit FNV-1a of n bytes, continuing from h (start: DG_FNV_START). */
#define DG_FNV_START 14695981039346656037ULL
uint64_t dg_fnv(uint64_t h, const void *p, size_t n);

/* DECKGEN_TIMINGS=1 in the environment: print "label: N.N ms (at T ms)" on
 * stderr, N since the same thread's previous mark, T since the first mark
 * of the process; label NULL starts the thread's count without printing.
 * Otherwise does nothing. The first call must come before any thread
 * starts (main does it). */
void dg_mark(const char *label);

#endif
