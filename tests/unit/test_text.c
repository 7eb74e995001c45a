/*
 * test_text.c - the text stage: UTF-8 repair, NFC, offset maps, boilerplate.
 *
 * Scraped articles carry invalid bytes, NUL bytes, soft hyphens, BOMs and
 * decomposed accents (text.c). The text stage must turn them into clean
 * NFC UTF-8, count every repair in sr_doc_repairs, and still let every
 * token point at the bytes of the original input that it came from. These
 * tests feed such inputs through sr_doc_parse (mostly with the `raw`
 * option, so the input is all body) and check the forms, the counts and
 * the byte ranges; then they test the offset map (sr__offmap_*) and the
 * UTF-8 decoder directly on hand-built cases, and the boilerplate line
 * classifier (sr__boilerplate_reason) on lines that are and are not page
 * furniture.
 */
#include "unit.h"

#include "text.h"

/* ---- fixture: one default engine with a warning collector ---------------- */

typedef struct text_fixture {
  sr_engine *e;
  warnings warn;
} text_fixture;

static int engine_setup(void **state) {
  text_fixture *f = calloc(1, sizeof *f);
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
  text_fixture *f = *state;
  sr_engine_close(f->e);
  free(f);
  return 0;
}

/* Is every token form valid UTF-8 without NUL bytes? */
static void assert_forms_valid_utf8(const sr_doc *d) {
  size_t i;
  for (i = 0; i < sr_doc_token_count(d); i++) {
    const sr_token *t = sr_doc_token(d, i);
    const unsigned char *s = (const unsigned char *)t->form;
    size_t k = 0;
    while (k < t->form_len) {
      uint32_t cp;
      size_t len = sr__utf8_decode(s + k, t->form_len - k, &cp);
      if (!len || cp == 0)
        fail_msg("token %zu holds an invalid or NUL byte at %zu", i, k);
      k += len;
    }
  }
}

/* How many U+FFFD characters the token forms hold in all. */
static size_t replacement_chars(const sr_doc *d) {
  size_t i, k, n = 0;
  for (i = 0; i < sr_doc_token_count(d); i++) {
    const sr_token *t = sr_doc_token(d, i);
    for (k = 0; k + 3 <= t->form_len; k++)
      if (!memcmp(t->form + k, "\xEF\xBF\xBD", 3))
        n++;
  }
  return n;
}

/* ---- invalid UTF-8 ------------------------------------------------------- */

static void test_byte_ff_becomes_replacement_char_and_is_counted(void **state) {
  text_fixture *f = *state;
  sr_doc *d = parse_raw(f->e, "Alpha \xFF Beta gamma.");
  const sr_token *t;
  assert_int_equal(sr_doc_repairs_of(d)->invalid_utf8, 1);
  t = need_token(d, "\xEF\xBF\xBD");
  assert_token_source(d, t, "\xFF");
  t = need_token(d, "Beta"); /* after the bad byte: offsets unshifted */
  assert_int_equal(t->start, 8);
  assert_token_source(d, t, "Beta");
  assert_token_source(d, need_token(d, "gamma"), "gamma");
  assert_forms_valid_utf8(d);
  sr_doc_free(d);
}

static void test_bad_byte_inside_word_keeps_the_word_range(void **state) {
  text_fixture *f = *state;
  sr_doc *d = parse_raw(f->e, "Kyiv Ab\xFF"
                              "cd said.");
  const sr_token *t = need_token(d, "Ab\xEF\xBF\xBD"
                                    "cd");
  assert_int_equal(t->start, 5);
  assert_int_equal(t->end, 10);
  assert_token_source(d, t,
                      "Ab\xFF"
                      "cd");
  assert_token_source(d, need_token(d, "said"), "said");
  sr_doc_free(d);
}

static void test_truncated_sequences_are_replaced_and_counted(void **state) {
  text_fixture *f = *state;
  /* E2 82 lacks the last byte of a 3-byte sequence (U+20AC is E2 82 AC);
   * F0 9F 98 at the very end lacks the last byte of a 4-byte one. */
  sr_doc *d = parse_raw(f->e, "Alpha \xE2\x82 Beta gamma \xF0\x9F\x98");
  const sr_doc_repairs *r = sr_doc_repairs_of(d);
  const sr_token *t;
  assert_true(r->invalid_utf8 >= 2); /* one per sequence at least */
  assert_true(r->invalid_utf8 <= 5); /* one per byte at most */
  assert_int_equal(r->invalid_utf8, replacement_chars(d));
  t = need_token(d, "Beta");
  assert_int_equal(t->start, 9);
  assert_token_source(d, t, "Beta");
  assert_token_source(d, need_token(d, "gamma"), "gamma");
  /* the last token ends at the end of the input, covering the cut bytes */
  t = sr_doc_token(d, sr_doc_token_count(d) - 1);
  assert_int_equal(t->end, strlen("Alpha \xE2\x82 Beta gamma \xF0\x9F\x98"));
  assert_forms_valid_utf8(d);
  sr_doc_free(d);
}

