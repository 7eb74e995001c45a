/*
 * test_when.c - event dates (src/when.c, issue #6 item 1): one spec test
 * per date form, tense and attachment rule, the cases that must not
 * resolve ("May" the modal, "the march on Moscow", "Good Friday", counts
 * that are not years, "last" with no time unit), month and year rollover,
 * leap years, datelines and the narrative date, and the dates the coder
 * puts on its events. Trees are written by hand as CoNLL-U, so the tests
 * do not depend on the parser's models.
 */
#include "unit.h"

#include "when.h"

#define ROW(id, form, lemma, upos, xpos, head, rel)                            \
  id "\t" form "\t" lemma "\t" upos "\t" xpos "\t_\t" head "\t" rel "\t_\t_\n"

/* Runs when.c over every sentence of a CoNLL-U document and returns, for
 * the first token `trigger` of sentence `sent`, "DATE PRECISION" (or
 * "null null"). */
static const char *date_of(const char *pub, const char *conllu, size_t sent,
                           const char *trigger, char *out, size_t cap) {
  sr_engine *e = open_engine(NULL);
  sr_doc *d = parse_str(e, conllu, SR_FORMAT_CONLLU, 1);
  struct sr_when w;
  size_t i, j;
  const char *date = NULL, *prec = NULL;
  int found = 0;
  sr__when_init(&w, d, pub);
  for (i = 0; i < sr_doc_sentence_count(d) && i <= sent; i++) {
    const sr_sentence *s = sr_doc_sentence(d, i);
    const sr_token *tok = sr_doc_token(d, s->first_token);
    sr__when_sentence(&w, tok, s->token_count);
    if (i != sent)
      continue;
    for (j = 0; j < s->token_count && !found; j++)
      if (token_is(&tok[j], trigger)) {
        assert_int_equal(sr__when_event(&w, j, &date, &prec), SR_OK);
        found = 1;
      }
  }
  if (!found)
    fail_msg("no token \"%s\" in sentence %zu", trigger, sent);
  snprintf(out, cap, "%s %s", date ? date : "null", prec ? prec : "null");
  sr_doc_free(d);
  sr_engine_close(e);
  return out;
}

/* Builds "Russia <verb> Kyiv <phrase> ." as CoNLL-U, every word of the
 * phrase hanging from the verb (the words decide the form; the tree only
 * attaches it). `tense` is past ("attacked"), perfect ("has attacked"),
 * future ("will attack"), present ("attacks") or modal ("would attack").
 * A phrase word may carry its UPOS after a slash: "villages/NOUN"; else
 * digits are NUM, capitalised words PROPN, articles DET, the rest NOUN. */
static void flat(const char *tense, const char *phrase, char *out, size_t cap) {
  char copy[256], *w, *save = NULL;
  size_t n = 0, id = 1, verb = 2;
  int has_aux = strcmp(tense, "past") && strcmp(tense, "present");
  const char *form = !strcmp(tense, "past")      ? "attacked"
                     : !strcmp(tense, "perfect") ? "attacked"
                     : !strcmp(tense, "present") ? "attacks"
                                                 : "attack";
  const char *xpos = !strcmp(tense, "past")      ? "VBD"
                     : !strcmp(tense, "perfect") ? "VBN"
                     : !strcmp(tense, "present") ? "VBZ"
                                                 : "VB";
  if (has_aux)
    verb = 3;
  n += (size_t)snprintf(
      out + n, cap - n,
      "%zu\tRussia\tRussia\tPROPN\tNNP\t_\t%zu\tnsubj\t_\t_\n", id++, verb);
  if (has_aux)
    n += (size_t)snprintf(out + n, cap - n,
                          "%zu\t%s\t%s\tAUX\t%s\t_\t%zu\taux\t_\t_\n", id++,
                          !strcmp(tense, "perfect")  ? "has"
                          : !strcmp(tense, "future") ? "will"
                                                     : "would",
                          !strcmp(tense, "perfect")  ? "have"
                          : !strcmp(tense, "future") ? "will"
                                                     : "would",
                          !strcmp(tense, "perfect") ? "VBZ" : "MD", verb);
  n += (size_t)snprintf(out + n, cap - n,
                        "%zu\t%s\tattack\tVERB\t%s\t_\t0\troot\t_\t_\n", id++,
                        form, xpos);
  n += (size_t)snprintf(out + n, cap - n,
                        "%zu\tKyiv\tKyiv\tPROPN\tNNP\t_\t%zu\tobj\t_\t_\n",
                        id++, verb);
  snprintf(copy, sizeof copy, "%s", phrase);
  for (w = strtok_r(copy, " ", &save); w; w = strtok_r(NULL, " ", &save)) {
    char *slash = strchr(w, '/');
    const char *upos = w[0] >= '0' && w[0] <= '9'             ? "NUM"
                       : w[0] >= 'A' && w[0] <= 'Z'           ? "PROPN"
                       : !strcmp(w, ",")                      ? "PUNCT"
                       : !strcmp(w, "the") || !strcmp(w, "a") ? "DET"
                                                              : "NOUN";
    if (slash) {
      *slash = '\0';
      upos = slash + 1;
    }
    n += (size_t)snprintf(out + n, cap - n,
                          "%zu\t%s\t%s\t%s\t_\t_\t%zu\tobl\t_\t_\n", id++, w, w,
                          upos, verb);
  }
  snprintf(out + n, cap - n, "%zu\t.\t.\tPUNCT\t.\t_\t%zu\tpunct\t_\t_\n\n", id,
           verb);
}

