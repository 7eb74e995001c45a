/*
 * segment.c - the segment stage: tokens and sentences for news text.
 *
 * Tokens follow the conventions of the UD English-EWT treebank, because
 * that is what the tagger and parser are trained on: clitics split off
 * ("do|n't", "ca|n't", "Russia|'s", "soldiers|'"), "cannot" and "gonna" cut
 * in two, hyphenated compounds split ("cross|-|border") except after
 * prefixes EWT keeps whole ("pro-Kremlin", "e-mail"), numbers with
 * separators whole ("25,000", "3.5"), "$" and "%" and units ("5|pm",
 * "$|25|bn") separate, abbreviations with their period ("U.S.", "Lt.",
 * "etc."), URLs, e-mail addresses, @handles and #hashtags whole.
 *
 * Tokenising works chunk by chunk (a chunk is a run without whitespace):
 * opening punctuation is peeled from the front, closing punctuation,
 * stops, clitics and the period from the back, and what is left is split
 * at inner hyphens, dashes and commas. The period is the hard case: it
 * stays on a known abbreviation, a dotted acronym or an initial, except
 * that "No.", "Fig." and the like keep it only before a number.
 *
 * Sentences are then cut between tokens: always at a paragraph break or a
 * skipped boilerplate line; at a line break when the line is a headline,
 * byline or bullet (unless the article is hard-wrapped); after ! ? . and
 * their closing quotes, unless a lower-case word follows a quoted question
 * ("...sending us?" he asked); after an abbreviation only when a typical
 * sentence opener follows ("in the U.S. The next day"); never after a
 * title ("Lt. Gen. Alekseev"). A sentence longer than max_sentence_tokens
 * is cut, with a warning, so no input can make a stage quadratic.
 */
#include "segment.h"

#include <ctype.h>
#include <string.h>
#include <strings.h>
#include <utf8proc.h>

#include "text.h"

/* Token flags used while segmenting. */
enum {
  TF_OPEN = 1 << 0,        /* opening quote or bracket */
  TF_CLOSE = 1 << 1,       /* closing quote or bracket (or final apostrophe) */
  TF_PERIOD = 1 << 2,      /* a full stop on its own */
  TF_QMARK = 1 << 3,       /* ! ? and runs of them */
  TF_ELLIPSIS = 1 << 4,    /* ... or U+2026 */
  TF_ABBR = 1 << 5,        /* a word with its abbreviation period */
  TF_TITLE = 1 << 6,       /* title abbreviation: Mr. Gen. St. */
  TF_MONTH = 1 << 7,       /* month abbreviation: Jan. Sept. */
  TF_INITIAL = 1 << 8,     /* single capital and period: J. */
  TF_BULLET = 1 << 9,      /* list marker at the start of a line */
  TF_PUNCT_CONT = 1 << 10, /* , ; : ) and the like: never start a sentence */
  TF_SPACE = 1 << 11,      /* whitespace follows */
  TF_DOTTED = 1 << 12,     /* dotted acronym: U.S. a.m. e.g. */
  TF_NOBREAK = 1 << 13     /* "vs.", "v.": never ends a sentence */
};

/* A token while segmenting: 12 bytes, so a document's worth stays in
 * cache (documents are capped at 1 GiB, SR_MAX_DOC_BYTES). */
struct tk {
  uint32_t start, end; /* range in clean */
  uint16_t flags;      /* TF_* */
  uint8_t nl;          /* line breaks before: 0, 1, or 2 for a paragraph */
};

struct seg {
  sr_doc *d;
  const char *s; /* clean text */
  size_t n;
  struct tk *tok; /* tokens so far */
  size_t ntok, cap;
  unsigned char pending_nl; /* line breaks seen before the next token */
  int oom;
};

/* ---- characters --------------------------------------------------------- */

static uint32_t cp_at(const struct seg *g, size_t i, size_t *len) {
  uint32_t cp;
  size_t l = sr__utf8_decode((const unsigned char *)g->s + i, g->n - i, &cp);
  if (!l) { /* clean text is valid; be safe anyway */
    *len = 1;
    return 0xFFFD;
  }
  *len = l;
  return cp;
}

static uint32_t cp_before(const struct seg *g, size_t i, size_t *len) {
  size_t j, l;
  uint32_t cp;
  if (!i) {
    *len = 0;
    return 0;
  }
  j = i - 1;
  while (j > 0 && i - j < 4 && ((unsigned char)g->s[j] & 0xC0) == 0x80)
    j--;
  cp = cp_at(g, j, &l);
  *len = i - j;
  return cp;
}

static int is_space_cp(uint32_t cp) {
  if (cp < 0x80)
    return cp == ' ' || cp == '\t' || cp == '\n' || cp == '\r' || cp == '\f' ||
           cp == '\v';
  return (cp >= 0x80 && cp <= 0xA0) || cp == 0x1680 ||
         (cp >= 0x2000 && cp <= 0x200A) || cp == 0x2028 || cp == 0x2029 ||
         cp == 0x202F || cp == 0x205F || cp == 0x3000;
}

static int is_alpha_cp(uint32_t cp) {
  if (cp < 0x80)
    return isalpha((int)cp);
  switch (utf8proc_category((utf8proc_int32_t)cp)) {
  case UTF8PROC_CATEGORY_LU:
  case UTF8PROC_CATEGORY_LL:
  case UTF8PROC_CATEGORY_LT:
  case UTF8PROC_CATEGORY_LM:
  case UTF8PROC_CATEGORY_LO:
  case UTF8PROC_CATEGORY_MN:
  case UTF8PROC_CATEGORY_MC:
    return 1;
  default:
    return 0;
  }
}

static int is_digit_cp(uint32_t cp) { return cp >= '0' && cp <= '9'; }
static int is_alnum_cp(uint32_t cp) {
  return is_digit_cp(cp) || is_alpha_cp(cp);
}

static int is_upper_cp(uint32_t cp) {
  if (cp < 0x80)
    return isupper((int)cp);
  return utf8proc_category((utf8proc_int32_t)cp) == UTF8PROC_CATEGORY_LU ||
         utf8proc_category((utf8proc_int32_t)cp) == UTF8PROC_CATEGORY_LT;
}

