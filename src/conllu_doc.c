/*
 * conllu_doc.c - documents from CoNLL-U: sentences that another tool (or a
 * treebank) has already tokenized, and perhaps tagged and parsed.
 *
 * DESIGN.md promises that CoNLL-U is accepted anywhere a parse is needed.
 * This stage turns the sentences of one document (the lines between two
 * "# newdoc" comments) into an sr_doc exactly as the segment stage would
 * have left it, but with the given tokenization: one token per syntactic
 * word, one sentence per CoNLL-U sentence. There is no text cleaning and
 * no sentence splitting.
 *
 * The document's text is rebuilt from the word forms: words joined by a
 * space unless MISC says SpaceAfter=No, sentences by a newline, and a
 * blank line before each "# newpar". That text is the document's input, so
 * TokenRange in the output points into it. (A multiword token such as
 * "cannot" appears as its words, "can not".) The document id comes from
 * "# newdoc id", the date from "# date" when a sentence gives one.
 *
 * Given columns are kept on the tokens (LEMMA, UPOS, XPOS, HEAD, DEPREL,
 * and NE= from MISC); the analysis stage, when asked for, replaces them
 * with predictions. sr_doc_has_tree() says whether every sentence came
 * with a tree.
 */
#include "conllu_doc.h"

#include <string.h>

#include "conllu.h"
#include "ingest.h"
#include "segment.h"
#include "text.h"

/* Is "SpaceAfter=No" one of the |-separated items of a MISC column? */
static int no_space_after(const char *misc) {
  const char *p = misc;
  while ((p = strstr(p, "SpaceAfter=No")) != NULL) {
    char next = p[13];
    if ((p == misc || p[-1] == '|') && (next == '\0' || next == '|'))
      return 1;
    p += 13;
  }
  return 0;
}

/* The value of NE= in a MISC column, as one of the static tag names, or
 * NULL when there is none. */
static const char *misc_entity(const char *misc) {
  static const char *const tags[] = {"O",     "B-PER", "I-PER", "B-ORG",
                                     "I-ORG", "B-LOC", "I-LOC", NULL};
  const char *p = misc;
  size_t k, n;
  while ((p = strstr(p, "NE=")) != NULL) {
    if (p == misc || p[-1] == '|') {
      p += 3;
      n = strcspn(p, "|");
      for (k = 0; tags[k]; k++)
        if (strlen(tags[k]) == n && !memcmp(p, tags[k], n))
          return tags[k];
      return NULL;
    }
    p += 3;
  }
  return NULL;
}

/* Checks that a string is valid UTF-8. */
static int valid_utf8(const char *s) {
  const unsigned char *u = (const unsigned char *)s;
  size_t n = strlen(s), i = 0;
  while (i < n) {
    uint32_t cp;
    size_t len = sr__utf8_decode(u + i, n - i, &cp);
    if (!len)
      return 0;
    i += len;
  }
  return 1;
}

/* A given column as a string in the document's arena, or NULL when the
 * column was "_" (an empty string in the corpus). */
static const char *given(sr_doc *d, const char *value, int *oom) {
  char *copy;
  if (!value || !*value)
    return NULL;
  copy = sr__doc_strdup(d, value, strlen(value));
  if (!copy)
    *oom = 1;
  return copy;
}

static sr_status build(sr_doc *d, const struct sr_conllu *c, sr_error *err) {
  size_t s, w, k = 0, size = 1, pos = 0;
  char *text;
  int oom = 0, all_trees = 1;
  for (s = 0; s < c->count; s++)
    for (w = 0; w < c->sentences[s].count; w++)
      size += strlen(c->sentences[s].words[w].form) + 3;
  text = sr__arena_alloc(&d->arena, size);
  d->tokens = sr__arena_calloc(&d->arena, c->words + 1, sizeof *d->tokens);
  d->sentences =
      sr__arena_calloc(&d->arena, c->count + 1, sizeof *d->sentences);
  d->boilerplate = sr__arena_calloc(&d->arena, 1, sizeof *d->boilerplate);
  if (!text || !d->tokens || !d->sentences || !d->boilerplate)
    return sr__error(err, SR_ENOMEM, SIZE_MAX, 0, "out of memory");
  for (s = 0; s < c->count; s++) {
    const struct sr_conllu_sentence *cs = &c->sentences[s];
    sr_sentence *out = &d->sentences[s];
    if (s) /* a newline between sentences, a blank line between paragraphs */
      text[pos++] = '\n';
    if (s && cs->newpar)
      text[pos++] = '\n';
    if (cs->date && !d->date[0])
      sr__doc_set_date(d, cs->date, strlen(cs->date), "conllu comment");
    out->first_token = k;
    out->token_count = cs->count;
    for (w = 0; w < cs->count; w++) {
      const struct sr_conllu_word *cw = &cs->words[w];
      sr_token *t = &d->tokens[k++];
      size_t n = strlen(cw->form);
      if (!valid_utf8(cw->form))
        return sr__error(err, SR_EPARSE, SIZE_MAX, cs->line + w,
                         "%s:%zu: FORM is not valid UTF-8",
                         d->path ? d->path : "(conllu)", cs->line + w);
      memcpy(text + pos, cw->form, n);
      t->form = text + pos;
      t->form_len = n;
      t->start = pos;
      t->end = pos + n;
      pos += n;
      t->space_after = !no_space_after(cw->misc);
      if (w + 1 < cs->count && t->space_after)
        text[pos++] = ' ';
      if (sr__token_norm(d, t) != SR_OK)
        oom = 1;
      t->lemma = given(d, cw->lemma, &oom);
      t->upos = given(d, cw->upos, &oom);
      t->xpos = given(d, cw->xpos, &oom);
      t->deprel = given(d, cw->deprel, &oom);
      t->ner = misc_entity(cw->misc);
      t->head = cw->head >= 0 ? (size_t)cw->head : 0;
      if (cw->head < 0 || !t->deprel)
        all_trees = 0;
    }
    out->start = d->tokens[out->first_token].start;
    out->end = d->tokens[k - 1].end;
  }
  if (oom)
    return sr__error(err, SR_ENOMEM, SIZE_MAX, 0, "out of memory");
  text[pos] = '\0';
  d->input = text;
  d->input_len = pos;
  d->clean = text;
  d->clean_len = pos;
  d->token_count = k;
  d->sentence_count = c->count;
  d->given_tree = all_trees && c->count > 0;
  return SR_OK;
}

sr_status sr__ingest_conllu(sr_doc *d, const char *bytes, size_t len,
                            size_t first_line, sr_error *err) {
  struct sr_conllu *c = NULL;
  sr_status st = sr__conllu_parse_lines(&d->engine->alloc, d->path, first_line,
                                        bytes, len, &c, err);
  if (st != SR_OK)
    return st;
  if (c->count && c->sentences[0].newdoc && *c->sentences[0].newdoc) {
    d->id = sr__doc_strdup(d, c->sentences[0].newdoc,
                           strlen(c->sentences[0].newdoc));
    if (!d->id)
      st = sr__error(err, SR_ENOMEM, SIZE_MAX, 0, "out of memory");
  }
  if (st == SR_OK)
    st = build(d, c, err);
  sr__conllu_free(c);
  return st;
}