static void test_overlong_c0_80_becomes_two_replacements_not_nul(void **state) {
  text_fixture *f = *state;
  sr_doc *d = parse_raw(f->e, "Alpha \xC0\x80 Beta.");
  /* C0 is never a valid lead byte and 80 is a lone continuation byte: two
   * maximal invalid subparts, two U+FFFD (Unicode 3.9, table 3-8). */
  assert_int_equal(sr_doc_repairs_of(d)->invalid_utf8, 2);
  assert_int_equal(replacement_chars(d), 2);
  assert_int_equal(sr_doc_repairs_of(d)->nul_bytes, 0);
  assert_int_equal(need_token(d, "Beta")->start, 9);
  assert_forms_valid_utf8(d);
  sr_doc_free(d);
}

static void test_surrogate_ed_a0_80_becomes_three_replacements(void **state) {
  text_fixture *f = *state;
  sr_doc *d = parse_raw(f->e, "Alpha \xED\xA0\x80 Beta.");
  /* ED A0 80 would encode U+D800, a surrogate: each byte is replaced */
  assert_int_equal(sr_doc_repairs_of(d)->invalid_utf8, 3);
  assert_int_equal(replacement_chars(d), 3);
  assert_int_equal(need_token(d, "Beta")->start, 10);
  assert_token_source(d, need_token(d, "Beta"), "Beta");
  assert_forms_valid_utf8(d);
  sr_doc_free(d);
}

static void test_invalid_utf8_sends_one_warning_with_the_offset(void **state) {
  text_fixture *f = *state;
  sr_doc *d = parse_raw(f->e, "Alpha \xFF Beta \xFE gamma.");
  assert_int_equal(sr_doc_repairs_of(d)->invalid_utf8, 2);
  assert_int_equal(f->warn.count, 1);
  assert_non_null(strstr(f->warn.last, "U+FFFD"));
  assert_non_null(strstr(f->warn.last, "byte 6"));
  sr_doc_free(d);
}

static void test_valid_text_needs_no_repair(void **state) {
  text_fixture *f = *state;
  sr_doc *d = parse_raw(f->e, "Z\xC3\xBCrich and caf\xC3\xA9 \xE2\x80\x9Cquotes"
                              "\xE2\x80\x9D \xF0\x9F\x98\x80 ok.");
  const sr_doc_repairs *r = sr_doc_repairs_of(d);
  assert_int_equal(r->invalid_utf8, 0);
  assert_int_equal(r->nul_bytes, 0);
  assert_int_equal(r->nfc_changes, 0);
  assert_int_equal(r->removed_chars, 0);
  assert_int_equal(f->warn.count, 0);
  assert_token_source(d, need_token(d, "caf\xC3\xA9"), "caf\xC3\xA9");
  sr_doc_free(d);
}

/* ---- control bytes, invisible characters, NFC, BOM ---------------------- */

static void test_nul_byte_becomes_space_and_is_counted(void **state) {
  text_fixture *f = *state;
  static const char in[] =
      "The convoy\0reached the border crossing at dawn on Tuesday, "
      "officials\x01said.";
  sr_doc_options opt;
  sr_doc *d = NULL;
  const sr_token *t;
  memset(&opt, 0, sizeof opt);
  opt.raw = 1;
  opt.format = SR_FORMAT_TEXT;
  assert_int_equal(sr_doc_parse(f->e, in, sizeof in - 1, &opt, &d, NULL),
                   SR_OK);
  assert_int_equal(sr_doc_repairs_of(d)->nul_bytes, 2);
  t = need_token(d, "convoy"); /* the NUL separates two words */
  assert_int_equal(t->start, 4);
  assert_int_equal(t->end, 10);
  t = need_token(d, "reached");
  assert_int_equal(t->start, 11);
  assert_token_source(d, t, "reached");
  assert_token_source(d, need_token(d, "officials"), "officials");
  assert_token_source(d, need_token(d, "said"), "said");
  assert_forms_valid_utf8(d);
  assert_true(f->warn.count >= 1);
  sr_doc_free(d);
}

