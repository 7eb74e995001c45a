/*
 * conllu.c - a strict CoNLL-U reader.
 *
 * Treebanks train the tagger and parser, and users may bring trees from
 * another parser, so a malformed file must fail loudly and precisely:
 * every problem is reported as NAME:LINE: what (a missing column, an ID out
 * of order, a head that is not a number or points outside the sentence, a
 * cycle, no root or two roots). Multiword-token ranges ("3-4 don't") and
 * empty nodes ("8.1") are not words: ranges lend their surface form to their
 * first word, empty nodes are skipped. Everything lives in one arena.
 */
#include "conllu.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_SENTENCE_WORDS 10000 /* EWT's longest is under 200 */

static char *dup_field(sr_arena *a, const char *s, size_t n) {
  char *p;
  if (n == 1 && s[0] == '_')
    n = 0;
  p = sr__arena_alloc(a, n + 1);
  if (!p)
    return NULL;
  memcpy(p, s, n);
  p[n] = '\0';
  return p;
}

/* Parses a decimal number in s[0..n); returns -1 if it is not one. */
static long parse_num(const char *s, size_t n) {
  long v = 0;
  size_t i;
  if (!n || n > 6)
    return -1;
  for (i = 0; i < n; i++) {
    if (s[i] < '0' || s[i] > '9')
      return -1;
    v = v * 10 + (s[i] - '0');
  }
  return v;
}

struct reader_state {
  struct sr_conllu *c;
  const char *name;
  struct sr_conllu_word *words; /* words of the sentence being read */
  size_t count, cap;
  size_t first_line;
  const char *sent_id, *text, *newdoc, *date, *pending_mwt;
  size_t mwt_last; /* last word id of the pending multiword token */
  int newpar;
};

static sr_status check_tree(struct reader_state *r, sr_error *err) {
  size_t i, roots = 0, given = 0;
  unsigned char *state;
  for (i = 0; i < r->count; i++)
    given += r->words[i].head >= 0;
  if (!given)
    return SR_OK; /* tokens only: no tree to check */
  if (given != r->count)
    return sr__error(err, SR_EPARSE, SIZE_MAX, r->first_line,
                     "%s:%zu: some words of the sentence have a head and "
                     "others have none",
                     r->name, r->first_line);
  for (i = 0; i < r->count; i++) {
    if ((size_t)r->words[i].head > r->count)
      return sr__error(err, SR_EPARSE, SIZE_MAX, r->first_line + i,
                       "%s:%zu: head %d of word %zu is outside the sentence "
                       "(%zu words)",
                       r->name, r->first_line + i, r->words[i].head, i + 1,
                       r->count);
    if ((size_t)r->words[i].head == i + 1)
      return sr__error(err, SR_EPARSE, SIZE_MAX, r->first_line + i,
                       "%s:%zu: word %zu is its own head", r->name,
                       r->first_line + i, i + 1);
    roots += r->words[i].head == 0;
  }
  if (roots != 1)
    return sr__error(err, SR_EPARSE, SIZE_MAX, r->first_line,
                     "%s:%zu: the sentence has %zu roots (head 0); a tree "
                     "has exactly one",
                     r->name, r->first_line, roots);
  /* cycles: follow heads from each word; 0 unvisited, 1 on path, 2 done */
  state = calloc(r->count + 1, 1);
  if (!state)
    return sr__error(err, SR_ENOMEM, SIZE_MAX, 0, "out of memory");
  for (i = 1; i <= r->count; i++) {
    size_t w = i, steps = 0;
    while (w && state[w] == 0 && steps <= r->count) {
      state[w] = 1;
      w = (size_t)r->words[w - 1].head;
      steps++;
    }
    if (w && state[w] == 1) {
      free(state);
      return sr__error(err, SR_EPARSE, SIZE_MAX, r->first_line + w - 1,
                       "%s:%zu: the heads form a cycle through word %zu",
                       r->name, r->first_line + w - 1, w);
    }
    for (w = i; w && state[w] == 1; w = (size_t)r->words[w - 1].head)
      state[w] = 2;
  }
  free(state);
  return SR_OK;
}

