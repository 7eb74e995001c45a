/*
 * test_cameo.c - the CAMEO codebook table (src/cameo.c): its shape (sorted,
 * no duplicates, 2- to 4-digit codes whose parents exist, quad from the
 * root, Goldstein values in range, a PLOVER type for every root but 01 and
 * 02), a handful of entries checked against the codebook, GDELT's
 * Goldstein list and the CAMEO2PLOVER table, and the two lookups: exact,
 * and longest known prefix.
 */
#include "unit.h"

#include "cameo.h"

/* ---- helpers -------------------------------------------------------------
 */

/* sr__cameo_lookup on a NUL-terminated string. */
static const sr_cameo_code *lookup(const char *code) {
  return sr__cameo_lookup(code, strlen(code));
}

static const sr_cameo_code *lookup_prefix(const char *code) {
  return sr__cameo_lookup_prefix(code, strlen(code));
}

/* The quad class the root of `code` implies (cameo.h). */
static int quad_of_root(const char *code) {
  int root = (code[0] - '0') * 10 + (code[1] - '0');
  if (root <= 5)
    return 1;
  if (root <= 8)
    return 2;
  if (root <= 13)
    return 3;
  return 4;
}

static int str_eq_or_null(const char *a, const char *b) {
  return a == b || (a && b && !strcmp(a, b));
}

/* Checks one entry; `plover` and `mode` may be NULL. */
static void expect(const char *code, const char *name, int quad,
                   double goldstein, const char *plover, const char *mode) {
  const sr_cameo_code *e = lookup(code);
  if (!e)
    fail_msg("no entry for %s", code);
  assert_string_equal(e->code, code);
  assert_string_equal(e->name, name);
  assert_int_equal(e->quad, quad);
  assert_float_equal(e->goldstein, goldstein, 1e-9);
  if (!str_eq_or_null(e->plover, plover))
    fail_msg("%s: plover %s, wanted %s", code, e->plover ? e->plover : "NULL",
             plover ? plover : "NULL");
  if (!str_eq_or_null(e->plover_mode, mode))
    fail_msg("%s: plover_mode %s, wanted %s", code,
             e->plover_mode ? e->plover_mode : "NULL", mode ? mode : "NULL");
}

/* ---- the table -----------------------------------------------------------
 */

static void test_table_is_sorted_without_duplicates(void **state) {
  size_t n, i;
  const sr_cameo_code *t = sr__cameo_table(&n);
  (void)state;
  /* CAMEO 1.1b3: 20 roots, 147 three-digit codes, 144 four-digit ones */
  assert_int_equal(n, 311);
  assert_string_equal(t[0].code, "01");
  assert_string_equal(t[n - 1].code, "2042");
  for (i = 1; i < n; i++)
    if (strcmp(t[i - 1].code, t[i].code) >= 0)
      fail_msg("row %zu: \"%s\" does not sort before \"%s\"", i - 1,
               t[i - 1].code, t[i].code);
}

