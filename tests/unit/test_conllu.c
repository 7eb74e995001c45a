/*
 * test_conllu.c - the CoNLL-U reader: what it keeps from a well-formed
 * file (words, multiword tokens, comments, heads) and the located error it
 * gives for each kind of malformed input (issue #3: "bad CoNLL-U input
 * (missing columns, non-numeric heads, cycles) give a clear error").
 */
#include "unit.h"

#include "conllu.h"

static struct sr_conllu *parse_ok(const char *text) {
  struct sr_conllu *c = NULL;
  sr_error err;
  sr_status st = sr__conllu_parse(sr__malloc_allocator(), "t.conllu", text,
                                  strlen(text), &c, &err);
  if (st != SR_OK)
    fail_msg("unexpected error: %s", err.msg);
  return c;
}

/* Parses text that must fail; checks the message contains `want`. */
static void parse_fails(const char *text, const char *want) {
  struct sr_conllu *c = NULL;
  sr_error err;
  sr_status st = sr__conllu_parse(sr__malloc_allocator(), "t.conllu", text,
                                  strlen(text), &c, &err);
  assert_int_equal(st, SR_EPARSE);
  assert_null(c);
  if (!strstr(err.msg, want))
    fail_msg("message '%s' lacks '%s'", err.msg, want);
}

static void test_reads_words_comments_and_heads(void **state) {
  struct sr_conllu *c;
  const struct sr_conllu_sentence *s;
  (void)state;
  c = parse_ok("# newdoc id = d1\n"
               "# sent_id = s1\n"
               "# text = Troops don't stop.\n"
               "1\tTroops\ttroop\tNOUN\tNNS\t_\t3\tnsubj\t_\t_\n"
               "2-3\tdon't\t_\t_\t_\t_\t_\t_\t_\t_\n"
               "2\tdo\tdo\tAUX\tVBP\t_\t4\taux\t_\tSpaceAfter=No\n"
               "3\tn't\tnot\tPART\tRB\t_\t4\tadvmod\t_\t_\n"
               "4\tstop\tstop\tVERB\tVB\t_\t0\troot\t_\tSpaceAfter=No\n"
               "4.1\tgo\tgo\tVERB\tVB\t_\t_\t_\t4:conj\t_\n"
               "5\t.\t.\tPUNCT\t.\t_\t4\tpunct\t_\t_\n"
               "\n");
  assert_int_equal(c->count, 1);
  assert_int_equal(c->words, 5);
  s = &c->sentences[0];
  assert_string_equal(s->sent_id, "s1");
  assert_string_equal(s->text, "Troops don't stop.");
  assert_string_equal(s->newdoc, "d1");
  assert_string_equal(s->words[1].form, "do");
  assert_string_equal(s->words[1].mwt_form, "don't");
  assert_null(s->words[2].mwt_form);
  assert_int_equal(s->words[0].head, 3);
  assert_int_equal(s->words[3].head, 0);
  assert_string_equal(s->words[0].feats, ""); /* "_" reads as empty */
  sr__conllu_free(c);
}

static void test_tokens_only_sentences_have_no_heads(void **state) {
  struct sr_conllu *c;
  (void)state;
  c = parse_ok("1\tKyiv\t_\t_\t_\t_\t_\t_\t_\t_\n"
               "2\tsaid\t_\t_\t_\t_\t_\t_\t_\t_\n");
  assert_int_equal(c->count, 1); /* no final blank line needed */
  assert_int_equal(c->sentences[0].words[0].head, -1);
  sr__conllu_free(c);
}

static void test_missing_columns_are_located(void **state) {
  (void)state;
  parse_fails("1\tA\t_\t_\t_\t_\t0\troot\t_\t_\n"
              "\n"
              "1\tB\t_\t_\n",
              "t.conllu:3: a word line has fewer than 10");
}

static void test_non_numeric_head_is_located(void **state) {
  (void)state;
  parse_fails("1\tA\t_\t_\t_\t_\tX\troot\t_\t_\n", "t.conllu:1: HEAD 'X'");
}

static void test_cycle_is_reported(void **state) {
  (void)state;
  parse_fails("1\tA\t_\t_\t_\t_\t0\troot\t_\t_\n"
              "2\tB\t_\t_\t_\t_\t3\tdep\t_\t_\n"
              "3\tC\t_\t_\t_\t_\t2\tdep\t_\t_\n",
              "cycle");
}

static void test_two_roots_and_no_root_are_reported(void **state) {
  (void)state;
  parse_fails("1\tA\t_\t_\t_\t_\t0\troot\t_\t_\n"
              "2\tB\t_\t_\t_\t_\t0\troot\t_\t_\n",
              "2 roots");
  parse_fails("1\tA\t_\t_\t_\t_\t2\tdep\t_\t_\n"
              "2\tB\t_\t_\t_\t_\t1\tdep\t_\t_\n",
              "0 roots");
}

static void test_head_outside_sentence_and_self_head(void **state) {
  (void)state;
  parse_fails("1\tA\t_\t_\t_\t_\t0\troot\t_\t_\n"
              "2\tB\t_\t_\t_\t_\t9\tdep\t_\t_\n",
              "outside the sentence");
  parse_fails("1\tA\t_\t_\t_\t_\t0\troot\t_\t_\n"
              "2\tB\t_\t_\t_\t_\t2\tdep\t_\t_\n",
              "its own head");
}

static void test_ids_out_of_order_and_mixed_heads(void **state) {
  (void)state;
  parse_fails("1\tA\t_\t_\t_\t_\t0\troot\t_\t_\n"
              "3\tB\t_\t_\t_\t_\t1\tdep\t_\t_\n",
              "t.conllu:2: word ID '3' where 2 was expected");
  parse_fails("1\tA\t_\t_\t_\t_\t0\troot\t_\t_\n"
              "2\tB\t_\t_\t_\t_\t_\t_\t_\t_\n",
              "some words of the sentence have a head");
}

static void test_comment_inside_sentence_and_nul(void **state) {
  static const char with_nul[] = "1\tA\0\t_\t_\t_\t_\t0\troot\t_\t_\n";
  struct sr_conllu *c = NULL;
  sr_error err;
  (void)state;
  parse_fails("1\tA\t_\t_\t_\t_\t0\troot\t_\t_\n# late\n", "comment inside");
  assert_int_equal(sr__conllu_parse(sr__malloc_allocator(), "t.conllu",
                                    with_nul, sizeof with_nul - 1, &c, &err),
                   SR_EPARSE);
  assert_non_null(strstr(err.msg, "NUL byte"));
}

static void test_missing_file_is_eio(void **state) {
  struct sr_conllu *c = NULL;
  sr_error err;
  (void)state;
  assert_int_equal(sr__conllu_read_file(sr__malloc_allocator(),
                                        "/nonexistent/x.conllu", &c, &err),
                   SR_EIO);
  assert_non_null(strstr(err.msg, "/nonexistent/x.conllu"));
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_reads_words_comments_and_heads),
      cmocka_unit_test(test_tokens_only_sentences_have_no_heads),
      cmocka_unit_test(test_missing_columns_are_located),
      cmocka_unit_test(test_non_numeric_head_is_located),
      cmocka_unit_test(test_cycle_is_reported),
      cmocka_unit_test(test_two_roots_and_no_root_are_reported),
      cmocka_unit_test(test_head_outside_sentence_and_self_head),
      cmocka_unit_test(test_ids_out_of_order_and_mixed_heads),
      cmocka_unit_test(test_comment_inside_sentence_and_nul),
      cmocka_unit_test(test_missing_file_is_eio),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