static sr_status end_sentence(struct reader_state *r, sr_error *err) {
  struct sr_conllu *c = r->c;
  struct sr_conllu_sentence *s;
  sr_status st;
  if (!r->count)
    return SR_OK;
  if (r->pending_mwt)
    return sr__error(err, SR_EPARSE, SIZE_MAX, r->first_line,
                     "%s:%zu: a multiword token runs past the end of its "
                     "sentence",
                     r->name, r->first_line);
  st = check_tree(r, err);
  if (st != SR_OK)
    return st;
  if (c->count == c->cap) {
    size_t cap = c->cap ? c->cap * 2 : 1024;
    struct sr_conllu_sentence *ns = sr__arena_grow(
        &c->arena, c->sentences, c->cap * sizeof *ns, cap * sizeof *ns);
    if (!ns)
      return sr__error(err, SR_ENOMEM, SIZE_MAX, 0, "out of memory");
    c->sentences = ns;
    c->cap = cap;
  }
  s = &c->sentences[c->count++];
  s->words = sr__arena_alloc(&c->arena, r->count * sizeof *s->words);
  if (!s->words)
    return sr__error(err, SR_ENOMEM, SIZE_MAX, 0, "out of memory");
  memcpy(s->words, r->words, r->count * sizeof *s->words);
  s->count = r->count;
  s->sent_id = r->sent_id;
  s->text = r->text;
  s->newdoc = r->newdoc;
  s->newpar = r->newpar;
  s->date = r->date;
  s->line = r->first_line;
  c->words += r->count;
  r->count = 0;
  r->sent_id = r->text = r->newdoc = r->date = NULL;
  r->newpar = 0;
  return SR_OK;
}

/* "# key = value": returns a copy of the value if the comment has `key`. */
static const char *comment_value(sr_arena *a, const char *line, size_t n,
                                 const char *key, int *matched) {
  size_t k = strlen(key), i = 1;
  while (i < n && line[i] == ' ')
    i++;
  if (n - i < k || memcmp(line + i, key, k))
    return NULL;
  i += k;
  while (i < n && line[i] == ' ')
    i++;
  if (i < n && line[i] == '=')
    i++;
  else if (i < n) /* "# newpar" alone is fine; "# newparx" is not it */
    return NULL;
  while (i < n && line[i] == ' ')
    i++;
  *matched = 1;
  return dup_field(a, line + i, n - i);
}

static sr_status word_line(struct reader_state *r, const char *line, size_t n,
                           size_t lineno, sr_error *err) {
  const char *col[10];
  size_t len[10], k = 0, i, start = 0;
  struct sr_conllu_word w;
  long id;
  sr_arena *a = &r->c->arena;
  for (i = 0; i <= n && k < 10; i++) {
    if (i == n || line[i] == '\t') {
      col[k] = line + start;
      len[k++] = i - start;
      start = i + 1;
    }
  }
  if (k < 10 || start <= n)
    return sr__error(err, SR_EPARSE, SIZE_MAX, lineno,
                     "%s:%zu: a word line has %s than 10 tab-separated "
                     "columns",
                     r->name, lineno, k < 10 ? "fewer" : "more");
  if (memchr(col[0], '.', len[0]))
    return SR_OK; /* empty node of an enhanced graph */
  if (memchr(col[0], '-', len[0])) {
    const char *dash = memchr(col[0], '-', len[0]);
    long a1 = parse_num(col[0], (size_t)(dash - col[0]));
    long a2 = parse_num(dash + 1, len[0] - (size_t)(dash - col[0]) - 1);
    if (a1 != (long)r->count + 1 || a2 <= a1)
      return sr__error(err, SR_EPARSE, SIZE_MAX, lineno,
                       "%s:%zu: bad multiword token range '%.*s'", r->name,
                       lineno, (int)len[0], col[0]);
    r->pending_mwt = dup_field(a, col[1], len[1]);
    r->mwt_last = (size_t)a2;
    if (!r->pending_mwt)
      return sr__error(err, SR_ENOMEM, SIZE_MAX, 0, "out of memory");
    return SR_OK;
  }
  id = parse_num(col[0], len[0]);
  if (id != (long)r->count + 1)
    return sr__error(err, SR_EPARSE, SIZE_MAX, lineno,
                     "%s:%zu: word ID '%.*s' where %zu was expected", r->name,
                     lineno, (int)(len[0] > 20 ? 20 : len[0]), col[0],
                     r->count + 1);
  if (r->count >= MAX_SENTENCE_WORDS)
    return sr__error(err, SR_ELIMIT, SIZE_MAX, lineno,
                     "%s:%zu: sentence longer than %d words", r->name, lineno,
                     MAX_SENTENCE_WORDS);
  if (!len[1])
    return sr__error(err, SR_EPARSE, SIZE_MAX, lineno,
                     "%s:%zu: empty FORM column", r->name, lineno);
  memset(&w, 0, sizeof w);
  w.form = dup_field(a, col[1], len[1]);
  w.lemma = dup_field(a, col[2], len[2]);
  w.upos = dup_field(a, col[3], len[3]);
  w.xpos = dup_field(a, col[4], len[4]);
  w.feats = dup_field(a, col[5], len[5]);
  w.deprel = dup_field(a, col[7], len[7]);
  w.misc = dup_field(a, col[9], len[9]);
  if (!w.form || !w.lemma || !w.upos || !w.xpos || !w.feats || !w.deprel ||
      !w.misc)
    return sr__error(err, SR_ENOMEM, SIZE_MAX, 0, "out of memory");
  if (len[6] == 1 && col[6][0] == '_') {
    w.head = -1;
  } else {
    long h = parse_num(col[6], len[6]);
    if (h < 0)
      return sr__error(err, SR_EPARSE, SIZE_MAX, lineno,
                       "%s:%zu: HEAD '%.*s' is not a number", r->name, lineno,
                       (int)(len[6] > 20 ? 20 : len[6]), col[6]);
    w.head = (int)h;
  }
  if (r->pending_mwt) {
    w.mwt_form = r->pending_mwt;
    r->pending_mwt = NULL;
  } else {
    w.mwt_form = NULL;
  }
  if (r->mwt_last && (size_t)id >= r->mwt_last)
    r->mwt_last = 0;
  if (r->count == r->cap) {
    size_t cap = r->cap ? r->cap * 2 : 64;
    struct sr_conllu_word *nw = realloc(r->words, cap * sizeof *nw);
    if (!nw)
      return sr__error(err, SR_ENOMEM, SIZE_MAX, 0, "out of memory");
    r->words = nw;
    r->cap = cap;
  }
  if (!r->count)
    r->first_line = lineno;
  r->words[r->count++] = w;
  return SR_OK;
}

