/*
 * test_ingest.c - the ingest stage: dates, metadata, sources and formats.
 *
 * Ingest turns whatever users scraped into documents (ingest.c, html.c):
 * it reads dates in the forms news metadata writes them, finds metadata in
 * a header block, the seeds' " date YYYY-MM-DD " marker, the file name or
 * the options (in that order of precedence, options first), streams JSONL
 * records with their key aliases, decompresses gzip and zstd by magic
 * bytes, refuses binary files, extracts the visible text of HTML pages and
 * walks directories in name order. The rule every source test checks: a
 * record that cannot be read comes back as an error that says where
 * (NAME:LINE:), and the next call goes on with the rest.
 *
 * Compressed inputs are made in memory with zlib and libzstd; files live in
 * a temporary directory under /tmp that each test removes.
 */
#define ZLIB_CONST
#include "unit.h"

#include <errno.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>
#include <zstd.h>

#include "ingest.h"

/* ---- helpers: running a source to its end -------------------------------- */

/* One call of sr_source_next: its status, its error and its document. */
typedef struct step {
  sr_status st;
  sr_error err;
  sr_doc *doc;
} step;

typedef struct run {
  step *steps;
  size_t n, cap;
} run;

/* Calls sr_source_next until it reports the end (SR_OK with no document),
 * recording every other call. */
static void run_source(sr_source *src, run *r) {
  memset(r, 0, sizeof *r);
  for (;;) {
    step s;
    memset(&s, 0, sizeof s);
    s.st = sr_source_next(src, &s.doc, &s.err);
    if (s.st == SR_OK && !s.doc)
      return;
    if (s.st != SR_OK)
      assert_null(s.doc);
    if (r->n == r->cap) {
      r->cap = r->cap ? r->cap * 2 : 16;
      r->steps = realloc(r->steps, r->cap * sizeof *r->steps);
      assert_non_null(r->steps);
    }
    r->steps[r->n++] = s;
    if (r->n > 100000)
      fail_msg("the source does not come to an end");
  }
}

static void run_free(run *r) {
  size_t i;
  for (i = 0; i < r->n; i++)
    sr_doc_free(r->steps[i].doc);
  free(r->steps);
  memset(r, 0, sizeof *r);
}

/* Opens a memory source over bytes[0..n) named `name` and runs it. */
static void run_memory(const sr_engine *e, const char *name, const void *bytes,
                       size_t n, run *r) {
  sr_source *src = NULL;
  sr_error err;
  if (sr_source_open_memory(e, name, bytes, n, NULL, &src, &err) != SR_OK)
    fail_msg("sr_source_open_memory: %s", err.msg);
  run_source(src, r);
  sr_source_close(src);
}

static void assert_step_ok(const run *r, size_t i) {
  if (i >= r->n)
    fail_msg("only %zu results, wanted result %zu", r->n, i + 1);
  if (r->steps[i].st != SR_OK)
    fail_msg("result %zu: %s: %s", i + 1, sr_strerror(r->steps[i].st),
             r->steps[i].err.msg);
}

static void assert_step_error(const run *r, size_t i, sr_status st,
                              const char *in_msg) {
  if (i >= r->n)
    fail_msg("only %zu results, wanted result %zu", r->n, i + 1);
  if (r->steps[i].st != st)
    fail_msg("result %zu: %s (%s), want %s", i + 1, sr_strerror(r->steps[i].st),
             r->steps[i].err.msg, sr_strerror(st));
  assert_int_equal(r->steps[i].err.code, st);
  if (in_msg && !strstr(r->steps[i].err.msg, in_msg))
    fail_msg("result %zu: message \"%s\" lacks \"%s\"", i + 1,
             r->steps[i].err.msg, in_msg);
}

/* The first token of a document as a NUL-terminated string. */
static const char *first_form(const sr_doc *d) {
  static char buf[128];
  const sr_token *t = sr_doc_token(d, 0);
  assert_non_null(t);
  snprintf(buf, sizeof buf, "%.*s", (int)t->form_len, t->form);
  return buf;
}

/* Two runs produced the same statuses, ids and token forms. */
static void assert_runs_equal(const run *a, const run *b) {
  size_t i, k;
  assert_int_equal(a->n, b->n);
  for (i = 0; i < a->n; i++) {
    const sr_doc *x = a->steps[i].doc, *y = b->steps[i].doc;
    assert_int_equal(a->steps[i].st, b->steps[i].st);
    if (!x || !y) {
      assert_true(!x && !y);
      continue;
    }
    assert_string_equal(sr_doc_id(x), sr_doc_id(y));
    assert_int_equal(sr_doc_token_count(x), sr_doc_token_count(y));
    assert_int_equal(sr_doc_sentence_count(x), sr_doc_sentence_count(y));
    for (k = 0; k < sr_doc_token_count(x); k++) {
      const sr_token *s = sr_doc_token(x, k), *t = sr_doc_token(y, k);
      assert_int_equal(s->form_len, t->form_len);
      assert_memory_equal(s->form, t->form, s->form_len);
      assert_int_equal(s->start, t->start);
    }
  }
}

/* ---- helpers: compression
 * ---------------------------------------------------- */