/* The date of the verb in "Russia <verb> Kyiv <phrase>." */
static void check(const char *pub, const char *tense, const char *phrase,
                  const char *want) {
  char conllu[4096], got[64];
  const char *verb = !strcmp(tense, "present") ? "attacks"
                     : !strcmp(tense, "past") || !strcmp(tense, "perfect")
                         ? "attacked"
                         : "attack";
  flat(tense, phrase, conllu, sizeof conllu);
  date_of(pub, conllu, 0, verb, got, sizeof got);
  if (strcmp(got, want))
    fail_msg("%s, %s, \"%s\": got %s, want %s", pub ? pub : "no date", tense,
             phrase, got, want);
}

#define PAST(pub, phrase, want) check(pub, "past", phrase, want)

/* 2023-06-24 is a Saturday. */
#define SAT "2023-06-24"

static void test_weekdays(void **state) {
  (void)state;
  PAST(SAT, "on Friday", "2023-06-23 day"); /* the seed's "on Friday" */
  PAST(SAT, "Friday", "2023-06-23 day");    /* "attacked Kyiv Friday" */
  PAST(SAT, "Friday Moscow/PROPN time", "2023-06-23 day");
  PAST(SAT, "on Friday morning", "2023-06-23 day");
  PAST(SAT, "Saturday night", "2023-06-24 day");
  PAST(SAT, "late on Thursday", "2023-06-22 day");
  PAST(SAT, "on Sunday", "2023-06-18 day");
  PAST(SAT, "last Monday", "2023-06-19 day");
  /* only "last" means the week before when the anchor is that day */
  PAST(SAT, "on Saturday", "2023-06-24 day");
  PAST(SAT, "last Saturday", "2023-06-17 day");
  PAST("2023-06-23", "on Friday", "2023-06-23 day");
  check(SAT, "perfect", "on Friday", "2023-06-23 day");
  check(SAT, "future", "on Friday", "2023-06-30 day");
  check(SAT, "future", "on Saturday", "2023-06-24 day");
  check(SAT, "future", "next Saturday", "2023-07-01 day");
  check(SAT, "future", "next Monday", "2023-06-26 day");
  /* the plain present and modals: the nearer */
  check(SAT, "present", "on Monday", "2023-06-26 day");
  check(SAT, "present", "on Wednesday", "2023-06-21 day");
  check(SAT, "modal", "on Tuesday", "2023-06-27 day");
  PAST(SAT, "on Tuesday", "2023-06-20 day");
  PAST(SAT, "on Wednesday", "2023-06-21 day");
}

static void test_explicit_dates(void **state) {
  (void)state;
  PAST(SAT, "on 2023-06-24", "2023-06-24 day");
  PAST(SAT, "on 24 June 2023", "2023-06-24 day");
  PAST(SAT, "on June 24 , 2023", "2023-06-24 day");
  PAST(SAT, "on June 24", "2023-06-24 day");
  PAST(SAT, "on 24 June", "2023-06-24 day");
  PAST(SAT, "on the 24th of June", "2023-06-24 day");
  PAST(SAT, "on June 3rd", "2023-06-03 day");
  PAST(SAT, "on Sept. 3", "2022-09-03 day");
  PAST("2010-01-05", "on 3 March 2022", "2022-03-03 day");
  /* a month and day without a year: before the anchor in the past tense,
     after it in the future, the nearer in the present */
  PAST(SAT, "on June 25", "2022-06-25 day");
  check(SAT, "future", "on June 25", "2023-06-25 day");
  check(SAT, "present", "on June 25", "2023-06-25 day");
  check(SAT, "future", "on June 23", "2024-06-23 day");
  PAST(SAT, "in March 2022", "2022-03-01 month");
  PAST(SAT, "in March", "2023-03-01 month");
  PAST(SAT, "in early March", "2023-03-01 month");
  PAST(SAT, "in June", "2023-06-01 month");
  PAST(SAT, "in July", "2022-07-01 month");
  check(SAT, "future", "in March", "2024-03-01 month");
  check(SAT, "future", "in June", "2023-06-01 month");
  PAST(SAT, "last March", "2023-03-01 month");
  PAST(SAT, "last June", "2022-06-01 month");
  check(SAT, "future", "next March", "2024-03-01 month");
  PAST(SAT, "this March", "2023-03-01 month");
  PAST(SAT, "in 2022", "2022-01-01 year");
  PAST(SAT, "in late 2021", "2021-01-01 year");
  PAST(SAT, "in mid-2022", "2022-01-01 year"); /* one token */
  PAST(SAT, "in mid-June", "2023-06-01 month");
  PAST(SAT, "in mid-July", "2022-07-01 month");
  PAST(SAT, "mid-June 2021", "2021-06-01 month");
  PAST(SAT, "during 1917", "1917-01-01 year");
  /* with no publication date the text's own dates still resolve */
  PAST(NULL, "on 24 June 2023", "2023-06-24 day");
  PAST(NULL, "in 2022", "2022-01-01 year");
}

