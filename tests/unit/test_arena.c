/*
 * test_arena.c - the per-document arena and allocation failure.
 *
 * Everything a document owns comes from its arena (arena.h, STYLE.md
 * section 4), and the arena's chunks come from the engine's pluggable
 * allocator. These tests pin the arena's contract (16-byte alignment, a
 * unique pointer for size 0, zeroing and overflow checks in calloc, grow in
 * place or by copy with the contents kept, many allocations across chunk
 * boundaries) and then use a counting allocator that refuses every
 * allocation after the Nth, as curl's `runtests.pl -t` does: for every N
 * from 0 to the number of allocations an operation needs, the operation
 * must return SR_OK or SR_ENOMEM, never crash, and give back every block
 * it took.
 */
#include "unit.h"

#include "arena.h"

#define FIRST_CHUNK ((size_t)16 << 10) /* ARENA_FIRST_CHUNK in arena.c */

/* ---- fixtures ---------------------------------------------------------------
 */

typedef struct arena_fixture {
  counting_alloc count;
  sr_allocator alloc;
  sr_arena arena;
} arena_fixture;

static int arena_setup(void **state) {
  arena_fixture *f = calloc(1, sizeof *f);
  if (!f)
    return -1;
  counting_alloc_init(&f->count, &f->alloc);
  sr__arena_init(&f->arena, &f->alloc);
  *state = f;
  return 0;
}

static int arena_teardown(void **state) {
  arena_fixture *f = *state;
  sr__arena_free(&f->arena);
  free(f);
  return 0;
}

/* ---- the arena contract
 * ------------------------------------------------------ */

static void test_alloc_is_16_byte_aligned(void **state) {
  arena_fixture *f = *state;
  static const size_t sizes[] = {1,  2,  3,   7,    8,    15,   16,    17,
                                 31, 33, 100, 1000, 4095, 5000, 20000, 1};
  size_t i;
  for (i = 0; i < sizeof sizes / sizeof *sizes; i++) {
    unsigned char *p = sr__arena_alloc(&f->arena, sizes[i]);
    assert_non_null(p);
    assert_int_equal((uintptr_t)p % 16, 0);
    memset(p, 0x5A, sizes[i]); /* the whole block is usable */
  }
}

static void test_zero_size_alloc_returns_unique_pointers(void **state) {
  arena_fixture *f = *state;
  void *a = sr__arena_alloc(&f->arena, 0);
  void *b = sr__arena_alloc(&f->arena, 0);
  void *c = sr__arena_calloc(&f->arena, 0, 8);
  void *d = sr__arena_calloc(&f->arena, 8, 0);
  assert_non_null(a);
  assert_non_null(b);
  assert_non_null(c);
  assert_non_null(d);
  assert_ptr_not_equal(a, b);
  assert_ptr_not_equal(b, c);
  assert_ptr_not_equal(c, d);
}

static void test_calloc_zeroes_memory_the_allocator_dirtied(void **state) {
  arena_fixture *f = *state;
  unsigned char *p;
  size_t i;
  f->count.fill = 0xAA; /* every chunk arrives full of 0xAA */
  p = sr__arena_calloc(&f->arena, 100, 24);
  assert_non_null(p);
  for (i = 0; i < 100 * 24; i++)
    assert_int_equal(p[i], 0);
  /* and in a chunk of its own, for a request larger than any chunk */
  p = sr__arena_calloc(&f->arena, 1, FIRST_CHUNK * 8);
  assert_non_null(p);
  for (i = 0; i < FIRST_CHUNK * 8; i++)
    if (p[i])
      fail_msg("byte %zu of a large calloc is %d", i, p[i]);
}

static void test_calloc_rejects_overflowing_product(void **state) {
  arena_fixture *f = *state;
  assert_null(sr__arena_calloc(&f->arena, SIZE_MAX / 2 + 1, 2));
  assert_null(sr__arena_calloc(&f->arena, 2, SIZE_MAX / 2 + 1));
  assert_null(sr__arena_calloc(&f->arena, SIZE_MAX, SIZE_MAX));
  assert_null(sr__arena_calloc(&f->arena, (SIZE_MAX >> 4) + 1, 16));
  /* nothing was asked of the allocator for any of them */
  assert_int_equal(f->count.allocs, 0);
  /* the arena still works afterwards */
  assert_non_null(sr__arena_calloc(&f->arena, 4, 4));
}

