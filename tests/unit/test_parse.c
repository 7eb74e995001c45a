/*
 * test_parse.c - the dependency parser (src/parse.c): it learns a small
 * treebank made here, keeps its trees well formed on sentences it has never
 * seen, survives a save and load unchanged, and refuses broken model files
 * with a clear error (issue #3: truncated, wrong version, inconsistent).
 */
#include "unit.h"

#include <unistd.h>

#include "parse.h"

/* "Troops shelled the city ." and "Russia denied the claims ." shapes. */
static const char treebank[] =
    "1\tTroops\ttroop\tNOUN\tNNS\t_\t2\tnsubj\t_\t_\n"
    "2\tshelled\tshell\tVERB\tVBD\t_\t0\troot\t_\t_\n"
    "3\tthe\tthe\tDET\tDT\t_\t4\tdet\t_\t_\n"
    "4\tcity\tcity\tNOUN\tNN\t_\t2\tobj\t_\t_\n"
    "5\t.\t.\tPUNCT\t.\t_\t2\tpunct\t_\t_\n\n"
    "1\tRussia\tRussia\tPROPN\tNNP\t_\t2\tnsubj\t_\t_\n"
    "2\tdenied\tdeny\tVERB\tVBD\t_\t0\troot\t_\t_\n"
    "3\tthe\tthe\tDET\tDT\t_\t4\tdet\t_\t_\n"
    "4\tclaims\tclaim\tNOUN\tNNS\t_\t2\tobj\t_\t_\n"
    "5\t.\t.\tPUNCT\t.\t_\t2\tpunct\t_\t_\n\n";

static struct sr_parser *train_small(void) {
  struct sr_conllu *c;
  struct sr_parser *p;
  struct sr_parser_options opt;
  sr_error err;
  memset(&opt, 0, sizeof opt);
  opt.epochs = 10;
  opt.action_bits = 12;
  opt.label_bits = 10;
  assert_int_equal(sr__conllu_parse(sr__malloc_allocator(), "t", treebank,
                                    sizeof treebank - 1, &c, &err),
                   SR_OK);
  assert_int_equal(sr__parser_train(c, NULL, &opt, &p, &err), SR_OK);
  sr__conllu_free(c);
  return p;
}

static void parse_words(const struct sr_parser *p, size_t n,
                        const char *const *forms, const char *const *tags,
                        int *heads, int *rels) {
  sr_arena a;
  sr__arena_init(&a, sr__malloc_allocator());
  assert_int_equal(sr__parser_parse(p, &a, n, forms, tags, heads, rels), SR_OK);
  sr__arena_free(&a);
}

static void test_learns_the_training_trees(void **state) {
  static const char *const forms[] = {"Troops", "shelled", "the", "city", "."};
  static const char *const tags[] = {"NNS", "VBD", "DT", "NN", "."};
  struct sr_parser *p = train_small();
  int heads[5], rels[5];
  (void)state;
  parse_words(p, 5, forms, tags, heads, rels);
  assert_int_equal(heads[0], 2);
  assert_int_equal(heads[1], 0);
  assert_int_equal(heads[3], 2);
  assert_string_equal(sr__parser_rel_name(p, rels[0]), "nsubj");
  assert_string_equal(sr__parser_rel_name(p, rels[1]), "root");
  assert_string_equal(sr__parser_rel_name(p, rels[3]), "obj");
  sr__parser_free(p);
}

static void test_unseen_sentences_get_one_rooted_tree(void **state) {
  static const char *const forms[] = {
      "Mercenaries", "seized", "a",      "base",      "and",
      "airfield",    "near",   "Rostov", "yesterday", "!"};
  static const char *const tags[] = {"NNS", "VBD", "DT",  "NN", "CC",
                                     "NN",  "IN",  "NNP", "NN", "."};
  struct sr_parser *p = train_small();
  int heads[10], rels[10], i, roots = 0;
  (void)state;
  parse_words(p, 10, forms, tags, heads, rels);
  for (i = 0; i < 10; i++) {
    int steps = 0, h = heads[i];
    assert_true(h >= 0 && h <= 10 && h != i + 1);
    roots += h == 0;
    while (h && steps++ < 11) /* no cycles: every path reaches the root */
      h = heads[h - 1];
    assert_int_equal(h, 0);
  }
  assert_int_equal(roots, 1);
  sr__parser_free(p);
}

static void test_save_and_load_keep_the_parses(void **state) {
  static const char *const forms[] = {"Russia", "denied", "the", "claims", "."};
  static const char *const tags[] = {"NNP", "VBD", "DT", "NNS", "."};
  char path[] = "/tmp/sitrep-parser-XXXXXX";
  struct sr_parser *p = train_small(), *back;
  int h1[5], r1[5], h2[5], r2[5], fd = mkstemp(path);
  sr_error err;
  (void)state;
  assert_true(fd >= 0);
  close(fd);
  assert_int_equal(sr__parser_save(p, path, &err), SR_OK);
  assert_int_equal(sr__parser_load(sr__malloc_allocator(), path, &back, &err),
                   SR_OK);
  parse_words(p, 5, forms, tags, h1, r1);
  parse_words(back, 5, forms, tags, h2, r2);
  assert_memory_equal(h1, h2, sizeof h1);
  assert_string_equal(sr__parser_rel_name(p, r1[0]),
                      sr__parser_rel_name(back, r2[0]));
  sr__parser_free(back);
  sr__parser_free(p);
  remove(path);
}

/* Loads bytes that must be refused with a message containing `want`. */
static void load_fails(const unsigned char *bytes, size_t len,
                       const char *want) {
  struct sr_parser *p = NULL;
  sr_error err;
  assert_int_equal(sr__parser_load_memory(sr__malloc_allocator(), "m.bin",
                                          bytes, len, &p, &err),
                   SR_EPARSE);
  assert_null(p);
  if (!strstr(err.msg, want))
    fail_msg("message '%s' lacks '%s'", err.msg, want);
}

static void test_broken_model_files_are_refused(void **state) {
  char path[] = "/tmp/sitrep-parser-XXXXXX";
  struct sr_parser *p = train_small();
  unsigned char *buf;
  long len;
  FILE *fp;
  int fd = mkstemp(path);
  sr_error err;
  (void)state;
  close(fd);
  assert_int_equal(sr__parser_save(p, path, &err), SR_OK);
  sr__parser_free(p);
  fp = fopen(path, "rb");
  fseek(fp, 0, SEEK_END);
  len = ftell(fp);
  rewind(fp);
  buf = malloc((size_t)len);
  assert_int_equal(fread(buf, 1, (size_t)len, fp), (size_t)len);
  fclose(fp);
  remove(path);
  load_fails((const unsigned char *)"GIF89a..", 8, "not a sitrep parser");
  load_fails(buf, (size_t)len / 2, "truncated or inconsistent");
  load_fails(buf, 10, "version");
  buf[8] = 2; /* version 2 */
  load_fails(buf, (size_t)len, "version 2");
  buf[8] = 1;
  buf[12] = 60; /* action bits out of range: a byte-swapped file looks so */
  load_fails(buf, (size_t)len, "inconsistent parser model header");
  free(buf);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_learns_the_training_trees),
      cmocka_unit_test(test_unseen_sentences_get_one_rooted_tree),
      cmocka_unit_test(test_save_and_load_keep_the_parses),
      cmocka_unit_test(test_broken_model_files_are_refused),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