static void test_all_month_and_weekday_names(void **state) {
  static const char *const months[] = {
      "January", "February", "March",     "April",   "May",      "June",
      "July",    "August",   "September", "October", "November", "December"};
  static const char *const days[] = {"Monday",   "Tuesday", "Wednesday",
                                     "Thursday", "Friday",  "Saturday",
                                     "Sunday"};
  static const char *const counts[] = {"one",  "two", "three",  "four",
                                       "five", "six", "seven",  "eight",
                                       "nine", "ten", "eleven", "twelve"};
  char phrase[64], want[32];
  int k;
  (void)state;
  for (k = 0; k < 12; k++) {
    snprintf(phrase, sizeof phrase, "in %s 2020", months[k]);
    snprintf(want, sizeof want, "2020-%02d-01 month", k + 1);
    PAST(SAT, phrase, want);
  }
  /* Monday 2023-06-19 .. Sunday 2023-06-25, looking forward from Sunday
     the 18th */
  for (k = 0; k < 7; k++) {
    snprintf(phrase, sizeof phrase, "next %s", days[k]);
    snprintf(want, sizeof want, "2023-06-%02d day", 19 + k);
    check("2023-06-18", "future", phrase, want);
  }
  for (k = 0; k < 12; k++) {
    snprintf(phrase, sizeof phrase, "%s days ago", counts[k]);
    snprintf(want, sizeof want, "2023-06-%02d day", 24 - (k + 1));
    PAST(SAT, phrase, want);
  }
}

static void test_relative_to_the_anchor(void **state) {
  (void)state;
  PAST(SAT, "yesterday", "2023-06-23 day");
  PAST(SAT, "yesterday morning", "2023-06-23 day");
  PAST(SAT, "today", "2023-06-24 day");
  PAST(SAT, "earlier today", "2023-06-24 day");
  PAST(SAT, "tonight", "2023-06-24 day");
  PAST(SAT, "overnight", "2023-06-24 day");
  PAST(SAT, "last night", "2023-06-23 day");
  PAST(SAT, "this morning", "2023-06-24 day");
  check(SAT, "future", "tomorrow", "2023-06-25 day");
  PAST(SAT, "the day before yesterday", "2023-06-22 day");
  /* weeks start on Monday; "week" precision names the week */
  PAST(SAT, "this week", "2023-06-19 week");
  PAST(SAT, "earlier this week", "2023-06-19 week");
  PAST(SAT, "last week", "2023-06-12 week");
  check(SAT, "future", "next week", "2023-06-26 week");
  PAST(SAT, "last weekend", "2023-06-17 week");
  PAST("2023-06-26", "last weekend", "2023-06-24 week");
  PAST("2023-06-25", "last weekend", "2023-06-17 week");
  PAST(SAT, "this weekend", "2023-06-24 week");
  PAST("2023-06-21", "this weekend", "2023-06-17 week");
  check("2023-06-21", "future", "this weekend", "2023-06-24 week");
  check("2023-06-21", "future", "next weekend", "2023-06-24 week");
  PAST(SAT, "last month", "2023-05-01 month");
  PAST(SAT, "earlier this month", "2023-06-01 month");
  check(SAT, "future", "next month", "2023-07-01 month");
  PAST(SAT, "last year", "2022-01-01 year");
  PAST(SAT, "late last year", "2022-01-01 year");
  PAST(SAT, "this year", "2023-01-01 year");
  check(SAT, "future", "next year", "2024-01-01 year");
  PAST(SAT, "three days ago", "2023-06-21 day");
  PAST(SAT, "3 days ago", "2023-06-21 day");
  PAST(SAT, "a day ago", "2023-06-23 day");
  PAST(SAT, "two weeks ago", "2023-06-10 week");
  PAST(SAT, "two months ago", "2023-04-01 month");
  PAST(SAT, "just two months ago", "2023-04-01 month");
  PAST(SAT, "a year ago", "2022-01-01 year");
  PAST(SAT, "10 years ago", "2013-01-01 year");
  /* vague counts are one step less precise */
  PAST(SAT, "a few days ago", "2023-06-21 week");
  PAST(SAT, "several weeks ago", "2023-06-01 month");
  PAST(SAT, "a couple of days ago", "2023-06-22 day");
  /* nothing to count from: the event has no date */
  PAST(NULL, "on Friday", "null null");
  PAST(NULL, "two months ago", "null null");
  PAST(NULL, "", "null null");
}

