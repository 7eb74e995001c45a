/*
 * analyze.c - the analysis stage: runs the tagger, the lemmatizer, the
 * named-entity tagger and the dependency parser over each sentence of a
 * document and stores their answers on the tokens.
 *
 * The models are loaded once per engine and only read afterwards, so
 * documents on different threads share them. Each model reads the token's
 * matching key (typographic quotes and dashes already mapped to ASCII, as
 * the treebanks write them). Per-sentence scratch memory comes from the
 * document's arena.
 */
#include "analyze.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lemma.h"
#include "ner.h"
#include "parse.h"
#include "tag.h"

#ifndef SITREP_MODEL_DIR
#define SITREP_MODEL_DIR "data/models"
#endif

static int file_exists(const char *path) {
  FILE *fp = fopen(path, "rb");
  if (!fp)
    return 0;
  fclose(fp);
  return 1;
}

sr_status sr__analyze_load(sr_engine *e, const char *dir, sr_error *err) {
  char path[4096];
  sr_status st;
  if (!dir)
    dir = getenv("SITREP_MODELS");
  if (!dir || !*dir)
    dir = SITREP_MODEL_DIR;
  snprintf(path, sizeof path, "%s/tagger.bin", dir);
  if (!file_exists(path))
    return sr__error(err, SR_EIO, SIZE_MAX, 0,
                     "%s: no tagger model; run 'make train' (or set "
                     "SITREP_MODELS to the folder that holds the models)",
                     path);
  st = sr__tagger_load(&e->alloc, path, &e->tagger, err);
  if (st != SR_OK)
    return st;
  snprintf(path, sizeof path, "%s/lemma.txt", dir);
  st = sr__lemma_load(&e->alloc, path, &e->lemmatizer, err);
  if (st != SR_OK)
    return st;
  snprintf(path, sizeof path, "%s/parser.bin", dir);
  if (!file_exists(path))
    return sr__error(err, SR_EIO, SIZE_MAX, 0,
                     "%s: no parser model; run 'make train'", path);
  st = sr__parser_load(&e->alloc, path, &e->parser, err);
  if (st != SR_OK)
    return st;
  snprintf(path, sizeof path, "%s/ner.bin", dir);
  if (file_exists(path))
    st = sr__ner_load(&e->alloc, path, &e->ner, err);
  return st;
}

void sr__analyze_unload(sr_engine *e) {
  sr__tagger_free(e->tagger);
  sr__lemma_free(e->lemmatizer);
  sr__parser_free(e->parser);
  sr__ner_free(e->ner);
  e->tagger = NULL;
  e->lemmatizer = NULL;
  e->parser = NULL;
  e->ner = NULL;
}

static sr_status analyze_sentence(sr_doc *d, const sr_sentence *s,
                                  sr_error *err) {
  const sr_engine *e = d->engine;
  size_t n = s->token_count, i, scratch_size;
  sr_token *tok = &d->tokens[s->first_token];
  struct sr_tag_word *words = sr__arena_alloc(&d->arena, n * sizeof *words);
  struct sr_ner_word *nwords = sr__arena_alloc(&d->arena, n * sizeof *nwords);
  uint8_t *upos = sr__arena_alloc(&d->arena, n);
  uint8_t *xpos = sr__arena_alloc(&d->arena, n);
  uint8_t *ne = sr__arena_alloc(&d->arena, n);
  const char **forms = sr__arena_alloc(&d->arena, n * sizeof *forms);
  const char **tags = sr__arena_alloc(&d->arena, n * sizeof *tags);
  int *heads = sr__arena_alloc(&d->arena, n * sizeof *heads);
  int *rels = sr__arena_alloc(&d->arena, n * sizeof *rels);
  void *scratch;
  sr_status st;
  if (!words || !nwords || !upos || !xpos || !ne || !forms || !tags || !heads ||
      !rels)
    goto nomem;
  for (i = 0; i < n; i++) {
    words[i].text = tok[i].norm;
    words[i].len = tok[i].norm_len;
    nwords[i].text = tok[i].norm;
    nwords[i].len = tok[i].norm_len;
    forms[i] = sr__doc_strdup(d, tok[i].norm, tok[i].norm_len);
    if (!forms[i])
      goto nomem;
  }
  scratch_size = sr__tagger_scratch_size(n);
  if (e->ner && sr__ner_scratch_size(n) > scratch_size)
    scratch_size = sr__ner_scratch_size(n);
  scratch = scratch_size ? sr__arena_alloc(&d->arena, scratch_size) : NULL;
  if (!scratch)
    goto nomem;
  st = sr__tagger_tag(e->tagger, words, n, scratch, scratch_size, upos, xpos,
                      err);
  if (st != SR_OK)
    return st;
  for (i = 0; i < n; i++) {
    tags[i] = sr__tagger_xpos_name(e->tagger, xpos[i]);
    nwords[i].xpos = tags[i];
  }
  memset(ne, 0, n);
  if (e->ner) {
    st = sr__ner_tag(e->ner, nwords, n, scratch, scratch_size, ne, err);
    if (st != SR_OK)
      return st;
  }
  st = sr__parser_parse(e->parser, &d->arena, n, forms, tags, heads, rels);
  if (st != SR_OK)
    return sr__error(err, st, SIZE_MAX, 0, "%s: parsing failed", d->id);
  for (i = 0; i < n; i++) {
    char lemma[256];
    size_t ll = sr__lemma_of(e->lemmatizer, tok[i].norm, tok[i].norm_len,
                             tags[i], lemma, sizeof lemma);
    tok[i].upos = sr__tagger_upos_name(e->tagger, upos[i]);
    tok[i].xpos = tags[i];
    tok[i].lemma = sr__doc_strdup(d, lemma, ll);
    tok[i].head = (size_t)heads[i];
    tok[i].deprel = sr__parser_rel_name(e->parser, rels[i]);
    tok[i].ner = sr__ner_tag_name(ne[i]);
    if (!tok[i].lemma)
      goto nomem;
  }
  return SR_OK;
nomem:
  return sr__error(err, SR_ENOMEM, SIZE_MAX, 0, "out of memory");
}

sr_status sr__analyze(sr_doc *d, sr_error *err) {
  size_t i;
  if (!d->engine->tagger || !d->engine->parser || !d->engine->lemmatizer)
    return sr__error(err, SR_EINVAL, SIZE_MAX, 0,
                     "analysis needs an engine opened with models "
                     "(sr_config.analyze)");
  for (i = 0; i < d->sentence_count; i++) {
    sr_status st = analyze_sentence(d, &d->sentences[i], err);
    if (st != SR_OK)
      return st;
  }
  d->analyzed = 1;
  return SR_OK;
}
