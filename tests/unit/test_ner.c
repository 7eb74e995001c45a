/*
 * test_ner.c - the named-entity tagger (src/ner.c): the UNER reader and its
 * NAME:LINE errors, predicted part-of-speech tags matched in from CoNLL-U,
 * entity scoring, a tiny model trained on sentences made here (with a
 * gazetteer written here), the save/load round trip, and a clear error for
 * every kind of broken model file.
 */
#include "unit.h"

#include <unistd.h>
#include <zlib.h>

#include "ner.h"

/* Six sentences in UNER's layout: 5 columns for entities, 3 for O, an
 * OTH tag (read as O) and comments. */
static const char corpus_text[] =
    "# sent_id = 1\n"
    "1\tJohn\tB-PER\t-\tx\n2\tSmith\tI-PER\t-\tx\n3\tworks\tO\n"
    "4\tfor\tO\n5\tAcme\tB-ORG\t-\tx\n6\tCorp\tI-ORG\t-\tx\n7\tin\tO\n"
    "8\tParis\tB-LOC\t-\tx\n9\t.\tO\n\n"
    "# sent_id = 2\n"
    "1\tMary\tB-PER\n2\tJones\tI-PER\n3\tvisited\tO\n4\tLondon\tB-LOC\n"
    "5\twith\tO\n6\tAmerican\tB-OTH\n7\tfriends\tO\n8\t.\tO\n\n"
    "1\tAcme\tB-ORG\n2\tCorp\tI-ORG\n3\thired\tO\n4\tPeter\tB-PER\n"
    "5\tBrown\tI-PER\n6\tin\tO\n7\tBerlin\tB-LOC\n8\t.\tO\n\n"
    "1\tShe\tO\n2\tflew\tO\n3\tto\tO\n4\tRome\tB-LOC\n5\tand\tO\n"
    "6\tthen\tO\n7\tto\tO\n8\tMadrid\tB-LOC\n9\t.\tO\n\n"
    "1\tGlobex\tB-ORG\n2\tInc\tI-ORG\n3\tsaid\tO\n4\tAnna\tB-PER\n"
    "5\tLee\tI-PER\n6\tleft\tO\n7\t.\tO\n\n"
    "1\tthe\tO\n2\tcat\tO\n3\tsat\tO\n4\ton\tO\n5\tthe\tO\n6\tmat\tO\n"
    "7\t!\tB-O\n";

static struct sr_ner_corpus *parse_ok(const char *text) {
  struct sr_ner_corpus *c = NULL;
  sr_error err;
  sr_status st = sr__ner_corpus_parse(NULL, "t", text, strlen(text), &c, &err);
  if (st != SR_OK)
    fail_msg("sr__ner_corpus_parse: %s", err.msg);
  return c;
}

static void test_tag_names(void **state) {
  (void)state;
  assert_string_equal(sr__ner_tag_name(SR_NER_O), "O");
  assert_string_equal(sr__ner_tag_name(SR_NER_B_PER), "B-PER");
  assert_string_equal(sr__ner_tag_name(SR_NER_I_LOC), "I-LOC");
  assert_null(sr__ner_tag_name(SR_NER_TAG_COUNT));
  assert_string_equal(sr__ner_type_name(SR_NER_ORG), "ORG");
  assert_null(sr__ner_type_name(SR_NER_TYPE_COUNT));
}

