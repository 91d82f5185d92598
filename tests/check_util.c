/* Check suite for util: the cache between runs (a damaged or forged entry
 * reads as missing; a folder others can write is no cache), its SHA-256, the
 * in-process memo, the 128-bit content key, code-point sets (what the renderers
 * write them with). */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <nettle/sha2.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "testutil.h"

static char cache_home[] = "/tmp/deckgen-check-util-XXXXXX";

static void usetup(void) {
  setup();
  ck_assert_ptr_nonnull(mkdtemp(cache_home));
  setenv("XDG_CACHE_HOME", cache_home, 1);
  unsetenv("DECKGEN_CACHE");
}
static void uteardown(void) {
  dg_rm_tree(cache_home);
  strcpy(cache_home, "/tmp/deckgen-check-util-XXXXXX");
  teardown();
}

/* The path of the one entry of kind `kind` in the cache (there must be one). */
static void entry_path(const char *kind, char *out, size_t n) {
  char dir[3800];
  snprintf(dir, sizeof dir, "%s/deckgen", cache_home);
  DIR *d = opendir(dir);
  ck_assert_ptr_nonnull(d);
  int found = 0;
  for (struct dirent *e; (e = readdir(d));) {
    const char *dot = strrchr(e->d_name, '.');
    if (e->d_name[0] != '.' && dot && !strcmp(dot + 1, kind)) {
      snprintf(out, n, "%s/%s", dir, e->d_name);
      found++;
    }
  }
  closedir(d);
  ck_assert_int_eq(found, 1);
}

START_TEST(cache_round_trip) {
  size_t n = 0;
  ck_assert_ptr_null(dg_cache_get("test", "key", 3, &n));
  dg_cache_put("test", "key", 3, "hello\0world", 11);
  char *c = dg_cache_get("test", "key", 3, &n);
  ck_assert_ptr_nonnull(c);
  ck_assert_uint_eq(n, 11);
  ck_assert(!memcmp(c, "hello\0world", 11));
  free(c);
  /* another key, another kind: other entries */
  ck_assert_ptr_null(dg_cache_get("test", "kez", 3, &n));
  ck_assert_ptr_null(dg_cache_get("other", "key", 3, &n));
  ck_assert_ptr_null(dg_cache_get("bad/kind", "key", 3, &n));
}
END_TEST

/* Any change to a stored entry reads as missing (a 32-bit word sum once
 * missed swapped words): a flipped byte, two words swapped, a cut, a
 * byte added, another entry's file copied under this name. */
START_TEST(cache_damage_is_a_miss) {
  char path[4400], other[4400];
  const char *v = "0123456789abcdefghijklmnopqrstuv";
  size_t n = 0;
  for (int how = 0; how < 5; how++) {
    dg_cache_put("dmg", "k", 1, v, 32);
    entry_path("dmg", path, sizeof path);
    struct stat st;
    ck_assert_int_eq(stat(path, &st), 0);
    FILE *f = fopen(path, "r+b");
    ck_assert_ptr_nonnull(f);
    char buf[512];
    size_t len = fread(buf, 1, sizeof buf, f);
    ck_assert_uint_eq(len, (size_t)st.st_size);
    if (how == 0)
      buf[len - 3] ^= 1;
    else if (how == 1) { /* swap two 4-byte words of the content */
      char t[4];
      memcpy(t, buf + len - 8, 4);
      memcpy(buf + len - 8, buf + len - 4, 4);
      memcpy(buf + len - 4, t, 4);
    } else if (how == 2)
      len -= 5;
    else if (how == 3)
      buf[len++] = 'x';
    fclose(f);
    if (how == 4) { /* an intact entry of another key under this name */
      dg_cache_put("dmg2", "other", 5, v, 32);
      entry_path("dmg2", other, sizeof other);
      ck_assert_int_eq(rename(other, path), 0);
    } else {
      f = fopen(path, "wb");
      ck_assert_uint_eq(fwrite(buf, 1, len, f), len);
      fclose(f);
    }
    ck_assert_msg(dg_cache_get("dmg", "k", 1, &n) == NULL, "damage %d read",
                  how);
    unlink(path);
  }
}
END_TEST