static int is_lower_cp(uint32_t cp) {
  if (cp < 0x80)
    return islower((int)cp);
  return utf8proc_category((utf8proc_int32_t)cp) == UTF8PROC_CATEGORY_LL;
}

static int is_open_cp(uint32_t cp) {
  return cp == '(' || cp == '<' || cp == '[' || cp == '{' || cp == 0x201C ||
         cp == 0x2018 || cp == 0x00AB || cp == 0x201E || cp == 0x201A ||
         cp == 0x2039 || cp == 0x00BF || cp == 0x00A1 || cp == 0x201F ||
         cp == 0x201B;
}

static int is_close_cp(uint32_t cp) {
  return cp == ')' || cp == '>' || cp == ']' || cp == '}' || cp == 0x201D ||
         cp == 0x00BB || cp == 0x203A;
}

static int is_dash_cp(uint32_t cp) {
  return cp == 0x2013 || cp == 0x2014 || cp == 0x2015 || cp == 0x2012 ||
         cp == 0x2212;
}

static int is_bullet_cp(uint32_t cp) {
  return cp == 0x2022 || cp == 0x00B7 || cp == 0x25AA || cp == 0x25CF ||
         cp == 0x25E6 || cp == 0x2023 || cp == 0x2043 || cp == '*' ||
         cp == '-' || is_dash_cp(cp);
}

static int is_currency_cp(uint32_t cp) {
  return cp == '$' || cp == 0x00A3 || cp == 0x20AC || cp == 0x00A5 ||
         cp == 0x20B4 || cp == 0x20BD;
}

/* ---- token output ------------------------------------------------------- */

static void emit(struct seg *g, size_t start, size_t end, unsigned flags) {
  struct tk *t;
  if (start >= end || g->oom)
    return;
  if (g->ntok == g->cap) {
    /* English news runs about one token per 5.5 bytes */
    size_t cap = g->cap ? g->cap * 2 : g->n / 5 + 64;
    struct tk *nt = sr__arena_grow(&g->d->arena, g->tok, g->cap * sizeof *nt,
                                   cap * sizeof *nt);
    if (!nt) {
      g->oom = 1;
      return;
    }
    g->tok = nt;
    g->cap = cap;
  }
  t = &g->tok[g->ntok++];
  t->start = (uint32_t)start;
  t->end = (uint32_t)end;
  t->flags = (uint16_t)flags;
  t->nl = g->pending_nl;
  g->pending_nl = 0;
}

/* ---- abbreviations ------------------------------------------------------ */

enum abbr_kind {
  AB_NONE,
  AB_PLAIN, /* etc. Inc. Fri.: a capitalised word after it starts a sentence */
  AB_TITLE, /* Mr. Gen.: never ends a sentence */
  AB_MONTH, /* Jan.: a number follows */
  AB_INITIAL, /* J. */
  AB_DOTTED,  /* U.S. a.m.: ends a sentence only before an opener word */
  AB_NOBREAK  /* vs. v. */
};

/* Titles and ranks: a name follows, so the period never ends a sentence. */
static const char *const title_abbrevs[] = {
    "mr",    "mrs",  "ms",   "messrs", "dr",      "drs",     "prof",   "gen",
    "gens",  "lt",   "col",  "cols",   "maj",     "capt",    "cpt",    "sgt",
    "cpl",   "pvt",  "pte",  "adm",    "cmdr",    "cdr",     "brig",   "gov",
    "govs",  "sen",  "sens", "rep",    "reps",    "rev",     "hon",    "pres",
    "supt",  "insp", "amb",  "st",     "ste",     "mt",      "ft",     "fr",
    "lieut", "sr",   "jr",   "cmdt",   "det",     "atty",    "mme",    "mlle",
    "sec",   "cllr", "dep",  "lt-gen", "maj-gen", "lt.-gen", "gen-lt", NULL};

static const char *const month_abbrevs[] = {"jan", "feb", "mar", "apr",  "jun",
                                            "jul", "aug", "sep", "sept", "oct",
                                            "nov", "dec", NULL};

/* Other abbreviations: a new sentence may follow them. */
static const char *const plain_abbrevs[] = {
    "inc",  "corp",   "ltd",  "co",   "bros", "vs",   "v",     "etc",
    "al",   "approx", "dept", "est",  "govt", "univ", "assn",  "ave",
    "blvd", "rd",     "hwy",  "mon",  "tue",  "tues", "wed",   "thu",
    "thur", "thurs",  "fri",  "sat",  "sun",  "cf",   "ca",    "min",
    "max",  "misc",   "intl", "natl", "mfg",  "div",  "gov't", "u.s.a",
    "p.s",  "p.p.s",  "ph.d", "a.d",  "b.c",  NULL};

/* Company suffixes: a capitalised word after them is often a name. */
static const char *const company_abbrevs[] = {"inc",  "corp", "ltd", "co",
                                              "bros", "plc",  NULL};

/* Kept as abbreviations only before a number: "No. 5", "Fig. 2". */
static const char *const number_abbrevs[] = {"no",  "nos",  "fig", "figs",
                                             "vol", "vols", "art", "pp",
                                             "ch",  "para", "op",  NULL};

static int word_in(const char *w, size_t n, const char *const *list) {
  int first = tolower((unsigned char)w[0]);
  if (!n)
    return 0;
  for (; *list; list++) /* first letter, then length: most lists miss fast */
    if (tolower((unsigned char)**list) == first && strlen(*list) == n &&
        !strncasecmp(w, *list, n))
      return 1;
  return 0;
}