static void test_alloc_rejects_sizes_near_size_max(void **state) {
  arena_fixture *f = *state;
  assert_null(sr__arena_alloc(&f->arena, SIZE_MAX));
  assert_null(sr__arena_alloc(&f->arena, SIZE_MAX - 15));
  assert_null(sr__arena_alloc(&f->arena, SIZE_MAX - 16));
  assert_null(sr__arena_alloc(&f->arena, SIZE_MAX / 2));
  assert_non_null(sr__arena_alloc(&f->arena, 1));
}

static void test_grow_last_block_in_place_keeps_contents(void **state) {
  arena_fixture *f = *state;
  unsigned char *p = sr__arena_alloc(&f->arena, 32), *q;
  size_t i;
  assert_non_null(p);
  for (i = 0; i < 32; i++)
    p[i] = (unsigned char)i;
  q = sr__arena_grow(&f->arena, p, 32, 200);
  assert_ptr_equal(q, p); /* the last allocation, with room behind it */
  for (i = 0; i < 32; i++)
    assert_int_equal(q[i], i);
  memset(q + 32, 0xEE, 168);
  /* the next allocation starts after the grown block */
  p = sr__arena_alloc(&f->arena, 16);
  assert_non_null(p);
  assert_true(p >= q + 200 || p + 16 <= q);
}

static void test_grow_older_block_copies_contents(void **state) {
  arena_fixture *f = *state;
  unsigned char *p = sr__arena_alloc(&f->arena, 48), *other, *q;
  size_t i;
  assert_non_null(p);
  for (i = 0; i < 48; i++)
    p[i] = (unsigned char)(i * 3);
  other = sr__arena_alloc(&f->arena, 16); /* p is no longer the last */
  assert_non_null(other);
  memset(other, 0x11, 16);
  q = sr__arena_grow(&f->arena, p, 48, 4096);
  assert_non_null(q);
  assert_ptr_not_equal(q, p);
  for (i = 0; i < 48; i++)
    assert_int_equal(q[i], (unsigned char)(i * 3));
  for (i = 0; i < 16; i++) /* the neighbour was not overwritten */
    assert_int_equal(other[i], 0x11);
}

static void test_grow_past_the_chunk_copies_into_a_new_chunk(void **state) {
  arena_fixture *f = *state;
  unsigned char *p = sr__arena_alloc(&f->arena, FIRST_CHUNK / 2), *q;
  size_t i, before;
  assert_non_null(p);
  for (i = 0; i < FIRST_CHUNK / 2; i++)
    p[i] = (unsigned char)(i % 251);
  before = f->count.allocs;
  q = sr__arena_grow(&f->arena, p, FIRST_CHUNK / 2, FIRST_CHUNK * 3);
  assert_non_null(q);
  assert_ptr_not_equal(q, p);
  assert_true(f->count.allocs > before);
  for (i = 0; i < FIRST_CHUNK / 2; i++)
    if (q[i] != (unsigned char)(i % 251))
      fail_msg("byte %zu lost when growing across chunks", i);
}

static void test_grow_from_null_and_shrink(void **state) {
  arena_fixture *f = *state;
  unsigned char *p = sr__arena_grow(&f->arena, NULL, 0, 40), *q;
  assert_non_null(p);
  assert_int_equal((uintptr_t)p % 16, 0);
  memset(p, 7, 40);
  q = sr__arena_grow(&f->arena, p, 40, 10); /* shrinking keeps the block */
  assert_ptr_equal(q, p);
  assert_int_equal(q[9], 7);
}

static void test_grow_to_size_max_fails_and_keeps_block(void **state) {
  arena_fixture *f = *state;
  unsigned char *p = sr__arena_alloc(&f->arena, 16);
  assert_non_null(p);
  memset(p, 0x42, 16);
  assert_null(sr__arena_grow(&f->arena, p, 16, SIZE_MAX));
  assert_null(sr__arena_grow(&f->arena, p, 16, SIZE_MAX - 8));
  assert_int_equal(p[0], 0x42);
  assert_int_equal(p[15], 0x42);
}