static void test_corpus_reader(void **state) {
  struct sr_ner_corpus *c = parse_ok(corpus_text);
  const struct sr_ner_sentence *s;
  (void)state;
  assert_int_equal(c->count, 6);
  assert_int_equal(c->words, 9 + 8 + 8 + 9 + 7 + 7);
  assert_int_equal(c->entities, 3 + 2 + 3 + 2 + 2);
  assert_int_equal(c->dropped, 2); /* B-OTH and the stray B-O */
  assert_int_equal(c->repaired, 0);
  s = &c->sentences[0];
  assert_int_equal(s->line, 2);
  assert_int_equal(s->count, 9);
  assert_string_equal(s->words[1].text, "Smith");
  assert_int_equal(s->words[1].len, 5);
  assert_int_equal(s->tags[0], SR_NER_B_PER);
  assert_int_equal(s->tags[1], SR_NER_I_PER);
  assert_int_equal(s->tags[4], SR_NER_B_ORG);
  assert_int_equal(s->tags[7], SR_NER_B_LOC);
  assert_int_equal(c->sentences[1].tags[5], SR_NER_O); /* American/OTH */
  assert_int_equal(c->sentences[5].tags[6], SR_NER_O); /* !/B-O */
  sr__ner_corpus_free(c);
  /* CRLF line ends, no final blank line, and an I- that continues
   * nothing (read as B-, and counted) */
  c = parse_ok("1\tin\tO\r\n2\tParis\tI-LOC\r\n3\tFrance\tI-LOC\r\n");
  assert_int_equal(c->count, 1);
  assert_int_equal(c->repaired, 1);
  assert_int_equal(c->sentences[0].tags[1], SR_NER_B_LOC);
  assert_int_equal(c->sentences[0].tags[2], SR_NER_I_LOC);
  assert_int_equal(c->entities, 1);
  sr__ner_corpus_free(c);
  /* nothing but comments and blank lines is an empty corpus */
  c = parse_ok("# only a comment\n\n\n");
  assert_int_equal(c->count, 0);
  sr__ner_corpus_free(c);
}

static void corpus_fails(const char *text, const char *want) {
  struct sr_ner_corpus *c = NULL;
  sr_error err;
  assert_int_equal(
      sr__ner_corpus_parse(NULL, "bad.iob2", text, strlen(text), &c, &err),
      SR_EPARSE);
  assert_null(c);
  if (!strstr(err.msg, want))
    fail_msg("message '%s' lacks '%s'", err.msg, want);
}

static void test_corpus_errors(void **state) {
  (void)state;
  corpus_fails("1\tJohn\n", "bad.iob2:1: expected 'ID<TAB>TOKEN<TAB>TAG'");
  corpus_fails("# c\n1\tJohn\tB-PER\n3\tSmith\tI-PER\n",
               "bad.iob2:3: word ID '3' where 2 was expected");
  corpus_fails("x\tJohn\tO\n", "bad.iob2:1: word ID 'x'");
  corpus_fails("1\tJohn\tO\n\n0\tSmith\tO\n", "bad.iob2:3: word ID '0'");
  corpus_fails("1\t\tO\n", "bad.iob2:1: empty token");
  corpus_fails("1\tJohn\tPER\n", "bad.iob2:1: tag 'PER' is not O");
  corpus_fails("1\tJohn\tB-\n", "bad.iob2:1: tag 'B-'");
  corpus_fails("1\tJohn\to\n", "bad.iob2:1: tag 'o'");
  corpus_fails("1\tJohn\tO\n2\tSmith\tX-PER\n", "bad.iob2:2: tag 'X-PER'");
}

/* Predicted tags from CoNLL-U, matched by sent_id, by text, across a
 * different tokenization and across two tagged sentences the corpus
 * joins; a sentence that matches nothing is an error naming it. */