void sr__conllu_free(struct sr_conllu *c) {
  sr_arena a;
  if (!c)
    return;
  a = c->arena;
  sr__arena_free(&a);
}

sr_status sr__conllu_parse(const sr_allocator *alloc, const char *name,
                           const char *bytes, size_t len,
                           struct sr_conllu **out, sr_error *err) {
  return sr__conllu_parse_lines(alloc, name, 1, bytes, len, out, err);
}

sr_status sr__conllu_parse_lines(const sr_allocator *alloc, const char *name,
                                 size_t first_line, const char *bytes,
                                 size_t len, struct sr_conllu **out,
                                 sr_error *err) {
  struct reader_state r;
  sr_arena arena;
  struct sr_conllu *c;
  size_t pos = 0, lineno = first_line ? first_line - 1 : 0;
  sr_status st = SR_OK;
  *out = NULL;
  sr__arena_init(&arena, alloc);
  c = sr__arena_calloc(&arena, 1, sizeof *c);
  if (!c) {
    sr__arena_free(&arena);
    return sr__error(err, SR_ENOMEM, SIZE_MAX, 0, "out of memory");
  }
  c->arena = arena;
  memset(&r, 0, sizeof r);
  r.c = c;
  r.name = name ? name : "(conllu)";
  while (pos < len && st == SR_OK) {
    const char *line = bytes + pos, *nl = memchr(line, '\n', len - pos);
    size_t n = nl ? (size_t)(nl - line) : len - pos;
    pos += n + (nl ? 1 : 0);
    lineno++;
    if (n && line[n - 1] == '\r')
      n--;
    if (memchr(line, '\0', n)) {
      st = sr__error(err, SR_EPARSE, SIZE_MAX, lineno,
                     "%s:%zu: NUL byte in a CoNLL-U line", r.name, lineno);
      break;
    }
    if (!n) {
      st = end_sentence(&r, err);
      continue;
    }
    if (line[0] == '#') {
      int m = 0;
      const char *v;
      if (r.count) { /* comments belong before the words */
        st = sr__error(err, SR_EPARSE, SIZE_MAX, lineno,
                       "%s:%zu: comment inside a sentence (a blank line must "
                       "end the sentence first)",
                       r.name, lineno);
        break;
      }
      if ((v = comment_value(&c->arena, line, n, "sent_id", &m)) || m)
        r.sent_id = v;
      else if ((v = comment_value(&c->arena, line, n, "text", &m)) || m)
        r.text = v;
      else if ((v = comment_value(&c->arena, line, n, "newdoc id", &m)) || m)
        r.newdoc = v;
      else if ((v = comment_value(&c->arena, line, n, "date", &m)) || m)
        r.date = v;
      else if (comment_value(&c->arena, line, n, "newpar", &m) || m)
        r.newpar = 1;
      continue;
    }
    st = word_line(&r, line, n, lineno, err);
  }
  if (st == SR_OK)
    st = end_sentence(&r, err);
  free(r.words);
  if (st != SR_OK) {
    sr__conllu_free(c);
    return st;
  }
  *out = c;
  return SR_OK;
}

sr_status sr__conllu_read_file(const sr_allocator *alloc, const char *path,
                               struct sr_conllu **out, sr_error *err) {
  char *buf;
  size_t len;
  sr_status st = sr__read_file(path, SIZE_MAX / 2, &buf, &len, err);
  *out = NULL;
  if (st != SR_OK)
    return st;
  st = sr__conllu_parse(alloc, path, buf, len, out, err);
  free(buf);
  return st;
}