static void test_many_allocations_across_chunks_stay_intact(void **state) {
  arena_fixture *f = *state;
  enum { COUNT = 20000 };
  unsigned char **blocks = calloc(COUNT, sizeof *blocks);
  size_t *sizes = calloc(COUNT, sizeof *sizes);
  size_t i, j, sum = 0;
  assert_non_null(blocks);
  assert_non_null(sizes);
  for (i = 0; i < COUNT; i++) {
    sizes[i] = 1 + (i * 7919) % 300; /* 1..300 bytes, irregular */
    if (i % 1000 == 999)
      sizes[i] = FIRST_CHUNK + i; /* now and then a block of its own */
    blocks[i] = sr__arena_alloc(&f->arena, sizes[i]);
    assert_non_null(blocks[i]);
    assert_int_equal((uintptr_t)blocks[i] % 16, 0);
    memset(blocks[i], (int)(i & 0xFF), sizes[i]);
    sum += sizes[i];
  }
  for (i = 0; i < COUNT; i++)
    for (j = 0; j < sizes[i]; j++)
      if (blocks[i][j] != (unsigned char)(i & 0xFF))
        fail_msg("block %zu byte %zu was overwritten", i, j);
  /* several chunks, but far fewer than allocations (they double) */
  assert_true(f->count.allocs > 3);
  assert_true(f->count.allocs < 100);
  assert_true(f->arena.total >= sum);
  sr__arena_free(&f->arena);
  assert_int_equal(f->count.releases, f->count.allocs);
  assert_int_equal(f->arena.total, 0);
  free(blocks);
  free(sizes);
}

static void test_free_releases_every_chunk_and_arena_is_reusable(void **state) {
  arena_fixture *f = *state;
  size_t i;
  for (i = 0; i < 50; i++)
    assert_non_null(sr__arena_alloc(&f->arena, 3000));
  sr__arena_free(&f->arena);
  assert_int_equal(f->count.releases, f->count.allocs);
  sr__arena_free(&f->arena); /* twice is harmless */
  assert_int_equal(f->count.releases, f->count.allocs);
  sr__arena_init(&f->arena, &f->alloc);
  assert_non_null(sr__arena_alloc(&f->arena, 10));
}

/* ---- the arena when its allocator fails ------------------------------------
 */

static void test_alloc_returns_null_when_allocator_fails(void **state) {
  arena_fixture *f = *state;
  unsigned char *p;
  f->count.limit = 0;
  assert_null(sr__arena_alloc(&f->arena, 10));
  assert_null(sr__arena_calloc(&f->arena, 2, 10));
  assert_null(sr__arena_grow(&f->arena, NULL, 0, 10));
  assert_true(f->count.failures >= 3);

  f->count.limit = 1; /* one chunk, then nothing */
  p = sr__arena_alloc(&f->arena, 64);
  assert_non_null(p);
  memset(p, 0x33, 64);
  assert_non_null(sr__arena_alloc(&f->arena, 64)); /* fits the chunk */
  assert_null(sr__arena_alloc(&f->arena, FIRST_CHUNK * 4));
  /* a failed grow leaves the block valid */
  assert_null(sr__arena_grow(&f->arena, p, 64, FIRST_CHUNK * 4));
  assert_int_equal(p[0], 0x33);
  assert_int_equal(p[63], 0x33);
}

/* ---- fail the Nth allocation of whole operations ----------------------------
 */

/* What an operation produced, to compare a run under a failing allocator
 * with an unconstrained one. */
typedef struct outcome {
  sr_status status; /* SR_OK or the first error */
  size_t docs, tokens, sentences, meta, boilerplate;
  size_t parse_errors; /* SR_EPARSE records (the input holds one) */
  char id[64], date[11], title[64];
} outcome;

static int outcome_equal(const outcome *a, const outcome *b) {
  return a->status == b->status && a->docs == b->docs &&
         a->tokens == b->tokens && a->sentences == b->sentences &&
         a->meta == b->meta && a->boilerplate == b->boilerplate &&
         a->parse_errors == b->parse_errors && !strcmp(a->id, b->id) &&
         !strcmp(a->date, b->date) && !strcmp(a->title, b->title);
}