static unsigned char *gzip_bytes(const void *in, size_t n, size_t *out_n) {
  z_stream z;
  unsigned char *out;
  uLong bound;
  memset(&z, 0, sizeof z);
  assert_int_equal(deflateInit2(&z, Z_BEST_COMPRESSION, Z_DEFLATED, 15 + 16, 8,
                                Z_DEFAULT_STRATEGY),
                   Z_OK);
  bound = deflateBound(&z, (uLong)n) + 64;
  out = malloc(bound);
  assert_non_null(out);
  z.next_in = in;
  z.avail_in = (uInt)n;
  z.next_out = out;
  z.avail_out = (uInt)bound;
  assert_int_equal(deflate(&z, Z_FINISH), Z_STREAM_END);
  *out_n = z.total_out;
  deflateEnd(&z);
  return out;
}

static unsigned char *zstd_bytes(const void *in, size_t n, size_t *out_n) {
  size_t bound = ZSTD_compressBound(n), got;
  unsigned char *out = malloc(bound);
  assert_non_null(out);
  got = ZSTD_compress(out, bound, in, n, 3);
  assert_false(ZSTD_isError(got));
  *out_n = got;
  return out;
}

/* A JSONL feed of `count` records, each a little different, plus a text
 * article: inputs for the decompression tests. The caller frees it. */
static char *make_feed(size_t count, size_t *len) {
  size_t cap = count * 200 + 1, n = 0, i;
  char *s = malloc(cap);
  assert_non_null(s);
  for (i = 0; i < count; i++)
    n += (size_t)snprintf(s + n, cap - n,
                          "{\"id\":\"r%zu\",\"text\":\"Shelling hit sector "
                          "%zu near Bakhmut. %zu people were hurt.\","
                          "\"date\":\"2023-%02zu-%02zu\"}\n",
                          i, i * 7, i % 13, 1 + i % 12, 1 + i % 28);
  *len = n;
  return s;
}

static const char text_article[] =
    "Date: 2023-06-24\n"
    "Title: Wagner fighters enter Rostov\n"
    "\n"
    "Wagner fighters entered Rostov on Saturday. Residents stayed indoors.\n"
    "The governor urged calm.\n";

/* ---- fixtures
 * ------------------------------------------------------------------ */

typedef struct ingest_fixture {
  sr_engine *e;
  warnings warn;
  char dir[64];   /* temporary directory, or "" */
  char *made[32]; /* files and directories created, to remove */
  size_t nmade;
} ingest_fixture;

static int engine_setup(void **state) {
  ingest_fixture *f = calloc(1, sizeof *f);
  sr_config cfg;
  if (!f)
    return -1;
  memset(&cfg, 0, sizeof cfg);
  cfg.warn = collect_warning;
  cfg.warn_user = &f->warn;
  if (sr_engine_open(&cfg, &f->e, NULL) != SR_OK) {
    free(f);
    return -1;
  }
  *state = f;
  return 0;
}

static int engine_teardown(void **state) {
  ingest_fixture *f = *state;
  size_t i = f->nmade;
  while (i-- > 0) { /* children before their directories */
    chmod(f->made[i], 0700);
    if (remove(f->made[i]) != 0)
      fprintf(stderr, "cannot remove %s: %s\n", f->made[i], strerror(errno));
    free(f->made[i]);
  }
  if (f->dir[0] && rmdir(f->dir) != 0)
    fprintf(stderr, "cannot remove %s: %s\n", f->dir, strerror(errno));
  sr_engine_close(f->e);
  free(f);
  return 0;
}

static int tmpdir_setup(void **state) {
  ingest_fixture *f;
  if (engine_setup(state) != 0)
    return -1;
  f = *state;
  snprintf(f->dir, sizeof f->dir, "/tmp/sitrep-unit-XXXXXX");
  if (!mkdtemp(f->dir)) {
    f->dir[0] = '\0';
    return -1;
  }
  return 0;
}

/* The full path of `rel` inside the temporary directory. */
static char *tmp_path(ingest_fixture *f, const char *rel) {
  size_t n = strlen(f->dir) + strlen(rel) + 2;
  char *p = malloc(n);
  assert_non_null(p);
  snprintf(p, n, "%s/%s", f->dir, rel);
  return p;
}

static void remember(ingest_fixture *f, char *path) {
  assert_true(f->nmade < sizeof f->made / sizeof *f->made);
  f->made[f->nmade++] = path;
}

static void make_dir(ingest_fixture *f, const char *rel) {
  char *p = tmp_path(f, rel);
  assert_int_equal(mkdir(p, 0700), 0);
  remember(f, p);
}

static void write_file(ingest_fixture *f, const char *rel, const char *text) {
  char *p = tmp_path(f, rel);
  FILE *fp = fopen(p, "wb");
  assert_non_null(fp);
  assert_int_equal(fwrite(text, 1, strlen(text), fp), strlen(text));
  assert_int_equal(fclose(fp), 0);
  remember(f, p);
}

/* ---- dates --------------------------------------------------------------- */

static void test_parse_date_accepts_every_documented_form(void **state) {
  static const struct {
    const char *in, *want;
  } cases[] = {
      {"2023-06-24", "2023-06-24"},
      {"2023-06-24T14:00:00Z", "2023-06-24"},
      {"2023-06-24 14:00", "2023-06-24"},
      {"2023/06/24", "2023-06-24"},
      {"20230624", "2023-06-24"},
      {"20230624T120000Z", "2023-06-24"},
      {"June 24, 2023", "2023-06-24"},
      {"Jun 24 2023", "2023-06-24"},
      {"24 June 2023", "2023-06-24"},
      {"Sat, 24 Jun 2023 10:00:00 GMT", "2023-06-24"},
      {"Saturday, June 24, 2023", "2023-06-24"},
      {"Sept. 5, 2022", "2022-09-05"},
      {"  2023-06-24  ", "2023-06-24"},
      {"2024-02-29", "2024-02-29"}, /* leap year */
      {"2000-02-29", "2000-02-29"}, /* divisible by 400 */
  };
  size_t i;
  (void)state;
  for (i = 0; i < sizeof cases / sizeof *cases; i++) {
    char out[11] = "";
    if (!sr__parse_date(cases[i].in, strlen(cases[i].in), out))
      fail_msg("\"%s\" was not read as a date", cases[i].in);
    if (strcmp(out, cases[i].want))
      fail_msg("\"%s\" read as %s, want %s", cases[i].in, out, cases[i].want);
  }
}

