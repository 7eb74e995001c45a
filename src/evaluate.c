/*
 * evaluate.c - scoring predicted CoNLL-U against a gold treebank
 * (`sitrep eval conllu`): part-of-speech, lemma and attachment accuracy on
 * gold tokenization. Tokenization itself is scored by `sitrep eval
 * tokenize` (cli/eval.c), on byte spans.
 */
#include <stdlib.h>
#include <string.h>

#include "conllu.h"

/* The universal part of a relation: "nsubj:pass" -> "nsubj". */
static int same_universal(const char *a, const char *b) {
  size_t la = strcspn(a, ":"), lb = strcspn(b, ":");
  return la == lb && !memcmp(a, b, la);
}

sr_status sr_eval_conllu(const char *gold, const char *pred,
                         sr_eval_scores *out, sr_error *err) {
  const sr_allocator *allocator = sr__malloc_allocator();
  struct sr_conllu *g = NULL, *p = NULL;
  size_t i, j, upos = 0, xpos = 0, lemma = 0, uas = 0, las = 0, words = 0;
  sr_status st;
  if (!gold || !pred || !out)
    return sr__error(err, SR_EINVAL, SIZE_MAX, 0, "no files or no output");
  memset(out, 0, sizeof *out);
  st = sr__conllu_read_file(allocator, gold, &g, err);
  if (st == SR_OK)
    st = sr__conllu_read_file(allocator, pred, &p, err);
  if (st != SR_OK)
    goto done;
  if (g->count != p->count) {
    st = sr__error(err, SR_EPARSE, SIZE_MAX, 0,
                   "%s has %zu sentences and %s has %zu: evaluation needs "
                   "the gold tokenization",
                   gold, g->count, pred, p->count);
    goto done;
  }
  out->has_tree = 1;
  for (i = 0; i < g->count; i++) {
    const struct sr_conllu_sentence *gs = &g->sentences[i],
                                    *ps = &p->sentences[i];
    if (gs->count != ps->count) {
      st = sr__error(err, SR_EPARSE, SIZE_MAX, ps->line,
                     "%s:%zu: sentence %zu has %zu words, the gold one at "
                     "%s:%zu has %zu",
                     pred, ps->line, i + 1, ps->count, gold, gs->line,
                     gs->count);
      goto done;
    }
    for (j = 0; j < gs->count; j++) {
      const struct sr_conllu_word *gw = &gs->words[j], *pw = &ps->words[j];
      if (strcmp(gw->form, pw->form)) {
        st = sr__error(err, SR_EPARSE, SIZE_MAX, ps->line + j,
                       "%s:%zu: word %zu is '%s', the gold word is '%s'", pred,
                       ps->line + j, j + 1, pw->form, gw->form);
        goto done;
      }
      upos += !strcmp(gw->upos, pw->upos);
      xpos += !strcmp(gw->xpos, pw->xpos);
      lemma += !strcmp(gw->lemma, pw->lemma);
      if (pw->head < 0)
        out->has_tree = 0;
      if (pw->head >= 0 && pw->head == gw->head) {
        uas++;
        las += same_universal(gw->deprel, pw->deprel);
      }
      words++;
    }
  }
  out->sentences = g->count;
  out->words = words;
  if (words) {
    out->upos = 100.0 * (double)upos / (double)words;
    out->xpos = 100.0 * (double)xpos / (double)words;
    out->lemma = 100.0 * (double)lemma / (double)words;
    out->uas = 100.0 * (double)uas / (double)words;
    out->las = 100.0 * (double)las / (double)words;
  }
done:
  sr__conllu_free(g);
  sr__conllu_free(p);
  return st;
}