typedef void (*operation)(const sr_engine *e, const void *arg, outcome *out);

static void record_doc(const sr_doc *d, outcome *out) {
  const char *t = sr_doc_meta(d, "title");
  out->docs++;
  out->tokens += sr_doc_token_count(d);
  out->sentences += sr_doc_sentence_count(d);
  out->meta += sr_doc_meta_count(d);
  out->boilerplate += sr_doc_boilerplate_count(d);
  snprintf(out->id, sizeof out->id, "%s", sr_doc_id(d));
  snprintf(out->date, sizeof out->date, "%s",
           sr_doc_date(d) ? sr_doc_date(d) : "");
  snprintf(out->title, sizeof out->title, "%s", t ? t : "");
}

typedef struct parse_case {
  const char *bytes;
  size_t len;
  sr_format format;
  int go_on_after_enomem; /* sources: keep calling after SR_ENOMEM */
} parse_case;

static void op_doc_parse(const sr_engine *e, const void *arg, outcome *out) {
  const parse_case *pc = arg;
  sr_doc_options opt;
  sr_doc *d = NULL;
  sr_error err;
  memset(&opt, 0, sizeof opt);
  opt.format = pc->format;
  memset(&err, 0, sizeof err);
  out->status = sr_doc_parse(e, pc->bytes, pc->len, &opt, &d, &err);
  if (out->status == SR_OK) {
    assert_non_null(d);
    record_doc(d, out);
    sr_doc_free(d);
  } else {
    assert_null(d);
    assert_int_equal(err.code, out->status);
  }
}

/* Reads every record of a JSONL source in memory; the status is the first
 * error other than the malformed line the input holds on purpose. Like the
 * CLI, it stops at SR_ENOMEM unless the case says to go on. */
static void op_jsonl_source(const sr_engine *e, const void *arg, outcome *out) {
  const parse_case *pc = arg;
  sr_source *src = NULL;
  sr_error err;
  sr_status st;
  int calls = 0;
  out->status = SR_OK;
  st = sr_source_open_memory(e, "feed.jsonl", pc->bytes, pc->len, NULL, &src,
                             &err);
  if (st != SR_OK) {
    assert_null(src);
    out->status = st;
    return;
  }
  for (;;) {
    sr_doc *d = NULL;
    st = sr_source_next(src, &d, &err);
    if (++calls > 50)
      fail_msg("sr_source_next does not come to an end");
    if (st == SR_OK && !d)
      break;
    if (st == SR_OK) {
      record_doc(d, out);
      sr_doc_free(d);
    } else if (st == SR_EPARSE) {
      out->parse_errors++;
    } else {
      if (out->status == SR_OK)
        out->status = st;
      if (st == SR_ENOMEM && !pc->go_on_after_enomem)
        break;
    }
  }
  sr_source_close(src);
}

/* Runs `op` once unconstrained to learn how many allocations it needs,
 * then again with the allocator failing after N allocations for every N
 * up to that count. Every run must return SR_OK or SR_ENOMEM and release
 * every block it allocated. With `strict`, a run that hit a refused
 * allocation must report SR_ENOMEM or produce exactly what the
 * unconstrained run produced: nothing may be dropped silently. */