static void test_parse_date_rejects_invalid_dates(void **state) {
  static const char *const cases[] = {
      "2023-02-30",    "2023-13-01",  "2023-00-10", "2023-06-00",  "2023-06-31",
      "1900-02-29", /* not a leap year */
      "2023-02-29",    "yesterday",   "",           "   ",         "June",
      "24 Juneteenth", "2023-06-245", "20231301",   "Ju 24, 2023",
  };
  size_t i;
  (void)state;
  for (i = 0; i < sizeof cases / sizeof *cases; i++) {
    char out[11] = "";
    if (sr__parse_date(cases[i], strlen(cases[i]), out))
      fail_msg("\"%s\" was read as the date %s", cases[i], out);
  }
}

static void test_parse_date_respects_the_length(void **state) {
  char out[11] = "";
  (void)state;
  /* only the first 10 bytes are the value */
  assert_true(sr__parse_date("2023-06-24999", 10, out));
  assert_string_equal(out, "2023-06-24");
  assert_false(sr__parse_date("2023-06-24", 7, out));
}

static void test_filename_date_forms(void **state) {
  static const struct {
    const char *path, *want; /* want NULL: no date */
  } cases[] = {
      {"2023-06-24-x.txt", "2023-06-24"},
      {"20230624-x.txt", "2023-06-24"},
      {"x-20230624T120000Z.txt", "2023-06-24"},
      {"/data/2022-01-01/2023-06-24-x.txt", "2023-06-24"},
      {"news_2023-06-24.html", "2023-06-24"},
      {"article.txt", NULL},
      {"123202306245.txt", NULL}, /* inside a longer run of digits */
      {"x-202306245.txt", NULL},
      {"/data/2023-06-24/article.txt", NULL}, /* only the last component */
      {"2023-13-45-x.txt", NULL},
  };
  size_t i;
  (void)state;
  for (i = 0; i < sizeof cases / sizeof *cases; i++) {
    char out[11] = "";
    int got = sr__filename_date(cases[i].path, out);
    if (!cases[i].want && got)
      fail_msg("\"%s\": found %s, want no date", cases[i].path, out);
    if (cases[i].want && (!got || strcmp(out, cases[i].want)))
      fail_msg("\"%s\": %s, want %s", cases[i].path, got ? out : "no date",
               cases[i].want);
  }
}

/* ---- plain-text metadata
 * ------------------------------------------------------ */

static void test_header_block_sets_date_title_source_url(void **state) {
  ingest_fixture *f = *state;
  static const char in[] = "Date: 2023-06-24\n"
                           "Title: Wagner fighters enter Rostov\n"
                           "Source: Example News\n"
                           "URL: https://news.example.com/a/1\n"
                           "\n"
                           "Wagner fighters entered Rostov.\n";
  sr_doc *d = parse_str(f->e, in, SR_FORMAT_TEXT, 0);
  assert_string_equal(sr_doc_date(d), "2023-06-24");
  assert_string_equal(sr_doc_date_origin(d), "header");
  assert_string_equal(sr_doc_meta(d, "title"), "Wagner fighters enter Rostov");
  assert_string_equal(sr_doc_meta(d, "source"), "Example News");
  assert_string_equal(sr_doc_meta(d, "url"), "https://news.example.com/a/1");
  assert_string_equal(first_form(d), "Wagner");
  assert_int_equal(sr_doc_token(d, 0)->start, strstr(in, "\n\n") + 2 - in);
  assert_null(find_token(d, "Title"));
  sr_doc_free(d);
}

static void test_header_block_without_blank_line_is_body(void **state) {
  ingest_fixture *f = *state;
  static const char in[] = "Title: Wagner mutiny\n"
                           "Date: 2023-06-24\n"
                           "The fighters advanced on Moscow.\n";
  sr_doc *d = parse_str(f->e, in, SR_FORMAT_TEXT, 0);
  assert_null(sr_doc_date(d));
  assert_null(sr_doc_date_origin(d));
  assert_null(sr_doc_meta(d, "title"));
  assert_string_equal(first_form(d), "Title");
  assert_int_equal(sr_doc_token(d, 0)->start, 0);
  assert_non_null(find_token(d, "fighters"));
  sr_doc_free(d);
}

static void test_date_marker_sets_date_and_body_starts_after_it(void **state) {
  ingest_fixture *f = *state;
  static const char in[] = " date 2023-11-06 Body of the article. It goes on.";
  sr_doc *d = parse_str(f->e, in, SR_FORMAT_TEXT, 0);
  assert_string_equal(sr_doc_date(d), "2023-11-06");
  assert_string_equal(sr_doc_date_origin(d), "marker");
  assert_string_equal(first_form(d), "Body");
  assert_int_equal(sr_doc_token(d, 0)->start, 17);
  assert_token_source(d, sr_doc_token(d, 0), "Body");
  assert_null(find_token(d, "2023-11-06"));
  sr_doc_free(d);
}