static void test_every_code_is_well_formed(void **state) {
  size_t n, i, len[5] = {0};
  const sr_cameo_code *t = sr__cameo_table(&n);
  (void)state;
  for (i = 0; i < n; i++) {
    const sr_cameo_code *e = &t[i];
    size_t k, m = strlen(e->code);
    int root;
    if (m < 2 || m > 4)
      fail_msg("\"%s\" is not 2 to 4 digits", e->code);
    for (k = 0; k < m; k++)
      if (e->code[k] < '0' || e->code[k] > '9')
        fail_msg("\"%s\" is not all digits", e->code);
    len[m]++;
    root = (e->code[0] - '0') * 10 + (e->code[1] - '0');
    if (root < 1 || root > 20)
      fail_msg("\"%s\": root %d is not 01..20", e->code, root);
    /* the parent of "0211" is "021", of "021" is "02" */
    if (m > 2 && sr__cameo_lookup(e->code, m - 1) == NULL)
      fail_msg("\"%s\" has no parent", e->code);
    if (e->quad != quad_of_root(e->code))
      fail_msg("\"%s\": quad %d, root says %d", e->code, e->quad,
               quad_of_root(e->code));
    if (e->goldstein < -10.0 || e->goldstein > 10.0)
      fail_msg("\"%s\": Goldstein %g out of range", e->code, e->goldstein);
    assert_non_null(e->name);
    assert_true(e->name[0] >= 'A' && e->name[0] <= 'Z');
    /* PLOVER dropped CAMEO 01 and 02 and maps everything else */
    if ((root <= 2) != (e->plover == NULL))
      fail_msg("\"%s\": plover %s", e->code, e->plover ? e->plover : "NULL");
    if (e->plover_mode) {
      assert_true(e->plover_mode[0] != '\0');
      assert_null(strchr(e->plover_mode, ' '));
    }
    assert_ptr_equal(lookup(e->code), e); /* every row can be found */
  }
  assert_int_equal(len[2], 20);
  assert_int_equal(len[3], 147);
  assert_int_equal(len[4], 144);
}

static void test_known_entries(void **state) {
  (void)state;
  expect("01", "Make public statement", 1, 0.0, NULL, NULL);
  expect("012", "Make pessimistic comment", 1, -0.4, NULL, NULL);
  expect("0234", "Appeal for military protection or peacekeeping", 1, 3.4, NULL,
         NULL);
  expect("036", "Express intent to meet or negotiate", 1, 4.0, "AGREE", NULL);
  expect("042", "Make a visit", 1, 1.9, "CONSULT", "visit");
  expect("057", "Sign formal agreement", 1, 8.0, "SUPPORT", NULL);
  /* "08" heads two PLOVER sections; the root takes the first */
  expect("08", "Yield", 2, 5.0, "CONCEDE", NULL);
  expect("0841", "Return, release person(s)", 2, 7.0, "RETREAT", "release");
  expect("0861", "Receive deployment of peacekeepers", 2, 9.0, "RETREAT",
         "access"); /* "access " in the source: trimmed */
  expect("0874", "Retreat or surrender militarily", 2, 10.0, "RETREAT",
         "disarm");
  expect("09", "Investigate", 3, -2.0, "ACCUSE", NULL);
  expect("091", "Investigate crime, corruption", 3, -2.0, "ACCUSE",
         "investigate");
  /* GDELT labels 101 and 105-108 from an older draft; 1.1b3 names */
  expect("101", "Demand material cooperation", 3, -5.0, "REQUEST", "assist");
  expect("108", "Demand mediation", 3, -5.0, "REQUEST", "meet");
  expect("112", "Accuse", 3, -2.0, "ACCUSE", "disapprove");
  expect("1123", "Accuse of aggression", 3, -2.0, "ACCUSE", "allege");
  expect("130", "Threaten", 3, -4.4, "THREATEN", NULL);
  expect("1385", "Threaten attack with WMD", 3, -7.0, "THREATEN", "violence");
  expect("141", "Demonstrate or rally", 4, -6.5, "PROTEST", "demo");
  expect("163", "Impose embargo, boycott, or sanctions", 4, -8.0, "COERCE",
         "restrict");
  expect("173", "Arrest, detain, or charge with legal action", 4, -5.0,
         "COERCE", "arrest");
  expect("1712", "Destroy property", 4, -9.2, "ASSAULT", "seize");
  expect("1823", "Kill by physical assault", 4, -10.0, "ASSAULT", NULL);
  expect("190", "Use conventional military force", 4, -10.0, "ASSAULT", NULL);
  /* CAMEO2PLOVER-2021 gives 195 the mode "heavy-weapons" */
  expect("195", "Employ aerial weapons", 4, -10.0, "ASSAULT", "heavy-weapons");
  expect("196", "Violate ceasefire", 4, -9.5, "ASSAULT", NULL);
  expect("2042", "Detonate nuclear weapons", 4, -10.0, "ASSAULT",
         "unconventional");
}

