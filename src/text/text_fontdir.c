/* text_fontdir: what fontconfig may see, checked before it sees it. The
 * fonts folder holds only regular files and folders (fontconfig opens
 * every file it finds: a FIFO blocked the run, a link led outside), and
 * fonts.conf adds no folder, include or cache folder outside it (`<dir>
 * /usr</dir>` had fontconfig scan /usr: 60 s, 860 MB). text_font.c calls
 * it; it calls nothing else of the text module. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <fontconfig/fontconfig.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "text/text_int.h"

/* fonts.conf is a few lines; the folder, a few fonts */
#define CONF_MAX (1u << 20)
#define WALK_MAX_FILES 10000
#define WALK_MAX_DEPTH 8

static int problem(tx_problem *p, const char *file, int line, const char *fmt,
                   ...) __attribute__((format(printf, 4, 5)));
static int problem(tx_problem *p, const char *file, int line, const char *fmt,
                   ...) {
  snprintf(p->file, sizeof p->file, "%s", file);
  p->line = line;
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(p->msg, sizeof p->msg, fmt, ap);
  va_end(ap);
  return -1;
}

/* Every entry below the folder dfd (shown as `shown`) a regular file or a
 * folder, never a link; at most WALK_MAX_FILES entries. */
static int walk(int dfd, const char *shown, int depth, int *count,
                tx_problem *p) {
  DIR *d = fdopendir(dfd);
  if (!d) {
    close(dfd);
    return problem(p, shown, 0, "cannot read the fonts folder: %s",
                   strerror(errno));
  }
  int rc = 0;
  for (struct dirent *e; rc == 0 && (e = readdir(d));) {
    if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
      continue;
    char path[8192];
    snprintf(path, sizeof path, "%s/%s", shown, e->d_name);
    struct stat st;
    if (++*count > WALK_MAX_FILES) {
      rc = problem(p, shown, 0,
                   "the fonts folder holds more than %d files and folders",
                   WALK_MAX_FILES);
    } else if (fstatat(dirfd(d), e->d_name, &st, AT_SYMLINK_NOFOLLOW) != 0) {
      rc = problem(p, path, 0, "cannot read: %s", strerror(errno));
    } else if (S_ISLNK(st.st_mode)) {
      char to[4096];
      ssize_t k = readlinkat(dirfd(d), e->d_name, to, sizeof to - 1);
      to[k > 0 ? k : 0] = 0;
      rc = problem(p, path, 0,
                   "\"%s\" is a symbolic link (to \"%s\"); deckgen reads "
                   "fonts only from files in the fonts folder (copy the "
                   "font there)",
                   path, to);
    } else if (S_ISDIR(st.st_mode)) {
      /* fontconfig scans folders below it too */
      int sub = depth < WALK_MAX_DEPTH
                    ? openat(dirfd(d), e->d_name,
                             O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
                    : -1;
      if (sub < 0)
        rc = problem(p, path, 0, "cannot read this folder (%s)",
                     depth < WALK_MAX_DEPTH ? strerror(errno)
                                            : "folders nested too deep");
      else
        rc = walk(sub, path, depth + 1, count, p);
    } else if (!S_ISREG(st.st_mode)) {
      rc = problem(p, path, 0, "not a regular file (%s)",
                   S_ISFIFO(st.st_mode)   ? "a FIFO, which would block the run"
                   : S_ISSOCK(st.st_mode) ? "a socket"
                                          : "a device");
    }
  }
  closedir(d);
  return rc;
}

/* Removes "." and ".." components and doubled slashes of an absolute
 * path, in place (lexically: links below the fonts folder are refused by
 * walk, so a path that does not exist yet cannot lead through one). */
static void normalize(char *s) {
  char *out = s, *in = s;
  while (*in) {
    while (*in == '/')
      in++;
    char *end = in;
    while (*end && *end != '/')
      end++;
    size_t n = (size_t)(end - in);
    if (n == 1 && in[0] == '.') {
    } else if (n == 2 && in[0] == '.' && in[1] == '.') {
      while (out > s && *--out != '/')
        ;
    } else if (n) {
      *out++ = '/';
      memmove(out, in, n);
      out += n;
    }
    in = end;
  }
  if (out == s)
    *out++ = '/';
  *out = 0;
}

/* Is path (absolute) inside the folder absdir (resolved)? What it
 * resolves to goes to real (PATH_MAX bytes), for messages. */
static int inside(const char *absdir, const char *path, char *real) {
  if (!realpath(path, real)) { /* not there (yet): by its name */
    snprintf(real, PATH_MAX, "%s", path);
    normalize(real);
  }
  size_t n = strlen(absdir);
  return !strncmp(real, absdir, n) && (real[n] == '/' || !real[n]);
}

/* The folder or file an element of fonts.conf names, as fontconfig would
 * resolve it, must be inside absdir. text is the element's text, prefix
 * its prefix attribute (or NULL). */
static int check_path(const char *conf_shown, int line, const char *elem,
                      const char *text, const char *prefix, const char *absdir,
                      tx_problem *p) {
  char full[8192], cwd[4096], real[PATH_MAX];
  const char *why = NULL;
  if (text[0] == '~')
    why = "a home folder";
  else if (prefix && !strcmp(prefix, "xdg"))
    why = "an XDG folder";
  else if (text[0] == '/')
    snprintf(full, sizeof full, "%s", text);
  else if (!strcmp(elem, "include"))
    /* fontconfig looks a relative <include> up in its own folders
     * (/etc/fonts): the system's whole configuration */
    why = "fontconfig's own folder /etc/fonts";
  else if (prefix && !strcmp(prefix, "relative"))
    snprintf(full, sizeof full, "%s/%s", absdir, text);
  else if (getcwd(cwd, sizeof cwd)) /* fontconfig: the current folder */
    snprintf(full, sizeof full, "%s/%s", cwd, text);
  else
    why = "the current folder";
  if (!why && inside(absdir, full, real))
    return 0;
  return problem(p, conf_shown, line,
                 "<%s>%s</%s> leaves the fonts folder (%s); fontconfig may "
                 "read only the fonts folder",
                 elem, text, elem, why ? why : real);
}

static int starts(const char *s, const char *end, const char *w) {
  size_t n = strlen(w);
  return (size_t)(end - s) >= n && !memcmp(s, w, n);
}

/* The text of the element whose content starts at *at, up to its end tag
 * (character references and CDATA decoded), into out; *at moves past the
 * end tag and *line on. Markup inside, or a named entity other than XML's
 * five, is refused: fontconfig's parser would read what this does not. */
static int element_text(const char **at, const char *end, int *line,
                        const char *elem, char *out, size_t cap,
                        const char *conf_shown, tx_problem *p) {
  const char *s = *at;
  size_t n = 0;
  int start_line = *line;
  while (s < end) {
    char c[5] = {0};
    size_t k = 0;
    if (*s == '<') {
      if (starts(s, end, "<![CDATA[")) {
        const char *e = s + 9, *q = e;
        while (q + 2 < end && memcmp(q, "]]>", 3))
          q++;
        for (const char *r = e; r < q && n + 1 < cap; r++)
          out[n++] = *r;
        for (const char *r = s; r < q; r++)
          *line += *r == '\n';
        s = q + 3;
        continue;
      }
      if (starts(s, end, "<!--")) {
        const char *q = s + 4;
        while (q + 2 < end && memcmp(q, "-->", 3))
          *line += *q++ == '\n';
        s = q + 3;
        continue;
      }
      size_t el = strlen(elem);
      if (s + 2 + el <= end && s[1] == '/' && !memcmp(s + 2, elem, el)) {
        while (s < end && *s != '>')
          s++;
        *at = s < end ? s + 1 : end;
        out[n] = 0;
        return 0;
      }
      return problem(p, conf_shown, *line,
                     "markup inside <%s> (expected a path only)", elem);
    }
    if (*s == '&') {
      const char *semi = memchr(s, ';', (size_t)(end - s));
      size_t len = semi ? (size_t)(semi - s) + 1 : 0;
      unsigned long v = 0;
      char *stop = NULL;
      if (len >= 4 && s[1] == '#')
        v = s[2] == 'x' ? strtoul(s + 3, &stop, 16) : strtoul(s + 2, &stop, 10);
      if (stop == semi && v > 0 && v < 0x110000) {
        dg_buf b = {0};
        dg_utf8_put(&b, (uint32_t)v);
        k = b.len < sizeof c ? b.len : 0;
        memcpy(c, b.data, k);
        dg_buf_free(&b);
      } else if (len == 4 && !memcmp(s, "&lt;", 4))
        c[k++] = '<';
      else if (len == 4 && !memcmp(s, "&gt;", 4))
        c[k++] = '>';
      else if (len == 5 && !memcmp(s, "&amp;", 5))
        c[k++] = '&';
      else if (len == 6 && !memcmp(s, "&quot;", 6))
        c[k++] = '"';
      else if (len == 6 && !memcmp(s, "&apos;", 6))
        c[k++] = '\'';
      else
        return problem(p, conf_shown, *line,
                       "an entity reference inside <%s> (expected a path "
                       "only)",
                       elem);
      s += len;
    } else {
      *line += *s == '\n';
      c[k++] = *s++;
    }
    for (size_t i = 0; i < k && n + 1 < cap; i++)
      out[n++] = c[i];
  }
  return problem(p, conf_shown, start_line, "<%s> is not closed", elem);
}

/* The elements through which fontconfig reads folders or files: <dir>
 * (and <remap-dir>, which adds one too) are scanned for fonts, <include>
 * loads more configuration, <cachedir> is read and written. */
static const char *const path_elems[] = {"dir", "remap-dir", "include",
                                         "cachedir"};

/* Scans fonts.conf's bytes for those elements and checks each path. */
static int check_conf(const char *data, size_t len, const char *conf_shown,
                      const char *absdir, tx_problem *p) {
  const char *s = data, *end = data + len;
  int line = 1;
  while (s < end) {
    if (*s != '<') {
      line += *s++ == '\n';
      continue;
    }
    const char *close = NULL;
    if (starts(s, end, "<!--"))
      close = "-->";
    else if (starts(s, end, "<![CDATA["))
      close = "]]>";
    else if (starts(s, end, "<?"))
      close = "?>";
    if (close) {
      size_t cl = strlen(close);
      const char *q = s + 2;
      while (q + cl <= end && memcmp(q, close, cl))
        line += *q++ == '\n';
      s = q + cl;
      continue;
    }
    if (starts(s, end, "<!")) { /* DOCTYPE: no internal subset */
      const char *q = s;
      while (q < end && *q != '>' && *q != '[')
        q++;
      if (q < end && *q == '[')
        return problem(p, conf_shown, line,
                       "a DOCTYPE with declarations of its own (entities "
                       "could hide a folder); fonts.conf may name "
                       "fontconfig's DTD only");
      for (; s < q; s++)
        line += *s == '\n';
      continue;
    }
    /* a tag: its name, then attributes up to '>' outside quotes */
    const char *name = s + 1, *q = name;
    while (q < end && !strchr(" \t\r\n/>", *q))
      q++;
    size_t nl = (size_t)(q - name);
    char prefix[64] = "";
    int has_prefix = 0, self_closing = 0;
    while (q < end && *q != '>') {
      if (*q == '"' || *q == '\'') {
        const char *v = q + 1, *ve = memchr(v, *q, (size_t)(end - v));
        if (!ve)
          break;
        /* the value of prefix="...": the text before it ends in prefix= */
        const char *a = q;
        while (a > name && (a[-1] == ' ' || a[-1] == '=' || a[-1] == '\t'))
          a--;
        if (a - name >= 6 && !memcmp(a - 6, "prefix", 6) &&
            (size_t)(ve - v) < sizeof prefix) {
          memcpy(prefix, v, (size_t)(ve - v));
          prefix[ve - v] = 0;
          has_prefix = 1;
        }
        for (const char *r = q; r < ve; r++)
          line += *r == '\n';
        q = ve + 1;
        continue;
      }
      line += *q == '\n';
      self_closing = *q == '/';
      q++;
    }
    s = q < end ? q + 1 : end;
    if (name[0] == '/' || self_closing)
      continue;
    for (size_t i = 0; i < sizeof path_elems / sizeof *path_elems; i++) {
      if (strlen(path_elems[i]) != nl || memcmp(name, path_elems[i], nl))
        continue;
      char text[4096];
      int at_line = line;
      if (element_text(&s, end, &line, path_elems[i], text, sizeof text,
                       conf_shown, p) ||
          check_path(conf_shown, at_line, path_elems[i], text,
                     has_prefix ? prefix : NULL, absdir, p))
        return -1;
    }
  }
  return 0;
}

/* What fontconfig made of the configuration, before it scans anything:
 * every font folder, cache folder (but ours, /dev/null) and configuration
 * file inside absdir. This sees what check_conf could have missed. */
int tx_fonts_check_config(FcConfig *fc, const char *conf_shown,
                          const char *absdir, tx_problem *p) {
  static const char *const kinds[] = {"font folder", "cache folder",
                                      "configuration file"};
  for (int k = 0; k < 3; k++) {
    /* before a scan, the font folders are those the configuration named */
    FcStrList *l = k == 0   ? FcConfigGetFontDirs(fc)
                   : k == 1 ? FcConfigGetCacheDirs(fc)
                            : FcConfigGetConfigFiles(fc);
    int rc = 0;
    for (FcChar8 *d; l && rc == 0 && (d = FcStrListNext(l));) {
      const char *s = (const char *)d;
      char real[PATH_MAX];
      if (!(k == 1 && !strcmp(s, "/dev/null")) && !inside(absdir, s, real))
        rc = problem(p, conf_shown, 0,
                     "fontconfig would read the %s \"%s\", outside the fonts "
                     "folder",
                     kinds[k], s);
    }
    FcStrListDone(l);
    if (rc)
      return -1;
  }
  return 0;
}

int tx_fonts_check(const char *fonts_dir, const char *absdir, tx_problem *p) {
  int dfd = open(absdir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dfd < 0)
    return problem(p, fonts_dir, 0, "cannot open the fonts folder: %s",
                   strerror(errno));
  int count = 0;
  if (walk(dup(dfd), fonts_dir, 0, &count, p)) {
    close(dfd);
    return -1;
  }
  /* fonts.conf read here, as a regular file that cannot block (walk saw
   * it, but it may have changed since) */
  char shown[8192];
  snprintf(shown, sizeof shown, "%s/fonts.conf", fonts_dir);
  int fd = openat(dfd, "fonts.conf",
                  O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC | O_NOCTTY);
  close(dfd);
  if (fd < 0)
    return errno == ENOENT
               ? 0
               : problem(p, shown, 0, "cannot open: %s", strerror(errno));
  struct stat st;
  char *buf = NULL;
  int rc = 0;
  if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode))
    rc = problem(p, shown, 0, "not a regular file");
  else if ((unsigned long long)st.st_size > CONF_MAX)
    rc = problem(p, shown, 0, "file is larger than the limit of %u bytes",
                 CONF_MAX);
  else if (!(buf = malloc((size_t)st.st_size + 1)))
    dg_oom();
  else if (dg_read_all(fd, buf, (size_t)st.st_size))
    rc = problem(p, shown, 0, "cannot read: %s", strerror(errno));
  else
    rc = check_conf(buf, (size_t)st.st_size, shown, absdir, p);
  free(buf);
  close(fd);
  return rc;
}

