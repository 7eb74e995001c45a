/*
 * test_lemma.c - the lemmatizer (src/lemma.c): rules learned from a small
 * treebank built here, exceptions for the words the rules miss, the
 * irregular-verb list, and clear errors for broken model files.
 */
#include "unit.h"

#include <unistd.h>

#include "lemma.h"

/* Six sentences: plural nouns, regular past tenses, one irregular noun. */
static const char treebank[] =
    "1\ttroops\ttroop\tNOUN\tNNS\t_\t0\troot\t_\t_\n\n"
    "1\ttanks\ttank\tNOUN\tNNS\t_\t0\troot\t_\t_\n\n"
    "1\tguns\tgun\tNOUN\tNNS\t_\t0\troot\t_\t_\n\n"
    "1\tshelled\tshell\tVERB\tVBD\t_\t0\troot\t_\t_\n\n"
    "1\tcalled\tcall\tVERB\tVBD\t_\t0\troot\t_\t_\n\n"
    "1\tkilled\tkill\tVERB\tVBD\t_\t0\troot\t_\t_\n\n"
    "1\tpeople\tperson\tNOUN\tNNS\t_\t0\troot\t_\t_\n\n"
    "1\tGoogle\tGoogle\tPROPN\tNNP\t_\t0\troot\t_\t_\n\n";

static struct sr_lemmatizer *train_small(void) {
  struct sr_conllu *c;
  struct sr_lemmatizer *m;
  sr_error err;
  assert_int_equal(sr__conllu_parse(sr__malloc_allocator(), "t", treebank,
                                    sizeof treebank - 1, &c, &err),
                   SR_OK);
  assert_int_equal(sr__lemma_train(sr__malloc_allocator(), c, &m, &err), SR_OK);
  sr__conllu_free(c);
  return m;
}

static void expect(const struct sr_lemmatizer *m, const char *form,
                   const char *xpos, const char *want) {
  char out[64];
  sr__lemma_of(m, form, strlen(form), xpos, out, sizeof out);
  if (strcmp(out, want))
    fail_msg("%s/%s -> %s, wanted %s", form, xpos, out, want);
}

static void test_rules_generalise_to_unseen_words(void **state) {
  struct sr_lemmatizer *m = train_small();
  (void)state;
  expect(m, "rockets", "NNS", "rocket"); /* -s, seen three times */
  expect(m, "Bombs", "NNS", "bomb");     /* lower-cased first */
  expect(m, "filled", "VBD", "fill");
  expect(m, "people", "NNS", "person"); /* an exception */
  expect(m, "Kharkiv", "NNP", "Kharkiv");
  expect(m, "kharkiv", "NNP", "Kharkiv"); /* names are capitalised */
  expect(m, "25,000", "CD", "25000");
  expect(m, ",", ",", ",");
  sr__lemma_free(m);
}

static void test_irregular_list_and_round_trip(void **state) {
  struct sr_lemmatizer *m = train_small(), *back;
  char dir[] = "/tmp/sitrep-lemma-XXXXXX", verbs[128], model[128];
  FILE *fp;
  sr_error err;
  (void)state;
  assert_non_null(mkdtemp(dir));
  snprintf(verbs, sizeof verbs, "%s/verbs.txt", dir);
  snprintf(model, sizeof model, "%s/lemma.txt", dir);
  fp = fopen(verbs, "w");
  fputs("# test\nflee fled fled\nstrike struck struck/stricken\n", fp);
  fclose(fp);
  assert_int_equal(sr__lemma_add_irregular(m, verbs, &err), SR_OK);
  expect(m, "fled", "VBD", "flee");
  expect(m, "stricken", "VBN", "strike");
  assert_int_equal(sr__lemma_save(m, model, &err), SR_OK);
  assert_int_equal(sr__lemma_load(sr__malloc_allocator(), model, &back, &err),
                   SR_OK);
  expect(back, "fled", "VBD", "flee");
  expect(back, "rockets", "NNS", "rocket");
  sr__lemma_free(back);
  sr__lemma_free(m);
  /* a malformed irregular line is located */
  fp = fopen(verbs, "w");
  fputs("flee fled\n", fp);
  fclose(fp);
  m = train_small();
  assert_int_equal(sr__lemma_add_irregular(m, verbs, &err), SR_EPARSE);
  assert_non_null(strstr(err.msg, "verbs.txt:1:"));
  sr__lemma_free(m);
  remove(verbs);
  remove(model);
  rmdir(dir);
}

/* Writes `text` as a model file and checks loading fails with `want`. */
static void load_fails(const char *text, const char *want) {
  char path[] = "/tmp/sitrep-lemma-bad-XXXXXX";
  int fd = mkstemp(path);
  struct sr_lemmatizer *m = NULL;
  sr_error err;
  assert_true(fd >= 0);
  assert_int_equal(write(fd, text, strlen(text)), (ssize_t)strlen(text));
  close(fd);
  assert_int_equal(sr__lemma_load(sr__malloc_allocator(), path, &m, &err),
                   SR_EPARSE);
  assert_null(m);
  if (!strstr(err.msg, want))
    fail_msg("message '%s' lacks '%s'", err.msg, want);
  remove(path);
}

static void test_bad_model_files_are_clear_errors(void **state) {
  (void)state;
  load_fails("sitrep-lemma 2\n0 0 0\n", "not a sitrep lemma model");
  load_fails("GIF89a", "not a sitrep lemma model");
  load_fails("sitrep-lemma 1\nmany\n", "bad table sizes");
  load_fails("sitrep-lemma 1\n2 0 0\nR\tNNS\ts\t1\t\n", "truncated");
  load_fails("sitrep-lemma 1\n1 0 0\nR\tNNS\ts\n", "expected");
  load_fails("sitrep-lemma 1\n0 0 0\nE\tNN\tx\ty\n", "more entries");
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_rules_generalise_to_unseen_words),
      cmocka_unit_test(test_irregular_list_and_round_trip),
      cmocka_unit_test(test_bad_model_files_are_clear_errors),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