static void fail_every_nth_allocation(operation op, const void *arg,
                                      int strict) {
  counting_alloc count;
  sr_allocator alloc;
  sr_config cfg;
  sr_engine *e;
  outcome base, got;
  size_t need, n, start;

  memset(&cfg, 0, sizeof cfg);
  cfg.alloc = &alloc;
  counting_alloc_init(&count, &alloc);
  e = open_engine(&cfg);
  start = count.allocs;
  memset(&base, 0, sizeof base);
  op(e, arg, &base);
  need = count.allocs - start;
  sr_engine_close(e);
  assert_int_equal(base.status, SR_OK);
  assert_true(need > 0);
  assert_int_equal(count.releases, count.allocs);

  for (n = 0; n <= need; n++) {
    counting_alloc_init(&count, &alloc);
    e = open_engine(&cfg);
    count.limit = count.allocs + n;
    memset(&got, 0, sizeof got);
    op(e, arg, &got);
    count.limit = SIZE_MAX;
    sr_engine_close(e);
    if (got.status != SR_OK && got.status != SR_ENOMEM)
      fail_msg("allocation %zu of %zu refused: status %s", n + 1, need,
               sr_strerror(got.status));
    if (n == 0 && got.status != SR_ENOMEM)
      fail_msg("no allocation granted, yet status %s", sr_strerror(got.status));
    if (count.releases != count.allocs)
      fail_msg("allocation %zu of %zu refused: %zu blocks allocated, %zu "
               "released",
               n + 1, need, count.allocs, count.releases);
    if (n == need && (got.status != SR_OK || !outcome_equal(&got, &base)))
      fail_msg("with every allocation granted the result differs");
    if (strict && count.failures && got.status == SR_OK &&
        !outcome_equal(&got, &base))
      fail_msg("allocation %zu of %zu refused, yet SR_OK with a different "
               "result (%zu tokens vs %zu, %zu meta vs %zu, title '%s' vs "
               "'%s', id '%s' vs '%s')",
               n + 1, need, got.tokens, base.tokens, got.meta, base.meta,
               got.title, base.title, got.id, base.id);
  }
}

/* A small article that takes every path of the text stage: a header block,
 * a boilerplate line, a soft hyphen, a decomposed accent, an invalid byte. */
static const char small_article[] =
    "Date: 2023-06-24\n"
    "Title: Wagner fighters enter Rostov\n"
    "Source: Example News\n"
    "\n"
    "Wagner fighters entered Rostov-on-Don on Saturday. Residents of the "
    "cafe\xCC\x81 district stayed indoors.\n"
    "Advertisement\n"
    "Prigo\xC2\xADzhin said the U.S. had \"no role\" \xFF in the mutiny.\n";

static const char small_page[] =
    "<!DOCTYPE html><html><head><title>Talks in Istanbul</title>"
    "<meta property=\"article:published_time\" content=\"2022-03-29\">"
    "<meta property=\"og:site_name\" content=\"Example News\">"
    "</head><body><nav>Home</nav><article><p>Delegations met in Istanbul "
    "&amp; talked for hours.</p><p>No deal was reached.</p></article>"
    "</body></html>";

static const char small_feed[] =
    "{\"id\":\"r1\",\"text\":\"Shelling hit Kharkiv on Monday.\","
    "\"date\":\"2023-01-02\",\"title\":\"Kharkiv\"}\n"
    "{not json}\n"
    "{\"id\":\"r3\",\"body\":\"Talks resumed in Geneva. Both sides "
    "attended.\",\"published\":\"2023-01-03\"}\n";

static void test_engine_open_fails_cleanly_without_memory(void **state) {
  counting_alloc count;
  sr_allocator alloc;
  sr_config cfg;
  sr_engine *e = (sr_engine *)&cfg; /* must be overwritten with NULL */
  sr_error err;
  (void)state;
  memset(&cfg, 0, sizeof cfg);
  cfg.alloc = &alloc;
  counting_alloc_init(&count, &alloc);
  count.limit = 0;
  assert_int_equal(sr_engine_open(&cfg, &e, &err), SR_ENOMEM);
  assert_null(e);
  assert_int_equal(err.code, SR_ENOMEM);
  assert_int_equal(count.allocs, 0);
}

static void test_fail_nth_doc_parse_small_article(void **state) {
  parse_case pc = {small_article, sizeof small_article - 1, SR_FORMAT_AUTO, 0};
  (void)state;
  fail_every_nth_allocation(op_doc_parse, &pc, 0);
}

/* ~90 KB of copies of small_article: the arena goes through several
 * chunks, the offset maps and token arrays through several grows. The
 * caller frees it. */
static char *make_large_article(size_t *len) {
  size_t one = sizeof small_article - 1, copies = 600, i;
  char *big = malloc(one * copies + 1);
  assert_non_null(big);
  for (i = 0; i < copies; i++)
    memcpy(big + i * one, small_article, one);
  big[one * copies] = '\0';
  *len = one * copies;
  return big;
}

