/*
 * engine.c - wires the stages together and holds the public entry points
 * for engines and documents.
 *
 * sr_doc_parse() is the whole pipeline for one in-memory input:
 * ingest (metadata and body) -> text (clean, boilerplate) -> segment
 * (sentences, tokens). Sources (ingest.c) feed files through the same
 * path, via sr__doc_finish().
 */
#include "internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/parser.h>

#include "analyze.h"
#include "conllu_doc.h"
#include "ingest.h"
#include "segment.h"
#include "text.h"

const char *sr_version(void) { return SR_VERSION; }

sr_status sr_engine_open(const sr_config *cfg, sr_engine **out, sr_error *err) {
  sr_config defaults;
  sr_allocator alloc = *sr__malloc_allocator();
  sr_engine *e;
  if (!out)
    return sr__error(err, SR_EINVAL, SIZE_MAX, 0, "no output handle");
  *out = NULL;
  if (!cfg) {
    memset(&defaults, 0, sizeof defaults);
    cfg = &defaults;
  }
  if (cfg->alloc) {
    if (!cfg->alloc->alloc || !cfg->alloc->release)
      return sr__error(err, SR_EINVAL, SIZE_MAX, 0,
                       "allocator needs both alloc and release");
    alloc = *cfg->alloc;
  }
  e = alloc.alloc(alloc.ctx, sizeof *e);
  if (!e)
    return sr__error(err, SR_ENOMEM, SIZE_MAX, 0, "out of memory");
  memset(e, 0, sizeof *e);
  e->alloc = alloc;
  e->max_doc_bytes =
      cfg->max_doc_bytes ? cfg->max_doc_bytes : SR_DEFAULT_MAX_DOC_BYTES;
  if (e->max_doc_bytes > SR_MAX_DOC_BYTES)
    e->max_doc_bytes = SR_MAX_DOC_BYTES;
  e->max_sentence_tokens = cfg->max_sentence_tokens
                               ? cfg->max_sentence_tokens
                               : SR_DEFAULT_MAX_SENTENCE_TOKENS;
  e->warn = cfg->warn;
  e->warn_user = cfg->warn_user;
  /* libxml2 wants its globals set up once, before any thread parses. */
  xmlInitParser();
  if (cfg->analyze) {
    sr_status st = sr__analyze_load(e, cfg->model_dir, err);
    if (st != SR_OK) {
      sr_engine_close(e);
      return st;
    }
  }
  *out = e;
  return SR_OK;
}

void sr_engine_close(sr_engine *e) {
  if (!e)
    return;
  sr__analyze_unload(e);
  e->alloc.release(e->alloc.ctx, e);
}

sr_status sr__doc_new(const sr_engine *e, sr_doc **out, sr_error *err) {
  sr_arena arena;
  sr_doc *d;
  sr__arena_init(&arena, &e->alloc);
  *out = NULL;
  d = sr__arena_calloc(&arena, 1, sizeof *d);
  if (!d) {
    sr__arena_free(&arena);
    sr__error(err, SR_ENOMEM, SIZE_MAX, 0, "out of memory");
    return SR_ENOMEM;
  }
  d->arena = arena;
  d->engine = e;
  d->format = SR_FORMAT_TEXT;
  sr__offmap_init(&d->body_map, 0);
  sr__offmap_init(&d->clean_map, 0);
  *out = d;
  return SR_OK;
}

void sr_doc_free(sr_doc *d) {
  sr_arena arena;
  if (!d)
    return;
  arena = d->arena; /* the document lives inside its own arena */
  sr__arena_free(&arena);
}

char *sr__doc_strdup(sr_doc *d, const char *s, size_t n) {
  char *p = sr__arena_alloc(&d->arena, n + 1);
  if (!p)
    return NULL;
  if (n)
    memcpy(p, s, n);
  p[n] = '\0';
  return p;
}

sr_status sr__doc_set_meta(sr_doc *d, const char *key, size_t key_len,
                           const char *value, size_t value_len, int replace) {
  size_t i;
  char *k, *v;
  if (replace)
    for (i = 0; i < d->meta_count; i++)
      if (strlen(d->meta[i].key) == key_len &&
          !memcmp(d->meta[i].key, key, key_len)) {
        v = sr__doc_strdup(d, value, value_len);
        if (!v)
          return SR_ENOMEM;
        d->meta[i].value = v;
        return SR_OK;
      }
  if (d->meta_count == d->meta_cap) {
    size_t cap = d->meta_cap ? d->meta_cap * 2 : 8;
    struct sr_meta *m = sr__arena_grow(
        &d->arena, d->meta, d->meta_cap * sizeof *m, cap * sizeof *m);
    if (!m)
      return SR_ENOMEM;
    d->meta = m;
    d->meta_cap = cap;
  }
  k = sr__doc_strdup(d, key, key_len);
  v = sr__doc_strdup(d, value, value_len);
  if (!k || !v)
    return SR_ENOMEM;
  d->meta[d->meta_count].key = k;
  d->meta[d->meta_count].value = v;
  d->meta_count++;
  return SR_OK;
}

