/* pngload: the door to the PNG renderer. render_png.c is built as the
 * plugin deckgen-png.so and loaded here on the first PNG, so runs that
 * write only PDF and HTML never load Cairo (its libraries cost ~2 ms of
 * dynamic linking per run, issue 8). Looked for beside the executable
 * (the build tree), then in DG_LIBDIR (make install). */
#include <dlfcn.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "render.h"

#ifndef DG_LIBDIR
#define DG_LIBDIR "/usr/local/lib/deckgen"
#endif

#define PLUGIN "deckgen-png.so"

typedef int (*page_fn)(dg_ctx *, dg_text *, const dg_layout *, int, double,
                       dg_buf *);

static page_fn load(dg_ctx *ctx) {
  static page_fn fn;
  if (fn)
    return fn;
  char exe[PATH_MAX], tried[2 * PATH_MAX + 64] = "";
  const char *where[2] = {NULL, DG_LIBDIR "/" PLUGIN};
  ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - sizeof PLUGIN - 2);
  if (n > 0) {
    exe[n] = 0;
    char *slash = strrchr(exe, '/');
    if (slash) {
      strcpy(slash + 1, PLUGIN);
      where[0] = exe;
    }
  }
  for (int i = 0; i < 2 && !fn; i++) {
    if (!where[i])
      continue;
    void *h = dlopen(where[i], RTLD_NOW | RTLD_LOCAL);
    if (h)
      fn = (page_fn)(uintptr_t)dlsym(h, "dg_png_plugin_page");
    else if (access(where[i], F_OK) == 0) {
      dg_error(ctx, (dg_pos){where[i], 0, 0},
               "cannot load the PNG renderer: %s", dlerror());
      return NULL;
    }
    size_t k = strlen(tried);
    snprintf(tried + k, sizeof tried - k, "%s%s", k ? ", " : "", where[i]);
  }
  if (!fn)
    dg_error(ctx, (dg_pos){0}, "PNG output needs %s (not found in %s)", PLUGIN,
             tried);
  return fn;
}

int dg_png_ready(dg_ctx *ctx) { return load(ctx) ? 0 : -1; }

int dg_render_png_page(dg_ctx *ctx, dg_text *tx, const dg_layout *l, int p,
                       double dpi, dg_buf *out) {
  page_fn fn = load(ctx);
  return fn ? fn(ctx, tx, l, p, dpi, out) : -1;
}