/* Reads the whole file at path into buf (at most n bytes); returns its
 * length. */
static size_t slurp(const char *path, char *buf, size_t n) {
  FILE *f = fopen(path, "rb");
  ck_assert_ptr_nonnull(f);
  size_t len = fread(buf, 1, n, f);
  fclose(f);
  return len;
}

static void spit(const char *path, const char *buf, size_t n) {
  FILE *f = fopen(path, "wb");
  ck_assert_ptr_nonnull(f);
  ck_assert_uint_eq(fwrite(buf, 1, n, f), n);
  fclose(f);
}

/* An entry is authenticated, not only hashed: one written whole by
 * someone without the user's key — other content under a header that
 * hashes it correctly (what the previous format checked), or under an
 * HMAC of another key, or an entry of format 2 — is a miss. */
START_TEST(cache_forged_is_a_miss) {
  char path[4400], buf[512];
  size_t n = 0;
  dg_cache_put("valid", "deck", 4, "valid\n", 6);
  entry_path("valid", path, sizeof path);
  char *c = dg_cache_get("valid", "deck", 4, &n);
  ck_assert_ptr_nonnull(c); /* the real one is read */
  free(c);
  size_t len = slurp(path, buf, sizeof buf);
  ck_assert_uint_eq(len, 163 + 6);
  const char *slash = strrchr(path, '/');
  char name[65];
  memcpy(name, slash + 1, 64);
  name[64] = 0;
  static const char forged[] = "forged";
  unsigned char d[32];
  dg_sha256(forged, 6, d);
  char h[65];
  for (int i = 0; i < 32; i++)
    snprintf(h + 2 * i, 3, "%02x", d[i]);
  for (int fmt = 2; fmt <= 3; fmt++) {
    int k = snprintf(buf, sizeof buf, "deckgen-cache %d %s %016zx %s\n%s", fmt,
                     name, (size_t)6, h, forged);
    ck_assert_int_eq(k, 163 + 6);
    spit(path, buf, (size_t)k);
    ck_assert_msg(dg_cache_get("valid", "deck", 4, &n) == NULL,
                  "a hashed entry of format %d was read", fmt);
  }
  /* the same content, its HMAC under another key (here: the zero key) */
  dg_cache_put("valid", "deck", 4, "valid\n", 6);
  char real[512];
  len = slurp(path, real, sizeof real);
  memcpy(buf, real, len);
  memset(buf + 98, '0', 64);
  spit(path, buf, len);
  ck_assert_ptr_null(dg_cache_get("valid", "deck", 4, &n));
  spit(path, real, len); /* and back: read again */
  c = dg_cache_get("valid", "deck", 4, &n);
  ck_assert_ptr_nonnull(c);
  free(c);
}
END_TEST

/* Runs fn with stderr in a file; returns how many lines it wrote there,
 * with the first in first (if not NULL). */
static int stderr_lines(void (*fn)(void), char *first, size_t n) {
  char tmpl[] = "/tmp/deckgen-check-err-XXXXXX";
  int fd = mkstemp(tmpl);
  ck_assert_int_ge(fd, 0);
  fflush(stderr);
  int saved = dup(2);
  dup2(fd, 2);
  fn();
  fflush(stderr);
  dup2(saved, 2);
  close(saved);
  char buf[4096] = "";
  ssize_t k = pread(fd, buf, sizeof buf - 1, 0);
  buf[k > 0 ? k : 0] = 0;
  close(fd);
  unlink(tmpl);
  int lines = 0;
  for (char *p = buf; *p; p++)
    lines += *p == '\n';
  if (first) {
    snprintf(first, n, "%s", buf);
    char *nl = strchr(first, '\n');
    if (nl)
      *nl = 0;
  }
  return lines;
}