static void test_must_not_resolve(void **state) {
  char got[64];
  /* "Russia may attack Kyiv in May ." : the modal is no month, the
     month after "in" is */
  static const char may[] =
      ROW("1", "Russia", "Russia", "PROPN", "NNP", "3", "nsubj")
          ROW("2", "May", "may", "AUX", "MD", "3", "aux")
              ROW("3", "attack", "attack", "VERB", "VB", "0", "root")
                  ROW("4", "Kyiv", "Kyiv", "PROPN", "NNP", "3", "obj")
                      ROW("5", ".", ".", "PUNCT", ".", "3", "punct") "\n";
  /* "Veterans marched on Remembrance Sunday ." : a name the tree joins */
  static const char sunday[] =
      ROW("1", "Veterans", "veteran", "NOUN", "NNS", "2", "nsubj")
          ROW("2", "marched", "march", "VERB", "VBD", "0", "root")
              ROW("3", "on", "on", "ADP", "IN", "5", "case")
                  ROW("4", "Remembrance", "Remembrance", "PROPN", "NNP", "5",
                      "compound")
                      ROW("5", "Sunday", "Sunday", "PROPN", "NNP", "2", "obl")
                          ROW("6", ".", ".", "PUNCT", ".", "2", "punct") "\n";
  /* "Gunmen attacked Friday Prayers ." */
  static const char mosque[] =
      ROW("1", "Gunmen", "gunman", "NOUN", "NNS", "2", "nsubj")
          ROW("2", "attacked", "attack", "VERB", "VBD", "0", "root")
              ROW("3", "Friday", "Friday", "PROPN", "NNP", "4", "compound")
                  ROW("4", "Prayers", "prayer", "PROPN", "NNPS", "2", "obj")
                      ROW("5", ".", ".", "PUNCT", ".", "2", "punct") "\n";
  (void)state;
  date_of(SAT, may, 0, "attack", got, sizeof got);
  assert_string_equal(got, SAT " pub");
  PAST(SAT, "in May", "2023-05-01 month");
  PAST(SAT, "before the march on Moscow", SAT " pub");
  PAST(SAT, "after the March on Moscow", SAT " pub"); /* no "in" */
  PAST(SAT, "in a march", SAT " pub");                /* lower case */
  date_of(SAT, sunday, 0, "marched", got, sizeof got);
  assert_string_equal(got, SAT " pub");
  date_of(SAT, mosque, 0, "attacked", got, sizeof got);
  assert_string_equal(got, SAT " pub");
  PAST(SAT, "on Good Friday", SAT " pub");
  PAST(SAT, "at the Friday Mosque", SAT " pub");
  PAST(SAT, "with Black Friday deals", SAT " pub");
  PAST(SAT, "on a Sunday night", SAT " pub"); /* any Sunday */
  PAST(SAT, "every Friday", SAT " pub");
  PAST(SAT, "with 25,000 fighters", SAT " pub");
  PAST(SAT, "in 2000 villages/NOUN", SAT " pub");
  PAST(SAT, "with 2000 troops", SAT " pub");
  PAST(SAT, "in 1500", SAT " pub"); /* no year of events */
  PAST(SAT, "in 12", SAT " pub");
  PAST(SAT, "with the last soldier", SAT " pub");
  PAST(SAT, "for the last time", SAT " pub");
  PAST(SAT, "over the last year", SAT " pub");
  PAST(SAT, "on the last day", SAT " pub");
  /* a bound is not the event's day */
  PAST(SAT, "since March", SAT " pub");
  PAST(SAT, "since 2014", SAT " pub");
  PAST(SAT, "until Friday", SAT " pub");
  PAST(SAT, "by Friday", SAT " pub");
  PAST(SAT, "before Friday", SAT " pub");
  PAST(SAT, "until today", SAT " pub");
  PAST(SAT, "the day before the vote", SAT " pub");
  PAST(SAT, "two days after the vote", SAT " pub");
  PAST(SAT, "a day after troops crossed", SAT " pub");
  PAST(SAT, "since May 10", SAT " pub");
  PAST(SAT, "from June 1 , 2023", SAT " pub");
  PAST(SAT, "until last week", SAT " pub");
  PAST(SAT, "since earlier this month", SAT " pub");
  PAST(SAT, "on Russia Today", SAT " pub");
  PAST(SAT, "ago", SAT " pub");
  PAST(SAT, "two days", SAT " pub");
  PAST(SAT, "on June 31", SAT " pub"); /* no such day */
  PAST(SAT, "on February 29 , 2023", SAT " pub");
  PAST(SAT, "on Jan", SAT " pub"); /* an abbreviation needs a day */
  PAST(SAT, "before the mid-term elections", SAT " pub");
  PAST(SAT, "with mid-2022 models", SAT " pub"); /* no "in" */
  PAST(SAT, "in mid-march", SAT " pub");
}