static void test_raw_mode_reads_no_metadata(void **state) {
  ingest_fixture *f = *state;
  sr_doc *d = parse_raw(f->e, " date 2023-11-06 Body of the article.");
  assert_null(sr_doc_date(d));
  assert_string_equal(first_form(d), "date");
  sr_doc_free(d);
}

static void test_date_option_overrides_the_header(void **state) {
  ingest_fixture *f = *state;
  static const char in[] = "Date: 2023-06-24\nTitle: Old title\n\nBody.\n";
  sr_doc_options opt;
  sr_doc *d = NULL;
  memset(&opt, 0, sizeof opt);
  opt.date = "2022-01-02";
  opt.title = "New title";
  opt.id = "my-id";
  assert_int_equal(sr_doc_parse(f->e, in, sizeof in - 1, &opt, &d, NULL),
                   SR_OK);
  assert_string_equal(sr_doc_date(d), "2022-01-02");
  assert_string_equal(sr_doc_date_origin(d), "option");
  assert_string_equal(sr_doc_meta(d, "title"), "New title");
  assert_string_equal(sr_doc_id(d), "my-id");
  sr_doc_free(d);
}

static void test_invalid_date_option_is_einval(void **state) {
  ingest_fixture *f = *state;
  sr_doc_options opt;
  sr_doc *d = (sr_doc *)&opt; /* must be set to NULL */
  sr_source *src = (sr_source *)&opt;
  sr_error err;
  memset(&opt, 0, sizeof opt);
  opt.date = "2023-02-30";
  assert_int_equal(sr_doc_parse(f->e, "Body.", 5, &opt, &d, &err), SR_EINVAL);
  assert_null(d);
  assert_int_equal(err.code, SR_EINVAL);
  assert_non_null(strstr(err.msg, "2023-02-30"));
  assert_int_equal(sr_source_open(f->e, "/nonexistent", &opt, &src, &err),
                   SR_EINVAL);
  assert_null(src);
}

static void test_date_origin_is_null_without_a_date(void **state) {
  ingest_fixture *f = *state;
  sr_doc *d = parse_str(f->e, "Just a body.\n", SR_FORMAT_TEXT, 0);
  assert_null(sr_doc_date(d));
  assert_null(sr_doc_date_origin(d));
  sr_doc_free(d);
}

static void test_unreadable_header_date_warns_and_stays_unset(void **state) {
  ingest_fixture *f = *state;
  sr_doc *d = parse_str(f->e, "Date: last Tuesday\nTitle: T\n\nBody.\n",
                        SR_FORMAT_TEXT, 0);
  assert_null(sr_doc_date(d));
  assert_string_equal(sr_doc_meta(d, "title"), "T");
  assert_int_equal(f->warn.count, 1);
  assert_non_null(strstr(f->warn.last, "last Tuesday"));
  sr_doc_free(d);
}

/* ---- JSONL sources
 * ------------------------------------------------------------ */

static void test_jsonl_key_aliases_metadata_and_id(void **state) {
  ingest_fixture *f = *state;
  static const char feed[] =
      "{\"id\":\"a1\",\"text\":\"First article.\",\"date\":\"2023-06-24\","
      "\"source\":\"Reuters\",\"lang\":\"en\",\"words\":2}\n"
      "{\"body\":\"Second article.\",\"published\":\"June 25, 2023\","
      "\"publisher\":\"AP\"}\n"
      "{\"content\":\"Third article.\",\"pub_date\":\"2023-06-26\","
      "\"id\":42}\n";
  run r;
  const sr_doc *d;
  run_memory(f->e, "feed.jsonl", feed, sizeof feed - 1, &r);
  assert_int_equal(r.n, 3);

  assert_step_ok(&r, 0);
  d = r.steps[0].doc;
  assert_int_equal(sr_doc_format(d), SR_FORMAT_JSONL);
  assert_string_equal(sr_doc_id(d), "a1");
  assert_string_equal(first_form(d), "First");
  assert_string_equal(sr_doc_date(d), "2023-06-24");
  assert_string_equal(sr_doc_date_origin(d), "json");
  assert_string_equal(sr_doc_meta(d, "source"), "Reuters");
  assert_string_equal(sr_doc_meta(d, "lang"), "en"); /* unknown key kept */
  assert_string_equal(sr_doc_meta(d, "words"), "2");
  assert_null(sr_doc_meta(d, "text"));
  assert_int_equal(sr_doc_line(d), 1);
  assert_string_equal(sr_doc_path(d), "feed.jsonl");

  assert_step_ok(&r, 1);
  d = r.steps[1].doc;
  assert_string_equal(sr_doc_id(d), "feed.jsonl:2"); /* no "id" key */
  assert_string_equal(first_form(d), "Second");
  assert_string_equal(sr_doc_date(d), "2023-06-25");
  assert_string_equal(sr_doc_meta(d, "source"), "AP");
  assert_int_equal(sr_doc_line(d), 2);

  assert_step_ok(&r, 2);
  d = r.steps[2].doc;
  assert_string_equal(sr_doc_id(d), "42");
  assert_string_equal(first_form(d), "Third");
  assert_string_equal(sr_doc_date(d), "2023-06-26");
  /* offsets point into the text value */
  assert_token_source(d, sr_doc_token(d, 0), "Third");
  run_free(&r);
}