static int used; /* what use_cache found */
static void use_cache(void) {
  size_t n;
  used = 0;
  for (int i = 0; i < 3; i++) {
    dg_cache_put("trust", "k", 1, "payload", 7);
    char *c = dg_cache_get("trust", "k", 1, &n);
    used += c != NULL;
    free(c);
  }
}

/* A cache folder or key file that someone else could write (or read, for
 * the key) or that belongs to another user is not used: every read a
 * miss, nothing written, one message on stderr, and no error. */
START_TEST(cache_refused_unless_yours_alone) {
  char dir[4200], key[4300], first[4096], want[4600];
  snprintf(dir, sizeof dir, "%s/deckgen", cache_home);
  snprintf(key, sizeof key, "%s/hmac-key", dir);
  ck_assert_int_eq(stderr_lines(use_cache, NULL, 0), 0);
  ck_assert_int_eq(used, 3);
  struct stat st;
  ck_assert_int_eq(stat(key, &st), 0);
  ck_assert_uint_eq(st.st_mode & 07777, 0600);
  ck_assert_int_eq(st.st_size, 32);
  static const struct {
    const char *what;
    mode_t dir_mode, key_mode;
    int dir_other, key_other;
    const char *why;
  } cases[] = {
      {"group-writable folder", 0775, 0600, 0, 0,
       "the folder is writable by others (mode 0775)"},
      {"world-writable folder", 01777, 0600, 0, 0,
       "the folder is writable by others (mode 1777)"},
      {"readable key", 0755, 0644, 0, 0,
       "its key file hmac-key has mode 0644 (expected 0600)"},
      {"another user's folder", 0755, 0600, 1, 0,
       "the folder belongs to another user (uid 65534)"},
      {"another user's key", 0755, 0600, 0, 1,
       "its key file hmac-key belongs to another user (uid 65534)"},
  };
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    /* changing owners needs root: those cases are skipped otherwise */
    if ((cases[i].dir_other || cases[i].key_other) && geteuid() != 0)
      continue;
    ck_assert_int_eq(chmod(dir, cases[i].dir_mode), 0);
    ck_assert_int_eq(chmod(key, cases[i].key_mode), 0);
    if (cases[i].dir_other)
      ck_assert_int_eq(chown(dir, 65534, (gid_t)-1), 0);
    if (cases[i].key_other)
      ck_assert_int_eq(chown(key, 65534, (gid_t)-1), 0);
    /* a new entry could not be told from a forged one: none is read */
    int lines = stderr_lines(use_cache, first, sizeof first);
    snprintf(want, sizeof want,
             "%s: warning: cache not used: %s; deckgen uses a cache only "
             "when the folder and its key are yours alone",
             dir, cases[i].why);
    ck_assert_msg(used == 0, "%s: the cache was used", cases[i].what);
    ck_assert_msg(lines == 1, "%s: %d lines on stderr", cases[i].what, lines);
    ck_assert_str_eq(first, want);
    ck_assert_int_eq(chown(dir, geteuid(), (gid_t)-1), 0);
    ck_assert_int_eq(chown(key, geteuid(), (gid_t)-1), 0);
    ck_assert_int_eq(chmod(dir, 0755), 0);
    ck_assert_int_eq(chmod(key, 0600), 0);
    ck_assert_int_eq(stderr_lines(use_cache, NULL, 0), 0);
    ck_assert_msg(used == 3, "%s: not used once set right", cases[i].what);
  }
}
END_TEST

/* The key file damaged by its own user — cut, lengthened, replaced by a
 * FIFO (never waited on), a symbolic link or removed — is replaced by a
 * new key: entries made under the old one miss, new ones are kept. */
