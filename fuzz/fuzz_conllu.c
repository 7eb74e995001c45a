/*
 * fuzz_conllu.c - libFuzzer target for the CoNLL-U reader (src/conllu.c):
 * any bytes must give either a corpus whose trees are well formed or a
 * located error, never a crash or a hang. The same bytes read as a
 * document then go through the date code (src/when.c) with every token
 * as an event trigger: any words and trees must date or not, never crash.
 */
#include <stdint.h>
#include <stdlib.h>

#include "conllu.h"
#include "when.h"

/* Every date expression of every sentence, every token as a trigger. */
static void dates(const uint8_t *data, size_t size) {
  sr_engine *e = NULL;
  sr_doc *d = NULL;
  sr_doc_options opt = {0};
  struct sr_when w;
  size_t i, j;
  opt.format = SR_FORMAT_CONLLU;
  opt.raw = 1;
  if (sr_engine_open(NULL, &e, NULL) != SR_OK)
    return;
  if (sr_doc_parse(e, (const char *)data, size, &opt, &d, NULL) == SR_OK) {
    sr__when_init(&w, d, size & 1 ? "2024-02-29" : sr_doc_date(d));
    for (i = 0; i < sr_doc_sentence_count(d); i++) {
      const sr_sentence *s = sr_doc_sentence(d, i);
      sr__when_sentence(&w, sr_doc_token(d, s->first_token), s->token_count);
      for (j = 0; j <= s->token_count; j++) {
        const char *date, *prec;
        if (sr__when_event(&w, j, &date, &prec) == SR_OK && date &&
            (!prec || date[4] != '-' || date[7] != '-' || date[10]))
          abort(); /* a date is always YYYY-MM-DD with a precision */
      }
    }
  }
  sr_doc_free(d);
  sr_engine_close(e);
}

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
  dates(data, size);
  return 0;
}