/* Classifies the word w[0..n) that a period follows. */
static enum abbr_kind abbr_kind(const char *w, size_t n, int digit_follows) {
  size_t i, dots = 0, run = 0, maxrun = 0;
  if (!n || n > 12)
    return AB_NONE;
  if (n == 1 && isupper((unsigned char)w[0]))
    return AB_INITIAL;
  if (word_in(w, n, title_abbrevs) && isupper((unsigned char)w[0]))
    return AB_TITLE;
  if (word_in(w, n, month_abbrevs) && isupper((unsigned char)w[0]))
    return AB_MONTH;
  if (n <= 2 && (!strncasecmp(w, "vs", n) || !strncasecmp(w, "v", n)))
    return AB_NOBREAK;
  if (word_in(w, n, company_abbrevs))
    return AB_DOTTED; /* "Google, Inc. of Mountain View": like U.S. */
  if (word_in(w, n, plain_abbrevs)) {
    /* weekday forms must be capitalised: "sat." is a verb */
    if (n <= 5 && islower((unsigned char)w[0]) &&
        (word_in(w, n,
                 (const char *const[]){"mon", "tue", "tues", "wed", "thu",
                                       "thur", "thurs", "fri", "sat", "sun",
                                       "min", "max", "co", "ca", "v", "est",
                                       NULL})))
      return AB_NONE;
    return AB_PLAIN;
  }
  if (digit_follows && word_in(w, n, number_abbrevs))
    return AB_PLAIN;
  /* Dotted acronyms: U.S, a.m, e.g, i.e, U.K, Ph.D: letters in groups of
   * one to three between dots. */
  for (i = 0; i < n; i++) {
    if (w[i] == '.') {
      if (!run)
        return AB_NONE;
      dots++;
      run = 0;
    } else if (isalpha((unsigned char)w[i])) {
      run++;
      if (run > maxrun)
        maxrun = run;
    } else {
      return AB_NONE;
    }
  }
  if (dots && run && maxrun <= 3)
    return AB_DOTTED;
  return AB_NONE;
}

/* Words that typically open a sentence, used to decide whether a sentence
 * ends after an abbreviation ("in the U.S. The ...") or an ellipsis. */
static const char *const openers[] = {
    "the",     "a",      "an",     "he",     "she",   "it",        "they",
    "we",      "i",      "you",    "this",   "that",  "these",     "those",
    "there",   "his",    "her",    "its",    "their", "our",       "my",
    "in",      "on",     "at",     "but",    "and",   "however",   "meanwhile",
    "after",   "before", "when",   "while",  "if",    "as",        "since",
    "also",    "some",   "many",   "most",   "one",   "two",       "three",
    "several", "what",   "who",    "why",    "how",   "no",        "yes",
    "so",      "then",   "now",    "still",  "for",   "according", "earlier",
    "later",   "last",   "please", "thanks", "thank", "we're",     "it's",
    NULL};

/* ---- chunks ------------------------------------------------------------- */

static int ascii_prefix_ci(const char *s, size_t n, const char *p) {
  size_t m = strlen(p);
  return n >= m && !strncasecmp(s, p, m);
}

static int is_url_char(unsigned char c) {
  return isalnum(c) || (c && strchr("-._~:/?#[]@!$&'()*+,;=%", c) != NULL);
}

static const char *const tlds[] = {
    "com",  "org", "net",  "gov", "edu", "int",  "mil", "info", "io", "co",
    "uk",   "ru",  "ua",   "de",  "fr",  "eu",   "us",  "ca",   "au", "in",
    "news", "tv",  "me",   "by",  "pl",  "it",   "es",  "nl",   "ch", "jp",
    "cn",   "htm", "html", "php", "asp", "aspx", NULL};

/* Length of the trailing punctuation that a URL or address does not own. */
static size_t url_trailer(const char *s, size_t n) {
  size_t k = n;
  while (k > 0 && strchr(".,;:!?)\"']>", s[k - 1]))
    k--;
  /* UTF-8 closing quotes after a URL */
  while (k >= 3 && (unsigned char)s[k - 3] == 0xE2 &&
         (unsigned char)s[k - 2] == 0x80 &&
         ((unsigned char)s[k - 1] == 0x9D || (unsigned char)s[k - 1] == 0x99)) {
    k -= 3;
    while (k > 0 && strchr(".,;:!?)\"']>", s[k - 1]))
      k--;
  }
  return n - k;
}

/* If s[0..n) starts a URL, e-mail address, @handle or #hashtag, returns the
 * length of that token, else 0. */
static size_t match_special(const char *s, size_t n) {
  size_t i, core, at = SIZE_MAX, lastdot = SIZE_MAX, slash = SIZE_MAX;
  if (s[0] != '@' && s[0] != '#' && !memchr(s, '.', n) && !memchr(s, '@', n))
    return 0; /* most words: no dot, no @ */
  if (n >= 2 && (s[0] == '@' || s[0] == '#') &&
      (isalpha((unsigned char)s[1]) || s[1] == '_')) {
    for (i = 1; i < n && (isalnum((unsigned char)s[i]) || s[i] == '_'); i++)
      ;
    /* "@paulhastings.com": an address without its name */
    while (s[0] == '@' && i + 1 < n && s[i] == '.' &&
           isalpha((unsigned char)s[i + 1]))
      for (i++; i < n && isalnum((unsigned char)s[i]); i++)
        ;
    return i;
  }
  if (ascii_prefix_ci(s, n, "http://") || ascii_prefix_ci(s, n, "https://") ||
      ascii_prefix_ci(s, n, "ftp://") || ascii_prefix_ci(s, n, "www.")) {
    for (i = 0; i < n && is_url_char((unsigned char)s[i]); i++)
      ;
    core = i - url_trailer(s, i);
    return core > 4 ? core : 0;
  }
  /* bare addresses: name@host.tld, host.tld/path */
  for (i = 0; i < n && is_url_char((unsigned char)s[i]); i++) {
    if (s[i] == '@' && at == SIZE_MAX)
      at = i;
    if (s[i] == '/' && slash == SIZE_MAX)
      slash = i;
    if (s[i] == '.' && slash == SIZE_MAX)
      lastdot = i;
  }
  core = i - url_trailer(s, i);
  if (lastdot == SIZE_MAX || lastdot == 0 || lastdot + 1 >= core)
    return 0;
  if (at != SIZE_MAX) {
    if (at == 0 || at > lastdot)
      return 0;
    for (i = lastdot + 1; i < core; i++)
      if (!isalpha((unsigned char)s[i]))
        return 0;
    return core - lastdot - 1 >= 2 ? core : 0;
  }
  {
    size_t tend = slash != SIZE_MAX && slash < core ? slash : core;
    size_t tl = tend - lastdot - 1;
    for (i = 0; tlds[i]; i++)
      if (strlen(tlds[i]) == tl && !strncasecmp(s + lastdot + 1, tlds[i], tl))
        break;
    if (!tlds[i])
      return 0;
    /* the host must be letters, digits, dots and hyphens */
    for (i = 0; i < lastdot; i++)
      if (!isalnum((unsigned char)s[i]) && s[i] != '.' && s[i] != '-')
        return 0;
    if (!isalpha((unsigned char)s[0]))
      return 0;
    /* "U.S.com"? no: require a lower-case top-level domain */
    if (!islower((unsigned char)s[lastdot + 1]))
      return 0;
    return core;
  }
}

