/* woff2: a TrueType font compressed to WOFF2 (the web fonts of the HTML
 * site) by Google's libwoff2enc. The library is C++; woff2.cc is its C
 * face and the only C++ in deckgen. */
#ifndef DG_WOFF2_H
#define DG_WOFF2_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Compresses the n bytes of ttf. Returns a malloc'd buffer of *out_n bytes
 * (caller frees), or NULL when the font cannot be converted or memory ran
 * out; nothing is reported (the caller names the font). */
unsigned char *dg_woff2_encode(const unsigned char *ttf, size_t n,
                               size_t *out_n);

#ifdef __cplusplus
}
#endif

#endif