static void test_soft_hyphen_is_removed_and_range_covers_it(void **state) {
  text_fixture *f = *state;
  sr_doc *d = parse_raw(f->e, "Yevgeny Prigo\xC2\xADzhin led the mutiny.");
  const sr_token *t = need_token(d, "Prigozhin");
  assert_int_equal(sr_doc_repairs_of(d)->removed_chars, 1);
  assert_int_equal(t->start, 8);
  assert_int_equal(t->end, 19);
  assert_token_source(d, t, "Prigo\xC2\xADzhin");
  assert_token_source(d, need_token(d, "led"), "led");
  sr_doc_free(d);
}

static void test_zero_width_space_inside_word_is_removed(void **state) {
  text_fixture *f = *state;
  sr_doc *d = parse_raw(f->e, "The Wag\xE2\x80\x8Bner group left.");
  const sr_token *t = need_token(d, "Wagner");
  assert_int_equal(sr_doc_repairs_of(d)->removed_chars, 1);
  assert_token_source(d, t, "Wag\xE2\x80\x8Bner");
  assert_token_source(d, need_token(d, "group"), "group");
  sr_doc_free(d);
}

static void test_decomposed_accent_is_composed_with_full_range(void **state) {
  text_fixture *f = *state;
  sr_doc *d = parse_raw(f->e, "The cafe\xCC\x81 opened again.");
  const sr_token *t = need_token(d, "caf\xC3\xA9");
  assert_int_equal(sr_doc_repairs_of(d)->nfc_changes, 1);
  assert_int_equal(t->start, 4);
  assert_int_equal(t->end, 10);
  assert_token_source(d, t, "cafe\xCC\x81");
  assert_null(find_token(d, "cafe\xCC\x81"));
  t = need_token(d, "opened");
  assert_int_equal(t->start, 11);
  sr_doc_free(d);
}

static void test_bom_at_start_is_dropped_in_raw_mode(void **state) {
  text_fixture *f = *state;
  sr_doc *d = parse_raw(f->e, "\xEF\xBB\xBFHello world.");
  const sr_token *t = sr_doc_token(d, 0);
  assert_true(token_is(t, "Hello"));
  assert_int_equal(t->start, 3);
  assert_int_equal(sr_doc_repairs_of(d)->removed_chars, 1);
  assert_false(any_token_contains(d, "\xEF\xBB\xBF"));
  sr_doc_free(d);
}

static void test_bom_at_start_is_dropped_in_article_mode(void **state) {
  text_fixture *f = *state;
  sr_doc *d = parse_str(f->e, "\xEF\xBB\xBFHello world.", SR_FORMAT_TEXT, 0);
  const sr_token *t = sr_doc_token(d, 0);
  assert_true(token_is(t, "Hello"));
  assert_int_equal(t->start, 3);
  assert_false(any_token_contains(d, "\xEF\xBB\xBF"));
  sr_doc_free(d);
}

/* ---- the offset map
 * ---------------------------------------------------------- */

typedef struct map_fixture {
  counting_alloc count;
  sr_allocator alloc;
  sr_arena arena;
  struct sr_offmap map;
} map_fixture;

static int map_setup(void **state) {
  map_fixture *f = calloc(1, sizeof *f);
  if (!f)
    return -1;
  counting_alloc_init(&f->count, &f->alloc);
  sr__arena_init(&f->arena, &f->alloc);
  sr__offmap_init(&f->map, 0);
  *state = f;
  return 0;
}

static int map_teardown(void **state) {
  map_fixture *f = *state;
  sr__arena_free(&f->arena);
  free(f);
  return 0;
}

static void test_offmap_without_anchors_is_a_shift(void **state) {
  map_fixture *f = *state;
  assert_int_equal(sr__offmap_lookup(&f->map, 0), 0);
  assert_int_equal(sr__offmap_lookup(&f->map, 17), 17);
  sr__offmap_init(&f->map, 100);
  assert_int_equal(sr__offmap_lookup(&f->map, 0), 100);
  assert_int_equal(sr__offmap_lookup(&f->map, 5), 105);
}