/* Prefixes EWT keeps attached to the word after their hyphen. */
static const char *const hyphen_prefixes[] = {
    "e",     "co",      "non",   "pre",   "post",  "pro",   "anti",
    "ex",    "multi",   "mid",   "re",    "semi",  "neo",   "sub",
    "over",  "counter", "cross", "inter", "intra", "socio", "psycho",
    "ultra", "mega",    "mini",  "micro", "macro", "quasi", "pseudo",
    "de",    "un",      "bi",    "tri",   "geo",   "euro",  "trans",
    "extra", "hyper",   "infra", "meta",  "supra", NULL};

static int all_digits(const char *s, size_t n) {
  size_t i;
  for (i = 0; i < n; i++)
    if (!isdigit((unsigned char)s[i]))
      return 0;
  return n > 0;
}

/* ISO dates (2023-06-24) and phone numbers (555-0123) stay whole. */
static int hyphen_number_whole(const char *s, size_t n) {
  size_t i, groups = 1, glen = 0;
  for (i = 0; i < n; i++) {
    if (s[i] == '-') {
      if (!glen)
        return 0;
      groups++;
      glen = 0;
    } else if (isdigit((unsigned char)s[i])) {
      glen++;
    } else {
      return 0;
    }
  }
  if (!glen || groups < 2)
    return 0;
  if (n == 10 && s[4] == '-' && s[7] == '-')
    return 1;
  if (groups == 2 && glen == 4 && n - glen - 1 <= 3)
    return 1; /* phone extensions: 3-5213 */
  return groups >= 3 || (groups == 2 && n >= 7 && s[3] == '-');
}

static const char *const units[] = {
    "am",  "pm",  "bn", "m",  "mn", "k",  "km", "kg", "mm", "cm",  "ft", "mph",
    "kmh", "kph", "b",  "tn", "gw", "mw", "kw", "t",  "lb", "lbs", "sq", NULL};

/* Splits a chunk core that no longer has outer punctuation. `last_flags`
 * go on the last token (the abbreviation flags). */
static void split_core(struct seg *g, size_t lo, size_t hi,
                       unsigned last_flags) {
  const char *s = g->s;
  size_t n = hi - lo, i, seg = lo;
  if (!n)
    return;
  if (n == 6 && !strncasecmp(s + lo, "cannot", 6)) {
    emit(g, lo, lo + 3, 0);
    emit(g, lo + 3, hi, last_flags);
    return;
  }
  if (n == 5 &&
      (!strncasecmp(s + lo, "gonna", 5) || !strncasecmp(s + lo, "gotta", 5) ||
       !strncasecmp(s + lo, "wanna", 5) || !strncasecmp(s + lo, "outta", 5))) {
    emit(g, lo, lo + 3, 0);
    emit(g, lo + 3, hi, last_flags);
    return;
  }
  if (hyphen_number_whole(s + lo, n)) {
    emit(g, lo, hi, last_flags);
    return;
  }
  /* number followed by a unit: 5pm, 25bn, 155mm */
  {
    size_t k = 0;
    while (k < n &&
           (isdigit((unsigned char)s[lo + k]) ||
            ((s[lo + k] == '.' || s[lo + k] == ',' || s[lo + k] == ':') &&
             k > 0 && k + 1 < n && isdigit((unsigned char)s[lo + k + 1]))))
      k++;
    if (k > 0 && k < n && word_in(s + lo + k, n - k, units)) {
      emit(g, lo, lo + k, 0);
      emit(g, lo + k, hi, last_flags);
      return;
    }
  }
  for (i = lo; i < hi && isalnum((unsigned char)s[i]); i++)
    ;
  if (i == hi) { /* a plain word or number: nothing inside to split */
    emit(g, lo, hi, last_flags);
    return;
  }
  for (i = lo; i < hi;) {
    size_t len, plen = 0, nlen = 0, sp;
    uint32_t c, prev = 0, next = 0;
    if (i == seg && i > lo && (sp = match_special(s + i, hi - i)) != 0) {
      emit(g, i, i + sp, 0);
      i += sp;
      seg = i;
      continue;
    }
    c = cp_at(g, i, &len);
    if (i > lo)
      prev = cp_before(g, i, &plen);
    if (i + len < hi)
      next = cp_at(g, i + len, &nlen);
    if (is_dash_cp(c) || c == 0x2026) {
      emit(g, seg, i, 0);
      emit(g, i, i + len, 0);
      i += len;
      seg = i;
      continue;
    }
    if ((c == '-' && next == '-') || (c == '.' && next == '.')) {
      size_t j = i;
      while (j < hi && s[j] == (char)c)
        j++;
      emit(g, seg, i, 0);
      emit(g, i, j, c == '.' ? TF_ELLIPSIS : 0);
      i = j;
      seg = i;
      continue;
    }
    if (c == '-' && prev == '.' && is_alpha_cp(next) &&
        abbr_kind(s + seg, i - seg - 1, 0) == AB_DOTTED) {
      emit(g, seg, i, TF_ABBR | TF_DOTTED); /* "U.S.-led" */
      emit(g, i, i + 1, 0);
      seg = ++i;
      continue;
    }
    if (c == '-' && is_alnum_cp(prev) && is_alnum_cp(next)) {
      size_t wl = i - seg;
      if (!word_in(s + seg, wl, hyphen_prefixes)) {
        emit(g, seg, i, 0);
        emit(g, i, i + 1, 0);
        seg = i + 1;
      }
      i++;
      continue;
    }
    if (c == ',' && !(is_digit_cp(prev) && is_digit_cp(next)) && i > lo) {
      emit(g, seg, i, 0);
      emit(g, i, i + 1, TF_PUNCT_CONT);
      seg = ++i;
      continue;
    }
    if (c == '/' && is_alpha_cp(prev) && is_alpha_cp(next) && i - seg > 1 &&
        hi - i > 2) {
      emit(g, seg, i, 0);
      emit(g, i, i + 1, 0);
      seg = ++i;
      continue;
    }
    if (c == ';' || c == '!' || c == '?' || c == '"' || c == '(' || c == '<' ||
        c == '>' || c == ')' || c == '[' || c == ']' || c == 0x201C ||
        c == 0x201D || (c == ':' && is_alpha_cp(prev) && is_alpha_cp(next))) {
      emit(g, seg, i, 0);
      emit(g, i, i + len, 0);
      i += len;
      seg = i;
      continue;
    }
    i += len;
  }
  emit(g, seg, hi, last_flags);
}