static void test_corpus_xpos(void **state) {
  static const char iob[] =
      "# sent_id = a-1\n1\tJohn\tB-PER\n2\tcan\tO\n3\tt\tO\n4\tgo\tO\n\n"
      "# sent_id = b-9\n1\tHi\tO\n2\t!\tO\n\n"
      "# sent_id = c-1\n1\tOk\tO\n2\tthen\tO\n3\tbye\tO\n";
  static const char conllu[] =
      "# sent_id = c-1\n1\tOk\tok\tINTJ\tUH\t_\t0\troot\t_\t_\n\n"
      "# sent_id = c-2\n1\tthen\tthen\tADV\tRB\t_\t0\troot\t_\t_\n"
      "2\tbye\tbye\tINTJ\tUH\t_\t1\tdep\t_\t_\n\n"
      "# sent_id = a-1\n1\tJohn\tJohn\tPROPN\tNNP\t_\t3\tnsubj\t_\t_\n"
      "2-3\tcant\t_\t_\t_\t_\t_\t_\t_\t_\n"
      "2\tca\tcan\tAUX\tMD\t_\t3\taux\t_\t_\n"
      "3\tnt\tnot\tPART\tRB\t_\t4\tadvmod\t_\t_\n"
      "4\tgo\tgo\tVERB\tVB\t_\t0\troot\t_\t_\n\n"
      "# sent_id = b-1\n1\tHi\thi\tINTJ\tUH\t_\t0\troot\t_\t_\n"
      "2\t!\t!\tPUNCT\t.\t_\t1\tpunct\t_\t_\n";
  struct sr_ner_corpus *c = parse_ok(iob);
  struct sr_ner_align how;
  const char *a1, *b1;
  sr_error err;
  (void)state;
  assert_string_equal(c->sentences[0].id, "a-1");
  assert_null(c->sentences[0].words[0].xpos);
  if (sr__ner_corpus_set_xpos(c, "t.conllu", conllu, strlen(conllu), &how,
                              &err) != SR_OK)
    fail_msg("sr__ner_corpus_set_xpos: %s", err.msg);
  assert_int_equal(how.by_id, 1);
  assert_int_equal(how.by_text, 1); /* b-9 is b-1 */
  assert_int_equal(how.merged, 1);  /* c-1 and c-2 */
  assert_int_equal(how.retokenized, 1);
  assert_string_equal(c->sentences[0].words[0].xpos, "NNP");
  assert_string_equal(c->sentences[0].words[1].xpos, "MD"); /* can ~ ca */
  assert_string_equal(c->sentences[0].words[2].xpos, "RB"); /* t in nt */
  assert_string_equal(c->sentences[0].words[3].xpos, "VB");
  assert_string_equal(c->sentences[1].words[1].xpos, ".");
  assert_string_equal(c->sentences[2].words[0].xpos, "UH");
  assert_string_equal(c->sentences[2].words[1].xpos, "RB");
  assert_string_equal(c->sentences[2].words[2].xpos, "UH");
  /* the same sentence shared by two tagged ones: one word, one tag */
  assert_ptr_equal(c->sentences[2].words[0].xpos,
                   c->sentences[2].words[2].xpos);
  /* without the b- sentence "Hi !" matches nothing; the old tags stay */
  a1 = strstr(conllu, "# sent_id = a-1");
  b1 = strstr(conllu, "# sent_id = b-1");
  assert_int_equal(
      sr__ner_corpus_set_xpos(c, "u.conllu", a1, (size_t)(b1 - a1), &how, &err),
      SR_EPARSE);
  if (!strstr(err.msg, "u.conllu: no sentence has the words of the corpus "
                       "sentence at line 8 (sent_id b-9)"))
    fail_msg("unexpected message '%s'", err.msg);
  assert_string_equal(c->sentences[0].words[0].xpos, "NNP");
  assert_int_equal(
      sr__ner_corpus_set_xpos(c, "v.conllu", "1\tx\n", 4, &how, &err),
      SR_EPARSE);
  assert_string_equal(err.msg, "v.conllu:1: expected a CoNLL-U word line "
                               "with a form and an XPOS (column 5)");
  sr__ner_corpus_free(c);
}

static void test_scoring(void **state) {
  /* gold: [John Smith]PER visited [Paris]LOC [France]LOC
   * pred: [John]PER [Smith]PER visited [Paris France]LOC */
  static const uint8_t gold[] = {SR_NER_B_PER, SR_NER_I_PER, SR_NER_O,
                                 SR_NER_B_LOC, SR_NER_B_LOC};
  static const uint8_t pred[] = {SR_NER_B_PER, SR_NER_B_PER, SR_NER_O,
                                 SR_NER_B_LOC, SR_NER_I_LOC};
  /* an I- after O starts an entity (conlleval) */
  static const uint8_t loose[] = {SR_NER_I_ORG, SR_NER_I_ORG, SR_NER_O,
                                  SR_NER_I_PER, SR_NER_B_LOC};
  struct sr_ner_counts c;
  double p, r, f;
  (void)state;
  memset(&c, 0, sizeof c);
  sr__ner_count(&c, gold, pred, 5);
  assert_int_equal(c.gold[SR_NER_PER], 1);
  assert_int_equal(c.found[SR_NER_PER], 2);
  assert_int_equal(c.correct[SR_NER_PER], 0);
  assert_int_equal(c.gold[SR_NER_LOC], 2);
  assert_int_equal(c.found[SR_NER_LOC], 1);
  assert_int_equal(c.correct[SR_NER_LOC], 0);
  sr__ner_count(&c, gold, gold, 5);
  sr__ner_prf(&c, SR_NER_TYPE_COUNT, &p, &r, &f);
  assert_true(p > 0.499 && p < 0.501); /* 3 right of 6 found */
  assert_true(r > 0.499 && r < 0.501); /* 3 of 6 gold */
  sr__ner_prf(&c, SR_NER_LOC, &p, &r, &f);
  assert_true(p > 0.66 && p < 0.67); /* 2 right of 3 found */
  assert_true(r > 0.49 && r < 0.51); /* 2 of 4 gold */
  assert_true(f > 0.57 && f < 0.58);
  memset(&c, 0, sizeof c);
  sr__ner_count(&c, loose, loose, 5);
  assert_int_equal(c.gold[SR_NER_ORG], 1);
  assert_int_equal(c.gold[SR_NER_PER], 1);
  assert_int_equal(c.gold[SR_NER_LOC], 1);
  sr__ner_prf(&c, SR_NER_TYPE_COUNT, &p, &r, &f);
  assert_true(f > 0.999);
  memset(&c, 0, sizeof c);
  sr__ner_prf(&c, SR_NER_TYPE_COUNT, &p, &r, &f);
  assert_true(p == 0 && r == 0 && f == 0); /* undefined is 0, not NaN */
}