static void test_offmap_one_byte_replaced_by_three(void **state) {
  map_fixture *f = *state;
  /* source "abcde\xFFgh" -> derived "abcde" U+FFFD "gh", as repair() does:
   * an anchor before the replacement and one after it */
  assert_int_equal(sr__offmap_add(&f->map, &f->arena, 5, 5), SR_OK);
  assert_int_equal(sr__offmap_add(&f->map, &f->arena, 8, 6), SR_OK);
  assert_int_equal(sr__offmap_lookup(&f->map, 4), 4);
  assert_int_equal(sr__offmap_lookup(&f->map, 5), 5);
  /* inside the replacement: never past the end of the edited bytes */
  assert_int_equal(sr__offmap_lookup(&f->map, 6), 6);
  assert_int_equal(sr__offmap_lookup(&f->map, 7), 6);
  assert_int_equal(sr__offmap_lookup(&f->map, 8), 6);
  assert_int_equal(sr__offmap_lookup(&f->map, 9), 7);
  assert_int_equal(sr__offmap_lookup(&f->map, 10), 8);
}

static void test_offmap_two_bytes_dropped(void **state) {
  map_fixture *f = *state;
  /* source "Prigo\xC2\xADzhin" -> derived "Prigozhin" */
  assert_int_equal(sr__offmap_add(&f->map, &f->arena, 5, 7), SR_OK);
  assert_int_equal(f->map.n, 1);
  assert_int_equal(sr__offmap_lookup(&f->map, 0), 0);
  assert_int_equal(sr__offmap_lookup(&f->map, 4), 4);
  assert_int_equal(sr__offmap_lookup(&f->map, 5), 7);
  assert_int_equal(sr__offmap_lookup(&f->map, 9), 11); /* the end of "zhin" */
}

static void test_offmap_with_base_and_anchor(void **state) {
  map_fixture *f = *state;
  /* a body starting at input byte 20 with an entity "&amp;" (5 bytes) at
   * body byte 3 decoded to "&" (1 byte) */
  sr__offmap_init(&f->map, 20);
  assert_int_equal(sr__offmap_add(&f->map, &f->arena, 3, 23), SR_OK);
  assert_int_equal(sr__offmap_add(&f->map, &f->arena, 4, 28), SR_OK);
  assert_int_equal(sr__offmap_lookup(&f->map, 0), 20);
  assert_int_equal(sr__offmap_lookup(&f->map, 3), 23);
  assert_int_equal(sr__offmap_lookup(&f->map, 4), 28);
  assert_int_equal(sr__offmap_lookup(&f->map, 6), 30);
}

static void
test_offmap_skips_implied_anchors_and_later_edit_wins(void **state) {
  map_fixture *f = *state;
  assert_int_equal(sr__offmap_add(&f->map, &f->arena, 10, 10), SR_OK);
  assert_int_equal(f->map.n, 0); /* implied by the base shift */
  assert_int_equal(sr__offmap_add(&f->map, &f->arena, 3, 5), SR_OK);
  assert_int_equal(sr__offmap_add(&f->map, &f->arena, 6, 8), SR_OK);
  assert_int_equal(f->map.n, 1); /* implied by the anchor before */
  assert_int_equal(sr__offmap_add(&f->map, &f->arena, 9, 20), SR_OK);
  assert_int_equal(sr__offmap_add(&f->map, &f->arena, 9, 25), SR_OK);
  assert_int_equal(f->map.n, 2); /* same place: replaced */
  assert_int_equal(sr__offmap_lookup(&f->map, 9), 25);
  assert_int_equal(sr__offmap_lookup(&f->map, 11), 27);
}

static void test_offmap_many_anchors_binary_search(void **state) {
  map_fixture *f = *state;
  size_t i, pos;
  /* one byte dropped every 10 derived bytes: anchor (10i, 11i) */
  for (i = 1; i <= 1000; i++)
    assert_int_equal(sr__offmap_add(&f->map, &f->arena, i * 10, i * 11), SR_OK);
  assert_int_equal(f->map.n, 1000);
  for (pos = 0; pos < 10050; pos++) {
    size_t k = pos / 10 < 1000 ? pos / 10 : 1000; /* last anchor <= pos */
    size_t want = k * 11 + (pos - k * 10);
    if (sr__offmap_lookup(&f->map, pos) != want)
      fail_msg("lookup(%zu) = %zu, want %zu", pos,
               sr__offmap_lookup(&f->map, pos), want);
  }
}