static void test_jsonl_malformed_line_is_reported_and_next_read(void **state) {
  ingest_fixture *f = *state;
  static const char feed[] = "{\"text\":\"One.\"}\n"
                             "{\"text\": \"Two.\", oops}\n"
                             "{\"text\":\"Three.\"}\n";
  run r;
  run_memory(f->e, "feed.jsonl", feed, sizeof feed - 1, &r);
  assert_int_equal(r.n, 3);
  assert_step_ok(&r, 0);
  assert_step_error(&r, 1, SR_EPARSE, "feed.jsonl:2:");
  assert_int_equal(r.steps[1].err.line, 2);
  assert_step_ok(&r, 2);
  assert_string_equal(first_form(r.steps[2].doc), "Three");
  assert_int_equal(sr_doc_line(r.steps[2].doc), 3);
  run_free(&r);
}

static void
test_jsonl_line_over_the_limit_is_elimit_and_next_read(void **state) {
  ingest_fixture *f = *state;
  sr_config cfg;
  sr_engine *e;
  char feed[1024];
  size_t n = 0;
  run r;
  (void)f;
  memset(&cfg, 0, sizeof cfg);
  cfg.max_doc_bytes = 100;
  e = open_engine(&cfg);
  n += (size_t)snprintf(feed + n, sizeof feed - n, "{\"text\":\"Short.\"}\n");
  n += (size_t)snprintf(feed + n, sizeof feed - n, "{\"text\":\"");
  memset(feed + n, 'x', 300);
  n += 300;
  n += (size_t)snprintf(feed + n, sizeof feed - n, "\"}\n");
  n += (size_t)snprintf(feed + n, sizeof feed - n, "{\"text\":\"After.\"}\n");
  run_memory(e, "big.jsonl", feed, n, &r);
  assert_int_equal(r.n, 3);
  assert_step_ok(&r, 0);
  assert_step_error(&r, 1, SR_ELIMIT, "big.jsonl:2:");
  assert_int_equal(r.steps[1].err.line, 2);
  assert_step_ok(&r, 2);
  assert_string_equal(first_form(r.steps[2].doc), "After");
  assert_int_equal(sr_doc_line(r.steps[2].doc), 3);
  run_free(&r);
  sr_engine_close(e);
}

static void test_jsonl_blank_lines_are_skipped(void **state) {
  ingest_fixture *f = *state;
  static const char feed[] = "\n   \n{\"text\":\"One.\"}\r\n\n\t\n"
                             "{\"text\":\"Two.\"}\n\n";
  run r;
  run_memory(f->e, "feed.jsonl", feed, sizeof feed - 1, &r);
  assert_int_equal(r.n, 2);
  assert_step_ok(&r, 0);
  assert_int_equal(sr_doc_line(r.steps[0].doc), 3);
  assert_step_ok(&r, 1);
  assert_int_equal(sr_doc_line(r.steps[1].doc), 6);
  assert_string_equal(first_form(r.steps[1].doc), "Two");
  run_free(&r);
}

static void test_jsonl_record_without_text_is_reported(void **state) {
  ingest_fixture *f = *state;
  static const char feed[] = "{\"title\":\"No body here\"}\n"
                             "{\"text\":17}\n"
                             "[\"not\",\"an\",\"object\"]\n"
                             "{\"text\":\"Fine.\"}\n";
  run r;
  run_memory(f->e, "feed.jsonl", feed, sizeof feed - 1, &r);
  assert_int_equal(r.n, 4);
  assert_step_error(&r, 0, SR_EPARSE, "feed.jsonl:1:");
  assert_non_null(strstr(r.steps[0].err.msg, "no text"));
  assert_step_error(&r, 1, SR_EPARSE, "feed.jsonl:2:");
  assert_step_error(&r, 2, SR_EPARSE, "feed.jsonl:3:");
  assert_step_ok(&r, 3);
  run_free(&r);
}

/* ---- compressed inputs
 * ---------------------------------------------------------- */

static void test_gzip_and_zstd_jsonl_decode_like_plain(void **state) {
  ingest_fixture *f = *state;
  size_t n, gn, zn;
  char *feed = make_feed(3000, &n); /* several 64 KiB read buffers */
  unsigned char *gz = gzip_bytes(feed, n, &gn);
  unsigned char *zs = zstd_bytes(feed, n, &zn);
  run plain, rg, rz;
  run_memory(f->e, "feed.jsonl", feed, n, &plain);
  run_memory(f->e, "feed.jsonl", gz, gn, &rg);
  run_memory(f->e, "feed.jsonl", zs, zn, &rz);
  assert_int_equal(plain.n, 3000);
  assert_step_ok(&plain, 2999);
  assert_string_equal(sr_doc_id(plain.steps[2999].doc), "r2999");
  assert_runs_equal(&plain, &rg);
  assert_runs_equal(&plain, &rz);
  run_free(&plain);
  run_free(&rg);
  run_free(&rz);
  free(feed);
  free(gz);
  free(zs);
}

static void test_gzip_and_zstd_text_decode_like_plain(void **state) {
  ingest_fixture *f = *state;
  size_t gn, zn;
  unsigned char *gz = gzip_bytes(text_article, sizeof text_article - 1, &gn);
  unsigned char *zs = zstd_bytes(text_article, sizeof text_article - 1, &zn);
  run plain, rg, rz;
  /* no name: the format is sniffed from the decompressed bytes */
  run_memory(f->e, NULL, text_article, sizeof text_article - 1, &plain);
  run_memory(f->e, NULL, gz, gn, &rg);
  run_memory(f->e, NULL, zs, zn, &rz);
  assert_int_equal(plain.n, 1);
  assert_step_ok(&plain, 0);
  assert_string_equal(sr_doc_meta(plain.steps[0].doc, "title"),
                      "Wagner fighters enter Rostov");
  assert_runs_equal(&plain, &rg);
  assert_runs_equal(&plain, &rz);
  assert_step_ok(&rz, 0);
  assert_string_equal(sr_doc_date(rz.steps[0].doc), "2023-06-24");
  run_free(&plain);
  run_free(&rg);
  run_free(&rz);
  free(gz);
  free(zs);
}