static void test_fail_nth_doc_parse_large_article(void **state) {
  parse_case pc = {NULL, 0, SR_FORMAT_TEXT, 0};
  char *big = make_large_article(&pc.len);
  (void)state;
  pc.bytes = big;
  fail_every_nth_allocation(op_doc_parse, &pc, 0);
  free(big);
}

static void test_fail_nth_doc_parse_html(void **state) {
  parse_case pc = {small_page, sizeof small_page - 1, SR_FORMAT_HTML, 0};
  (void)state;
  fail_every_nth_allocation(op_doc_parse, &pc, 0);
}

static void test_fail_nth_doc_parse_jsonl_record(void **state) {
  static const char rec[] =
      "{\"id\":\"x9\",\"text\":\"Prigo\xC2\xADzhin spoke.\",\"date\":"
      "\"2023-06-24\",\"lang\":\"en\",\"tags\":[\"a\",\"b\"]}";
  parse_case pc = {rec, sizeof rec - 1, SR_FORMAT_JSONL, 0};
  (void)state;
  fail_every_nth_allocation(op_doc_parse, &pc, 0);
}

static void test_fail_nth_jsonl_source(void **state) {
  parse_case pc = {small_feed, sizeof small_feed - 1, SR_FORMAT_JSONL, 0};
  (void)state;
  fail_every_nth_allocation(op_jsonl_source, &pc, 0);
}

/* sitrep.h: on any status other than SR_OK "the bad record ... has been
 * skipped ... and the caller may call again to go on with the rest". So a
 * caller that goes on after SR_ENOMEM must still reach the end of the
 * source, even when memory stays exhausted. */
static void
test_fail_nth_jsonl_source_going_on_after_enomem_ends(void **state) {
  parse_case pc = {small_feed, sizeof small_feed - 1, SR_FORMAT_JSONL, 1};
  (void)state;
  /* Regression (fixed in issue #2 work): when the allocation of the JSONL line
   * buffer fails (read_line -> line_reserve in ingest.c), sr_source_next
   * returns SR_ENOMEM without consuming the line, so every further call fails
   * the same way and the source never ends (with 6 allocations granted after
   * the engine, the calls return SR_ENOMEM forever). The CLI stops at the
   * first SR_ENOMEM, so it is not affected. Remove the skip when fixed. */
  fail_every_nth_allocation(op_jsonl_source, &pc, 0);
}

/* The same runs, strict: a refused allocation must never turn into a
 * document that silently lacks part of its data. */
static void test_fail_nth_never_yields_incomplete_text_doc(void **state) {
  parse_case pc = {NULL, 0, SR_FORMAT_TEXT, 0};
  char *big = make_large_article(&pc.len);
  (void)state;
  pc.bytes = big;
  fail_every_nth_allocation(op_doc_parse, &pc, 1);
  free(big);
}

static void test_fail_nth_never_yields_incomplete_html_doc(void **state) {
  /* A page whose <title> is long enough that storing it needs a chunk of
   * its own: the arena then asks for memory while the metadata is read,
   * not only while the body is built. */
  static const char head[] = "<!DOCTYPE html><html><head><title>";
  static const char tail[] =
      "</title><meta property=\"og:site_name\" content=\"Example News\">"
      "</head><body><article><p>Delegations met in Istanbul &amp; talked "
      "for hours.</p></article></body></html>";
  size_t title_len = 20000, n = 0;
  char *page;
  parse_case pc;
  (void)state;
  /* Regression (fixed in issue #2 work): meta_from_head() in html.c ignores the
   * status of sr__doc_set_meta(). With 2 allocations granted after the engine
   * (the first chunk and the copy of the page), storing the 20,000-byte title
   * fails, and sr_doc_parse returns SR_OK with no "title" metadata instead
   * of SR_ENOMEM. Remove the skip when fixed. */
  page = malloc(sizeof head + title_len + sizeof tail);
  assert_non_null(page);
  memcpy(page, head, sizeof head - 1);
  n = sizeof head - 1;
  memset(page + n, 'T', title_len);
  n += title_len;
  memcpy(page + n, tail, sizeof tail);
  n += sizeof tail - 1;
  pc.bytes = page;
  pc.len = n;
  pc.format = SR_FORMAT_HTML;
  pc.go_on_after_enomem = 0;
  fail_every_nth_allocation(op_doc_parse, &pc, 1);
  free(page);
}

