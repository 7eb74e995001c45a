/*
 * fuzz_conllu.c - libFuzzer target for the CoNLL-U reader (src/conllu.c):
 * any bytes must give either a corpus whose trees are well formed or a
 * located error, never a crash or a hang.
 */
#include <stdint.h>
#include <stdlib.h>

#include "conllu.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  struct sr_conllu *c = NULL;
  sr_error err;
  size_t i, j;
  if (size > 1 << 20)
    return 0;
  if (sr__conllu_parse(sr__malloc_allocator(), "fuzz", (const char *)data, size,
                       &c, &err) != SR_OK)
    return 0;
  for (i = 0; i < c->count; i++)
    for (j = 0; j < c->sentences[i].count; j++) {
      int h = c->sentences[i].words[j].head;
      if (h > (int)c->sentences[i].count || h == (int)j + 1)
        abort(); /* the reader promised a tree */
    }
  sr__conllu_free(c);
  return 0;
}