static const char *const emoticons[] = {":)",  ":-)", ":(",  ":-(", ";)",
                                        ";-)", ":D",  ":-D", ":P",  ":-P",
                                        ":/",  "<3",  ":o",  NULL};

/* Negations written without their apostrophe, which EWT splits: "dont". */
static const char *const bare_negations[] = {
    "dont",  "cant",   "wont",   "didnt",   "doesnt",   "isnt",
    "wasnt", "arent",  "werent", "couldnt", "shouldnt", "wouldnt",
    "hasnt", "havent", "hadnt",  "aint",    NULL};

/* Pronoun contractions written without the apostrophe: "im" = i + m. */
static const char *const bare_clitics[] = {"im",    "ive",    "thats",
                                           "youre", "theyre", NULL};

/* Length of a clitic at the end of s[lo..hi), or 0. */
static size_t clitic_len(const struct seg *g, size_t lo, size_t hi) {
  static const char *const clitics[] = {"s", "m", "d", "re", "ve", "ll", NULL};
  const char *s = g->s;
  size_t n = hi - lo, k;
  if (n >= 4 && (s[hi - 1] | 0x20) == 't' && (s[hi - 2] | 0x20) == 'n' &&
      word_in(s + lo, n, bare_negations))
    return 2;
  if (n <= 6 && ((s[lo] | 0x20) == 'i' || (s[lo] | 0x20) == 't') &&
      word_in(s + lo, n, bare_clitics))
    return (s[hi - 1] == 's' || s[hi - 1] == 'm') ? 1 : 2;
  if (!memchr(s + lo, '\'', n) && !memchr(s + lo, 0xE2, n))
    return 0; /* no apostrophe: the common case */
  /* n't and n’t */
  if (n > 3 && !strncasecmp(s + hi - 3, "n't", 3) &&
      isalpha((unsigned char)s[hi - 4]))
    return 3;
  if (n > 5 && (s[hi - 1] == 't' || s[hi - 1] == 'T') &&
      !memcmp(s + hi - 4, "\xE2\x80\x99", 3) &&
      (s[hi - 5] == 'n' || s[hi - 5] == 'N') && n > 5 &&
      isalpha((unsigned char)s[hi - 6]))
    return 5;
  for (k = 0; clitics[k]; k++) {
    size_t cl = strlen(clitics[k]);
    if (n > cl + 1 && !strncasecmp(s + hi - cl, clitics[k], cl)) {
      size_t a = hi - cl; /* apostrophe ends here */
      if (cl == 1 && (s[hi - 1] == 's' || s[hi - 1] == 'S') &&
          isdigit((unsigned char)s[a - 2]))
        continue; /* decades: 60's, 1960's */
      if (s[a - 1] == '\'' && a - 1 > lo && isalnum((unsigned char)s[a - 2]))
        return cl + 1;
      if (a >= lo + 4 && !memcmp(s + a - 3, "\xE2\x80\x99", 3) && a - 3 > lo &&
          (isalnum((unsigned char)s[a - 4]) || (unsigned char)s[a - 4] >= 0x80))
        return cl + 3;
    }
  }
  return 0;
}

/* Is s[lo..hi) a list marker at the start of a line: "-", "•", "1.", "2)"? */
static int is_list_marker(const struct seg *g, size_t lo, size_t hi) {
  size_t len;
  uint32_t c = cp_at(g, lo, &len);
  if (lo + len == hi && is_bullet_cp(c))
    return 1;
  if (hi - lo >= 2 && hi - lo <= 3 && all_digits(g->s + lo, hi - lo - 1) &&
      (g->s[hi - 1] == '.' || g->s[hi - 1] == ')'))
    return 1;
  return 0;
}