/* Applies command-line metadata, which wins over anything in the input. */
static sr_status apply_options(sr_doc *d, const sr_doc_options *opt,
                               sr_error *err) {
  static const char *const keys[] = {"title", "source", "url"};
  const char *values[3];
  size_t i;
  if (!opt)
    return SR_OK;
  if (opt->id) {
    d->id = sr__doc_strdup(d, opt->id, strlen(opt->id));
    if (!d->id)
      return sr__error(err, SR_ENOMEM, SIZE_MAX, 0, "out of memory");
  }
  if (opt->date) {
    if (!sr__parse_date(opt->date, strlen(opt->date), d->date))
      return sr__error(err, SR_EINVAL, SIZE_MAX, 0,
                       "--date '%s' is not a date (use YYYY-MM-DD)", opt->date);
    d->date_origin = "option";
  }
  values[0] = opt->title;
  values[1] = opt->source;
  values[2] = opt->url;
  for (i = 0; i < 3; i++)
    if (values[i] && sr__doc_set_meta(d, keys[i], strlen(keys[i]), values[i],
                                      strlen(values[i]), 1) != SR_OK)
      return sr__error(err, SR_ENOMEM, SIZE_MAX, 0, "out of memory");
  return SR_OK;
}

/* CoNLL-U input with trees and tags everywhere needs no analysis
 * (the coder reads nothing else). */
static int fully_given(const sr_doc *d) {
  size_t i;
  if (!d->given_tree)
    return 0;
  for (i = 0; i < d->token_count; i++)
    if (!d->tokens[i].upos)
      return 0;
  return 1;
}

sr_status sr__doc_finish(sr_doc *d, const sr_doc_options *opt, sr_error *err) {
  sr_status st = apply_options(d, opt, err);
  if (st != SR_OK)
    return st;
  if (!d->id) {
    d->id = sr__doc_strdup(d, "doc", 3);
    if (!d->id)
      return sr__error(err, SR_ENOMEM, SIZE_MAX, 0, "out of memory");
  }
  if (d->format == SR_FORMAT_CONLLU) {
    st = SR_OK; /* tokens and sentences are given (conllu_doc.c) */
  } else {
    st = sr__text_clean(d, err);
    if (st == SR_OK)
      st = sr__segment(d, err);
  }
  if (st == SR_OK && opt && opt->analyze && !fully_given(d))
    st = sr__analyze(d, err);
  return st;
}

sr_status sr_doc_parse(const sr_engine *e, const char *bytes, size_t len,
                       const sr_doc_options *opt, sr_doc **out, sr_error *err) {
  sr_doc *d;
  sr_status st;
  sr_format format;
  char why[64];
  if (!out)
    return sr__error(err, SR_EINVAL, SIZE_MAX, 0, "no output handle");
  *out = NULL;
  if (!e || (!bytes && len))
    return sr__error(err, SR_EINVAL, SIZE_MAX, 0, "no engine or no input");
  if (len > e->max_doc_bytes)
    return sr__error(err, SR_ELIMIT, SIZE_MAX, 0,
                     "document of %zu bytes is larger than the %zu-byte "
                     "limit",
                     len, e->max_doc_bytes);
  format = opt && opt->format ? opt->format : SR_FORMAT_AUTO;
  if (format == SR_FORMAT_AUTO)
    format = sr__sniff_format(NULL, bytes, len);
  if (format != SR_FORMAT_JSONL &&
      sr__looks_binary(bytes, len, why, sizeof why))
    return sr__error(err, SR_EFORMAT, 0, 0,
                     "looks like a binary file (%s); skipped", why);
  st = sr__doc_new(e, &d, err);
  if (st != SR_OK)
    return st;
  d->format = format;
  d->raw = opt && opt->raw;
  if (format == SR_FORMAT_JSONL) {
    st = sr__ingest_jsonl(d, bytes, len, err);
  } else {
    char *copy = sr__arena_alloc(&d->arena, len + 1);
    if (!copy) {
      st = sr__error(err, SR_ENOMEM, SIZE_MAX, 0, "out of memory");
    } else {
      if (len)
        memcpy(copy, bytes, len);
      copy[len] = '\0';
      d->input = copy;
      d->input_len = len;
      if (format == SR_FORMAT_HTML)
        st = sr__ingest_html(d, err);
      else if (format == SR_FORMAT_CONLLU)
        st = sr__ingest_conllu(d, copy, len, 1, err);
      else
        st = sr__ingest_text(d, err);
    }
  }
  if (st == SR_OK)
    st = sr__doc_finish(d, opt, err);
  if (st != SR_OK) {
    sr_doc_free(d);
    return st;
  }
  *out = d;
  return SR_OK;
}