/* ---- the UTF-8 decoder ----------------------------------------------------
 */

static void test_utf8_decode_valid_and_invalid_sequences(void **state) {
  static const struct {
    const char *bytes;
    size_t n, len;
    uint32_t cp;
  } cases[] = {
      {"A", 1, 1, 'A'},
      {"\xC3\xA9", 2, 2, 0xE9},
      {"\xE2\x82\xAC", 3, 3, 0x20AC},
      {"\xF0\x9F\x98\x80", 4, 4, 0x1F600},
      {"\xF4\x8F\xBF\xBF", 4, 4, 0x10FFFF},
      {"\xEF\xBF\xBD", 3, 3, 0xFFFD},
      {"\xFF", 1, 0, 0},
      {"\x80", 1, 0, 0},             /* lone continuation byte */
      {"\xC0\x80", 2, 0, 0},         /* overlong NUL */
      {"\xC1\xBF", 2, 0, 0},         /* overlong */
      {"\xE0\x80\x80", 3, 0, 0},     /* overlong */
      {"\xF0\x80\x80\x80", 4, 0, 0}, /* overlong */
      {"\xED\xA0\x80", 3, 0, 0},     /* surrogate U+D800 */
      {"\xED\xBF\xBF", 3, 0, 0},     /* surrogate U+DFFF */
      {"\xF4\x90\x80\x80", 4, 0, 0}, /* past U+10FFFF */
      {"\xE2\x82", 2, 0, 0},         /* truncated */
      {"\xE2\x82\xAC", 2, 0, 0},     /* truncated by n */
      {"\xC3\x28", 2, 0, 0},         /* bad continuation */
  };
  size_t i;
  (void)state;
  for (i = 0; i < sizeof cases / sizeof *cases; i++) {
    uint32_t cp = 0;
    size_t len =
        sr__utf8_decode((const unsigned char *)cases[i].bytes, cases[i].n, &cp);
    if (len != cases[i].len || (len && cp != cases[i].cp))
      fail_msg("case %zu: length %zu U+%04X, want %zu U+%04X", i, len,
               (unsigned)cp, cases[i].len, (unsigned)cases[i].cp);
  }
}

/* ---- boilerplate lines ------------------------------------------------------
 */

static void test_boilerplate_lines_are_recognised(void **state) {
  static const struct {
    const char *line, *reason;
  } cases[] = {
      {"Advertisement", "advertisement"},
      {"Advertisment", "advertisement"}, /* as one seed spells it */
      {"ADVERTISEMENT", "advertisement"},
      {"  Advertisement  ", "advertisement"},
      {"Story continues below advertisement", "advertisement"},
      {"Leave a Comment", "comment-form"},
      {"Your email address will not be published. Required fields are "
       "marked *",
       "comment-form"},
      {"Share this article", "share-prompt"},
      {"Facebook Twitter WhatsApp Email", "share-prompt"},
      {"Subscribe to our newsletter", "subscribe-prompt"},
      {"Photo: Reuters", "photo-credit"},
      {"Read more: Wagner chief says fighters will return to camps",
       "related-link"},
      {"Reporting by Tom Balmforth; Editing by Mark Trevelyan", "site-chrome"},
      {"* * *", "site-chrome"},
  };
  size_t i;
  (void)state;
  for (i = 0; i < sizeof cases / sizeof *cases; i++) {
    const char *r =
        sr__boilerplate_reason(cases[i].line, strlen(cases[i].line));
    if (!r || strcmp(r, cases[i].reason))
      fail_msg("\"%s\": %s, want %s", cases[i].line, r ? r : "not boilerplate",
               cases[i].reason);
  }
}

static void test_news_sentences_are_not_boilerplate(void **state) {
  static const char *const lines[] = {
      "The advertisement was banned by the regulator.",
      "Share prices fell on Monday.",
      "Photos show the damage to the bridge, officials said.",
      "Comments by the minister angered Kyiv.",
      "Subscribers complained about the outage.",
      "Advertisers pulled out of the platform.",
      "Related talks will take place in Geneva.",
      "Reporting by the state agency was delayed.",
      "Credit Suisse shares fell 8%.",
      "Ad hoc talks continued on Tuesday.",
      "Readers were asked to share their views.",
      "Video footage showed the strike.",
      "",
  };
  size_t i;
  (void)state;
  for (i = 0; i < sizeof lines / sizeof *lines; i++) {
    const char *r = sr__boilerplate_reason(lines[i], strlen(lines[i]));
    if (r)
      fail_msg("\"%s\" taken for boilerplate (%s)", lines[i], r);
  }
}