/* ---- lookups -------------------------------------------------------------
 */

static void test_lookup_uses_the_length_not_a_nul(void **state) {
  static const char buf[] = {'1', '9', '5', '1'}; /* no NUL */
  const sr_cameo_code *e;
  (void)state;
  e = sr__cameo_lookup(buf, 3);
  assert_non_null(e);
  assert_string_equal(e->code, "195");
  e = sr__cameo_lookup(buf, 2);
  assert_non_null(e);
  assert_string_equal(e->code, "19");
  assert_null(sr__cameo_lookup(buf, 4)); /* 1951 is ICEWS, not 1.1b3 */
  assert_null(sr__cameo_lookup(buf, 0));
  assert_null(sr__cameo_lookup(NULL, 0));
}

static void test_unknown_codes_give_null(void **state) {
  static const char *const unknown[] = {
      "",      "0",    "1",   "00",  "21",   "99",   "000", "0215", "099",
      "1213",  "1214", "155", "176", "1834", "1951", "197", "205",  "2043",
      "10000", "01x",  "x01", "19 ", " 19",  "abc",  "0o1",
  };
  size_t i;
  (void)state;
  for (i = 0; i < sizeof unknown / sizeof *unknown; i++)
    if (lookup(unknown[i]))
      fail_msg("\"%s\" found", unknown[i]);
}

static void test_prefix_falls_back_to_the_longest_known_code(void **state) {
  static const struct {
    const char *in, *want; /* want NULL: no entry */
  } cases[] = {
      {"195", "195"},    /* exact */
      {"1951", "195"},   /* ICEWS subcode -> its 1.1b3 parent */
      {"1952", "195"},   /* ICEWS */
      {"1213", "121"},   /* PLOVER's extra subcode */
      {"0215", "021"},   /* no such subcode */
      {"197", "19"},     /* no such code */
      {"1979", "19"},    /* two levels up */
      {"19511", "195"},  /* past four bytes: only the first four count */
      {"0874", "0874"},  /* a 4-digit code, exact */
      {"08749", "0874"}, /* longer than any code */
      {"10", "10"},      /* a root */
      {"21", NULL},      /* no such root */
      {"2", NULL},       /* too short */
      {"", NULL},        /* empty */
      {"x195", NULL},    /* the prefix starts at byte 0 */
      {"00", NULL},      /* roots start at 01 */
      {"001", NULL},
  };
  size_t i;
  (void)state;
  for (i = 0; i < sizeof cases / sizeof *cases; i++) {
    const sr_cameo_code *e = lookup_prefix(cases[i].in);
    const char *got = e ? e->code : NULL;
    if (!str_eq_or_null(got, cases[i].want))
      fail_msg("prefix(\"%s\") = %s, wanted %s", cases[i].in,
               got ? got : "NULL", cases[i].want ? cases[i].want : "NULL");
  }
  /* the length bounds the prefix */
  assert_string_equal(sr__cameo_lookup_prefix("1951", 2)->code, "19");
  assert_null(sr__cameo_lookup_prefix("1951", 1));
  assert_null(sr__cameo_lookup_prefix(NULL, 0));
  /* an inherited entry brings its parent's values */
  assert_int_equal(lookup_prefix("1951")->quad, 4);
  assert_float_equal(lookup_prefix("1951")->goldstein, -10.0, 1e-9);
  assert_string_equal(lookup_prefix("1213")->plover, "REJECT");
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_table_is_sorted_without_duplicates),
      cmocka_unit_test(test_every_code_is_well_formed),
      cmocka_unit_test(test_known_entries),
      cmocka_unit_test(test_lookup_uses_the_length_not_a_nul),
      cmocka_unit_test(test_unknown_codes_give_null),
      cmocka_unit_test(test_prefix_falls_back_to_the_longest_known_code),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