/* A temporary directory with a place list for the gazetteer feature. */
struct fixture {
  char dir[64];
  char places[128];
  char model[128];
};

static void fixture_make(struct fixture *fx) {
  FILE *fp;
  snprintf(fx->dir, sizeof fx->dir, "/tmp/sitrep-ner-XXXXXX");
  assert_non_null(mkdtemp(fx->dir));
  snprintf(fx->places, sizeof fx->places, "%s/places.txt", fx->dir);
  snprintf(fx->model, sizeof fx->model, "%s/ner.bin", fx->dir);
  fp = fopen(fx->places, "w");
  assert_non_null(fp);
  fputs("# test places\nParis\nLondon\nBerlin\nRome\nMadrid\n"
        "Kyiv\nNew York\nGuinea-Bissau\n",
        fp);
  fclose(fp);
}

static void fixture_remove(struct fixture *fx) {
  remove(fx->places);
  remove(fx->model);
  rmdir(fx->dir);
}

static struct sr_ner *train_small(const struct fixture *fx,
                                  const sr_allocator *alloc) {
  struct sr_ner_corpus *c = parse_ok(corpus_text);
  const char *lists[1];
  struct sr_ner_options opt;
  struct sr_ner *m = NULL;
  sr_error err;
  lists[0] = fx->places;
  memset(&opt, 0, sizeof opt);
  opt.epochs = 10;
  opt.seed = 7;
  opt.hash_bits = 16;
  opt.gazetteers = lists;
  opt.gazetteer_count = 1;
  opt.alloc = alloc;
  if (sr__ner_train(c, c, &opt, &m, &err) != SR_OK)
    fail_msg("sr__ner_train: %s", err.msg);
  sr__ner_corpus_free(c);
  return m;
}

/* Tags a sentence given as space-separated words; returns the tag names
 * joined by spaces in a static buffer. */
static const char *tag_line(const struct sr_ner *m, const char *line) {
  static char out[512];
  static char copy[256];
  struct sr_ner_word words[32];
  uint8_t tags[32];
  size_t n = 0, i, size, k = 0;
  char *p;
  void *scratch;
  sr_error err;
  snprintf(copy, sizeof copy, "%s", line);
  for (p = copy; *p && n < 32;) {
    char *sp = strchr(p, ' ');
    words[n].text = p;
    words[n].xpos = NULL;
    words[n++].len = sp ? (size_t)(sp - p) : strlen(p);
    if (!sp)
      break;
    p = sp + 1;
  }
  size = sr__ner_scratch_size(n);
  scratch = malloc(size);
  assert_non_null(scratch);
  assert_int_equal(sr__ner_tag(m, words, n, scratch, size, tags, &err), SR_OK);
  free(scratch);
  out[0] = '\0';
  for (i = 0; i < n; i++)
    k += (size_t)snprintf(out + k, sizeof out - k, "%s%s", i ? " " : "",
                          sr__ner_tag_name(tags[i]));
  return out;
}

