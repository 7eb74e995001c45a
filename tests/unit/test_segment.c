/*
 * test_segment.c - the segment stage: token offsets, sentences, limits.
 *
 * Every token and sentence carries its byte range in the original input,
 * and later stages (and users checking an event against its article) rely
 * on that range spelling the token. These tests check the offset
 * invariant over a paragraph that mixes the hard cases of news text
 * (abbreviations, clitics, typographic quotes, numbers, URLs, e-mail
 * addresses, dashes), that a sentence's range runs from its first token to
 * its last, and that no input can make the stage slow or unbounded: a
 * sentence is cut at max_sentence_tokens, and the pathological inputs of
 * STYLE.md section 8 (100,000 tokens without a sentence break, 10,000
 * nested brackets or quotes) finish within cmark's 5-second budget.
 */
#include "unit.h"

#include <time.h>

/* cmark's pathological tests allow each case 5 seconds. */
#define PATHOLOGICAL_SECONDS 5.0

static double now_seconds(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int is_space_byte(char c) {
  return c == ' ' || c == '\n' || c == '\r' || c == '\t' || c == '\f' ||
         c == '\v';
}

/* For a document whose input needed no repair: every token spells its
 * input range, tokens are in order and do not overlap, and a token without
 * space_after is followed directly by the next one. */
static void assert_offsets_spell_tokens(const sr_doc *d) {
  size_t len, i, prev_end = 0;
  const char *in = sr_doc_input(d, &len);
  for (i = 0; i < sr_doc_token_count(d); i++) {
    const sr_token *t = sr_doc_token(d, i);
    if (t->start < prev_end || t->end > len || t->end - t->start != t->form_len)
      fail_msg("token %zu \"%.*s\": range [%zu,%zu) after %zu, input %zu", i,
               (int)t->form_len, t->form, t->start, t->end, prev_end, len);
    if (memcmp(in + t->start, t->form, t->form_len))
      fail_msg("token %zu \"%.*s\" spells \"%.*s\" in the input", i,
               (int)t->form_len, t->form, (int)t->form_len, in + t->start);
    if (!t->space_after && i + 1 < sr_doc_token_count(d) &&
        sr_doc_token(d, i + 1)->start != t->end)
      fail_msg("token %zu \"%.*s\" has no space after it, but the next "
               "token starts at %zu, not %zu",
               i, (int)t->form_len, t->form, sr_doc_token(d, i + 1)->start,
               t->end);
    if (t->space_after && t->end < len && !is_space_byte(in[t->end]))
      fail_msg("token %zu \"%.*s\" has a space after it, but the input "
               "has '%c'",
               i, (int)t->form_len, t->form, in[t->end]);
    prev_end = t->end;
  }
}

/* Sentences tile the tokens in order; each sentence's range runs from the
 * start of its first token to the end of its last. */
static void assert_sentences_cover_tokens(const sr_doc *d) {
  size_t i, next = 0;
  for (i = 0; i < sr_doc_sentence_count(d); i++) {
    const sr_sentence *s = sr_doc_sentence(d, i);
    const sr_token *first, *last;
    assert_true(s->token_count >= 1);
    assert_int_equal(s->first_token, next);
    first = sr_doc_token(d, s->first_token);
    last = sr_doc_token(d, s->first_token + s->token_count - 1);
    assert_non_null(first);
    assert_non_null(last);
    assert_int_equal(s->start, first->start);
    assert_int_equal(s->end, last->end);
    next = s->first_token + s->token_count;
  }
  assert_int_equal(next, sr_doc_token_count(d));
}

/* `count` words separated by single spaces, no punctuation: no sentence
 * boundary anywhere. The caller frees it. */
static char *word_run(size_t count, size_t *len) {
  static const char *const words[] = {"troops",  "moved", "along",
                                      "the",     "river", "near",
                                      "kherson", "at",    "night"};
  size_t cap = count * 9 + 1, n = 0, i;
  char *s = malloc(cap);
  assert_non_null(s);
  for (i = 0; i < count; i++) {
    const char *w = words[i % (sizeof words / sizeof *words)];
    size_t m = strlen(w);
    if (i)
      s[n++] = ' ';
    memcpy(s + n, w, m);
    n += m;
  }
  s[n] = '\0';
  *len = n;
  return s;
}

/* Parses bytes[0..n) as raw text with the given sentence limit (0: the
 * default) and fails the test if that takes longer than the budget. */
static sr_doc *parse_timed(const char *bytes, size_t n, size_t max_tokens,
                           warnings *warn, sr_engine **engine) {
  sr_config cfg;
  sr_doc_options opt;
  sr_doc *d = NULL;
  sr_error err;
  double t0, t1;
  memset(&cfg, 0, sizeof cfg);
  cfg.max_sentence_tokens = max_tokens;
  cfg.warn = collect_warning;
  cfg.warn_user = warn;
  *engine = open_engine(&cfg);
  memset(&opt, 0, sizeof opt);
  opt.raw = 1;
  opt.format = SR_FORMAT_TEXT;
  t0 = now_seconds();
  if (sr_doc_parse(*engine, bytes, n, &opt, &d, &err) != SR_OK)
    fail_msg("sr_doc_parse: %s", err.msg);
  t1 = now_seconds();
  if (t1 - t0 > PATHOLOGICAL_SECONDS)
    fail_msg("%zu bytes took %.1f s (budget %.0f s)", n, t1 - t0,
             PATHOLOGICAL_SECONDS);
  return d;
}

/* ---- fixture ----------------------------------------------------------------
 */

static int engine_setup(void **state) {
  sr_engine *e = NULL;
  if (sr_engine_open(NULL, &e, NULL) != SR_OK)
    return -1;
  *state = e;
  return 0;
}

static int engine_teardown(void **state) {
  sr_engine_close(*state);
  return 0;
}

/* ---- offsets and sentences
 * ----------------------------------------------------- */

static const char mixed_text[] =
    "U.S. Secretary of State Antony Blinken said on Tuesday that Russia's "
    "\"war of aggression\" can't succeed. \xE2\x80\x9CWe won\xE2\x80\x99t "
    "stop,\xE2\x80\x9D he told reporters in Kyiv \xE2\x80\x94 adding that "
    "$25bn in aid, 3.5% of the total, was approved at 5pm (local time). "
    "Lt. Gen. Alekseev met officials, e.g. the mayor, at "
    "https://example.com/a?b=1 and wrote to press@example.org... "
    "#Ukraine @ZelenskyyUa Cross-border shelling hit 25,000 homes in the "
    "Kharkiv region!\n"
    "\n"
    "A second paragraph: pro-Kremlin bloggers, e-mail and '90s-era tanks "
    "(T-72s) rolled in [sic]; No. 5 was hit. Was it? Yes...\n"
    "- a bullet line\n"
    "\tTabbed text ends here.";

static void test_token_forms_match_input_bytes_on_mixed_text(void **state) {
  sr_doc *d = parse_raw(*state, mixed_text);
  const sr_doc_repairs *r = sr_doc_repairs_of(d);
  assert_int_equal(
      r->invalid_utf8 + r->nul_bytes + r->nfc_changes + r->removed_chars, 0);
  assert_true(sr_doc_token_count(d) > 80);
  assert_offsets_spell_tokens(d);
  /* a few tokens the paragraph must contain, each at its own bytes */
  assert_token_source(d, need_token(d, "Blinken"), "Blinken");
  assert_token_source(d, need_token(d, "25,000"), "25,000");
  assert_token_source(d, need_token(d, "https://example.com/a?b=1"),
                      "https://example.com/a?b=1");
  assert_token_source(d, need_token(d, "press@example.org"),
                      "press@example.org");
  sr_doc_free(d);
}

static void test_typographic_punctuation_gets_ascii_norm(void **state) {
  sr_doc *d = parse_raw(*state, mixed_text);
  const sr_token *t = need_token(d, "\xE2\x80\x9C");
  assert_int_equal(t->norm_len, 1);
  assert_memory_equal(t->norm, "\"", 1);
  t = need_token(d, "\xE2\x80\x94");
  assert_int_equal(t->norm_len, 1);
  assert_memory_equal(t->norm, "-", 1);
  t = need_token(d, "Blinken"); /* ASCII: the key is the form */
  assert_int_equal(t->norm_len, t->form_len);
  assert_memory_equal(t->norm, t->form, t->form_len);
  sr_doc_free(d);
}

static void test_sentence_range_runs_from_first_to_last_token(void **state) {
  sr_doc *d = parse_raw(*state, mixed_text);
  assert_true(sr_doc_sentence_count(d) >= 5);
  assert_sentences_cover_tokens(d);
  sr_doc_free(d);
}

static void test_sentences_end_at_full_stops_and_paragraphs(void **state) {
  sr_doc *d = parse_raw(*state, "Troops crossed the river. They met no "
                                "resistance.\n\nA new paragraph starts here");
  const sr_sentence *s;
  assert_int_equal(sr_doc_sentence_count(d), 3);
  s = sr_doc_sentence(d, 1);
  assert_true(token_is(sr_doc_token(d, s->first_token), "They"));
  assert_int_equal(s->start, strlen("Troops crossed the river. "));
  assert_null(sr_doc_sentence(d, 3)); /* out of range */
  assert_sentences_cover_tokens(d);
  sr_doc_free(d);
}

static void test_offsets_stay_ordered_on_repaired_text(void **state) {
  static const char in[] = "\xEF\xBB\xBF"
                           "Prigo\xC2\xADzhin\xFF said the cafe\xCC\x81 was "
                           "closed.\x01 Residents\xE2\x80\x8B left.";
  sr_doc *d = parse_raw(*state, in);
  size_t i, prev = 0;
  for (i = 0; i < sr_doc_token_count(d); i++) {
    const sr_token *t = sr_doc_token(d, i);
    assert_true(t->start >= prev);
    assert_true(t->start < t->end);
    assert_true(t->end <= sizeof in - 1);
    prev = t->end;
  }
  assert_sentences_cover_tokens(d);
  assert_token_source(d, need_token(d, "closed"), "closed");
  sr_doc_free(d);
}

/* ---- the sentence limit
 * ----------------------------------------------------------- */

static void test_max_sentence_tokens_cuts_a_long_run(void **state) {
  warnings warn = {0};
  sr_engine *e;
  size_t n, i, total = 0;
  char *text = word_run(10000, &n);
  sr_doc *d;
  (void)state;
  d = parse_timed(text, n, 50, &warn, &e);
  assert_int_equal(sr_doc_token_count(d), 10000);
  assert_int_equal(sr_doc_sentence_count(d), 200);
  for (i = 0; i < sr_doc_sentence_count(d); i++) {
    size_t count = sr_doc_sentence(d, i)->token_count;
    if (count > 50)
      fail_msg("sentence %zu has %zu tokens", i, count);
    total += count;
  }
  assert_int_equal(total, 10000);
  assert_int_equal(sr_doc_repairs_of(d)->forced_breaks, 199);
  assert_true(warn.count >= 1);
  assert_non_null(strstr(warn.last, "50 tokens"));
  assert_sentences_cover_tokens(d);
  sr_doc_free(d);
  sr_engine_close(e);
  free(text);
}

/* Parses a run of 100,000 words with no punctuation under a sentence limit
 * (0: the default of 400) and checks the sentences and forced breaks. */
static void check_100k_word_run(size_t limit, size_t sentences, size_t forced) {
  warnings warn = {0};
  sr_engine *e;
  size_t n;
  char *text = word_run(100000, &n);
  sr_doc *d = parse_timed(text, n, limit, &warn, &e);
  assert_int_equal(sr_doc_token_count(d), 100000);
  assert_int_equal(sr_doc_sentence_count(d), sentences);
  assert_int_equal(sr_doc_repairs_of(d)->forced_breaks, forced);
  assert_int_equal(warn.count, forced ? 1 : 0);
  assert_offsets_spell_tokens(d);
  sr_doc_free(d);
  sr_engine_close(e);
  free(text);
}

static void test_100k_tokens_without_a_break_complete(void **state) {
  (void)state;
  check_100k_word_run(0, 250, 249);
}

static void test_100k_tokens_in_one_sentence_complete(void **state) {
  (void)state;
  check_100k_word_run(1000000, 1, 0); /* no cut at all */
}

/* ---- deep nesting
 * ------------------------------------------------------------------- */

/* `depth` copies of `open`, a word, `depth` copies of `close`, optionally
 * with spaces between the marks, parsed in the time budget; every
 * non-space byte must end up in exactly one token. */
static void check_nesting(const char *open, const char *close, size_t depth,
                          int spaced) {
  size_t ol = strlen(open), cl = strlen(close);
  size_t cap = depth * (ol + cl + 2) + 16, n = 0, i, nonspace = 0, covered = 0;
  char *text = malloc(cap);
  warnings warn = {0};
  sr_engine *e;
  sr_doc *d;
  assert_non_null(text);
  for (i = 0; i < depth; i++) {
    memcpy(text + n, open, ol);
    n += ol;
    if (spaced)
      text[n++] = ' ';
  }
  memcpy(text + n, "word", 4);
  n += 4;
  for (i = 0; i < depth; i++) {
    if (spaced)
      text[n++] = ' ';
    memcpy(text + n, close, cl);
    n += cl;
  }
  text[n] = '\0';
  d = parse_timed(text, n, 0, &warn, &e);
  for (i = 0; i < n; i++)
    nonspace += !is_space_byte(text[i]);
  for (i = 0; i < sr_doc_token_count(d); i++)
    covered += sr_doc_token(d, i)->form_len;
  assert_int_equal(covered, nonspace);
  assert_offsets_spell_tokens(d);
  assert_sentences_cover_tokens(d);
  assert_non_null(find_token(d, "word"));
  sr_doc_free(d);
  sr_engine_close(e);
  free(text);
}

static void test_10000_nested_parentheses_complete(void **state) {
  (void)state;
  check_nesting("(", ")", 10000, 0);
  check_nesting("(", ")", 10000, 1);
}

static void test_10000_nested_quotes_complete(void **state) {
  (void)state;
  check_nesting("\"", "\"", 10000, 0);
  check_nesting("\xE2\x80\x9C", "\xE2\x80\x9D", 10000, 0); /* curly */
  check_nesting("[\xE2\x80\x98", "\xE2\x80\x99]", 10000, 1);
}

static void test_10000_open_parentheses_alone_complete(void **state) {
  warnings warn = {0};
  sr_engine *e;
  char *text = malloc(10001);
  sr_doc *d;
  (void)state;
  assert_non_null(text);
  memset(text, '(', 10000);
  text[10000] = '\0';
  d = parse_timed(text, 10000, 0, &warn, &e);
  assert_int_equal(sr_doc_token_count(d), 10000);
  assert_offsets_spell_tokens(d);
  sr_doc_free(d);
  sr_engine_close(e);
  free(text);
}

/* ---- sentence text
 * ------------------------------------------------------------------- */

static void test_sentence_text_turns_line_breaks_into_spaces(void **state) {
  /* hard-wrapped: lines go on with a lower-case word, so the line breaks
   * are not sentence boundaries */
  static const char in[] = "The convoy moved\nslowly toward the city and\n"
                           "reached it\tby noon.";
  sr_doc *d = parse_raw(*state, in);
  const char *text, *again;
  size_t len = 0;
  assert_int_equal(sr_doc_sentence_count(d), 1);
  text = sr_doc_sentence_text(d, 0, &len);
  assert_non_null(text);
  assert_string_equal(text, "The convoy moved slowly toward the city and "
                            "reached it by noon.");
  assert_int_equal(len, strlen(text));
  assert_null(strchr(text, '\n'));
  assert_null(strchr(text, '\t'));
  again = sr_doc_sentence_text(d, 0, NULL);
  assert_ptr_equal(again, text); /* built once, then borrowed */
  assert_null(sr_doc_sentence_text(d, 1, &len));
  sr_doc_free(d);
}

static void test_sentence_text_spans_only_its_sentence(void **state) {
  sr_doc *d = parse_raw(*state, "First one here.  Second\tone there.");
  assert_int_equal(sr_doc_sentence_count(d), 2);
  assert_string_equal(sr_doc_sentence_text(d, 0, NULL), "First one here.");
  assert_string_equal(sr_doc_sentence_text(d, 1, NULL), "Second one there.");
  sr_doc_free(d);
}

#define ENGINE_TEST(fn)                                                        \
  cmocka_unit_test_setup_teardown(fn, engine_setup, engine_teardown)

int main(void) {
  const struct CMUnitTest tests[] = {
      ENGINE_TEST(test_token_forms_match_input_bytes_on_mixed_text),
      ENGINE_TEST(test_typographic_punctuation_gets_ascii_norm),
      ENGINE_TEST(test_sentence_range_runs_from_first_to_last_token),
      ENGINE_TEST(test_sentences_end_at_full_stops_and_paragraphs),
      ENGINE_TEST(test_offsets_stay_ordered_on_repaired_text),
      cmocka_unit_test(test_max_sentence_tokens_cuts_a_long_run),
      cmocka_unit_test(test_100k_tokens_without_a_break_complete),
      cmocka_unit_test(test_100k_tokens_in_one_sentence_complete),
      cmocka_unit_test(test_10000_nested_parentheses_complete),
      cmocka_unit_test(test_10000_nested_quotes_complete),
      cmocka_unit_test(test_10000_open_parentheses_alone_complete),
      ENGINE_TEST(test_sentence_text_turns_line_breaks_into_spaces),
      ENGINE_TEST(test_sentence_text_spans_only_its_sentence),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