static void test_rollover_and_leap_years(void **state) {
  (void)state;
  PAST("2023-01-03", "in December", "2022-12-01 month");
  PAST("2023-01-03", "last month", "2022-12-01 month");
  PAST("2023-01-03", "last week", "2022-12-26 week");
  PAST("2023-01-03", "two months ago", "2022-11-01 month");
  PAST("2023-01-03", "on December 30", "2022-12-30 day");
  check("2022-12-30", "future", "on January 2", "2023-01-02 day");
  check("2022-12-30", "future", "next month", "2023-01-01 month");
  PAST("2023-01-01", "yesterday", "2022-12-31 day");
  PAST("2023-01-01", "on Friday", "2022-12-30 day");
  PAST("2024-03-01", "yesterday", "2024-02-29 day");
  PAST("2023-03-01", "yesterday", "2023-02-28 day");
  PAST("2100-03-01", "yesterday", "2100-02-28 day"); /* not a leap year */
  PAST("2000-03-01", "yesterday", "2000-02-29 day"); /* a leap year */
  PAST(SAT, "on February 29", "2020-02-29 day");
  check(SAT, "future", "on February 29", "2024-02-29 day");
  PAST(SAT, "on February 29 , 2024", "2024-02-29 day");
  PAST("2024-02-29", "a year ago", "2023-01-01 year");
  PAST("2024-03-31", "last month", "2024-02-01 month");
  PAST("2024-03-31", "a month ago", "2024-02-01 month");
  PAST("2023-06-05", "five days ago", "2023-05-31 day");
  /* malformed publication dates are no dates */
  PAST("2023-02-30", "", "null null");
  PAST("2023-6-24", "", "null null");
}