START_TEST(cache_key_damage_replaced) {
  char key[4300];
  size_t n;
  snprintf(key, sizeof key, "%s/deckgen/hmac-key", cache_home);
  for (int how = 0; how < 5; how++) {
    dg_cache_put("kd", "k", 1, "payload", 7);
    unlink(key);
    if (how == 1)
      spit(key, "short", 5);
    else if (how == 2)
      spit(key, "0123456789abcdef0123456789abcdef!", 33);
    else if (how == 3)
      ck_assert_int_eq(mkfifo(key, 0600), 0);
    else if (how == 4)
      ck_assert_int_eq(symlink("/dev/zero", key), 0);
    if (how == 1 || how == 2)
      ck_assert_int_eq(chmod(key, 0600), 0);
    ck_assert_msg(dg_cache_get("kd", "k", 1, &n) == NULL, "damage %d read",
                  how);
    dg_cache_put("kd", "k", 1, "payload", 7);
    char *c = dg_cache_get("kd", "k", 1, &n);
    ck_assert_msg(c != NULL, "damage %d: no new key", how);
    free(c);
    struct stat st;
    ck_assert_int_eq(lstat(key, &st), 0);
    ck_assert(S_ISREG(st.st_mode));
    ck_assert_uint_eq(st.st_mode & 07777, 0600);
  }
}
END_TEST

/* Under `ulimit -f` (with SIGXFSZ ignored, as main.c does), an entry too
 * large to write fails with EFBIG: not kept, no crash; a small one still
 * is. In a child process, whose limit goes with it. */
START_TEST(cache_file_size_limit) {
  pid_t pid = fork();
  ck_assert_int_ge(pid, 0);
  if (pid == 0) {
    signal(SIGXFSZ, SIG_IGN);
    struct rlimit rl = {4096, 4096};
    if (setrlimit(RLIMIT_FSIZE, &rl) != 0)
      _exit(2);
    static char big[65536];
    size_t n;
    dg_cache_put("big", "k", 1, big, sizeof big);
    char *c = dg_cache_get("big", "k", 1, &n);
    if (c)
      _exit(3);
    dg_cache_put("small", "k", 1, "payload", 7);
    c = dg_cache_get("small", "k", 1, &n);
    _exit(c && n == 7 ? 0 : 4);
  }
  int status;
  ck_assert_int_eq(waitpid(pid, &status, 0), pid);
  ck_assert_msg(WIFEXITED(status), "killed by signal %d", WTERMSIG(status));
  ck_assert_int_eq(WEXITSTATUS(status), 0);
}
END_TEST

/* What is not a regular file is never opened as an entry, nor waited on:
 * a FIFO (it blocked forever), a symlink (even to a sound entry), a
 * folder; writing over a folder fails quietly. */
START_TEST(cache_nonregular_is_a_miss) {
  char path[4400], good[4400];
  size_t n = 0;
  dg_cache_put("good", "g", 1, "payload", 7);
  entry_path("good", good, sizeof good);
  dg_cache_put("odd", "k", 1, "payload", 7);
  entry_path("odd", path, sizeof path);
  unlink(path);
  ck_assert_int_eq(mkfifo(path, 0644), 0);
  ck_assert_ptr_null(dg_cache_get("odd", "k", 1, &n));
  unlink(path);
  ck_assert_int_eq(symlink(good, path), 0);
  ck_assert_ptr_null(dg_cache_get("odd", "k", 1, &n));
  unlink(path);
  ck_assert_int_eq(mkdir(path, 0755), 0);
  ck_assert_ptr_null(dg_cache_get("odd", "k", 1, &n));
  dg_cache_put("odd", "k", 1, "payload", 7); /* no crash, no error */
  struct stat st;
  ck_assert_int_eq(lstat(path, &st), 0);
  ck_assert(S_ISDIR(st.st_mode));
  rmdir(path);
}
END_TEST