static void split_chunk(struct seg *g, size_t lo, size_t hi, int line_start,
                        int digit_follows) {
  struct {
    size_t start, end;
    unsigned flags;
  } suffix[48];
  size_t ns = 0, len, sp;
  unsigned last_flags = 0;
  uint32_t c;

  {
    /* the common chunk is a plain word or number: skip the peeling */
    size_t k = lo, cl;
    while (k < hi && isalnum((unsigned char)g->s[k]))
      k++;
    if (k == hi) {
      cl = clitic_len(g, lo, hi); /* "dont", "im" */
      split_core(g, lo, hi - cl, 0);
      if (cl)
        emit(g, hi - cl, hi, 0);
      return;
    }
  }
  {
    /* separator lines and decorations: "----==", "***", "=---" */
    size_t k = lo;
    while (k < hi && g->s[k] && strchr("-=*_~+#", g->s[k]))
      k++;
    if (k == hi && hi - lo >= 2) {
      emit(g, lo, hi, 0);
      return;
    }
  }
  if (line_start && is_list_marker(g, lo, hi)) {
    if (hi - lo >= 2 && isdigit((unsigned char)g->s[lo])) { /* "1." */
      emit(g, lo, hi - 1, TF_BULLET);
      emit(g, hi - 1, hi, TF_PUNCT_CONT);
    } else {
      emit(g, lo, hi, TF_BULLET);
    }
    return;
  }
  if ((g->s[lo] == ':' || g->s[lo] == ';' || g->s[lo] == '<') &&
      word_in(g->s + lo, hi - lo, emoticons)) {
    emit(g, lo, hi, 0);
    return;
  }
  if (hi - lo > 2 && memchr(g->s + lo, ':', hi - lo)) {
    size_t k, el;
    for (k = 0; emoticons[k]; k++) { /* "home:-)" */
      el = strlen(emoticons[k]);
      if (hi - lo > el && !memcmp(g->s + hi - el, emoticons[k], el) &&
          emoticons[k][0] == ':' && isalpha((unsigned char)g->s[hi - el - 1])) {
        split_chunk(g, lo, hi - el, line_start, 0);
        emit(g, hi - el, hi, 0);
        return;
      }
    }
  }
  /* front */
  while (lo < hi) {
    if ((sp = match_special(g->s + lo, hi - lo))) {
      emit(g, lo, lo + sp, 0);
      lo += sp;
      continue;
    }
    c = cp_at(g, lo, &len);
    if (c == '<' || c == '>') { /* <<, >>, <> as in quoted e-mail */
      size_t j = lo;
      while (j < hi && g->s[j] == (char)c && j - lo < 3)
        j++;
      emit(g, lo, j, TF_OPEN);
      lo = j;
      continue;
    }
    if (c == '\'' && hi - lo >= 3 && isdigit((unsigned char)g->s[lo + 1]) &&
        isdigit((unsigned char)g->s[lo + 2]) &&
        (hi - lo == 3 || g->s[lo + 3] == 's' ||
         !isalnum((unsigned char)g->s[lo + 3])))
      break; /* '90s, '72 */
    if (is_open_cp(c) || c == '"' || c == '\'' || c == 0x2018 || c == 0x2033) {
      emit(g, lo, lo + len, TF_OPEN);
      lo += len;
      continue;
    }
    if ((c == '~' || c == ',' || c == ';' ||
         (c == '#' && lo + 1 < hi && isdigit((unsigned char)g->s[lo + 1]))) &&
        lo + 1 < hi) {
      emit(g, lo, lo + 1, c == ',' || c == ';' ? TF_PUNCT_CONT : 0);
      lo++;
      continue;
    }
    if (is_currency_cp(c) && lo + len < hi &&
        isdigit((unsigned char)g->s[lo + len])) {
      emit(g, lo, lo + len, 0);
      lo += len;
      continue;
    }
    if (c == 0x2026 || is_dash_cp(c) ||
        (c == '.' && lo + 1 < hi && g->s[lo + 1] == '.') ||
        (c == '-' && lo + 1 < hi && g->s[lo + 1] == '-')) {
      size_t j = lo + len;
      if (c == '.' || c == '-')
        while (j < hi && g->s[j] == (char)c)
          j++;
      emit(g, lo, j, c == 0x2026 || c == '.' ? TF_ELLIPSIS : 0);
      lo = j;
      continue;
    }
    if (c == '-' && lo + 1 < hi) {
      emit(g, lo, lo + 1, 0);
      lo++;
      continue;
    }
    break;
  }
  /* back */
  while (lo < hi && ns < sizeof suffix / sizeof *suffix) {
    size_t cl;
    c = cp_before(g, hi, &len);
    if (c == '>' && hi - lo >= 2 && g->s[hi - 2] == '>') {
      suffix[ns].start = hi - 2;
      suffix[ns].end = hi;
      suffix[ns++].flags = TF_CLOSE;
      hi -= 2;
      continue;
    }
    if (is_close_cp(c) || c == '"' || c == '\'' || c == 0x2019 || c == 0x2018 ||
        c == 0x2033 || c == 0x201C) {
      suffix[ns].start = hi - len;
      suffix[ns].end = hi;
      suffix[ns++].flags = TF_CLOSE;
      hi -= len;
      continue;
    }
    if (c == ',' || c == ';' || c == ':') {
      suffix[ns].start = hi - 1;
      suffix[ns].end = hi;
      suffix[ns++].flags = TF_PUNCT_CONT;
      hi--;
      continue;
    }
    if (c == '!' || c == '?' || c == '.' || c == ':') {
      /* a run of stops that holds ? or ! is one token: "?!", ".?", ":?" */
      size_t j = hi;
      int qmark = 0;
      while (j > lo && g->s[j - 1] && strchr("!?.:", g->s[j - 1])) {
        qmark |= g->s[j - 1] == '!' || g->s[j - 1] == '?';
        j--;
      }
      if (qmark && (hi - j > 1 || c == '!' || c == '?')) {
        suffix[ns].start = j;
        suffix[ns].end = hi;
        suffix[ns++].flags = TF_QMARK;
        hi = j;
        continue;
      }
    }
    if (c == 0x2026) {
      suffix[ns].start = hi - len;
      suffix[ns].end = hi;
      suffix[ns++].flags = TF_ELLIPSIS;
      hi -= len;
      continue;
    }
    if (c == '.') {
      size_t j = hi;
      enum abbr_kind k;
      while (j > lo && g->s[j - 1] == '.')
        j--;
      if (hi - j == 2 &&
          abbr_kind(g->s + lo, j - lo, digit_follows) != AB_NONE) {
        /* "Inc.." : the abbreviation, then the full stop */
        suffix[ns].start = hi - 1;
        suffix[ns].end = hi;
        suffix[ns++].flags = TF_PERIOD;
        hi--;
        continue;
      }
      if (hi - j >= 2) {
        suffix[ns].start = j;
        suffix[ns].end = hi;
        suffix[ns++].flags = TF_ELLIPSIS;
        hi = j;
        continue;
      }
      k = abbr_kind(g->s + lo, hi - 1 - lo, digit_follows);
      if (k != AB_NONE) {
        last_flags = TF_ABBR | (k == AB_TITLE     ? TF_TITLE
                                : k == AB_MONTH   ? TF_MONTH
                                : k == AB_INITIAL ? TF_INITIAL
                                : k == AB_DOTTED  ? TF_DOTTED
                                : k == AB_NOBREAK ? TF_NOBREAK
                                                  : 0);
        break;
      }
      suffix[ns].start = hi - 1;
      suffix[ns].end = hi;
      suffix[ns++].flags = TF_PERIOD;
      hi--;
      continue;
    }
    if ((c == '-' || c == '#' ||
         (c == '+' && hi - lo > 1 && isdigit((unsigned char)g->s[hi - 2]))) &&
        hi - lo > 1 &&
        isalnum((unsigned char)g->s[hi - 2])) { /* 18+, not OPEC+ */
      suffix[ns].start = hi - 1;
      suffix[ns].end = hi;
      suffix[ns++].flags = 0;
      hi--;
      continue;
    }
    if (c == '%' && hi - lo > 1 && isdigit((unsigned char)g->s[hi - 2])) {
      suffix[ns].start = hi - 1;
      suffix[ns].end = hi;
      suffix[ns++].flags = 0;
      hi--;
      continue;
    }
    if ((cl = clitic_len(g, lo, hi))) {
      suffix[ns].start = hi - cl;
      suffix[ns].end = hi;
      suffix[ns++].flags = 0;
      hi -= cl;
      continue;
    }
    break;
  }
  if (lo < hi) {
    /* a URL may stand behind opening punctuation peeled above */
    if (match_special(g->s + lo, hi - lo) == hi - lo)
      emit(g, lo, hi, last_flags);
    else
      split_core(g, lo, hi, last_flags);
  }
  while (ns > 0) {
    ns--;
    emit(g, suffix[ns].start, suffix[ns].end, suffix[ns].flags);
  }
}