/* The expression attached to another clause is not the event's. */
static void test_attachment(void **state) {
  char got[64];
  /* "Prigozhin said on Friday that Russia attacked the camp ." */
  static const char said[] =
      ROW("1", "Prigozhin", "Prigozhin", "PROPN", "NNP", "2",
          "nsubj") ROW("2", "said", "say", "VERB", "VBD", "0",
                       "root") ROW("3", "on", "on", "ADP", "IN", "4", "case")
          ROW("4", "Friday", "Friday", "PROPN", "NNP", "2",
              "obl") ROW("5", "that", "that", "SCONJ", "IN", "7", "mark")
              ROW("6", "Russia", "Russia", "PROPN", "NNP", "7", "nsubj")
                  ROW("7", "attacked", "attack", "VERB", "VBD", "2",
                      "ccomp") ROW("8", "the", "the", "DET", "DT", "9", "det")
                      ROW("9", "camp", "camp", "NOUN", "NN", "7", "obj")
                          ROW("10", ".", ".", "PUNCT", ".", "2", "punct") "\n";
  /* "Russia launched a strike on Kyiv on Friday ." */
  static const char strike[] =
      ROW("1", "Russia", "Russia", "PROPN", "NNP", "2", "nsubj")
          ROW("2", "launched", "launch", "VERB", "VBD", "0", "root")
              ROW("3", "a", "a", "DET", "DT", "4", "det")
                  ROW("4", "strike", "strike", "NOUN", "NN", "2", "obj")
                      ROW("5", "on", "on", "ADP", "IN", "6", "case")
                          ROW("6", "Kyiv", "Kyiv", "PROPN", "NNP", "4", "nmod")
                              ROW("7", "on", "on", "ADP", "IN", "8", "case")
                                  ROW("8", "Friday", "Friday", "PROPN", "NNP",
                                      "2", "obl") ROW("9", ".", ".", "PUNCT",
                                                      ".", "2", "punct") "\n";
  /* "Fighters entered Rostov on Saturday and seized it ." */
  static const char seized[] =
      ROW("1", "Fighters", "fighter", "NOUN", "NNS", "2",
          "nsubj") ROW("2", "entered", "enter", "VERB", "VBD", "0", "root")
          ROW("3", "Rostov", "Rostov", "PROPN", "NNP", "2",
              "obj") ROW("4", "on", "on", "ADP", "IN", "5", "case")
              ROW("5", "Saturday", "Saturday", "PROPN", "NNP", "2",
                  "obl") ROW("6", "and", "and", "CCONJ", "CC", "7", "cc")
                  ROW("7", "seized", "seize", "VERB", "VBD", "2", "conj")
                      ROW("8", "it", "it", "PRON", "PRP", "7", "obj")
                          ROW("9", ".", ".", "PUNCT", ".", "2", "punct") "\n";
  /* "Prigozhin vowed to retaliate on Friday ." */
  static const char vowed[] =
      ROW("1", "Prigozhin", "Prigozhin", "PROPN", "NNP", "2",
          "nsubj") ROW("2", "vowed", "vow", "VERB", "VBD", "0", "root")
          ROW("3", "to", "to", "PART", "TO", "4", "mark")
              ROW("4", "retaliate", "retaliate", "VERB", "VB", "2", "xcomp")
                  ROW("5", "on", "on", "ADP", "IN", "6", "case")
                      ROW("6", "Friday", "Friday", "PROPN", "NNP", "4", "obl")
                          ROW("7", ".", ".", "PUNCT", ".", "2", "punct") "\n";
  /* "After Russia attacked Kyiv on Friday , Ukraine retaliated ." */
  static const char after[] =
      ROW("1", "After", "after", "SCONJ", "IN", "3",
          "mark") ROW("2", "Russia", "Russia", "PROPN", "NNP", "3", "nsubj")
          ROW("3", "attacked", "attack", "VERB", "VBD", "9",
              "advcl") ROW("4", "Kyiv", "Kyiv", "PROPN", "NNP", "3",
                           "obj") ROW("5", "on", "on", "ADP", "IN", "6", "case")
              ROW("6", "Friday", "Friday", "PROPN", "NNP", "3",
                  "obl") ROW("7", ",", ",", "PUNCT", ",", "9", "punct")
                  ROW("8", "Ukraine", "Ukraine", "PROPN", "NNP", "9", "nsubj")
                      ROW("9", "retaliated", "retaliate", "VERB", "VBD", "0",
                          "root")
                          ROW("10", ".", ".", "PUNCT", ".", "9", "punct") "\n";
  /* "Friday 's attack killed five ." : the date of the subject noun */
  static const char poss[] =
      ROW("1", "Friday", "Friday", "PROPN", "NNP", "3", "nmod:poss")
          ROW("2", "'s", "'s", "PART", "POS", "1", "case")
              ROW("3", "attack", "attack", "NOUN", "NN", "4", "nsubj")
                  ROW("4", "killed", "kill", "VERB", "VBD", "0", "root")
                      ROW("5", "five", "five", "NUM", "CD", "4", "obj")
                          ROW("6", ".", ".", "PUNCT", ".", "4", "punct") "\n";
  /* "The attack will be on Friday ." : a copula, future */
  static const char cop[] = ROW("1", "The", "the", "DET", "DT", "2", "det")
      ROW("2", "attack", "attack", "NOUN", "NN", "6", "nsubj")
          ROW("3", "will", "will", "AUX", "MD", "6", "aux")
              ROW("4", "be", "be", "AUX", "VB", "6", "cop")
                  ROW("5", "on", "on", "ADP", "IN", "6", "case")
                      ROW("6", "Friday", "Friday", "PROPN", "NNP", "0", "root")
                          ROW("7", ".", ".", "PUNCT", ".", "6", "punct") "\n";
  /* "Russia is going to attack on Friday ." */
  static const char going[] =
      ROW("1", "Russia", "Russia", "PROPN", "NNP", "3",
          "nsubj") ROW("2", "is", "be", "AUX", "VBZ", "3", "aux")
          ROW("3", "going", "go", "VERB", "VBG", "0",
              "root") ROW("4", "to", "to", "PART", "TO", "5", "mark")
              ROW("5", "attack", "attack", "VERB", "VB", "3", "xcomp")
                  ROW("6", "on", "on", "ADP", "IN", "7", "case")
                      ROW("7", "Friday", "Friday", "PROPN", "NNP", "5", "obl")
                          ROW("8", ".", ".", "PUNCT", ".", "3", "punct") "\n";
  /* "Putin opened it in 2018 , four years after Moscow annexed Crimea .",
     with "annexed" misparsed as a conjunct: its "after" keeps it apart */
  static const char annexed[] = ROW("1", "Putin", "Putin", "PROPN", "NNP", "2",
                                    "nsubj") ROW("2", "opened", "open", "VERB",
                                                 "VBD", "0", "root")
      ROW("3", "it", "it", "PRON", "PRP", "2",
          "obj") ROW("4", "in", "in", "ADP", "IN", "5",
                     "case") ROW("5", "2018", "2018", "NUM", "CD", "2", "obl")
          ROW("6", ",", ",", "PUNCT", ",", "5",
              "punct") ROW("7", "four", "four", "NUM", "CD", "8", "nummod")
              ROW("8", "years", "year", "NOUN", "NNS", "11", "obl:unmarked")
                  ROW("9", "after", "after", "SCONJ", "IN", "11", "mark") ROW(
                      "10", "Moscow", "Moscow", "PROPN", "NNP", "11", "nsubj")
                      ROW("11", "annexed", "annex", "VERB", "VBD", "2", "conj")
                          ROW("12", "Crimea", "Crimea", "PROPN", "NNP", "11",
                              "obj") ROW("13", ".", ".", "PUNCT", ".", "2",
                                         "punct") "\n";
  (void)state;
  assert_string_equal(date_of(SAT, annexed, 0, "opened", got, sizeof got),
                      "2018-01-01 year");
  assert_string_equal(date_of(SAT, annexed, 0, "annexed", got, sizeof got),
                      SAT " pub");
  assert_string_equal(date_of(SAT, said, 0, "said", got, sizeof got),
                      "2023-06-23 day");
  assert_string_equal(date_of(SAT, said, 0, "attacked", got, sizeof got),
                      SAT " pub");
  assert_string_equal(date_of(SAT, strike, 0, "strike", got, sizeof got),
                      "2023-06-23 day");
  assert_string_equal(date_of(SAT, seized, 0, "seized", got, sizeof got),
                      "2023-06-24 day");
  assert_string_equal(date_of(SAT, vowed, 0, "vowed", got, sizeof got),
                      "2023-06-23 day");
  assert_string_equal(date_of(SAT, after, 0, "attacked", got, sizeof got),
                      "2023-06-23 day");
  assert_string_equal(date_of(SAT, after, 0, "retaliated", got, sizeof got),
                      SAT " pub");
  assert_string_equal(date_of(SAT, poss, 0, "killed", got, sizeof got),
                      "2023-06-23 day");
  assert_string_equal(date_of(SAT, cop, 0, "attack", got, sizeof got),
                      "2023-06-30 day");
  assert_string_equal(date_of(SAT, going, 0, "attack", got, sizeof got),
                      "2023-06-30 day");
}

