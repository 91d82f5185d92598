// woff2: the C face of libwoff2enc (see woff2.h). WOFF2 is Brotli with
// font-specific transforms of glyf/loca; writing that ourselves would
// duplicate Google's reference encoder, which Debian ships.
#include "text/woff2.h"

#include <cstdlib>
#include <new>
#include <woff2/encode.h>

unsigned char *dg_woff2_encode(const unsigned char *ttf, size_t n,
                               size_t *out_n) {
  try {
    size_t cap = woff2::MaxWOFF2CompressedSize(ttf, n);
    // zeroed: the library leaves the final padding bytes unwritten, and
    // the same font must give the same bytes (tests/e2e.sh, cache states)
    unsigned char *out =
        static_cast<unsigned char *>(std::calloc(cap ? cap : 1, 1));
    if (!out)
      return nullptr;
    size_t len = cap;
    if (!woff2::ConvertTTFToWOFF2(ttf, n, out, &len)) {
      std::free(out);
      return nullptr;
    }
    *out_n = len;
    return out;
  } catch (...) { // std::bad_alloc inside the library: no exception leaves
    return nullptr;
  }
}