/* Runs a compressed input cut in half: some records may come first, then
 * one SR_EIO whose message says "truncated", then the end. */
static void check_truncated(const sr_engine *e, const char *name,
                            const unsigned char *bytes, size_t n) {
  run r;
  size_t i, eio = 0;
  run_memory(e, name, bytes, n / 2, &r);
  for (i = 0; i < r.n; i++) {
    if (r.steps[i].st == SR_OK)
      continue;
    assert_step_error(&r, i, SR_EIO, "truncated");
    assert_non_null(strstr(r.steps[i].err.msg, name));
    eio++;
  }
  assert_int_equal(eio, 1);
  assert_int_equal(r.steps[r.n - 1].st, SR_EIO); /* nothing after the cut */
  run_free(&r);
}

static void test_truncated_gzip_is_eio_truncated(void **state) {
  ingest_fixture *f = *state;
  size_t n, gn, tn;
  char *feed = make_feed(200, &n);
  unsigned char *gz = gzip_bytes(feed, n, &gn);
  unsigned char *gt = gzip_bytes(text_article, sizeof text_article - 1, &tn);
  check_truncated(f->e, "feed.jsonl.gz", gz, gn);
  check_truncated(f->e, "article.txt.gz", gt, tn);
  free(feed);
  free(gz);
  free(gt);
}

static void test_truncated_zstd_is_eio_truncated(void **state) {
  ingest_fixture *f = *state;
  size_t n, zn, tn;
  char *feed = make_feed(200, &n);
  unsigned char *zs = zstd_bytes(feed, n, &zn);
  unsigned char *zt = zstd_bytes(text_article, sizeof text_article - 1, &tn);
  check_truncated(f->e, "feed.jsonl.zst", zs, zn);
  check_truncated(f->e, "article.txt.zst", zt, tn);
  free(feed);
  free(zs);
  free(zt);
}

/* ---- binary input
 * ----------------------------------------------------------------- */

static void fill_binary(unsigned char *buf, size_t n) {
  uint32_t x = 12345;
  size_t i;
  for (i = 0; i < n; i++) {
    x = x * 1103515245u + 12345u;
    buf[i] = (unsigned char)(x >> 16);
    if (i % 5 == 0)
      buf[i] = 0;
  }
  buf[0] = 0; /* not a gzip or zstd magic, not '{' or '<' */
}

static void test_binary_input_is_eformat(void **state) {
  ingest_fixture *f = *state;
  unsigned char blob[4096];
  sr_doc *d = NULL;
  sr_error err;
  run r;
  fill_binary(blob, sizeof blob);
  run_memory(f->e, "blob.bin", blob, sizeof blob, &r);
  assert_int_equal(r.n, 1);
  assert_step_error(&r, 0, SR_EFORMAT, "binary");
  run_free(&r);
  assert_int_equal(
      sr_doc_parse(f->e, (const char *)blob, sizeof blob, NULL, &d, &err),
      SR_EFORMAT);
  assert_null(d);
  assert_non_null(strstr(err.msg, "binary"));
}

static void test_looks_binary_accepts_text_with_a_few_bad_bytes(void **state) {
  static const char text[] =
      "Troops entered the city on Monday, officials said.\xFF Shelling "
      "continued overnight.\n";
  static const char controls[] = "\x01\x02\x03\x04a\x05b\x06c\x07";
  char why[64] = "";
  (void)state;
  assert_false(sr__looks_binary(text, sizeof text - 1, why, sizeof why));
  assert_true(sr__looks_binary(controls, sizeof controls - 1, why, sizeof why));
  assert_non_null(strstr(why, "control bytes"));
}

/* UTF-16 text is mostly NUL bytes to a UTF-8 reader; sr__looks_binary has
 * a message for it ("NN% NUL bytes; UTF-16 or binary"). */
static void test_utf16_text_is_eformat(void **state) {
  ingest_fixture *f = *state;
  static const char ascii[] = "Troops entered the city on Monday.\n";
  char utf16[2 + 2 * sizeof ascii], why[64] = "";
  size_t n = 0, i;
  sr_doc *d = NULL;
  sr_error err;
  /* Regression (fixed in issue #2 work): sr__looks_binary() tests control bytes
   * with strchr("\t\n\r\f\v\x1b", byte), and strchr finds the terminating NUL
   * when the byte is 0, so NUL bytes never count as control bytes. This
   * UTF-16LE article (BOM FF FE, then every other byte NUL) is not
   * recognised: sr_doc_parse returns SR_OK with 29 tokens of single letters
   * and counts 35 NUL repairs instead of SR_EFORMAT. */
  utf16[n++] = (char)0xFF;
  utf16[n++] = (char)0xFE;
  for (i = 0; i + 1 < sizeof ascii; i++) {
    utf16[n++] = ascii[i];
    utf16[n++] = '\0';
  }
  assert_true(sr__looks_binary(utf16, n, why, sizeof why));
  assert_non_null(strstr(why, "NUL"));
  assert_int_equal(sr_doc_parse(f->e, utf16, n, NULL, &d, &err), SR_EFORMAT);
  assert_null(d);
}