static void
test_news_sentence_starting_with_copyright_is_not_boilerplate(void **state) {
  static const char line[] =
      "Copyright infringement lawsuits against the company were dismissed "
      "on Friday.";
  (void)state;
  /* Regression (fixed in issue #2 work): sr__boilerplate_reason() returns
   * "site-chrome" for any line of up to 160 key characters that starts with
   * "copyright ", so this news sentence is dropped from the article as page
   * furniture. */
  assert_null(sr__boilerplate_reason(line, sizeof line - 1));
}

static void test_boilerplate_line_is_kept_out_of_sentences(void **state) {
  text_fixture *f = *state;
  static const char in[] = "Troops crossed the river on Monday.\n"
                           "Advertisement\n"
                           "The offensive continued.\n";
  sr_doc *d = parse_str(f->e, in, SR_FORMAT_TEXT, 0);
  const sr_boilerplate *b;
  assert_int_equal(sr_doc_boilerplate_count(d), 1);
  b = sr_doc_boilerplate(d, 0);
  assert_string_equal(b->reason, "advertisement");
  assert_int_equal(b->start, strlen("Troops crossed the river on Monday.\n"));
  assert_int_equal(b->end - b->start, strlen("Advertisement"));
  assert_memory_equal(in + b->start, "Advertisement", 13);
  assert_null(find_token(d, "Advertisement"));
  assert_int_equal(sr_doc_sentence_count(d), 2);
  sr_doc_free(d);
}

static void test_raw_mode_keeps_boilerplate_lines(void **state) {
  text_fixture *f = *state;
  sr_doc *d = parse_raw(f->e, "Troops crossed the river.\nAdvertisement\n");
  assert_int_equal(sr_doc_boilerplate_count(d), 0);
  assert_non_null(find_token(d, "Advertisement"));
  sr_doc_free(d);
}

#define ENGINE_TEST(fn)                                                        \
  cmocka_unit_test_setup_teardown(fn, engine_setup, engine_teardown)
#define MAP_TEST(fn)                                                           \
  cmocka_unit_test_setup_teardown(fn, map_setup, map_teardown)

int main(void) {
  const struct CMUnitTest tests[] = {
      ENGINE_TEST(test_byte_ff_becomes_replacement_char_and_is_counted),
      ENGINE_TEST(test_bad_byte_inside_word_keeps_the_word_range),
      ENGINE_TEST(test_truncated_sequences_are_replaced_and_counted),
      ENGINE_TEST(test_overlong_c0_80_becomes_two_replacements_not_nul),
      ENGINE_TEST(test_surrogate_ed_a0_80_becomes_three_replacements),
      ENGINE_TEST(test_invalid_utf8_sends_one_warning_with_the_offset),
      ENGINE_TEST(test_valid_text_needs_no_repair),
      ENGINE_TEST(test_nul_byte_becomes_space_and_is_counted),
      ENGINE_TEST(test_soft_hyphen_is_removed_and_range_covers_it),
      ENGINE_TEST(test_zero_width_space_inside_word_is_removed),
      ENGINE_TEST(test_decomposed_accent_is_composed_with_full_range),
      ENGINE_TEST(test_bom_at_start_is_dropped_in_raw_mode),
      ENGINE_TEST(test_bom_at_start_is_dropped_in_article_mode),
      MAP_TEST(test_offmap_without_anchors_is_a_shift),
      MAP_TEST(test_offmap_one_byte_replaced_by_three),
      MAP_TEST(test_offmap_two_bytes_dropped),
      MAP_TEST(test_offmap_with_base_and_anchor),
      MAP_TEST(test_offmap_skips_implied_anchors_and_later_edit_wins),
      MAP_TEST(test_offmap_many_anchors_binary_search),
      cmocka_unit_test(test_utf8_decode_valid_and_invalid_sequences),
      cmocka_unit_test(test_boilerplate_lines_are_recognised),
      cmocka_unit_test(test_news_sentences_are_not_boilerplate),
      cmocka_unit_test(
          test_news_sentence_starting_with_copyright_is_not_boilerplate),
      ENGINE_TEST(test_boilerplate_line_is_kept_out_of_sentences),
      ENGINE_TEST(test_raw_mode_keeps_boilerplate_lines),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
