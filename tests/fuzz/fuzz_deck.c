/* libFuzzer target: the deck loader — XML parsing with the RELAX NG schema,
 * then binding against the sample project's data. Run from the project
 * root so templates/deck.rng and data/ resolve. */
#include <stddef.h>
#include <stdint.h>

#include "bind/bind.h"
#include "deck/parse.h"

#include <stdlib.h>

int LLVMFuzzerInitialize(int *argc, char ***argv) {
  (void)argc;
  (void)argv;
  /* every valid input would leave a schema pass in ~/.cache/deckgen, and a
   * remembered pass would skip the validation under test */
  setenv("DECKGEN_CACHE", "off", 1);
  return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  FILE *devnull = fopen("/dev/null", "w");
  dg_ctx ctx = {0, devnull, NULL};
  dg_arena *a = dg_arena_new();
  dg_node *n = dg_parse_memory(&ctx, a, "templates/fuzz.xml",
                               (const char *)data, size, "templates/deck.rng");
  if (n && ctx.nerrors == 0) {
    dg_bind_opts o = {.root = ".", .schema = "templates/deck.rng"};
    dg_bind(&ctx, a, n, "templates/fuzz.xml", &o);
  }
  dg_arena_free(a);
  fclose(devnull);
  return 0;
}