START_TEST(cache_off) {
  setenv("DECKGEN_CACHE", "off", 1);
  dg_cache_put("off", "z", 1, "abc", 3);
  size_t n = 0;
  ck_assert_ptr_null(dg_cache_get("off", "z", 1, &n));
  unsetenv("DECKGEN_CACHE");
  ck_assert_ptr_null(dg_cache_get("off", "z", 1, &n));
  /* a cache folder path too long to make is no cache, not a failure */
  char *longp = malloc(6000);
  memset(longp, 'a', 5999);
  longp[0] = '/';
  longp[5999] = 0;
  setenv("XDG_CACHE_HOME", longp, 1);
  char dir[8192];
  ck_assert_int_eq(dg_cache_dir(dir, sizeof dir), -1);
  dg_cache_put("off", "z", 1, "abc", 3);
  ck_assert_ptr_null(dg_cache_get("off", "z", 1, &n));
  /* a relative XDG_CACHE_HOME is ignored (XDG): HOME's is used */
  setenv("XDG_CACHE_HOME", "relative", 1);
  setenv("HOME", cache_home, 1);
  ck_assert_int_eq(dg_cache_dir(dir, sizeof dir), 0);
  ck_assert_ptr_nonnull(strstr(dir, "/.cache/deckgen"));
  setenv("XDG_CACHE_HOME", cache_home, 1);
  free(longp);
}
END_TEST

/* The cache never grows past its limits: the least recently used go
 * first; entries of older versions and dead temporary files go; what
 * deckgen did not name stays. */
START_TEST(cache_trim_oldest_first) {
  char dir[4200], path[4600], kind[16];
  snprintf(dir, sizeof dir, "%s/deckgen", cache_home);
  size_t n;
  for (int i = 0; i < 10; i++) { /* entry t<i> last used in 1970 + i s */
    snprintf(kind, sizeof kind, "t%d", i);
    dg_cache_put(kind, "k", 1, "0123456789", 10);
    entry_path(kind, path, sizeof path);
    struct timespec t[2] = {{1000000 + i, 0}, {1000000 + i, 0}};
    utimensat(AT_FDCWD, path, t, 0);
  }
  snprintf(path, sizeof path, "%s/0123456789abcdef.ttf", dir); /* old */
  FILE *f = fopen(path, "w");
  fputs("x", f);
  fclose(f);
  snprintf(path, sizeof path, "%s/notes.txt", dir); /* not ours */
  f = fopen(path, "w");
  fputs("x", f);
  fclose(f);
  dg_cache_trim(dir, 4, 1LL << 30);
  int left = 0;
  for (int i = 0; i < 10; i++) {
    snprintf(kind, sizeof kind, "t%d", i);
    char *c = dg_cache_get(kind, "k", 1, &n);
    left += c != NULL;
    ck_assert_msg((c == NULL) == (i < 6), "t%d %s", i, c ? "kept" : "gone");
    free(c);
  }
  ck_assert_int_eq(left, 4);
  snprintf(path, sizeof path, "%s/0123456789abcdef.ttf", dir);
  ck_assert_msg(access(path, F_OK) != 0, "an old-format entry stays");
  snprintf(path, sizeof path, "%s/notes.txt", dir);
  ck_assert_msg(access(path, F_OK) == 0, "trim removed a file not its own");
  dg_cache_trim(dir, 100, 0); /* the byte bound */
  for (int i = 0; i < 10; i++) {
    snprintf(kind, sizeof kind, "t%d", i);
    ck_assert_ptr_null(dg_cache_get(kind, "k", 1, &n));
  }
  /* the bound counts bytes: 80 stale entries of 1 MiB (sparse files) and
   * then many puts leave at most DG_CACHE_BYTES, plus what this process
   * wrote since it last trimmed (at most 1 MiB and 64 entries), and the
   * new entries are the ones kept */
  for (int i = 0; i < 80; i++) {
    snprintf(path, sizeof path, "%s/%064x.old", dir, i);
    int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
    ck_assert_int_ge(fd, 0);
    ck_assert_int_eq(ftruncate(fd, 1 << 20), 0);
    close(fd);
    struct timespec t[2] = {{2000000 + i, 0}, {2000000 + i, 0}};
    utimensat(AT_FDCWD, path, t, 0);
  }
  for (int i = 0; i < 300; i++) {
    char key[16];
    snprintf(key, sizeof key, "k%d", i);
    dg_cache_put("many", key, strlen(key), "v", 1);
  }
  long long bytes = 0;
  int files = 0, old = 0;
  DIR *d = opendir(dir);
  for (struct dirent *e; (e = readdir(d));) {
    struct stat st;
    snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
    if (e->d_name[0] == '.' || stat(path, &st) || !S_ISREG(st.st_mode))
      continue;
    files++;
    bytes += st.st_size;
    old += strstr(e->d_name, ".old") != NULL;
  }
  closedir(d);
  ck_assert_int_le(bytes, DG_CACHE_BYTES + (2 << 20));
  ck_assert_int_lt(old, 80);
  ck_assert_int_eq(files - old, 300 + 2); /* + notes.txt, hmac-key */
}
END_TEST

