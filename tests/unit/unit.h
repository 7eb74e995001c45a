/*
 * unit.h - helpers shared by the cmocka unit tests in tests/unit/.
 *
 * Every test file includes this header first: it pulls in cmocka in the
 * order cmocka.h wants, the public API and the internal headers the tests
 * call into, and a few small helpers that would otherwise be copied into
 * every file: a counting (and, on demand, failing) allocator, a warning
 * collector, engine and document shortcuts, and token lookups. Everything
 * here is `static inline` so each test executable gets its own copy, no
 * helper is a link-time symbol, and an unused one draws no warning.
 */
#ifndef SR_UNIT_H
#define SR_UNIT_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

/* cmocka.h needs the four headers above first */
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"
#include "sitrep.h"

/* ---- known failures --------------------------------------------------------
 */

/* A test that fails because the library is wrong (not the test) is kept,
 * with a comment that starts KNOWN FAILURE and says what happens, and is
 * skipped with cmocka's skip() so the suite passes. Set
 * SR_UNIT_KNOWN_FAILURES=1 in the environment to run those tests anyway,
 * for instance to check a fix. */
#define SKIP_KNOWN_FAILURE()                                                   \
  do {                                                                         \
    if (!getenv("SR_UNIT_KNOWN_FAILURES"))                                     \
      skip();                                                                  \
  } while (0)

/* ---- a counting allocator that can fail ---------------------------------- */

/* Counts the library's calls into its allocator. Once `limit` allocations
 * have succeeded, every further allocation returns NULL (curl's
 * fail-after-N mode); SIZE_MAX means never fail. `fill`, when nonzero, is
 * written over every fresh block so tests can tell zeroed memory from
 * memory that merely happened to be zero. Requests over 1 GiB are refused
 * the way malloc refuses an impossible size, without asking malloc: under
 * AddressSanitizer an impossible malloc aborts instead of returning NULL. */
typedef struct counting_alloc {
  size_t allocs;   /* successful allocations */
  size_t failures; /* allocations refused because of the limit */
  size_t releases; /* release calls with a non-NULL pointer */
  size_t limit;    /* successful allocations allowed, or SIZE_MAX */
  unsigned char fill;
} counting_alloc;

static inline void *counting_alloc_fn(void *ctx, size_t size) {
  counting_alloc *c = ctx;
  void *p;
  if (c->allocs >= c->limit || size > ((size_t)1 << 30)) {
    c->failures++;
    return NULL;
  }
  p = malloc(size ? size : 1);
  if (!p)
    return NULL;
  if (c->fill)
    memset(p, c->fill, size);
  c->allocs++;
  return p;
}

static inline void counting_release_fn(void *ctx, void *p) {
  counting_alloc *c = ctx;
  if (!p)
    return;
  c->releases++;
  free(p);
}

static inline void counting_alloc_init(counting_alloc *c, sr_allocator *a) {
  memset(c, 0, sizeof *c);
  c->limit = SIZE_MAX;
  a->alloc = counting_alloc_fn;
  a->release = counting_release_fn;
  a->ctx = c;
}

/* ---- warnings -------------------------------------------------------------
 */

typedef struct warnings {
  size_t count;
  char last[SR_ERROR_SIZE];
} warnings;

static inline void collect_warning(void *user, const sr_error *w) {
  warnings *ws = user;
  ws->count++;
  snprintf(ws->last, sizeof ws->last, "%s", w->msg);
}

/* ---- engines and documents ------------------------------------------------
 */

/* Opens an engine with `cfg` (NULL: defaults) and fails the test if that
 * does not work. */
static inline sr_engine *open_engine(const sr_config *cfg) {
  sr_engine *e = NULL;
  sr_error err;
  sr_status st = sr_engine_open(cfg, &e, &err);
  if (st != SR_OK)
    fail_msg("sr_engine_open: %s", err.msg);
  assert_non_null(e);
  return e;
}

/* Parses a NUL-terminated string with the given format and raw flag and
 * fails the test unless that succeeds. */
static inline sr_doc *parse_str(const sr_engine *e, const char *s,
                                sr_format format, int raw) {
  sr_doc_options opt;
  sr_doc *d = NULL;
  sr_error err;
  sr_status st;
  memset(&opt, 0, sizeof opt);
  opt.format = format;
  opt.raw = raw;
  st = sr_doc_parse(e, s, strlen(s), &opt, &d, &err);
  if (st != SR_OK)
    fail_msg("sr_doc_parse: %s (%s)", sr_strerror(st), err.msg);
  assert_non_null(d);
  return d;
}

/* Parses raw body text (no metadata, no boilerplate removal). */
static inline sr_doc *parse_raw(const sr_engine *e, const char *s) {
  return parse_str(e, s, SR_FORMAT_TEXT, 1);
}

static inline int token_is(const sr_token *t, const char *form) {
  return t->form_len == strlen(form) && !memcmp(t->form, form, t->form_len);
}

/* The first token whose form is `form`, or NULL. */
static inline const sr_token *find_token(const sr_doc *d, const char *form) {
  size_t i;
  for (i = 0; i < sr_doc_token_count(d); i++)
    if (token_is(sr_doc_token(d, i), form))
      return sr_doc_token(d, i);
  return NULL;
}

/* Like find_token but fails the test when there is no such token. */
static inline const sr_token *need_token(const sr_doc *d, const char *form) {
  const sr_token *t = find_token(d, form);
  if (!t)
    fail_msg("no token \"%s\" in the document", form);
  return t;
}

/* Does any token contain `needle` in its form? */
static inline int any_token_contains(const sr_doc *d, const char *needle) {
  size_t i, m = strlen(needle);
  for (i = 0; i < sr_doc_token_count(d); i++) {
    const sr_token *t = sr_doc_token(d, i);
    size_t k;
    for (k = 0; k + m <= t->form_len; k++)
      if (!memcmp(t->form + k, needle, m))
        return 1;
  }
  return 0;
}

/* Asserts that the input bytes [t->start, t->end) are exactly `src`. */
static inline void assert_token_source(const sr_doc *d, const sr_token *t,
                                       const char *src) {
  size_t len;
  const char *in = sr_doc_input(d, &len);
  size_t m = strlen(src);
  assert_true(t->start <= t->end);
  assert_true(t->end <= len);
  if (t->end - t->start != m || memcmp(in + t->start, src, m))
    fail_msg("token \"%.*s\" points at \"%.*s\" [%zu,%zu), want \"%s\"",
             (int)t->form_len, t->form, (int)(t->end - t->start), in + t->start,
             t->start, t->end, src);
}

#endif