/* ---- accessors ---------------------------------------------------------- */

const char *sr_doc_id(const sr_doc *d) { return d->id; }
const char *sr_doc_path(const sr_doc *d) { return d->path; }
size_t sr_doc_line(const sr_doc *d) { return d->line; }
sr_format sr_doc_format(const sr_doc *d) { return d->format; }
int sr_doc_has_tree(const sr_doc *d) { return d->given_tree; }

const char *sr_doc_date(const sr_doc *d) { return d->date[0] ? d->date : NULL; }

const char *sr_doc_date_origin(const sr_doc *d) {
  return d->date[0] ? d->date_origin : NULL;
}

const char *sr_doc_meta(const sr_doc *d, const char *key) {
  size_t i;
  for (i = 0; i < d->meta_count; i++)
    if (!strcmp(d->meta[i].key, key))
      return d->meta[i].value;
  return NULL;
}

size_t sr_doc_meta_count(const sr_doc *d) { return d->meta_count; }

void sr_doc_meta_at(const sr_doc *d, size_t i, const char **key,
                    const char **value) {
  *key = i < d->meta_count ? d->meta[i].key : NULL;
  *value = i < d->meta_count ? d->meta[i].value : NULL;
}

const char *sr_doc_input(const sr_doc *d, size_t *len) {
  if (len)
    *len = d->input_len;
  return d->input;
}

size_t sr_doc_sentence_count(const sr_doc *d) { return d->sentence_count; }

const sr_sentence *sr_doc_sentence(const sr_doc *d, size_t i) {
  return i < d->sentence_count ? &d->sentences[i] : NULL;
}

size_t sr_doc_token_count(const sr_doc *d) { return d->token_count; }

const sr_token *sr_doc_token(const sr_doc *d, size_t i) {
  return i < d->token_count ? &d->tokens[i] : NULL;
}

const char *sr_doc_sentence_text(const sr_doc *d, size_t i, size_t *len) {
  sr_doc *md = (sr_doc *)d; /* the cache is not visible state */
  const sr_sentence *s;
  const sr_token *first, *last;
  size_t n, k;
  char *text;
  if (i >= d->sentence_count)
    return NULL;
  if (!md->sentence_text) {
    md->sentence_text =
        sr__arena_calloc(&md->arena, d->sentence_count, sizeof(char *));
    if (!md->sentence_text)
      return NULL;
  }
  if (!md->sentence_text[i]) {
    s = &d->sentences[i];
    first = &d->tokens[s->first_token];
    last = &d->tokens[s->first_token + s->token_count - 1];
    n = (size_t)(last->form + last->form_len - first->form);
    text = sr__doc_strdup(md, first->form, n);
    if (!text)
      return NULL;
    for (k = 0; k < n; k++)
      if (text[k] == '\n' || text[k] == '\r' || text[k] == '\t')
        text[k] = ' ';
    md->sentence_text[i] = text;
  }
  if (len)
    *len = strlen(md->sentence_text[i]);
  return md->sentence_text[i];
}

size_t sr_doc_boilerplate_count(const sr_doc *d) { return d->boiler_count; }

const sr_boilerplate *sr_doc_boilerplate(const sr_doc *d, size_t i) {
  return i < d->boiler_count ? &d->boilerplate[i] : NULL;
}

const sr_doc_repairs *sr_doc_repairs_of(const sr_doc *d) { return &d->repairs; }

/* FNV-1a over the document id, then "|trigger offset|cameo|index": stable
 * across runs as long as the document and the coding do not change. */
const char *sr_doc_event_id(const sr_doc *d, size_t i, char *buf) {
  static const char hex[] = "0123456789abcdef";
  uint64_t h = 1469598103934665603ull;
  const sr_event *e = &d->events[i];
  char tail[64];
  const char *s;
  size_t k, n;
  for (s = d->id; *s; s++)
    h = (h ^ (unsigned char)*s) * 1099511628211ull;
  n = (size_t)snprintf(tail, sizeof tail, "|%zu|%s|%zu", e->trigger_start,
                       e->cameo, i);
  for (k = 0; k < n && k < sizeof tail; k++)
    h = (h ^ (unsigned char)tail[k]) * 1099511628211ull;
  for (k = 0; k < 16; k++)
    buf[k] = hex[(h >> (60 - 4 * k)) & 15];
  buf[16] = '\0';
  return buf;
}