/* ---- whitespace, lines, boilerplate -------------------------------------- */

/* Is the article hard-wrapped: do lines continue on the next line with a
 * lower-case word? Then single line breaks are spaces, not boundaries. */
static int is_hard_wrapped(const char *s, size_t n) {
  size_t i, hits = 0;
  for (i = 0; i + 1 < n; i++) {
    if (s[i] == '\n') {
      size_t j = i + 1;
      while (j < n && (s[j] == ' ' || s[j] == '\t'))
        j++;
      if (j < n && islower((unsigned char)s[j]) && i > 0 &&
          isalnum((unsigned char)s[i - 1 - (s[i - 1] == '\r' && i > 1)]))
        if (++hits >= 2)
          return 1;
    }
  }
  return 0;
}

static sr_status tokenize(struct seg *g) {
  const sr_doc *d = g->d;
  const char *s = g->s;
  size_t n = g->n, i = 0, b = 0;
  int line_start = 1;
  while (i < n) {
    unsigned char ch = (unsigned char)s[i];
    size_t len, j;
    uint32_t c;
    /* boilerplate lines are skipped and act as paragraph breaks */
    while (b < d->boiler_count && d->boiler_end[b] <= i)
      b++;
    if (b < d->boiler_count && i >= d->boiler_start[b]) {
      i = d->boiler_end[b];
      g->pending_nl = 2;
      continue;
    }
    if (ch < 0x80) {
      if (ch == '\n' || ch == '\r') {
        if (ch == '\r' && i + 1 < n && s[i + 1] == '\n')
          i++;
        if (g->pending_nl < 2)
          g->pending_nl++;
        line_start = 1;
        i++;
        continue;
      }
      if (ch == ' ' || ch == '\t' || ch == '\f' || ch == '\v') {
        i++;
        continue;
      }
      len = 1;
    } else {
      c = cp_at(g, i, &len);
      if (is_space_cp(c)) {
        if (c == 0x2028 || c == 0x2029 || c == 0x85) {
          if (g->pending_nl < 2)
            g->pending_nl += c == 0x2029 ? 2 : 1;
          line_start = 1;
        }
        i += len;
        continue;
      }
    }
    /* a chunk: up to the next whitespace */
    j = i + len;
    while (j < n) {
      unsigned char cj = (unsigned char)s[j];
      if (cj < 0x80) {
        if (cj == ' ' || cj == '\n' || cj == '\r' || cj == '\t' || cj == '\f' ||
            cj == '\v')
          break;
        j++;
      } else {
        size_t l2;
        uint32_t c2 = cp_at(g, j, &l2);
        if (is_space_cp(c2))
          break;
        j += l2;
      }
    }
    {
      size_t k = j, before = g->ntok;
      int digit_follows;
      while (k < n && (s[k] == ' ' || s[k] == '\t'))
        k++;
      digit_follows = k < n && isdigit((unsigned char)s[k]);
      split_chunk(g, i, j, line_start, digit_follows);
      if (g->ntok > before)
        g->tok[g->ntok - 1].flags |= TF_SPACE;
    }
    if (g->oom)
      return SR_ENOMEM;
    line_start = 0;
    i = j;
  }
  return SR_OK;
}

/* ---- sentences ---------------------------------------------------------- */

static int first_cp_is(const struct seg *g, const struct tk *t,
                       int (*pred)(uint32_t)) {
  size_t len;
  return pred(cp_at(g, t->start, &len));
}

static int is_opener_word(const struct seg *g, const struct tk *t) {
  return word_in(g->s + t->start, t->end - t->start, openers);
}

/* Does a sentence end before token i? `wrapped`: single line breaks are
 * spaces. */
static int boundary_before(const struct seg *g, size_t i, int wrapped) {
  const struct tk *t = &g->tok[i], *p;
  size_t k = i - 1;
  int closer = 0;
  if (t->nl >= 2)
    return 1;
  if (t->nl == 1 && (t->flags & TF_BULLET))
    return 1;
  if (t->flags & (TF_CLOSE | TF_PUNCT_CONT | TF_PERIOD | TF_QMARK))
    return 0; /* ". . ." and "?!" never start a sentence */
  while (k > 0 && (g->tok[k].flags & TF_CLOSE) &&
         !(g->tok[k].flags & (TF_PERIOD | TF_QMARK | TF_ELLIPSIS)) &&
         g->tok[k].nl == 0) {
    k--;
    closer = 1;
  }
  p = &g->tok[k];
  if (t->nl == 1 && !wrapped &&
      !(p->flags & (TF_PUNCT_CONT | TF_OPEN | TF_TITLE | TF_INITIAL)))
    return 1; /* headline, byline, short line */
  if (p->flags & TF_PERIOD)
    return 1;
  if (p->flags & TF_QMARK)
    return !(closer && first_cp_is(g, t, is_lower_cp));
  if (p->flags & TF_ELLIPSIS)
    return first_cp_is(g, t, is_upper_cp) || (t->flags & TF_OPEN);
  if (p->flags & (TF_TITLE | TF_NOBREAK))
    return 0;
  if (p->flags & TF_ABBR) {
    if ((p->flags & TF_MONTH) && first_cp_is(g, t, is_digit_cp))
      return 0;
    if (p->flags & (TF_MONTH | TF_INITIAL | TF_DOTTED))
      return first_cp_is(g, t, is_upper_cp) && is_opener_word(g, t);
    return first_cp_is(g, t, is_upper_cp) || (t->flags & TF_OPEN);
  }
  return 0;
}

