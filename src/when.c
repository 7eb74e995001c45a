/*
 * when.c - event dates (DESIGN.md, "Dates and places"; issue #6, item 1).
 *
 * Each sentence is scanned once, left to right, for date expressions:
 * explicit dates ("24 June 2023", "June 24, 2023", "June 24", "2023-06-24",
 * "in March 2022", "in March", "in mid-June", "in 2022", "in mid-2022"),
 * weekdays ("on Friday", "Saturday night", "last Monday"), words relative to
 * the day of writing
 * ("yesterday", "today", "tonight", "overnight", "last night", "this week",
 * "earlier this week", "last weekend", "last month", "next year", "two
 * months ago", "a year ago") and words relative to the last day the text
 * named ("the day before", "the previous day", "the next day", "two days
 * later"). Words are looked up in a small table, one array per first
 * letter, compared by length first and without case; only a number or a
 * key word (a count, month, weekday, "yesterday", a unit) starts a match,
 * and nothing is allocated per token.
 *
 * Each expression is resolved when it is found:
 *   - the anchor is the publication date; a dateline ("KYIV, June 24
 *     (Reuters) -") replaces it; with neither, the last full date the text
 *     gave ("on 3 March 2022") serves;
 *   - the tense of the clause the tree attaches the expression to decides
 *     the direction of a date with parts left open: past (VBD, VBN, have +
 *     VBN, was) looks back from the anchor, on or before it; future (will,
 *     shall, going to) looks forward, on or after it; the plain present
 *     and modals ("meets on Friday", "would meet") take the nearest; a
 *     clause with no tense (a headline fragment) counts as past, the
 *     common case in news. So "on Friday" in a past-tense sentence of an
 *     article dated Saturday 2023-06-24 is 2023-06-23, and in one dated
 *     that Friday it is the Friday itself; only "last Friday" means the
 *     week before (the PETRARCH-world convention);
 *   - precision: day, week (the Monday-to-Sunday week holding the date:
 *     "last week" gives its Monday, "last weekend" its Saturday), month
 *     (the first of the month: "in March", "two months ago") or year
 *     (1 January: "in 2022", "last year").
 *
 * An event takes the expression attached to its trigger (any dependent:
 * obl, obl:tmod / obl:unmarked, nmod, advmod), else one attached inside
 * its clause (a noun trigger's verb), else one attached to the verb its
 * clause is an xcomp or conj of, else one attached to its own xcomp
 * ("vowed to retaliate on Friday"); among equals the nearest. A statement's
 * date is not the date of the act it reports: a ccomp or advcl does not
 * inherit. With none, the event has the publication date with precision
 * "pub", or no date.
 *
 * What must not resolve: "May" the modal and lower-case "march" (month
 * names are capitalised, and a bare month needs "in", "during", "last",
 * "next" or "this"), weekdays inside names ("Good Friday", "Friday
 * Mosque": a capitalised word the tree joins to the weekday, a holiday
 * word before it, "the" before and a name after it), numbers that are not
 * years (a bare year needs "in" or "during" and no noun after it;
 * "25,000" is not a number here), "last" without a time unit, dates after
 * "since", "until", "by", "before", "after", "from" (a bound, not the
 * event's day) and "two days after the vote" (relative to something
 * else).
 */
#include "when.h"

#include <string.h>

#define NONE SIZE_MAX

/* What a word can be. */
enum wkind {
  W_NONE = 0,
  W_MONTH,    /* val 1..12 */
  W_MONABBR,  /* "Sept.", val 1..12: only next to a day number */
  W_WDAY,     /* val 0 (Monday) .. 6 */
  W_DEIXIS,   /* yesterday -1, today 0, tonight 0, overnight 0, tomorrow 1 */
  W_UNIT,     /* val enum unit */
  W_TOD,      /* morning, afternoon, evening ("night" is a unit) */
  W_AGO,      /* ago */
  W_LATER,    /* later */
  W_EARLIER,  /* earlier */
  W_BEFORE,   /* before */
  W_AFTER,    /* after */
  W_LAST,     /* last */
  W_NEXT,     /* next */
  W_THIS,     /* this */
  W_PREVIOUS, /* previous, preceding */
  W_FOLLOW,   /* following */
  W_SAME,     /* same, that */
  W_COUNT,    /* a number word, val its value */
  W_FEW,      /* few, several: a vague count */
  W_COUPLE,   /* couple */
  W_IN,       /* in, during */
  W_ON,       /* on */
  W_OF,       /* of */
  W_THE,      /* the */
  W_EDGE,     /* early, late, mid */
  W_BOUND     /* since, until, till, by, from, through, every, each */
};

enum unit { U_DAY = 1, U_WEEK, U_MONTH, U_YEAR, U_WEEKEND, U_NIGHT };

/* What an expression is. */
enum form {
  F_ABS = 1, /* y (m (d)) given */
  F_MD,      /* month and day; the year from the anchor and tense */
  F_MONTH,   /* a month; mod: 0 by tense, -1 last, +1 next, 2 this year */
  F_WDAY,    /* a weekday (d = 0..6); mod as for F_MONTH */
  F_WEEKEND, /* mod: -1 last, 0 this, +1 next */
  F_CAL,     /* the anchor's calendar week, month or year, shifted by n */
  F_AGO,     /* n units before the anchor */
  F_DEIXIS,  /* n days from the anchor */
  F_NARR,    /* n units from the narrative date (calendar for weeks) */
  F_NARRCAL  /* the narrative date's calendar unit, shifted by n */
};

enum tense { T_PAST = -1, T_NEAR = 0, T_FUTURE = 1 };

enum anchor_from { A_NONE = 0, A_TEXT, A_PUB, A_DATELINE };

struct word {
  const char *w;
  unsigned char len;
  unsigned char kind;
  signed char val;
};

/* The words, one array per first letter; a lookup compares the length
 * first, so a token costs a few comparisons. */