static void test_train_tag_save_load(void **state) {
  struct fixture fx;
  struct sr_ner *m, *back = NULL, *again;
  counting_alloc ca;
  sr_allocator alloc;
  size_t rows, gaz, table;
  sr_error err;
  FILE *f1, *f2;
  char other[160];
  (void)state;
  fixture_make(&fx);
  counting_alloc_init(&ca, &alloc);
  m = train_small(&fx, &alloc);
  assert_string_equal(tag_line(m, "John Smith works for Acme Corp in Paris ."),
                      "B-PER I-PER O O B-ORG I-ORG O B-LOC O");
  assert_string_equal(tag_line(m, "Mary Jones visited London with American "
                                  "friends ."),
                      "B-PER I-PER O B-LOC O O O O");
  assert_string_equal(tag_line(m, "the cat sat on the mat !"), "O O O O O O O");
  sr__ner_sizes(m, &rows, &gaz, &table);
  assert_true(rows > 0);
  assert_int_equal(table, 1 << 16);
  /* each name as written and lower-cased, with its prefixes: New York
   * and Guinea - Bissau add one and two */
  assert_int_equal(gaz, 2 * (8 + 1 + 2));
  assert_int_equal(sr__ner_save(m, fx.model, &err), SR_OK);
  assert_int_equal(sr__ner_load(&alloc, fx.model, &back, &err), SR_OK);
  assert_non_null(back);
  assert_string_equal(
      tag_line(back, "John Smith works for Acme Corp in Paris ."),
      "B-PER I-PER O O B-ORG I-ORG O B-LOC O");
  assert_string_equal(tag_line(back, "Acme Corp hired Peter Brown in Berlin ."),
                      tag_line(m, "Acme Corp hired Peter Brown in Berlin ."));
  sr__ner_free(back);
  /* the same seed gives the same file, byte for byte */
  again = train_small(&fx, NULL);
  snprintf(other, sizeof other, "%s.again", fx.model);
  assert_int_equal(sr__ner_save(again, other, &err), SR_OK);
  f1 = fopen(fx.model, "rb");
  f2 = fopen(other, "rb");
  assert_non_null(f1);
  assert_non_null(f2);
  for (;;) {
    int a = fgetc(f1), b = fgetc(f2);
    assert_int_equal(a, b);
    if (a == EOF)
      break;
  }
  fclose(f1);
  fclose(f2);
  remove(other);
  sr__ner_free(again);
  sr__ner_free(m);
  sr__ner_free(NULL);
  assert_int_equal(ca.allocs, ca.releases);
  fixture_remove(&fx);
}

static void test_tag_edge_cases(void **state) {
  struct fixture fx;
  struct sr_ner *m;
  struct sr_ner_word w[2] = {{"Paris", 5, NULL}, {"\xff\xfe", 2, NULL}};
  uint8_t tags[2] = {99, 99};
  char scratch[64];
  void *big;
  sr_error err;
  (void)state;
  fixture_make(&fx);
  m = train_small(&fx, NULL);
  /* scratch too small: an error, nothing written */
  assert_int_equal(sr__ner_tag(m, w, 2, scratch, sizeof scratch, tags, &err),
                   SR_EINVAL);
  assert_non_null(strstr(err.msg, "scratch"));
  assert_int_equal(tags[0], 99);
  assert_int_equal(sr__ner_tag(m, w, 0, NULL, 0, tags, &err), SR_OK);
  assert_int_equal(sr__ner_scratch_size((size_t)-1), 0);
  /* invalid UTF-8 and a lone word are tagged, not rejected */
  assert_string_equal(tag_line(m, "\xff\xfe"), "O");
  assert_string_equal(tag_line(m, "Berlin"), "B-LOC");
  /* part-of-speech tags the model never saw change nothing here */
  w[0].text = "in";
  w[0].len = 2;
  w[0].xpos = "IN";
  w[1].text = "Paris";
  w[1].len = 5;
  w[1].xpos = "NNP";
  big = malloc(sr__ner_scratch_size(2));
  assert_non_null(big);
  assert_int_equal(
      sr__ner_tag(m, w, 2, big, sr__ner_scratch_size(2), tags, &err), SR_OK);
  free(big);
  assert_int_equal(tags[0], SR_NER_O);
  assert_int_equal(tags[1], SR_NER_B_LOC);
  sr__ner_free(m);
  fixture_remove(&fx);
}