static void test_fail_nth_never_yields_incomplete_jsonl_doc(void **state) {
  /* An id long enough that its second copy (the document id, after the
   * metadata entry) needs a chunk of its own. */
  static const char head[] = "{\"text\":\"Talks resumed in Geneva.\",\"id\":\"";
  size_t id_len = 10000, n;
  char *rec;
  parse_case pc;
  (void)state;
  /* Regression (fixed in issue #2 work): sr__ingest_jsonl() in ingest.c sets
   * `d->id = v ? sr__doc_strdup(...) : NULL` and does not check the copy.
   * With 1 allocation granted after the engine, the copy of the 10,000-byte
   * id fails, sr__doc_finish() then names the document "doc", and
   * sr_doc_parse returns SR_OK with the wrong id instead of SR_ENOMEM (a
   * source would name it "NAME:LINE"). Remove the skip when fixed. */
  rec = malloc(sizeof head + id_len + 8);
  assert_non_null(rec);
  memcpy(rec, head, sizeof head - 1);
  n = sizeof head - 1;
  memset(rec + n, 'I', id_len);
  n += id_len;
  memcpy(rec + n, "\"}", 3);
  n += 2;
  pc.bytes = rec;
  pc.len = n;
  pc.format = SR_FORMAT_JSONL;
  pc.go_on_after_enomem = 0;
  fail_every_nth_allocation(op_doc_parse, &pc, 1);
  free(rec);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test_setup_teardown(test_alloc_is_16_byte_aligned,
                                      arena_setup, arena_teardown),
      cmocka_unit_test_setup_teardown(
          test_zero_size_alloc_returns_unique_pointers, arena_setup,
          arena_teardown),
      cmocka_unit_test_setup_teardown(
          test_calloc_zeroes_memory_the_allocator_dirtied, arena_setup,
          arena_teardown),
      cmocka_unit_test_setup_teardown(test_calloc_rejects_overflowing_product,
                                      arena_setup, arena_teardown),
      cmocka_unit_test_setup_teardown(test_alloc_rejects_sizes_near_size_max,
                                      arena_setup, arena_teardown),
      cmocka_unit_test_setup_teardown(
          test_grow_last_block_in_place_keeps_contents, arena_setup,
          arena_teardown),
      cmocka_unit_test_setup_teardown(test_grow_older_block_copies_contents,
                                      arena_setup, arena_teardown),
      cmocka_unit_test_setup_teardown(
          test_grow_past_the_chunk_copies_into_a_new_chunk, arena_setup,
          arena_teardown),
      cmocka_unit_test_setup_teardown(test_grow_from_null_and_shrink,
                                      arena_setup, arena_teardown),
      cmocka_unit_test_setup_teardown(
          test_grow_to_size_max_fails_and_keeps_block, arena_setup,
          arena_teardown),
      cmocka_unit_test_setup_teardown(
          test_many_allocations_across_chunks_stay_intact, arena_setup,
          arena_teardown),
      cmocka_unit_test_setup_teardown(
          test_free_releases_every_chunk_and_arena_is_reusable, arena_setup,
          arena_teardown),
      cmocka_unit_test_setup_teardown(
          test_alloc_returns_null_when_allocator_fails, arena_setup,
          arena_teardown),
      cmocka_unit_test(test_engine_open_fails_cleanly_without_memory),
      cmocka_unit_test(test_fail_nth_doc_parse_small_article),
      cmocka_unit_test(test_fail_nth_doc_parse_large_article),
      cmocka_unit_test(test_fail_nth_doc_parse_html),
      cmocka_unit_test(test_fail_nth_doc_parse_jsonl_record),
      cmocka_unit_test(test_fail_nth_jsonl_source),
      cmocka_unit_test(test_fail_nth_jsonl_source_going_on_after_enomem_ends),
      cmocka_unit_test(test_fail_nth_never_yields_incomplete_text_doc),
      cmocka_unit_test(test_fail_nth_never_yields_incomplete_html_doc),
      cmocka_unit_test(test_fail_nth_never_yields_incomplete_jsonl_doc),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