/* ---- HTML
 * ---------------------------------------------------------------------------
 */

static void test_html_title_and_published_time(void **state) {
  ingest_fixture *f = *state;
  static const char page[] =
      "<!DOCTYPE html>\n<html><head>\n<title> Wagner mutiny ends </title>\n"
      "<meta property=\"article:published_time\" "
      "content=\"2023-06-24T21:05:00+03:00\">\n"
      "</head><body><p>Fighters withdrew from Rostov.</p></body></html>\n";
  sr_doc *d = parse_str(f->e, page, SR_FORMAT_AUTO, 0);
  assert_int_equal(sr_doc_format(d), SR_FORMAT_HTML);
  assert_string_equal(sr_doc_meta(d, "title"), "Wagner mutiny ends");
  assert_string_equal(sr_doc_date(d), "2023-06-24");
  assert_string_equal(sr_doc_date_origin(d), "html");
  assert_string_equal(first_form(d), "Fighters");
  assert_token_source(d, need_token(d, "Rostov"), "Rostov");
  sr_doc_free(d);
}

static void test_html_script_style_nav_text_is_absent(void **state) {
  ingest_fixture *f = *state;
  static const char page[] =
      "<html><head><title>T</title><style>body{color:red}</style>"
      "<script>var HEADSCRIPT = 1;</script></head><body>"
      "<nav><a href=\"/\">NAVWORD</a> menu</nav>"
      "<script type=\"text/javascript\">var BODYSCRIPT = \"x\";</script>"
      "<p>Shelling hit the city overnight.</p>"
      "<style>.STYLEWORD { display: none }</style>"
      "<footer>FOOTERWORD</footer></body></html>";
  sr_doc *d = parse_str(f->e, page, SR_FORMAT_HTML, 0);
  assert_false(any_token_contains(d, "HEADSCRIPT"));
  assert_false(any_token_contains(d, "BODYSCRIPT"));
  assert_false(any_token_contains(d, "NAVWORD"));
  assert_false(any_token_contains(d, "STYLEWORD"));
  assert_false(any_token_contains(d, "FOOTERWORD"));
  assert_false(any_token_contains(d, "color"));
  assert_token_source(d, need_token(d, "Shelling"), "Shelling");
  assert_token_source(d, need_token(d, "overnight"), "overnight");
  sr_doc_free(d);
}

static void test_html_entity_is_decoded_and_points_at_source(void **state) {
  ingest_fixture *f = *state;
  static const char page[] =
      "<html><body><p>Rebels &amp; soldiers met in Rostov-on-Don.</p>"
      "</body></html>";
  sr_doc *d = parse_str(f->e, page, SR_FORMAT_HTML, 0);
  const sr_token *t = need_token(d, "&");
  assert_int_equal(t->start, strstr(page, "&amp;") - page);
  assert_token_source(d, t, "&amp;");
  assert_null(find_token(d, "&amp;"));
  assert_null(find_token(d, "amp"));
  assert_token_source(d, need_token(d, "soldiers"), "soldiers");
  assert_token_source(d, need_token(d, "Rebels"), "Rebels");
  sr_doc_free(d);
}

static void test_html_article_is_preferred_over_the_rest_of_body(void **state) {
  ingest_fixture *f = *state;
  static const char page[] =
      "<html><body><div class=\"masthead\">OUTSIDEWORD headline list.</div>"
      "<article><h1>Inside headline</h1><p>Inside text of the story.</p>"
      "</article><div>AFTERWORD more links.</div></body></html>";
  sr_doc *d = parse_str(f->e, page, SR_FORMAT_HTML, 0);
  assert_false(any_token_contains(d, "OUTSIDEWORD"));
  assert_false(any_token_contains(d, "AFTERWORD"));
  assert_string_equal(first_form(d), "Inside");
  assert_token_source(d, need_token(d, "story"), "story");
  sr_doc_free(d);
}

/* ---- sources over files
 * ----------------------------------------------------------- */

static int ends_with(const char *s, const char *suffix) {
  size_t n = strlen(s), m = strlen(suffix);
  return n >= m && !strcmp(s + n - m, suffix);
}

static void test_directory_is_read_in_name_order_skipping_hidden(void **state) {
  ingest_fixture *f = *state;
  sr_source *src = NULL;
  sr_error err;
  run r;
  write_file(f, "b.txt", "Bravo text.\n");
  write_file(f, "a.txt", "Alpha text.\n");
  write_file(f, ".hidden", "Hidden text.\n");
  make_dir(f, "sub");
  write_file(f, "sub/c.txt", "Charlie text.\n");
  assert_int_equal(sr_source_open(f->e, f->dir, NULL, &src, &err), SR_OK);
  run_source(src, &r);
  sr_source_close(src);
  assert_int_equal(r.n, 3);
  assert_step_ok(&r, 0);
  assert_step_ok(&r, 1);
  assert_step_ok(&r, 2);
  assert_true(ends_with(sr_doc_path(r.steps[0].doc), "/a.txt"));
  assert_true(ends_with(sr_doc_path(r.steps[1].doc), "/b.txt"));
  assert_true(ends_with(sr_doc_path(r.steps[2].doc), "/sub/c.txt"));
  assert_string_equal(first_form(r.steps[0].doc), "Alpha");
  assert_string_equal(first_form(r.steps[2].doc), "Charlie");
  assert_string_equal(sr_doc_id(r.steps[0].doc), sr_doc_path(r.steps[0].doc));
  run_free(&r);
}