static const struct word words_a[] = {
    {"a", 1, W_COUNT, 1},       {"after", 5, W_AFTER, 0},
    {"afternoon", 9, W_TOD, 0}, {"ago", 3, W_AGO, 0},
    {"an", 2, W_COUNT, 1},      {"apr", 3, W_MONABBR, 4},
    {"april", 5, W_MONTH, 4},   {"aug", 3, W_MONABBR, 8},
    {"august", 6, W_MONTH, 8},
};
static const struct word words_b[] = {
    {"before", 6, W_BEFORE, 0},
    {"by", 2, W_BOUND, 0},
};
static const struct word words_c[] = {
    {"couple", 6, W_COUPLE, 2},
};
static const struct word words_d[] = {
    {"day", 3, W_UNIT, U_DAY}, {"days", 4, W_UNIT, U_DAY},
    {"dec", 3, W_MONABBR, 12}, {"december", 8, W_MONTH, 12},
    {"during", 6, W_IN, 0},
};
static const struct word words_e[] = {
    {"each", 4, W_BOUND, 0},    {"earlier", 7, W_EARLIER, 0},
    {"early", 5, W_EDGE, 0},    {"eight", 5, W_COUNT, 8},
    {"eleven", 6, W_COUNT, 11}, {"evening", 7, W_TOD, 0},
    {"every", 5, W_BOUND, 0},
};
static const struct word words_f[] = {
    {"feb", 3, W_MONABBR, 2}, {"february", 8, W_MONTH, 2},
    {"few", 3, W_FEW, 3},     {"fifteen", 7, W_COUNT, 15},
    {"five", 4, W_COUNT, 5},  {"following", 9, W_FOLLOW, 0},
    {"four", 4, W_COUNT, 4},  {"friday", 6, W_WDAY, 4},
    {"from", 4, W_BOUND, 0},
};
static const struct word words_i[] = {
    {"in", 2, W_IN, 0},
};
static const struct word words_j[] = {
    {"jan", 3, W_MONABBR, 1}, {"january", 7, W_MONTH, 1},
    {"jul", 3, W_MONABBR, 7}, {"july", 4, W_MONTH, 7},
    {"jun", 3, W_MONABBR, 6}, {"june", 4, W_MONTH, 6},
};
static const struct word words_l[] = {
    {"last", 4, W_LAST, 0},
    {"late", 4, W_EDGE, 0},
    {"later", 5, W_LATER, 0},
};
static const struct word words_m[] = {
    {"mar", 3, W_MONABBR, 3},       {"march", 5, W_MONTH, 3},
    {"may", 3, W_MONTH, 5},         {"mid", 3, W_EDGE, 0},
    {"monday", 6, W_WDAY, 0},       {"month", 5, W_UNIT, U_MONTH},
    {"months", 6, W_UNIT, U_MONTH}, {"morning", 7, W_TOD, 0},
};
static const struct word words_n[] = {
    {"next", 4, W_NEXT, 0},       {"night", 5, W_UNIT, U_NIGHT},
    {"nine", 4, W_COUNT, 9},      {"nov", 3, W_MONABBR, 11},
    {"november", 8, W_MONTH, 11},
};
static const struct word words_o[] = {
    {"oct", 3, W_MONABBR, 10}, {"october", 7, W_MONTH, 10},
    {"of", 2, W_OF, 0},        {"on", 2, W_ON, 0},
    {"one", 3, W_COUNT, 1},    {"overnight", 9, W_DEIXIS, 0},
};
static const struct word words_p[] = {
    {"preceding", 9, W_PREVIOUS, 0},
    {"previous", 8, W_PREVIOUS, 0},
};
static const struct word words_s[] = {
    {"same", 4, W_SAME, 0},       {"saturday", 8, W_WDAY, 5},
    {"sep", 3, W_MONABBR, 9},     {"sept", 4, W_MONABBR, 9},
    {"september", 9, W_MONTH, 9}, {"seven", 5, W_COUNT, 7},
    {"several", 7, W_FEW, 3},     {"since", 5, W_BOUND, 0},
    {"six", 3, W_COUNT, 6},       {"sunday", 6, W_WDAY, 6},
};
static const struct word words_t[] = {
    {"ten", 3, W_COUNT, 10},      {"that", 4, W_SAME, 0},
    {"the", 3, W_THE, 0},         {"thirty", 6, W_COUNT, 30},
    {"this", 4, W_THIS, 0},       {"three", 5, W_COUNT, 3},
    {"through", 7, W_BOUND, 0},   {"thursday", 8, W_WDAY, 3},
    {"till", 4, W_BOUND, 0},      {"today", 5, W_DEIXIS, 0},
    {"tomorrow", 8, W_DEIXIS, 1}, {"tonight", 7, W_DEIXIS, 0},
    {"tuesday", 7, W_WDAY, 1},    {"twelve", 6, W_COUNT, 12},
    {"twenty", 6, W_COUNT, 20},   {"two", 3, W_COUNT, 2},
};
static const struct word words_u[] = {
    {"until", 5, W_BOUND, 0},
};
static const struct word words_w[] = {
    {"wednesday", 9, W_WDAY, 2},
    {"week", 4, W_UNIT, U_WEEK},
    {"weekend", 7, W_UNIT, U_WEEKEND},
    {"weeks", 5, W_UNIT, U_WEEK},
};
static const struct word words_y[] = {
    {"year", 4, W_UNIT, U_YEAR},
    {"years", 5, W_UNIT, U_YEAR},
    {"yesterday", 9, W_DEIXIS, -1},
};