static void test_bad_options_and_gazetteers(void **state) {
  struct fixture fx;
  struct sr_ner_corpus *c = parse_ok(corpus_text), *empty;
  struct sr_ner_options opt;
  struct sr_ner *m = NULL;
  const char *lists[1];
  char bad[160];
  FILE *fp;
  sr_error err;
  (void)state;
  fixture_make(&fx);
  memset(&opt, 0, sizeof opt);
  opt.hash_bits = 30;
  assert_int_equal(sr__ner_train(c, NULL, &opt, &m, &err), SR_EINVAL);
  assert_non_null(strstr(err.msg, "hash_bits"));
  memset(&opt, 0, sizeof opt);
  opt.hide_tags_percent = 101;
  assert_int_equal(sr__ner_train(c, NULL, &opt, &m, &err), SR_EINVAL);
  assert_non_null(strstr(err.msg, "hide_tags_percent"));
  memset(&opt, 0, sizeof opt);
  opt.runs = SR_NER_MAX_RUNS + 1;
  assert_int_equal(sr__ner_train(c, NULL, &opt, &m, &err), SR_EINVAL);
  assert_non_null(strstr(err.msg, "runs must be 1..32"));
  memset(&opt, 0, sizeof opt);
  empty = parse_ok("# nothing\n");
  assert_int_equal(sr__ner_train(empty, NULL, &opt, &m, &err), SR_EINVAL);
  sr__ner_corpus_free(empty);
  /* a missing list, then a malformed one, named with its line */
  lists[0] = "/nonexistent/places.txt";
  opt.gazetteers = lists;
  opt.gazetteer_count = 1;
  assert_int_equal(sr__ner_train(c, NULL, &opt, &m, &err), SR_EIO);
  assert_non_null(strstr(err.msg, "/nonexistent/places.txt"));
  snprintf(bad, sizeof bad, "%s/bad.txt", fx.dir);
  fp = fopen(bad, "w");
  fputs("Paris\nA B C D E F G H I J K L M N O P Q\n", fp);
  fclose(fp);
  lists[0] = bad;
  assert_int_equal(sr__ner_train(c, NULL, &opt, &m, &err), SR_EPARSE);
  assert_non_null(strstr(err.msg, "bad.txt:2: name of more than"));
  assert_null(m);
  remove(bad);
  sr__ner_corpus_free(c);
  fixture_remove(&fx);
}

/* ---- broken model files ---------------------------------------------------
 */

static unsigned char *slurp(const char *path, size_t *len) {
  FILE *fp = fopen(path, "rb");
  unsigned char *buf;
  long n;
  assert_non_null(fp);
  fseek(fp, 0, SEEK_END);
  n = ftell(fp);
  fseek(fp, 0, SEEK_SET);
  buf = malloc((size_t)n + 1);
  assert_non_null(buf);
  assert_int_equal(fread(buf, 1, (size_t)n, fp), (size_t)n);
  fclose(fp);
  *len = (size_t)n;
  return buf;
}

/* Writes bytes as a model file and checks that loading fails with `code`
 * and a message containing `want`. */
static void load_fails(const unsigned char *bytes, size_t len, sr_status code,
                       const char *want) {
  char path[] = "/tmp/sitrep-ner-bad-XXXXXX";
  int fd = mkstemp(path);
  struct sr_ner *m = NULL;
  sr_error err;
  assert_true(fd >= 0);
  if (len)
    assert_int_equal(write(fd, bytes, len), (ssize_t)len);
  close(fd);
  assert_int_equal(sr__ner_load(NULL, path, &m, &err), code);
  assert_null(m);
  if (!strstr(err.msg, want))
    fail_msg("message '%s' lacks '%s'", err.msg, want);
  if (!strstr(err.msg, path))
    fail_msg("message '%s' does not name the file", err.msg);
  remove(path);
}

/* Stores the CRC-32 of everything after the 24-byte header, as the writer
 * does, so that a test can make a file whose checksum is right but whose
 * contents are not. */
static void fix_crc(unsigned char *b, size_t len) {
  uLong crc = crc32(0L, b + 24, (uInt)(len - 24));
  int i;
  for (i = 0; i < 4; i++)
    b[20 + i] = (unsigned char)(crc >> (8 * i));
}