/* The matching key of a token: typographic punctuation to ASCII. */
sr_status sr__token_norm(sr_doc *d, sr_token *t) {
  const unsigned char *s = (const unsigned char *)t->form;
  size_t i, n = t->form_len, k = 0;
  char *out;
  int nonascii = 0;
  for (i = 0; i < n; i++)
    if (s[i] >= 0x80) {
      nonascii = 1;
      break;
    }
  t->norm = t->form;
  t->norm_len = n;
  if (!nonascii)
    return SR_OK;
  out = sr__arena_alloc(&d->arena, n + 1);
  if (!out)
    return SR_ENOMEM;
  for (i = 0; i < n;) {
    uint32_t cp;
    size_t len = sr__utf8_decode(s + i, n - i, &cp);
    if (!len) {
      out[k++] = (char)s[i++];
      continue;
    }
    switch (cp) {
    case 0x201C:
    case 0x201D:
    case 0x201E:
    case 0x201F:
    case 0x2033:
      out[k++] = '"';
      break;
    case 0x2018:
    case 0x2019:
    case 0x201A:
    case 0x201B:
    case 0x2032:
      out[k++] = '\'';
      break;
    case 0x2010:
    case 0x2011:
    case 0x2012:
    case 0x2013:
    case 0x2014:
    case 0x2015:
    case 0x2212:
      out[k++] = '-';
      break;
    case 0x2026:
      memcpy(out + k, "...", 3);
      k += 3;
      break;
    default:
      memcpy(out + k, s + i, len);
      k += len;
    }
    i += len;
  }
  out[k] = '\0';
  t->norm = out;
  t->norm_len = k;
  return SR_OK;
}

static size_t to_input(const sr_doc *d, size_t clean_pos) {
  return sr__offmap_lookup(&d->body_map,
                           sr__offmap_lookup(&d->clean_map, clean_pos));
}

static sr_status add_token(sr_doc *d, size_t *k, size_t start, size_t end,
                           int space_after) {
  sr_token *t = &d->tokens[(*k)++];
  t->form = d->clean + start;
  t->form_len = end - start;
  t->start = to_input(d, start);
  t->end = to_input(d, end);
  t->space_after = space_after;
  /* sitrep.h: NULL and 0 until the document is analysed */
  t->upos = t->xpos = t->lemma = t->deprel = t->ner = NULL;
  t->head = 0;
  return sr__token_norm(d, t);
}

sr_status sr__segment(sr_doc *d, sr_error *err) {
  struct seg g;
  size_t i, k = 0, nsent = 0, start = 0, splits = 0, max_tokens;
  unsigned char *cut; /* cut[i]: a sentence starts at build token i */
  int wrapped;
  sr_status st;

  memset(&g, 0, sizeof g);
  g.d = d;
  g.s = d->clean;
  g.n = d->clean_len;
  st = tokenize(&g);
  if (st != SR_OK)
    return sr__error(err, st, SIZE_MAX, 0, "out of memory");

  /* sentence boundaries over the build tokens */
  cut = sr__arena_calloc(&d->arena, g.ntok + 1, 1);
  if (!cut)
    return sr__error(err, SR_ENOMEM, SIZE_MAX, 0, "out of memory");
  wrapped = is_hard_wrapped(d->clean, d->clean_len);
  max_tokens = d->engine->max_sentence_tokens;
  cut[0] = 1;
  cut[g.ntok] = 1;
  for (i = 1; i < g.ntok; i++) {
    if (i - start >= max_tokens) {
      cut[i] = 1;
      if (!d->repairs.forced_breaks)
        sr__warn(d, to_input(d, g.tok[i].start),
                 "sentence longer than %zu tokens cut at byte %zu", max_tokens,
                 to_input(d, g.tok[i].start));
      d->repairs.forced_breaks++;
    } else {
      cut[i] = (unsigned char)boundary_before(&g, i, wrapped);
    }
    if (cut[i])
      start = i;
  }
  /* EWT gives a sentence-final abbreviation's period a token of its own:
   * "in the U.S." ends with U.S + . */
  for (i = 0; i < g.ntok; i++)
    if ((g.tok[i].flags & TF_ABBR) && cut[i + 1] &&
        g.tok[i].end - g.tok[i].start > 1)
      splits++;

  for (i = 0; i < g.ntok; i++)
    nsent += cut[i];
  d->tokens =
      sr__arena_alloc(&d->arena, (g.ntok + splits + 1) * sizeof *d->tokens);
  d->sentences = sr__arena_alloc(&d->arena, (nsent + 1) * sizeof *d->sentences);
  nsent = 0;
  d->boilerplate =
      sr__arena_calloc(&d->arena, d->boiler_count + 1, sizeof *d->boilerplate);
  if (!d->tokens || !d->sentences || !d->boilerplate)
    return sr__error(err, SR_ENOMEM, SIZE_MAX, 0, "out of memory");

  for (i = 0; i < g.ntok; i++) {
    const struct tk *t = &g.tok[i];
    int space = (t->flags & TF_SPACE) != 0;
    if (cut[i]) {
      if (nsent)
        d->sentences[nsent - 1].token_count =
            k - d->sentences[nsent - 1].first_token;
      d->sentences[nsent++].first_token = k;
    }
    if ((t->flags & TF_ABBR) && cut[i + 1] && t->end - t->start > 1) {
      st = add_token(d, &k, t->start, t->end - 1, 0);
      if (st == SR_OK)
        st = add_token(d, &k, t->end - 1, t->end, space);
    } else {
      st = add_token(d, &k, t->start, t->end, space);
    }
    if (st != SR_OK)
      return sr__error(err, SR_ENOMEM, SIZE_MAX, 0, "out of memory");
  }
  if (nsent)
    d->sentences[nsent - 1].token_count =
        k - d->sentences[nsent - 1].first_token;
  d->token_count = k;
  d->sentence_count = nsent;
  for (i = 0; i < nsent; i++) {
    sr_sentence *s = &d->sentences[i];
    s->start = d->tokens[s->first_token].start;
    s->end = d->tokens[s->first_token + s->token_count - 1].end;
  }

  for (i = 0; i < d->boiler_count; i++) {
    d->boilerplate[i].start = to_input(d, d->boiler_start[i]);
    d->boilerplate[i].end = to_input(d, d->boiler_end[i]);
    d->boilerplate[i].reason = d->boiler_reason[i];
  }
  return SR_OK;
}