START_TEST(memo_keeps_recent) {
  dg_memo *m = dg_memo_new(2);
  uint64_t k1[2] = {1, 2}, k2[2] = {3, 4}, k3[2] = {5, 6}, k4[2] = {1, 3};
  size_t n = 0;
  dg_memo_put(m, k1, "one", 3);
  dg_memo_put(m, k2, "two", 3);
  ck_assert(!memcmp(dg_memo_get(m, k1, &n), "one", 3));
  ck_assert_ptr_null(dg_memo_get(m, k4, &n)); /* both halves of the key */
  dg_memo_put(m, k3, "three", 5);             /* pushes out the oldest */
  ck_assert_ptr_null(dg_memo_get(m, k1, &n));
  ck_assert(!memcmp(dg_memo_get(m, k3, &n), "three", 5));
  ck_assert_uint_eq(n, 5);
  dg_memo_free(m);
}
END_TEST

START_TEST(hash_sees_every_byte) {
  char a[1000], b[1000];
  for (int i = 0; i < 1000; i++)
    a[i] = (char)(i * 7);
  uint64_t h0[2], h1[2];
  dg_hash128(a, sizeof a, h0);
  for (int i = 0; i < 1000; i += 37) {
    memcpy(b, a, sizeof a);
    b[i] ^= 1;
    dg_hash128(b, sizeof b, h1);
    ck_assert_msg(h0[0] != h1[0] && h0[1] != h1[1], "byte %d unseen", i);
  }
  /* length counts: a prefix is another key */
  dg_hash128(a, 999, h1);
  ck_assert(h0[0] != h1[0]);
  dg_hash128(a, sizeof a, h1);
  ck_assert(h0[0] == h1[0] && h0[1] == h1[1]);
}
END_TEST

/* dg_write_all / dg_read_all: every byte through a pipe, and a file that
 * ends early is an error (EIO), never a short read taken for whole */
START_TEST(read_write_all) {
  int fds[2];
  ck_assert_int_eq(pipe(fds), 0);
  char out[3000], in[3000];
  for (size_t i = 0; i < sizeof out; i++)
    out[i] = (char)(i * 7);
  ck_assert_int_eq(dg_write_all(fds[1], out, sizeof out), 0);
  close(fds[1]);
  ck_assert_int_eq(dg_read_all(fds[0], in, sizeof in), 0);
  ck_assert_int_eq(memcmp(in, out, sizeof in), 0);
  errno = 0;
  ck_assert_int_eq(dg_read_all(fds[0], in, 1), -1);
  ck_assert_int_eq(errno, EIO);
  close(fds[0]);
}
END_TEST

/* The cache names and checks entries by SHA-256: FIPS 180-2's examples
 * (one block, two blocks, a million bytes), so a change of library can
 * never rename or invalidate what earlier runs stored. */