/* The date of sentence two of a two-sentence document: "Russia attacked
 * Kyiv <first> ." then "Russia answered Kyiv <second> ." */
static void two(const char *pub, const char *first, const char *second,
                const char *want) {
  char a[2048], b[2048], doc[4096], got[64], *p;
  flat("past", first, a, sizeof a);
  flat("past", second, b, sizeof b);
  /* the second sentence's verb is another word, so date_of finds it */
  while ((p = strstr(b, "attacked\tattack")) != NULL)
    memcpy(p, "answered\tanswer", 15);
  snprintf(doc, sizeof doc, "%s%s", a, b);
  date_of(pub, doc, 1, "answered", got, sizeof got);
  if (strcmp(got, want))
    fail_msg("\"%s\" then \"%s\": got %s, want %s", first, second, got, want);
}

static void test_narrative_and_anchor(void **state) {
  (void)state;
  /* anaphoric words count from the last day the text named */
  two(SAT, "on 3 March 2022", "the day before", "2022-03-02 day");
  two(SAT, "on 3 March 2022", "the previous day", "2022-03-02 day");
  two(SAT, "on 3 March 2022", "the next day", "2022-03-04 day");
  two(SAT, "on 3 March 2022", "the following day", "2022-03-04 day");
  two(SAT, "on 3 March 2022", "two days later", "2022-03-05 day");
  two(SAT, "on 3 March 2022", "a week later", "2022-03-10 week");
  two(SAT, "on 3 March 2022", "the same day", "2022-03-03 day");
  two(SAT, "on 3 March 2022", "the previous week", "2022-02-21 week");
  two(SAT, "on Friday", "the day before", "2023-06-22 day");
  /* with nothing named yet, from the anchor */
  two(SAT, "", "the day before", "2023-06-23 day");
  /* deictic words still count from the publication date */
  two(SAT, "on 3 March 2022", "on Friday", "2023-06-23 day");
  two(SAT, "on 3 March 2022", "", SAT " pub");
  /* no publication date: the text's last full date is the anchor (3
     March 2022 was a Thursday), but no event takes it undated */
  two(NULL, "on 3 March 2022", "on Friday", "2022-02-25 day");
  two(NULL, "on 3 March 2022", "", "null null");
  two(NULL, "in March 2022", "on Friday", "null null");
}

static void test_dateline(void **state) {
  char got[64];
  /* "KYIV , June 24 ( Reuters ) - Russia attacked Kyiv on Friday ." then
     "Ukraine answered ." published on Sunday 25 June */
  static const char doc[] = ROW("1", "KYIV", "Kyiv", "PROPN", "NNP", "10",
                                "nsubj") ROW("2", ",", ",", "PUNCT", ",", "1",
                                             "punct")
      ROW("3", "June", "June", "PROPN", "NNP", "1", "appos") ROW(
          "4", "24", "24", "NUM", "CD", "3",
          "nummod") ROW("5", "(", "(", "PUNCT", "-LRB-", "6", "punct")
          ROW("6", "Reuters", "Reuters", "PROPN", "NNP", "1", "appos") ROW(
              "7", ")", ")", "PUNCT", "-RRB-", "6",
              "punct") ROW("8", "-", "-", "PUNCT", ":", "10", "punct")
              ROW("9", "Russia", "Russia", "PROPN", "NNP", "10", "nsubj")
                  ROW("10", "attacked", "attack", "VERB", "VBD", "0", "root")
                      ROW("11", "on", "on", "ADP", "IN", "12", "case")
                          ROW("12", "Friday", "Friday", "PROPN", "NNP", "10",
                              "obl") "\n" ROW("1", "Ukraine", "Ukraine",
                                              "PROPN", "NNP", "2", "nsubj")
                              ROW("2", "answered", "answer", "VERB", "VBD", "0",
                                  "root")
                                  ROW("3", "yesterday", "yesterday", "NOUN",
                                      "NN", "2", "obl:tmod") "\n";
  (void)state;
  /* Friday before the dateline's Saturday, not before Sunday's pub */
  assert_string_equal(
      date_of("2023-06-25", doc, 0, "attacked", got, sizeof got),
      "2023-06-23 day");
  assert_string_equal(
      date_of("2023-06-25", doc, 1, "answered", got, sizeof got),
      "2023-06-23 day");
  /* with no publication date, a dateline without a year dates nothing */
  assert_string_equal(date_of(NULL, doc, 0, "attacked", got, sizeof got),
                      "null null");
}