#define BUCKET(c)                                                              \
  { words_##c, sizeof words_##c / sizeof *words_##c }
static const struct bucket {
  const struct word *w;
  size_t n;
} buckets[26] = {
    BUCKET(a), BUCKET(b), BUCKET(c), BUCKET(d), BUCKET(e), BUCKET(f), {NULL, 0},
    {NULL, 0}, BUCKET(i), BUCKET(j), {NULL, 0}, BUCKET(l), BUCKET(m), BUCKET(n),
    BUCKET(o), BUCKET(p), {NULL, 0}, {NULL, 0}, BUCKET(s), BUCKET(t), BUCKET(u),
    {NULL, 0}, BUCKET(w), {NULL, 0}, BUCKET(y), {NULL, 0},
};
#undef BUCKET

/* ------------------------------------------------------------------------ */
/* Calendar                                                                 */
/* ------------------------------------------------------------------------ */

#define MIN_YEAR 1000 /* dates outside these years are not resolved */
#define MAX_YEAR 2999

static int valid(int y, int m, int d) {
  return y >= MIN_YEAR && y <= MAX_YEAR && m >= 1 && m <= 12 && d >= 1 &&
         d <= sr__month_days(y, m);
}

/* Days since 1 March of year 0 in the proleptic Gregorian calendar: the
 * year is counted from March so that the leap day comes last, and the
 * month lengths from March repeat 31-30-31-30-31 (hence 153 days per five
 * months). Only used for valid dates, so y >= MIN_YEAR - 1 > 0. */
static int32_t day_number(int y, int m, int d) {
  int yy = m < 3 ? y - 1 : y;
  int mm = m < 3 ? m + 9 : m - 3; /* March = 0 */
  return (int32_t)(365 * yy + yy / 4 - yy / 100 + yy / 400 +
                   (153 * mm + 2) / 5 + d - 1);
}

static void civil(int32_t n, int *y, int *m, int *d) {
  int yy = (int)((int64_t)n * 400 / 146097), mm;
  int32_t rest;
  while (day_number(yy + 1, 3, 1) <= n) /* the estimate is off by <= 1 */
    yy++;
  while (day_number(yy, 3, 1) > n)
    yy--;
  rest = n - day_number(yy, 3, 1);
  mm = (int)((5 * rest + 2) / 153); /* March = 0 */
  *d = (int)(rest - (153 * mm + 2) / 5 + 1);
  *m = mm < 10 ? mm + 3 : mm - 9;
  *y = mm < 10 ? yy : yy + 1;
}

/* 0 for Monday .. 6 for Sunday. 1 March of year 0 was a Wednesday. */
static int weekday(int32_t n) { return (int)((n + 2) % 7); }

/* The first day of the month `delta` months from the month of day n. */
static int32_t month_shift(int32_t n, int delta, int *ok) {
  int y, m, d, k;
  civil(n, &y, &m, &d);
  k = y * 12 + (m - 1) + delta;
  y = k / 12;
  m = k % 12 + 1;
  *ok = y >= MIN_YEAR && y <= MAX_YEAR;
  return *ok ? day_number(y, m, 1) : 0;
}

static int32_t year_start(int32_t n, int delta, int *ok) {
  int y, m, d;
  civil(n, &y, &m, &d);
  y += delta;
  *ok = y >= MIN_YEAR && y <= MAX_YEAR;
  return *ok ? day_number(y, 1, 1) : 0;
}

/* "YYYY-MM-DD" -> *out, the day number; 0 when malformed or no such day. */
static int parse_iso(const char *s, size_t n, int32_t *out) {
  int y, m, d;
  size_t i;
  if (n != 10 || s[4] != '-' || s[7] != '-')
    return 0;
  for (i = 0; i < 10; i++)
    if (i != 4 && i != 7 && (s[i] < '0' || s[i] > '9'))
      return 0;
  y = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 +
      (s[3] - '0');
  m = (s[5] - '0') * 10 + (s[6] - '0');
  d = (s[8] - '0') * 10 + (s[9] - '0');
  if (!valid(y, m, d))
    return 0;
  *out = day_number(y, m, d);
  return 1;
}

/* ------------------------------------------------------------------------ */
/* Words                                                                    */
/* ------------------------------------------------------------------------ */

struct scan {
  struct sr_when *w;
  const sr_token *tok;
  size_t n;
};

/* The table entry for the word w[0..len), or NULL: ASCII letters compared
 * without case; a final period is allowed for "Sept.". */
static const struct word *lookup(const char *w, size_t len) {
  const struct bucket *b;
  size_t j, k;
  unsigned char c;
  if (len > 1 && w[len - 1] == '.')
    len--;
  c = len ? (unsigned char)(w[0] | 0x20) : 0;
  if (len == 0 || len > 9 || c < 'a' || c > 'z')
    return NULL;
  b = &buckets[c - 'a'];
  for (j = 0; j < b->n; j++) {
    const struct word *x = &b->w[j];
    if (x->len != len)
      continue;
    for (k = 1;
         k < len && (unsigned char)(w[k] | 0x20) == (unsigned char)x->w[k]; k++)
      ;
    if (k == len)
      return x;
  }
  return NULL;
}

/* The table entry for token i, or NULL. */
static const struct word *word_at(const struct scan *s, size_t i) {
  return i < s->n ? lookup(s->tok[i].form, s->tok[i].form_len) : NULL;
}

static int kind_at(const struct scan *s, size_t i) {
  const struct word *w = word_at(s, i);
  return w ? w->kind : W_NONE;
}

static int val_at(const struct scan *s, size_t i) {
  const struct word *w = word_at(s, i);
  return w ? w->val : 0;
}

static int capital(const struct scan *s, size_t i) {
  return i < s->n && s->tok[i].form_len && s->tok[i].form[0] >= 'A' &&
         s->tok[i].form[0] <= 'Z';
}

static int tag_is(const char *tag, const char *want) {
  return tag && !strcmp(tag, want);
}

static int xpos_starts(const sr_token *t, const char *p) {
  return t->xpos && !strncmp(t->xpos, p, strlen(p));
}

/* Does a phrase end before token i (the sentence ends, or punctuation or
 * "and" follows)? "two days before, ..." is relative to the text's last
 * date; "two days before the vote" and "a day after troops crossed" are
 * relative to something else. */
static int phrase_ends(const struct scan *s, size_t i) {
  const char *u;
  if (i >= s->n)
    return 1;
  u = s->tok[i].upos;
  return tag_is(u, "PUNCT") || tag_is(u, "CCONJ");
}

/* Case-insensitive ASCII comparison of token i with a lower-case word. */
static int is_word(const struct scan *s, size_t i, const char *w) {
  const sr_token *t;
  size_t k, n = strlen(w);
  if (i >= s->n)
    return 0;
  t = &s->tok[i];
  if (t->form_len != n)
    return 0;
  for (k = 0; k < n; k++) {
    unsigned char c = (unsigned char)t->form[k];
    if (c >= 'A' && c <= 'Z')
      c = (unsigned char)(c + 32);
    if (c != (unsigned char)w[k])
      return 0;
  }
  return 1;
}

/* A number of plain digits (1 to 4 of them), with an optional ordinal
 * suffix ("24th") when `ordinal` is allowed; -1 otherwise. *digits gets
 * the count of digits. */
static int number_at(const struct scan *s, size_t i, int ordinal, int *digits) {
  const sr_token *t;
  size_t k;
  int v = 0;
  if (i >= s->n)
    return -1;
  t = &s->tok[i];
  for (k = 0; k < t->form_len && k < 5; k++) {
    char c = t->form[k];
    if (c < '0' || c > '9')
      break;
    v = v * 10 + (c - '0');
  }
  if (k == 0 || k > 4)
    return -1;
  *digits = (int)k;
  if (k == t->form_len)
    return v;
  if (ordinal && t->form_len == k + 2) {
    char a = (char)(t->form[k] | 0x20), b = (char)(t->form[k + 1] | 0x20);
    if ((a == 's' && b == 't') || (a == 'n' && b == 'd') ||
        (a == 'r' && b == 'd') || (a == 't' && b == 'h'))
      return v;
  }
  return -1;
}

/* A day of the month at token i: 1..31, "24" or "24th". */
static int day_at(const struct scan *s, size_t i) {
  int digits = 0, v = number_at(s, i, 1, &digits);
  return v >= 1 && v <= 31 && digits <= 2 ? v : -1;
}

/* A year at token i: exactly four digits within [lo, hi]. */
static int year_at(const struct scan *s, size_t i, int lo, int hi) {
  int digits = 0, v = number_at(s, i, 0, &digits);
  return digits == 4 && v >= lo && v <= hi ? v : -1;
}

/* A count before a unit: "two", "2", "a", "a few", "several", "a couple
 * of". Returns the index after it, or NONE. */
static size_t count_at(const struct scan *s, size_t i, int *n, int *vague) {
  int digits = 0, v = number_at(s, i, 0, &digits);
  int k = kind_at(s, i);
  *vague = 0;
  if (v >= 1 && v <= 999) {
    *n = v;
    return i + 1;
  }
  if (k == W_FEW) { /* "several" */
    *n = 3;
    *vague = 1;
    return i + 1;
  }
  if (k != W_COUNT)
    return NONE;
  if (is_word(s, i, "a") && kind_at(s, i + 1) == W_FEW) {
    *n = 3;
    *vague = 1;
    return i + 2;
  }
  if (is_word(s, i, "a") && kind_at(s, i + 1) == W_COUPLE &&
      kind_at(s, i + 2) == W_OF) {
    *n = 2;
    return i + 3;
  }
  *n = val_at(s, i);
  return i + 1;
}

/* ------------------------------------------------------------------------ */
/* Trees: heads, clauses and tense                                          */
/* ------------------------------------------------------------------------ */

static size_t head_of(const struct scan *s, size_t i) {
  size_t h = s->tok[i].head;
  return h && h <= s->n && h - 1 != i ? h - 1 : NONE;
}

/* Is relation r `base` or a subtype of it ("obl:tmod" is "obl")? */
static int rel_is(const char *r, const char *base) {
  size_t n = strlen(base);
  return r && !strncmp(r, base, n) && (r[n] == '\0' || r[n] == ':');
}

static int clause_head(const struct scan *s, size_t x) {
  const sr_token *t = &s->tok[x];
  const char *r = t->deprel;
  if (head_of(s, x) == NONE)
    return 1;
  if (rel_is(r, "ccomp") || rel_is(r, "xcomp") || rel_is(r, "advcl") ||
      rel_is(r, "acl") || rel_is(r, "csubj") || rel_is(r, "parataxis"))
    return 1;
  /* a participle used as an adjective ("the armed group") is a clause of
     its own: the main verb's date is not its date */
  return tag_is(t->upos, "VERB") && !rel_is(r, "aux") && !rel_is(r, "cop");
}

/* The head of the clause that token x belongs to. */
static size_t clause_of(const struct scan *s, size_t x) {
  size_t steps;
  for (steps = 0; steps <= s->n && !clause_head(s, x); steps++)
    x = head_of(s, x);
  return x;
}

/* The tense of the clause headed by c, as a direction in time. */
static int tense_of(const struct scan *s, size_t c) {
  size_t hops, j;
  for (hops = 0; hops < 4 && c != NONE; hops++) {
    const sr_token *t = &s->tok[c];
    int past = 0, present = 0, modal = 0;
    size_t h;
    for (j = 0; j < s->n; j++) {
      const sr_token *a = &s->tok[j];
      if (head_of(s, j) != c ||
          !(rel_is(a->deprel, "aux") || rel_is(a->deprel, "cop") ||
            rel_is(a->deprel, "auxpass")))
        continue;
      if (is_word(s, j, "will") || is_word(s, j, "shall") ||
          is_word(s, j, "'ll") || is_word(s, j, "wo"))
        return T_FUTURE;
      if (xpos_starts(a, "VBD") || is_word(s, j, "was") ||
          is_word(s, j, "were") || is_word(s, j, "had") ||
          is_word(s, j, "did") || is_word(s, j, "has") ||
          is_word(s, j, "have") || is_word(s, j, "'ve"))
        past = 1; /* "has said" reports a past act, like "said" */
      else if (xpos_starts(a, "MD"))
        modal = 1;
      else if (is_word(s, j, "is") || is_word(s, j, "are") ||
               is_word(s, j, "am") || is_word(s, j, "'re"))
        present = 1;
    }
    if (past)
      return T_PAST;
    if (modal || present)
      return T_NEAR;
    if (xpos_starts(t, "VBD") || xpos_starts(t, "VBN"))
      return T_PAST;
    if (xpos_starts(t, "VBZ") || xpos_starts(t, "VBP"))
      return T_NEAR;
    /* an infinitive or gerund: the clause above decides; "going to" is
       the future */
    h = head_of(s, c);
    if (h == NONE)
      break;
    if (rel_is(t->deprel, "xcomp") && is_word(s, h, "going"))
      return T_FUTURE;
    if (!rel_is(t->deprel, "xcomp") && !rel_is(t->deprel, "conj"))
      break;
    c = h;
  }
  return T_PAST;
}

/* ------------------------------------------------------------------------ */
/* Recognition                                                              */
/* ------------------------------------------------------------------------ */

/* Extends an expression starting at `first` to the left over "early",
 * "late", "mid", "earlier", "later" ("earlier this week", "late on
 * Thursday"). */
static size_t extend_left(const struct scan *s, size_t first, size_t floor) {
  while (first > floor) {
    int k = kind_at(s, first - 1);
    if (k != W_EDGE && k != W_EARLIER && k != W_LATER)
      break;
    first--;
  }
  return first;
}

/* Does a bound ("since", "until", "by", "before", "after", "from") come
 * just before token i? */
static int bounded(const struct scan *s, size_t i) {
  int k;
  if (i == 0)
    return 0;
  k = kind_at(s, i - 1);
  return k == W_BOUND || k == W_BEFORE || k == W_AFTER;
}

static void set(struct sr_when_expr *e, int form, size_t first, size_t last,
                size_t key) {
  memset(e, 0, sizeof *e);
  e->kind = (unsigned char)form;
  e->first = first;
  e->last = last;
  e->key = key;
}

/* A month name at i (capitalised, not the modal "May"): "June 24",
 * "June 24, 2023", "June 2023", "in March", "last March". */
static int month_rest(const struct scan *s, size_t i, size_t floor, int k,
                      int m, struct sr_when_expr *e);

static int month_form(const struct scan *s, size_t i, size_t floor,
                      struct sr_when_expr *e) {
  int k = kind_at(s, i), m = val_at(s, i);
  if ((k != W_MONTH && k != W_MONABBR) || !capital(s, i) ||
      tag_is(s->tok[i].upos, "AUX") || tag_is(s->tok[i].upos, "VERB") ||
      xpos_starts(&s->tok[i], "MD"))
    return 0;
  return month_rest(s, i, floor, k, m, e);
}

/* One token "mid-June" or "mid-2022" (the tokenizer keeps them whole): a
 * month as in month_form, or a year after "in" or "during". */
static int mid_form(const struct scan *s, size_t i, size_t floor,
                    struct sr_when_expr *e) {
  const sr_token *t = &s->tok[i];
  const struct word *w;
  size_t first;
  int y = 0, k;
  if (t->form_len < 5 || (t->form[0] | 0x20) != 'm' ||
      (t->form[1] | 0x20) != 'i' || (t->form[2] | 0x20) != 'd' ||
      t->form[3] != '-')
    return 0;
  if (t->form_len == 8) {
    for (k = 4; k < 8 && t->form[k] >= '0' && t->form[k] <= '9'; k++)
      y = y * 10 + (t->form[k] - '0');
    if (k == 8) {
      first = extend_left(s, i, floor);
      if (y < 1800 || y > 2100 || first == 0 || first <= floor ||
          kind_at(s, first - 1) != W_IN)
        return 0;
      set(e, F_ABS, first, i, i);
      e->y = y;
      return 1;
    }
  }
  w = lookup(t->form + 4, t->form_len - 4);
  if (!w || w->kind != W_MONTH || t->form[4] < 'A' || t->form[4] > 'Z')
    return 0;
  return month_rest(s, i, floor, W_MONTH, w->val, e);
}

/* Month m at token i, whose kind k (W_MONTH or W_MONABBR) has been
 * checked: what follows or comes before it makes the date. */
static int month_rest(const struct scan *s, size_t i, size_t floor, int k,
                      int m, struct sr_when_expr *e) {
  int d, y;
  size_t p, first;
  if ((d = day_at(s, i + 1)) > 0) {
    size_t at = i + 2;
    if (is_word(s, at, ","))
      at++;
    if ((y = year_at(s, at, MIN_YEAR, MAX_YEAR)) > 0) {
      set(e, F_ABS, i, at, i);
      e->y = y;
    } else {
      set(e, F_MD, i, i + 1, i);
    }
    e->m = m;
    e->d = d;
    return 1;
  }
  if (k == W_MONABBR)
    return 0;
  if ((y = year_at(s, i + 1, MIN_YEAR, MAX_YEAR)) > 0) {
    set(e, F_ABS, extend_left(s, i, floor), i + 1, i);
    e->y = y;
    e->m = m;
    return 1;
  }
  /* a bare month needs a word that makes it a time */
  first = extend_left(s, i, floor);
  if (first == 0 || first <= floor)
    return 0;
  p = first - 1;
  switch (kind_at(s, p)) {
  case W_IN:
    set(e, F_MONTH, first, i, i);
    break;
  case W_LAST:
    set(e, F_MONTH, p, i, i);
    e->mod = -1;
    break;
  case W_NEXT:
    set(e, F_MONTH, p, i, i);
    e->mod = 1;
    break;
  case W_THIS:
    set(e, F_MONTH, p, i, i);
    e->mod = 2;
    break;
  default:
    return 0;
  }
  e->m = m;
  return 1;
}

/* A day number before a month: "24 June", "24 June 2023", "the 24th of
 * June". */
static int day_first_form(const struct scan *s, size_t i,
                          struct sr_when_expr *e) {
  int d = day_at(s, i), y, k;
  size_t mi = i + 1, at;
  if (d < 0)
    return 0;
  if (kind_at(s, mi) == W_OF)
    mi++;
  k = kind_at(s, mi);
  if ((k != W_MONTH && k != W_MONABBR) || !capital(s, mi) ||
      xpos_starts(&s->tok[mi], "MD"))
    return 0;
  at = mi + 1;
  if (is_word(s, at, ","))
    at++;
  if ((y = year_at(s, at, MIN_YEAR, MAX_YEAR)) > 0) {
    set(e, F_ABS, i, at, mi);
    e->y = y;
  } else {
    set(e, F_MD, i, mi, mi);
  }
  e->m = val_at(s, mi);
  e->d = d;
  return 1;
}

/* "in 2022", "during 2014", "in early 2022". Years of events: 1800-2100. */
static int year_form(const struct scan *s, size_t i, size_t floor,
                     struct sr_when_expr *e) {
  int y = year_at(s, i, 1800, 2100);
  size_t first;
  if (y < 0)
    return 0;
  first = extend_left(s, i, floor);
  if (first == 0 || first <= floor || kind_at(s, first - 1) != W_IN)
    return 0;
  /* "in 2000 villages": a count, not a year */
  if (i + 1 < s->n &&
      (tag_is(s->tok[i + 1].upos, "NOUN") || tag_is(s->tok[i + 1].upos, "NUM")))
    return 0;
  set(e, F_ABS, first, i, i);
  e->y = y;
  return 1;
}

/* Words that make a weekday part of a holiday's name. */
static int holiday(const struct scan *s, size_t i) {
  static const char *const names[] = {
      "ash",   "black", "bloody", "clean", "cyber",  "easter", "good",
      "great", "holy",  "maundy", "palm",  "shrove", "super",  "whit"};
  size_t k;
  for (k = 0; k < sizeof names / sizeof *names; k++)
    if (is_word(s, i, names[k]))
      return 1;
  return 0;
}

/* A weekday at i: "on Friday", "Friday", "Saturday night", "late on
 * Thursday", "last Monday"; not "Good Friday" or "Friday Mosque". */
static int weekday_form(const struct scan *s, size_t i, size_t floor,
                        struct sr_when_expr *e) {
  size_t first = i, last = i;
  signed char mod = 0;
  if (kind_at(s, i) != W_WDAY || !capital(s, i))
    return 0;
  if (i > floor) {
    int k = kind_at(s, i - 1);
    if (k == W_BOUND || k == W_BEFORE || k == W_AFTER || is_word(s, i - 1, "a"))
      return 0; /* "until Friday", "every Friday", "on a Sunday night" */
    if (k == W_LAST || k == W_NEXT || k == W_THIS) {
      mod = k == W_LAST ? -1 : k == W_NEXT ? 1 : 2;
      first = i - 1;
    } else if (k == W_ON) {
      first = i - 1;
    } else if (k != W_EDGE && k != W_EARLIER && k != W_LATER &&
               capital(s, i - 1) &&
               (head_of(s, i - 1) == i || holiday(s, i - 1))) {
      return 0; /* a name: "Good Friday", "Black Friday" */
    }
    first = extend_left(s, first, floor);
  }
  if (i + 1 < s->n) {
    int k = kind_at(s, i + 1);
    if (k == W_TOD || (k == W_UNIT && val_at(s, i + 1) == U_NIGHT))
      last = i + 1;
    else if (capital(s, i + 1) && k != W_MONTH && k != W_MONABBR &&
             (head_of(s, i) == i + 1 || (i > 0 && kind_at(s, i - 1) == W_THE)))
      return 0; /* "Friday Mosque", "the Friday Prayers"; not "said
                   Friday Russia had" */
  }
  set(e, F_WDAY, first, last, i);
  e->d = val_at(s, i);
  e->mod = mod;
  return 1;
}

/* "yesterday", "today", "tonight", "tomorrow", "overnight", "yesterday
 * morning", "earlier today". */
static int deixis_form(const struct scan *s, size_t i, size_t floor,
                       struct sr_when_expr *e) {
  size_t last = i;
  if (kind_at(s, i) != W_DEIXIS || (i > floor && bounded(s, i)))
    return 0;
  if (i && capital(s, i) && capital(s, i - 1))
    return 0; /* "Russia Today", "USA Today" */
  if (kind_at(s, i + 1) == W_TOD)
    last = i + 1;
  set(e, F_DEIXIS, extend_left(s, i, floor), last, i);
  e->n = val_at(s, i);
  return 1;
}

/* "two days ago", "a year ago", "three weeks later", "a day earlier",
 * "two days before" (with nothing after it). */
static int count_form(const struct scan *s, size_t i, struct sr_when_expr *e) {
  int n, vague, u, k;
  size_t at = count_at(s, i, &n, &vague);
  if (at == NONE || kind_at(s, at) != W_UNIT)
    return 0;
  u = val_at(s, at);
  if (u != U_DAY && u != U_WEEK && u != U_MONTH && u != U_YEAR)
    return 0;
  k = kind_at(s, at + 1);
  if (k == W_AGO) {
    set(e, F_AGO, i, at + 1, at);
  } else if (k == W_LATER || k == W_EARLIER ||
             ((k == W_BEFORE || k == W_AFTER) && phrase_ends(s, at + 2))) {
    set(e, F_NARR, i, at + 1, at);
    if (k == W_EARLIER || k == W_BEFORE)
      n = -n;
  } else {
    return 0;
  }
  e->unit = (unsigned char)u;
  e->n = n;
  e->vague = (unsigned char)vague;
  return 1;
}

static int plural(const struct scan *s, size_t i) {
  const sr_token *t = &s->tok[i];
  return t->form_len > 1 && (t->form[t->form_len - 1] | 0x20) == 's';
}

/* A unit with a modifier: "last week", "this month", "next year", "last
 * night", "this morning", "last weekend", "the day before", "the
 * previous day", "the next day", "the following week", "that day". */
static int unit_form(const struct scan *s, size_t i, size_t floor,
                     struct sr_when_expr *e) {
  int u = val_at(s, i), k, the;
  size_t p;
  if (kind_at(s, i) != W_UNIT && kind_at(s, i) != W_TOD)
    return 0;
  if (kind_at(s, i) == W_TOD)
    u = U_NIGHT; /* "this morning" is today, as "this evening" */
  if (i <= floor) {
    return 0;
  }
  p = i - 1;
  k = kind_at(s, p);
  the = p > floor && kind_at(s, p - 1) == W_THE;
  if (k == W_THE && (u == U_DAY || u == U_WEEK) && !plural(s, i)) {
    int after = kind_at(s, i + 1);
    if (after != W_BEFORE && after != W_AFTER)
      return 0;
    if (u == U_DAY && after == W_BEFORE && is_word(s, i + 2, "yesterday")) {
      set(e, F_DEIXIS, p, i + 2, i);
      e->n = -2;
      return 1;
    }
    if (!phrase_ends(s, i + 2))
      return 0; /* "the day before the vote" */
    set(e, u == U_DAY ? F_NARR : F_NARRCAL, p, i + 1, i);
    e->unit = (unsigned char)u;
    e->n = after == W_BEFORE ? -1 : 1;
    return 1;
  }
  switch (k) {
  case W_LAST:
    if (the || u == U_DAY)
      return 0; /* "the last year" is a span; "last day" no date */
    if (u == U_NIGHT) {
      set(e, F_DEIXIS, extend_left(s, p, floor), i, i);
      e->n = -1;
      return 1;
    }
    set(e, u == U_WEEKEND ? F_WEEKEND : F_CAL, extend_left(s, p, floor), i, i);
    e->n = -1;
    break;
  case W_THIS:
    if (u == U_DAY)
      return 0;
    if (u == U_NIGHT) {
      set(e, F_DEIXIS, extend_left(s, p, floor), i, i);
      return 1;
    }
    set(e, u == U_WEEKEND ? F_WEEKEND : F_CAL, extend_left(s, p, floor), i, i);
    break;
  case W_NEXT:
    if ((u == U_NIGHT && !the) || (u == U_WEEKEND && the))
      return 0;
    if (the || u == U_DAY) { /* "the next day": after the text's date */
      set(e, u == U_DAY || u == U_NIGHT ? F_NARR : F_NARRCAL, the ? p - 1 : p,
          i, i);
      e->n = 1;
      if (u == U_NIGHT)
        u = U_DAY; /* "the next morning" */
      break;
    }
    set(e, u == U_WEEKEND ? F_WEEKEND : F_CAL, p, i, i);
    e->n = 1;
    break;
  case W_PREVIOUS:
  case W_FOLLOW:
    if (!the || u == U_WEEKEND)
      return 0;
    set(e, u == U_DAY || u == U_NIGHT ? F_NARR : F_NARRCAL, p - 1, i, i);
    e->n = k == W_PREVIOUS ? -1 : 1;
    if (u == U_NIGHT)
      u = U_DAY;
    break;
  case W_SAME:
    if (u != U_DAY || plural(s, i))
      return 0;
    set(e, F_NARR, the ? p - 1 : p, i, i);
    e->n = 0;
    break;
  default:
    return 0;
  }
  e->unit = (unsigned char)u;
  if (e->kind == F_WEEKEND || e->kind == F_CAL)
    e->mod = (signed char)(e->n < 0 ? -1 : e->n > 0 ? 1 : 0);
  return 1;
}

/* ------------------------------------------------------------------------ */
/* Resolution                                                               */
/* ------------------------------------------------------------------------ */

/* Month m, day d in the year that puts it on or before the anchor (dir
 * -1), on or after it (+1), or nearest (0, ties to the past). 29 February
 * looks up to eight years for a leap year. */
static int pick_md(int32_t anchor, int m, int d, int dir, int32_t *out) {
  int ay, am, ad, y, has_back = 0, has_fwd = 0;
  int32_t back = 0, fwd = 0;
  civil(anchor, &ay, &am, &ad);
  for (y = ay; y >= ay - 8 && !has_back; y--)
    if (valid(y, m, d) && day_number(y, m, d) <= anchor) {
      back = day_number(y, m, d);
      has_back = 1;
    }
  for (y = ay; y <= ay + 8 && !has_fwd; y++)
    if (valid(y, m, d) && day_number(y, m, d) >= anchor) {
      fwd = day_number(y, m, d);
      has_fwd = 1;
    }
  if (dir < 0 ||
      (dir == 0 && has_back && (!has_fwd || anchor - back <= fwd - anchor))) {
    *out = back;
    return has_back;
  }
  *out = fwd;
  return has_fwd;
}

/* The first day of month m: this year's (mod 2), the last one strictly
 * before the anchor's month (mod -1), the next one strictly after it
 * (mod 1), else by direction as in pick_md (the anchor's own month
 * counts as on or before, and as on or after). */
static int pick_month(int32_t anchor, int m, int mod, int dir, int32_t *out) {
  int ay, am, ad, y;
  civil(anchor, &ay, &am, &ad);
  if (mod == 2) {
    y = ay;
  } else if (mod == -1) {
    y = m < am ? ay : ay - 1;
  } else if (mod == 1) {
    y = m > am ? ay : ay + 1;
  } else {
    int back = m <= am ? ay : ay - 1, fwd = m >= am ? ay : ay + 1;
    int db = (ay - back) * 12 + am - m, df = (fwd - ay) * 12 + m - am;
    y = dir < 0 ? back : dir > 0 ? fwd : db <= df ? back : fwd;
  }
  if (!valid(y, m, 1))
    return 0;
  *out = day_number(y, m, 1);
  return 1;
}

/* Weekday wd: strictly before the anchor (mod -1, "last Friday"),
 * strictly after it (mod 1, "next Friday"), else on or before it (dir
 * -1), on or after it (+1) or the nearer (0). */
static int32_t pick_weekday(int32_t anchor, int wd, int mod, int dir) {
  int aw = weekday(anchor);
  int back = (aw - wd + 7) % 7, fwd = (wd - aw + 7) % 7;
  if (mod == -1)
    return anchor - (back ? back : 7);
  if (mod == 1)
    return anchor + (fwd ? fwd : 7);
  if (dir < 0)
    return anchor - back;
  if (dir > 0)
    return anchor + fwd;
  return back <= fwd ? anchor - back : anchor + fwd;
}

/* The Saturday of a weekend. "last weekend" is the latest one over two
 * days before the anchor (on a Monday, the one just gone; on a Sunday, the
 * week before); "next weekend" the first Saturday after the anchor; "this
 * weekend" the one the anchor is in, else the one before (past tense) or
 * the coming one. */
static int32_t pick_weekend(int32_t anchor, int mod, int dir) {
  int aw = weekday(anchor);
  if (mod < 0)
    return anchor - 2 - (weekday(anchor - 2) + 2) % 7;
  if (mod > 0)
    return anchor + (aw == 5 ? 7 : (5 - aw + 7) % 7);
  if (aw >= 5)
    return anchor - (aw - 5);
  return dir < 0 ? anchor - (aw + 2) : anchor + (5 - aw);
}

/* Shifts day n by k units with the given precision; the date given for a
 * month or year is its first day. */
static int shift(int32_t n, int unit, int k, int calendar, int32_t *out,
                 unsigned char *prec) {
  int ok = 1;
  switch (unit) {
  case U_DAY:
    *out = n + k;
    *prec = SR_WHEN_DAY;
    break;
  case U_WEEK:
    *out = (calendar ? n - weekday(n) : n) + 7 * k;
    *prec = SR_WHEN_WEEK;
    break;
  case U_MONTH:
    *out = month_shift(n, k, &ok);
    *prec = SR_WHEN_MONTH;
    break;
  default:
    *out = year_start(n, k, &ok);
    *prec = SR_WHEN_YEAR;
    break;
  }
  return ok;
}

/* One step less precise ("a few days ago" is some day of that week). */
static void blur(struct sr_when_expr *e) {
  int ok;
  if (e->prec == SR_WHEN_DAY) {
    e->prec = SR_WHEN_WEEK;
  } else if (e->prec == SR_WHEN_WEEK) {
    e->day = month_shift(e->day, 0, &ok);
    e->prec = SR_WHEN_MONTH;
  } else if (e->prec == SR_WHEN_MONTH) {
    e->day = year_start(e->day, 0, &ok);
    e->prec = SR_WHEN_YEAR;
  }
}

static void resolve(const struct sr_when *w, struct sr_when_expr *e, int dir) {
  int32_t a = w->anchor, base = w->has_narrative ? w->narrative : w->anchor;
  int has_anchor = w->anchor_from != A_NONE, ok = 1;
  e->prec = SR_WHEN_NONE;
  if (e->kind == F_ABS) {
    if (!valid(e->y, e->m ? e->m : 1, e->d ? e->d : 1))
      return;
    e->day = day_number(e->y, e->m ? e->m : 1, e->d ? e->d : 1);
    e->prec = e->d ? SR_WHEN_DAY : e->m ? SR_WHEN_MONTH : SR_WHEN_YEAR;
    return;
  }
  if (!has_anchor)
    return;
  switch (e->kind) {
  case F_MD:
    ok = pick_md(a, e->m, e->d, dir, &e->day);
    e->prec = SR_WHEN_DAY;
    break;
  case F_MONTH:
    ok = pick_month(a, e->m, e->mod, dir, &e->day);
    e->prec = SR_WHEN_MONTH;
    break;
  case F_WDAY:
    e->day = pick_weekday(a, e->d, e->mod == 2 ? 0 : e->mod, dir);
    e->prec = SR_WHEN_DAY;
    break;
  case F_WEEKEND:
    e->day = pick_weekend(a, e->mod, dir);
    e->prec = SR_WHEN_WEEK;
    break;
  case F_CAL:
    ok = shift(a, e->unit, e->n, 1, &e->day, &e->prec);
    break;
  case F_AGO:
    ok = shift(a, e->unit, -e->n, 0, &e->day, &e->prec);
    break;
  case F_DEIXIS:
    e->day = a + e->n;
    e->prec = SR_WHEN_DAY;
    break;
  case F_NARR:
    ok = shift(base, e->unit, e->n, 0, &e->day, &e->prec);
    break;
  default: /* F_NARRCAL */
    ok = shift(base, e->unit, e->n, 1, &e->day, &e->prec);
    break;
  }
  if (ok && e->vague)
    blur(e);
  if (ok) {
    int y, m, d;
    civil(e->day, &y, &m, &d);
    ok = y >= MIN_YEAR && y <= MAX_YEAR;
  }
  if (!ok)
    e->prec = SR_WHEN_NONE;
}

/* ------------------------------------------------------------------------ */
/* Sentences and events                                                     */
/* ------------------------------------------------------------------------ */

void sr__when_init(struct sr_when *w, sr_doc *d, const char *pub) {
  memset(w, 0, sizeof *w);
  w->doc = d;
  if (pub && parse_iso(pub, strlen(pub), &w->anchor)) {
    w->pub = pub;
    w->anchor_from = A_PUB;
    /* the document's own date string lives as long as its events */
    if (d && pub == d->date)
      w->pub_text = pub;
  }
}

/* The token by which the tree hangs expression e from the rest: its key
 * word when that points outside, else the first that does, else the root
 * inside it. */
static size_t attach_of(const struct scan *s, const struct sr_when_expr *e) {
  size_t j, h = head_of(s, e->key), root = e->key;
  if (h == NONE || h < e->first || h > e->last)
    return e->key;
  for (j = e->first; j <= e->last; j++) {
    h = head_of(s, j);
    if (h == NONE)
      root = j;
    else if (h < e->first || h > e->last)
      return j;
  }
  return root;
}

/* "KYIV, June 24 (Reuters) -": a date near the start of the first
 * sentence, after a comma, before a dash or colon (an agency in brackets
 * may come between). */
static int is_dateline(const struct scan *s, const struct sr_when_expr *e) {
  size_t j = e->last + 1, k;
  if (s->w->sentences || e->first > 8 ||
      (e->kind != F_MD && !(e->kind == F_ABS && e->d)))
    return 0;
  if (e->first && !is_word(s, e->first - 1, ","))
    return 0;
  if (is_word(s, j, "(")) {
    for (k = j + 1; k < s->n && k < j + 6 && !is_word(s, k, ")"); k++)
      ;
    j = k + 1;
  }
  return j < s->n && s->tok[j].norm_len &&
         (s->tok[j].norm[0] == '-' || s->tok[j].norm[0] == ':');
}

static void finish(const struct scan *s, struct sr_when_expr *e) {
  struct sr_when *w = s->w;
  size_t h, c;
  e->attach = attach_of(s, e);
  e->dateline = (unsigned char)is_dateline(s, e);
  h = head_of(s, e->attach);
  c = clause_of(s, h == NONE ? e->attach : h);
  resolve(w, e, e->dateline ? T_NEAR : c == NONE ? T_PAST : tense_of(s, c));
  if (e->prec != SR_WHEN_DAY)
    return;
  if (e->dateline) {
    w->anchor = e->day;
    w->anchor_from = A_DATELINE;
  } else if (e->kind == F_ABS && w->anchor_from <= A_TEXT) {
    w->anchor = e->day; /* no publication date: the text's own */
    w->anchor_from = A_TEXT;
  }
  w->narrative = e->day;
  w->has_narrative = 1;
}

/* An ISO date token: "2023-06-24". */
static int iso_form(const struct scan *s, size_t i, struct sr_when_expr *e) {
  const sr_token *t = &s->tok[i];
  int32_t day;
  int y, m, d;
  if (!parse_iso(t->form, t->form_len, &day))
    return 0;
  civil(day, &y, &m, &d);
  set(e, F_ABS, i, i, i);
  e->y = y;
  e->m = m;
  e->d = d;
  return 1;
}

void sr__when_sentence(struct sr_when *w, const sr_token *tok, size_t n) {
  struct scan s;
  size_t i, floor = 0;
  s.w = w;
  s.tok = tok;
  s.n = n;
  w->tok = tok;
  w->n = n;
  w->count = 0;
  for (i = 0; i < n && w->count < SR_WHEN_MAX_EXPR; i++) {
    struct sr_when_expr *e = &w->expr[w->count];
    const sr_token *t = &tok[i];
    const struct word *wd;
    int found = 0;
    /* the gate: an expression is found from its number or its key word
       (a count, month, weekday, "yesterday", unit); the other table words
       are only looked at from there */
    if (t->form_len && t->form[0] >= '0' && t->form[0] <= '9') {
      found = iso_form(&s, i, e) || count_form(&s, i, e) ||
              day_first_form(&s, i, e) || year_form(&s, i, floor, e);
    } else if ((wd = word_at(&s, i)) == NULL) {
      found = t->form_len > 4 && t->form[3] == '-' && mid_form(&s, i, floor, e);
    } else {
      switch (wd->kind) {
      case W_COUNT:
      case W_FEW:
        found = count_form(&s, i, e);
        break;
      case W_MONTH:
      case W_MONABBR:
        found = month_form(&s, i, floor, e);
        break;
      case W_WDAY:
        found = weekday_form(&s, i, floor, e);
        break;
      case W_DEIXIS:
        found = deixis_form(&s, i, floor, e);
        break;
      case W_UNIT:
      case W_TOD:
        found = unit_form(&s, i, floor, e);
        break;
      default:
        break;
      }
    }
    if (!found)
      continue;
    floor = e->last + 1;
    i = e->last;
    if (e->first > 0 && bounded(&s, e->first))
      continue; /* "since May 10", "until last week": a bound */
    finish(&s, e);
    w->count++;
  }
  w->sentences++;
}

/* Has clause head c a subordinator ("after", "when", "because")? */
static int has_mark(const struct scan *s, size_t c) {
  size_t j;
  for (j = 0; j < s->n; j++)
    if (head_of(s, j) == c && rel_is(s->tok[j].deprel, "mark"))
      return 1;
  return 0;
}

static const char *const prec_name[] = {NULL, "day", "week", "month", "year"};

static void format_day(int32_t n, char out[11]) {
  int y, m, d;
  civil(n, &y, &m, &d);
  sr__put_ymd(out, y, m, d);
}

sr_status sr__when_event(struct sr_when *w, size_t trigger, const char **date,
                         const char **precision) {
  struct scan s;
  size_t k, best = NONE, best_tier = 5, best_dist = NONE;
  *date = NULL;
  *precision = NULL;
  s.w = w;
  s.tok = w->tok;
  s.n = w->n;
  if (w->count && trigger < w->n) {
    size_t ct = clause_of(&s, trigger), up = NONE;
    /* an xcomp or a true conjunct shares the time of the verb above; a
       conjunct with its own subordinator ("four years after Moscow
       annexed", misparsed as conj) does not */
    if (ct != NONE &&
        (rel_is(w->tok[ct].deprel, "xcomp") ||
         (rel_is(w->tok[ct].deprel, "conj") && !has_mark(&s, ct))))
      up = head_of(&s, ct);
    for (k = 0; k < w->count; k++) {
      const struct sr_when_expr *e = &w->expr[k];
      size_t h = head_of(&s, e->attach), tier, dist;
      if (e->dateline || (trigger >= e->first && trigger <= e->last))
        continue;
      if (h == trigger)
        tier = 1; /* "attacked ... on Friday", "Friday's attack" */
      else if (clause_of(&s, h == NONE ? e->attach : h) == ct)
        tier = 2; /* "launched a strike on Friday": the strike's clause */
      else if (up != NONE && h == up)
        tier = 3; /* "entered Rostov on Saturday and seized ..." */
      else if (h != NONE && head_of(&s, h) == trigger &&
               rel_is(w->tok[h].deprel, "xcomp"))
        tier = 4; /* "vowed to retaliate on Friday" */
      else
        continue;
      dist = e->attach > trigger ? e->attach - trigger : trigger - e->attach;
      if (tier < best_tier || (tier == best_tier && dist < best_dist)) {
        best = k;
        best_tier = tier;
        best_dist = dist;
      }
    }
  }
  if (best != NONE && w->expr[best].prec != SR_WHEN_NONE) {
    struct sr_when_expr *e = &w->expr[best];
    if (!e->text) {
      char buf[11];
      format_day(e->day, buf);
      e->text = sr__doc_strdup(w->doc, buf, 10);
      if (!e->text)
        return SR_ENOMEM;
    }
    *date = e->text;
    *precision = prec_name[e->prec];
    return SR_OK;
  }
  if (!w->pub)
    return SR_OK;
  if (!w->pub_text) {
    w->pub_text = sr__doc_strdup(w->doc, w->pub, 10);
    if (!w->pub_text)
      return SR_ENOMEM;
  }
  *date = w->pub_text;
  *precision = "pub";
  return SR_OK;
}