static void test_date_from_file_name_yields_to_header(void **state) {
  ingest_fixture *f = *state;
  sr_source *src = NULL;
  sr_error err;
  run r;
  write_file(f, "2023-06-24-plain.txt", "Troops entered Rostov.\n");
  write_file(f, "2023-06-24-with-header.txt",
             "Date: 2023-06-25\n\nTroops left Rostov.\n");
  assert_int_equal(sr_source_open(f->e, f->dir, NULL, &src, &err), SR_OK);
  run_source(src, &r);
  assert_true(sr_source_bytes_read(src) > 0);
  sr_source_close(src);
  assert_int_equal(r.n, 2);
  assert_step_ok(&r, 0);
  assert_step_ok(&r, 1);
  assert_string_equal(sr_doc_date(r.steps[0].doc), "2023-06-24");
  assert_string_equal(sr_doc_date_origin(r.steps[0].doc), "filename");
  assert_string_equal(sr_doc_date(r.steps[1].doc), "2023-06-25");
  assert_string_equal(sr_doc_date_origin(r.steps[1].doc), "header");
  run_free(&r);
}

static void test_nonexistent_path_is_eio_naming_the_path(void **state) {
  ingest_fixture *f = *state;
  char *missing = tmp_path(f, "missing.txt");
  sr_source *src = NULL;
  sr_error err;
  run r;
  /* opening does not read: the error comes from the first next() */
  assert_int_equal(sr_source_open(f->e, missing, NULL, &src, &err), SR_OK);
  run_source(src, &r);
  sr_source_close(src);
  assert_int_equal(r.n, 1);
  assert_step_error(&r, 0, SR_EIO, missing);
  run_free(&r);
  free(missing);
}

static void test_unreadable_file_is_eio(void **state) {
  ingest_fixture *f = *state;
  sr_source *src = NULL;
  sr_error err;
  char *path;
  run r;
  if (geteuid() == 0)
    skip(); /* root reads a mode-000 file anyway */
  write_file(f, "locked.txt", "Secret text.\n");
  write_file(f, "open.txt", "Open text.\n");
  path = tmp_path(f, "locked.txt");
  assert_int_equal(chmod(path, 0), 0);
  assert_int_equal(sr_source_open(f->e, f->dir, NULL, &src, &err), SR_OK);
  run_source(src, &r);
  sr_source_close(src);
  assert_int_equal(r.n, 2); /* the error, then the next file */
  assert_step_error(&r, 0, SR_EIO, "locked.txt");
  assert_step_ok(&r, 1);
  assert_string_equal(first_form(r.steps[1].doc), "Open");
  run_free(&r);
  free(path);
}

#define ENGINE_TEST(fn)                                                        \
  cmocka_unit_test_setup_teardown(fn, engine_setup, engine_teardown)
#define TMPDIR_TEST(fn)                                                        \
  cmocka_unit_test_setup_teardown(fn, tmpdir_setup, engine_teardown)

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_parse_date_accepts_every_documented_form),
      cmocka_unit_test(test_parse_date_rejects_invalid_dates),
      cmocka_unit_test(test_parse_date_respects_the_length),
      cmocka_unit_test(test_filename_date_forms),
      ENGINE_TEST(test_header_block_sets_date_title_source_url),
      ENGINE_TEST(test_header_block_without_blank_line_is_body),
      ENGINE_TEST(test_date_marker_sets_date_and_body_starts_after_it),
      ENGINE_TEST(test_raw_mode_reads_no_metadata),
      ENGINE_TEST(test_date_option_overrides_the_header),
      ENGINE_TEST(test_invalid_date_option_is_einval),
      ENGINE_TEST(test_date_origin_is_null_without_a_date),
      ENGINE_TEST(test_unreadable_header_date_warns_and_stays_unset),
      ENGINE_TEST(test_jsonl_key_aliases_metadata_and_id),
      ENGINE_TEST(test_jsonl_malformed_line_is_reported_and_next_read),
      ENGINE_TEST(test_jsonl_line_over_the_limit_is_elimit_and_next_read),
      ENGINE_TEST(test_jsonl_blank_lines_are_skipped),
      ENGINE_TEST(test_jsonl_record_without_text_is_reported),
      ENGINE_TEST(test_gzip_and_zstd_jsonl_decode_like_plain),
      ENGINE_TEST(test_gzip_and_zstd_text_decode_like_plain),
      ENGINE_TEST(test_truncated_gzip_is_eio_truncated),
      ENGINE_TEST(test_truncated_zstd_is_eio_truncated),
      ENGINE_TEST(test_binary_input_is_eformat),
      cmocka_unit_test(test_looks_binary_accepts_text_with_a_few_bad_bytes),
      ENGINE_TEST(test_utf16_text_is_eformat),
      ENGINE_TEST(test_html_title_and_published_time),
      ENGINE_TEST(test_html_script_style_nav_text_is_absent),
      ENGINE_TEST(test_html_entity_is_decoded_and_points_at_source),
      ENGINE_TEST(test_html_article_is_preferred_over_the_rest_of_body),
      TMPDIR_TEST(test_directory_is_read_in_name_order_skipping_hidden),
      TMPDIR_TEST(test_date_from_file_name_yields_to_header),
      TMPDIR_TEST(test_nonexistent_path_is_eio_naming_the_path),
      TMPDIR_TEST(test_unreadable_file_is_eio),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