/* The coder puts the dates on its events; the publication date comes from
 * the document, else from the options. */
static void test_coder_events(void **state) {
  static const char verbs[] = "verb 190 attack\n";
  static const char actors[] = "actor Russia\n  country RUS\n"
                               "actor Ukraine\n  country UKR\n";
  static const char text[] = "# newdoc id = t\n# date = 20230624\n" ROW(
      "1", "Russia", "Russia", "PROPN", "NNP", "2",
      "nsubj") ROW("2", "attacked", "attack", "VERB", "VBD", "0", "root")
      ROW("3", "Ukraine", "Ukraine", "PROPN", "NNP", "2", "obj")
          ROW("4", "on", "on", "ADP", "IN", "5", "case")
              ROW("5", "Friday", "Friday", "PROPN", "NNP", "2", "obl")
                  ROW("6", ".", ".", "PUNCT", ".", "2", "punct") "\n" ROW(
                      "1", "Ukraine", "Ukraine", "PROPN", "NNP", "2", "nsubj")
                      ROW("2", "attacked", "attack", "VERB", "VBD", "0", "root")
                          ROW("3", "Russia", "Russia", "PROPN", "NNP", "2",
                              "obj") "\n";
  sr_engine *e = open_engine(NULL);
  sr_dict *dict = NULL;
  sr_doc *d;
  sr_error err;
  sr_code_options opt;
  (void)state;
  assert_int_equal(sr_dict_new(e, &dict, &err), SR_OK);
  assert_int_equal(
      sr_dict_load_memory(dict, SR_DICT_VERBS, "v", verbs, strlen(verbs), &err),
      SR_OK);
  assert_int_equal(sr_dict_load_memory(dict, SR_DICT_ACTORS, "a", actors,
                                       strlen(actors), &err),
                   SR_OK);
  d = parse_str(e, text, SR_FORMAT_CONLLU, 1);
  assert_int_equal(sr_code_doc(dict, d, NULL, &err), SR_OK);
  assert_int_equal(sr_doc_event_count(d), 2);
  assert_string_equal(sr_doc_event(d, 0)->date, "2023-06-23");
  assert_string_equal(sr_doc_event(d, 0)->date_precision, "day");
  assert_string_equal(sr_doc_event(d, 1)->date, "2023-06-24");
  assert_string_equal(sr_doc_event(d, 1)->date_precision, "pub");
  sr_doc_free(d);
  /* no date in the document: the options' date, copied into the doc */
  d = parse_str(e, text + strlen("# newdoc id = t\n# date = 20230624\n"),
                SR_FORMAT_CONLLU, 1);
  memset(&opt, 0, sizeof opt);
  {
    char date[] = "2023-06-30"; /* a Friday; gone before the doc is read */
    opt.date = date;
    assert_int_equal(sr_code_doc(dict, d, &opt, &err), SR_OK);
    memset(date, 'x', 10);
  }
  assert_string_equal(sr_doc_event(d, 0)->date, "2023-06-30");
  assert_string_equal(sr_doc_event(d, 1)->date, "2023-06-30");
  assert_string_equal(sr_doc_event(d, 1)->date_precision, "pub");
  /* neither: null, also for the relative date */
  assert_int_equal(sr_code_doc(dict, d, NULL, &err), SR_OK);
  assert_null(sr_doc_event(d, 0)->date);
  assert_null(sr_doc_event(d, 0)->date_precision);
  assert_null(sr_doc_event(d, 1)->date);
  sr_doc_free(d);
  sr_dict_free(dict);
  sr_engine_close(e);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_weekdays),
      cmocka_unit_test(test_explicit_dates),
      cmocka_unit_test(test_all_month_and_weekday_names),
      cmocka_unit_test(test_relative_to_the_anchor),
      cmocka_unit_test(test_must_not_resolve),
      cmocka_unit_test(test_rollover_and_leap_years),
      cmocka_unit_test(test_attachment),
      cmocka_unit_test(test_narrative_and_anchor),
      cmocka_unit_test(test_dateline),
      cmocka_unit_test(test_coder_events),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
