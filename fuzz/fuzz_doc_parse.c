/*
 * fuzz_doc_parse.c - libFuzzer target over ingest + text + segment.
 *
 * The first input byte picks the path, as cmark's fuzzer reads its options
 * from the input: bit 0 raw mode, bits 1-2 the format (auto, text, jsonl,
 * html), bit 3 through a memory source (which adds the gzip/zstd readers
 * and JSONL streaming) instead of sr_doc_parse, bit 4 a small document limit
 * and sentence limit so the limit paths run too, bit 5 CoNLL-U (overriding
 * bits 1-2). Every token and sentence is
 * then checked against the input: ranges in bounds and ordered.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "sitrep.h"

static void check_doc(const sr_doc *d) {
  size_t i, len, prev = 0;
  sr_doc_input(d, &len);
  for (i = 0; i < sr_doc_token_count(d); i++) {
    const sr_token *t = sr_doc_token(d, i);
    if (t->start > t->end || t->end > len || t->start < prev || !t->form_len)
      abort();
    prev = t->start;
  }
  for (i = 0; i < sr_doc_sentence_count(d); i++) {
    const sr_sentence *s = sr_doc_sentence(d, i);
    if (!s->token_count ||
        s->first_token + s->token_count > sr_doc_token_count(d))
      abort();
    (void)sr_doc_sentence_text(d, i, NULL);
  }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  sr_engine *e;
  sr_config cfg;
  sr_doc_options opt;
  sr_doc *d = NULL;
  sr_error err;
  uint8_t mode;
  if (size < 1 || size > 1 << 20)
    return 0;
  mode = data[0];
  data++;
  size--;
  memset(&cfg, 0, sizeof cfg);
  if (mode & 16) {
    cfg.max_doc_bytes = 512;
    cfg.max_sentence_tokens = 8;
  }
  memset(&opt, 0, sizeof opt);
  opt.raw = mode & 1;
  opt.format = (sr_format)((mode >> 1) & 3);
  if (mode & 32)
    opt.format = SR_FORMAT_CONLLU;
  if (sr_engine_open(&cfg, &e, &err) != SR_OK)
    return 0;
  if (mode & 8) {
    sr_source *src;
    if (sr_source_open_memory(e, "fuzz", data, size, &opt, &src, &err) ==
        SR_OK) {
      int guard = 0;
      for (;;) {
        sr_status st = sr_source_next(src, &d, &err);
        if (st == SR_OK && !d)
          break;
        if (st == SR_OK) {
          check_doc(d);
          sr_doc_free(d);
        }
        if (++guard > 100000)
          abort(); /* a source must always make progress */
      }
      sr_source_close(src);
    }
  } else if (sr_doc_parse(e, (const char *)data, size, &opt, &d, &err) ==
             SR_OK) {
    check_doc(d);
    sr_doc_free(d);
  }
  sr_engine_close(e);
  return 0;
}