START_TEST(sha256_known_digests) {
  static const struct {
    const char *in;
    const char *hex;
  } v[] = {
      {"", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"},
      {"abc",
       "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"},
      {"abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
       "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"},
  };
  unsigned char d[32];
  char hex[65];
  for (size_t i = 0; i < sizeof v / sizeof v[0]; i++) {
    dg_sha256(v[i].in, strlen(v[i].in), d);
    for (int k = 0; k < 32; k++)
      snprintf(hex + 2 * k, 3, "%02x", d[k]);
    ck_assert_str_eq(hex, v[i].hex);
  }
  char *a = malloc(1000000);
  ck_assert_ptr_nonnull(a);
  memset(a, 'a', 1000000);
  dg_sha256(a, 1000000, d);
  free(a);
  for (int k = 0; k < 32; k++)
    snprintf(hex + 2 * k, 3, "%02x", d[k]);
  ck_assert_str_eq(
      hex, "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
}
END_TEST

START_TEST(cpset_nonascii_matches) {
  const char *s = "<p class=\"x\">生成AIの導入、87.2％</p>\n<svg>𠮷野家</svg>"
                  "abcdefghijklmnopqrstuvwxyzあ";
  dg_cpset all = {0}, non = {0};
  dg_cpset_add(&all, s);
  dg_cpset_add_nonascii(&non, s);
  dg_cpset_sort(&all);
  dg_cpset_sort(&non);
  int k = 0;
  for (int i = 0; i < all.n; i++)
    if (all.v[i] >= 0x80) {
      ck_assert_int_lt(k, non.n);
      ck_assert_uint_eq(all.v[i], non.v[k++]);
    }
  ck_assert_int_eq(k, non.n);
  ck_assert_int_gt(k, 10);
  dg_cpset_free(&all);
  dg_cpset_free(&non);
}
END_TEST

/* Windows keeps these names for devices in every folder, whatever the
 * extension; the others are ordinary names and must stay allowed. */
START_TEST(windows_device_names) {
  const char *bad[] = {"CON", "con", "Con.2024", "aux.tar.gz", "NUL", "prn",
                       "COM1", "com9.x", "LPT0", "lpt5", "CON .txt",
                       "COM\xc2\xb9", "report.", "report "};
  for (size_t i = 0; i < sizeof bad / sizeof *bad; i++)
    ck_assert_msg(dg_name_windows_reserved(bad[i]), "%s allowed", bad[i]);
  const char *good[] = {"CONS",   "console", "CO",      "COM",     "COM10",
                        "LPT",    "com1a",   "acon",    "genai-2024",
                        "nul-47", "x.con",   "COM\xc2\xb4", ".hidden"};
  for (size_t i = 0; i < sizeof good / sizeof *good; i++)
    ck_assert_msg(!dg_name_windows_reserved(good[i]), "%s refused", good[i]);
}
END_TEST

int main(void) {

  Suite *s = suite_create("util");
  TCase *tc = tcase_create("util");
  tcase_add_checked_fixture(tc, usetup, uteardown);
  tcase_add_test(tc, cache_round_trip);
  tcase_add_test(tc, cache_damage_is_a_miss);
  tcase_add_test(tc, cache_nonregular_is_a_miss);
  tcase_add_test(tc, cache_forged_is_a_miss);
  tcase_add_test(tc, cache_refused_unless_yours_alone);
  tcase_add_test(tc, cache_key_damage_replaced);
  tcase_add_test(tc, cache_file_size_limit);
  tcase_add_test(tc, cache_off);
  tcase_add_test(tc, cache_trim_oldest_first);
  tcase_add_test(tc, memo_keeps_recent);
  tcase_add_test(tc, hash_sees_every_byte);
  tcase_add_test(tc, sha256_known_digests);
  tcase_add_test(tc, read_write_all);
  tcase_add_test(tc, cpset_nonascii_matches);
  tcase_add_test(tc, windows_device_names);
  suite_add_tcase(s, tc);
  return run_suite(s);
}