/* Is the file name that of a font (by its extension)? */
static int font_name(const char *s) {
  const char *dot = strrchr(s, '.');
  return dot && (!strcasecmp(dot, ".ttf") || !strcasecmp(dot, ".otf") ||
                 !strcasecmp(dot, ".ttc") || !strcasecmp(dot, ".otc"));
}

int tx_fonts_unread(FcConfig *fc, const char *absdir, char *name, size_t n) {
  DIR *d = opendir(absdir);
  if (!d)
    return 0;
  int found = 0;
  for (struct dirent *e; !found && (e = readdir(d));) {
    if (!font_name(e->d_name))
      continue;
    char path[8192], real[PATH_MAX];
    snprintf(path, sizeof path, "%s/%s", absdir, e->d_name);
    int read = 0;
    for (int set = 0; set < 2 && !read; set++) {
      FcFontSet *fs =
          FcConfigGetFonts(fc, set ? FcSetApplication : FcSetSystem);
      for (int i = 0; fs && i < fs->nfont && !read; i++) {
        FcChar8 *file;
        if (FcPatternGetString(fs->fonts[i], FC_FILE, 0, &file) ==
                FcResultMatch &&
            realpath((const char *)file, real))
          read = !strcmp(real, path);
      }
    }
    if (!read) {
      snprintf(name, n, "%s", e->d_name);
      found = 1;
    }
  }
  closedir(d);
  return found;
}