static void test_broken_model_files(void **state) {
  struct fixture fx;
  struct sr_ner *m;
  unsigned char *good, *b;
  size_t len;
  sr_error err;
  (void)state;
  fixture_make(&fx);
  m = train_small(&fx, NULL);
  assert_int_equal(sr__ner_save(m, fx.model, &err), SR_OK);
  sr__ner_free(m);
  good = slurp(fx.model, &len);
  assert_true(len > 40);
  assert_memory_equal(good, "SRNERMDL", 8);
  b = malloc(len + 16);
  assert_non_null(b);

  /* not a model at all, and an empty file */
  load_fails((const unsigned char *)"GIF89a\0\0\0\0\0\0\0\0", 14, SR_EFORMAT,
             "not a sitrep NER model");
  load_fails(good, 0, SR_EIO, "empty");
  /* cut inside the magic or the header, then inside the body */
  load_fails(good, 5, SR_EIO, "truncated");
  load_fails(good, 20, SR_EIO, "truncated");
  load_fails(good, len - 7, SR_EIO, "truncated");
  /* another format version */
  memcpy(b, good, len);
  b[8] = 1;
  load_fails(b, len, SR_EFORMAT, "version 1");
  /* bytes after the end the header gives */
  memcpy(b, good, len);
  memcpy(b + len, "junk", 4);
  load_fails(b, len + 4, SR_EPARSE, "the header says");
  /* one flipped bit in the weights */
  memcpy(b, good, len);
  b[len - 1] ^= 0x01;
  load_fails(b, len, SR_EPARSE, "checksum");
  /* inconsistent sizes behind a valid checksum: a gazetteer count far
   * beyond the file, a wrong tag count, hash bits out of range */
  memcpy(b, good, len);
  b[28] = 0xff;
  b[29] = 0xff;
  b[30] = 0xff;
  fix_crc(b, len);
  load_fails(b, len, SR_EPARSE, "inconsistent sizes");
  memcpy(b, good, len);
  b[25] = 9;
  fix_crc(b, len);
  load_fails(b, len, SR_EPARSE, "inconsistent sizes");
  memcpy(b, good, len);
  b[24] = 40;
  fix_crc(b, len);
  load_fails(b, len, SR_EPARSE, "inconsistent sizes");
  /* the body cut short (header size and checksum made to agree) */
  memcpy(b, good, len);
  {
    size_t cut = len - 5;
    int i;
    for (i = 0; i < 8; i++)
      b[12 + i] = (unsigned char)((uint64_t)cut >> (8 * i));
    fix_crc(b, cut);
    load_fails(b, cut, SR_EPARSE, "inconsistent sizes");
  }
  /* a missing file */
  {
    struct sr_ner *none = NULL;
    assert_int_equal(sr__ner_load(NULL, "/nonexistent/ner.bin", &none, &err),
                     SR_EIO);
    assert_null(none);
    assert_non_null(strstr(err.msg, "/nonexistent/ner.bin"));
  }
  /* the good file still loads */
  assert_int_equal(sr__ner_load(NULL, fx.model, &m, &err), SR_OK);
  sr__ner_free(m);
  free(b);
  free(good);
  fixture_remove(&fx);
}

/* Loading with every allocation failing in turn gives SR_ENOMEM and frees
 * whatever it had, never a crash or a leak. */
static void test_load_out_of_memory(void **state) {
  struct fixture fx;
  struct sr_ner *m;
  counting_alloc ca;
  sr_allocator alloc;
  size_t limit;
  sr_error err;
  (void)state;
  fixture_make(&fx);
  m = train_small(&fx, NULL);
  assert_int_equal(sr__ner_save(m, fx.model, &err), SR_OK);
  sr__ner_free(m);
  for (limit = 0;; limit++) {
    sr_status st;
    counting_alloc_init(&ca, &alloc);
    ca.limit = limit;
    m = NULL;
    st = sr__ner_load(&alloc, fx.model, &m, &err);
    if (st == SR_OK) {
      sr__ner_free(m);
      assert_int_equal(ca.allocs, ca.releases);
      break;
    }
    assert_int_equal(st, SR_ENOMEM);
    assert_null(m);
    assert_int_equal(ca.allocs, ca.releases);
  }
  assert_true(limit >= 2);
  fixture_remove(&fx);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_tag_names),
      cmocka_unit_test(test_corpus_reader),
      cmocka_unit_test(test_corpus_errors),
      cmocka_unit_test(test_corpus_xpos),
      cmocka_unit_test(test_scoring),
      cmocka_unit_test(test_train_tag_save_load),
      cmocka_unit_test(test_tag_edge_cases),
      cmocka_unit_test(test_bad_options_and_gazetteers),
      cmocka_unit_test(test_broken_model_files),
      cmocka_unit_test(test_load_out_of_memory),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
