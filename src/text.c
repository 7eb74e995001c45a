/*
 * text.c - the text stage: UTF-8 repair, NFC, offset maps, boilerplate.
 *
 * Scraped news arrives with stray bytes from bad transcoding, NUL bytes,
 * soft hyphens inside names ("Prigo\u00ADzhin") and, sometimes, decomposed
 * accents. Later stages match tokens against dictionaries, so they need one
 * spelling for one string; provenance needs every byte of that spelling to
 * point back at the input. This file produces `clean` (valid UTF-8, NFC)
 * with an offset map, and marks the lines that are page furniture rather
 * than news: advertisement markers ("Advertisment", as one seed spells it),
 * comment forms, share and subscribe prompts, photo credits, "Read more"
 * links. Typographic quotes and dashes are left in `clean` (it is what
 * users see); segment.c gives each token an ASCII matching key instead.
 *
 * Speed: a first pass checks whether anything needs repair; for the common
 * article that is valid NFC UTF-8 with no control bytes, `clean` is `body`
 * and costs nothing. NFC is applied only to whitespace-delimited runs that
 * contain a code point >= U+0300: every character below U+0300 is a
 * starter with NFC_Quick_Check=Yes, so text without such code points is
 * already in NFC.
 */
#include "text.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

/* ---- offset maps -------------------------------------------------------- */

void sr__offmap_init(struct sr_offmap *map, size_t base) {
  memset(map, 0, sizeof *map);
  map->base = base;
}

sr_status sr__offmap_add(struct sr_offmap *map, sr_arena *a, size_t dst,
                         size_t src) {
  if (map->n && map->dst[map->n - 1] == dst) {
    map->src[map->n - 1] = src; /* later edit at the same place wins */
    return SR_OK;
  }
  if (map->n && map->src[map->n - 1] + (dst - map->dst[map->n - 1]) == src)
    return SR_OK; /* already implied by the previous anchor */
  if (!map->n && map->base + dst == src)
    return SR_OK; /* implied by the base shift */
  if (map->n == map->cap) {
    size_t cap = map->cap ? map->cap * 2 : 16;
    size_t *nd =
        sr__arena_grow(a, map->dst, map->cap * sizeof *nd, cap * sizeof *nd);
    size_t *ns;
    if (!nd)
      return SR_ENOMEM;
    map->dst = nd;
    ns = sr__arena_grow(a, map->src, map->cap * sizeof *ns, cap * sizeof *ns);
    if (!ns)
      return SR_ENOMEM;
    map->src = ns;
    map->cap = cap;
  }
  map->dst[map->n] = dst;
  map->src[map->n] = src;
  map->n++;
  return SR_OK;
}

size_t sr__offmap_lookup(const struct sr_offmap *map, size_t pos) {
  size_t lo = 0, hi = map->n, s;
  if (!map->n || pos < map->dst[0]) {
    s = map->base + pos;
    if (map->n && s > map->src[0])
      s = map->src[0];
    return s;
  }
  while (hi - lo > 1) { /* last anchor with dst <= pos */
    size_t mid = lo + (hi - lo) / 2;
    if (map->dst[mid] <= pos)
      lo = mid;
    else
      hi = mid;
  }
  s = map->src[lo] + (pos - map->dst[lo]);
  if (lo + 1 < map->n && s > map->src[lo + 1])
    s = map->src[lo + 1];
  return s;
}

/* ---- UTF-8 -------------------------------------------------------------- */

size_t sr__utf8_decode(const unsigned char *s, size_t n, uint32_t *cp) {
  uint32_t c;
  if (!n)
    return 0;
  c = s[0];
  if (c < 0x80) {
    *cp = c;
    return 1;
  }
  if (c >= 0xC2 && c <= 0xDF) {
    if (n < 2 || (s[1] & 0xC0) != 0x80)
      return 0;
    *cp = ((c & 0x1F) << 6) | (s[1] & 0x3F);
    return 2;
  }
  if (c >= 0xE0 && c <= 0xEF) {
    if (n < 3 || (s[1] & 0xC0) != 0x80 || (s[2] & 0xC0) != 0x80)
      return 0;
    if (c == 0xE0 && s[1] < 0xA0)
      return 0; /* overlong */
    if (c == 0xED && s[1] >= 0xA0)
      return 0; /* surrogate */
    *cp = ((c & 0x0F) << 12) | ((uint32_t)(s[1] & 0x3F) << 6) | (s[2] & 0x3F);
    return 3;
  }
  if (c >= 0xF0 && c <= 0xF4) {
    if (n < 4 || (s[1] & 0xC0) != 0x80 || (s[2] & 0xC0) != 0x80 ||
        (s[3] & 0xC0) != 0x80)
      return 0;
    if (c == 0xF0 && s[1] < 0x90)
      return 0; /* overlong */
    if (c == 0xF4 && s[1] >= 0x90)
      return 0; /* past U+10FFFF */
    *cp = ((c & 0x07) << 18) | ((uint32_t)(s[1] & 0x3F) << 12) |
          ((uint32_t)(s[2] & 0x3F) << 6) | (s[3] & 0x3F);
    return 4;
  }
  return 0;
}

/* Characters dropped from `clean`: they are invisible and would split a
 * name in two for the dictionaries. ZWJ (U+200D) is kept: emoji use it. */
static int is_dropped(uint32_t cp) {
  return cp == 0xFEFF || cp == 0x00AD || cp == 0x200B || cp == 0x2060;
}

/* Can NFC change text around this character? Only if it is a combining
 * mark, has a canonical decomposition (é, Å, the Ohm sign), can be the
 * second half of a composition, or is a Hangul jamo. Typographic quotes,
 * dashes and Cyrillic letters are none of these. */
static int nfc_sensitive(uint32_t cp) {
  const utf8proc_property_t *p;
  if (cp < 0x300)
    return 0;
  if (cp >= 0x1100 && cp <= 0x11FF)
    return 1;
  p = utf8proc_get_property((utf8proc_int32_t)cp);
  return p->combining_class != 0 ||
         (p->decomp_seqindex != UINT16_MAX && p->decomp_type == 0) ||
         (p->comb_index != UINT16_MAX && p->comb_index >= 0x8000);
}

static int is_bad_control(unsigned char b) {
  return (b < 0x20 && b != '\t' && b != '\n' && b != '\r') || b == 0x7F;
}

/* Does the body need any repair? One pass, mostly over ASCII, eight bytes
 * at a time where no byte is >= 0x80 or < 0x20 (the SWAR test "has a byte
 * less than n" from Hacker's Delight). */
static int needs_repair(const unsigned char *s, size_t n) {
  const uint64_t high = 0x8080808080808080ull, low = 0x2020202020202020ull;
  size_t i = 0;
  while (i < n) {
    if (i + 8 <= n) {
      uint64_t w;
      memcpy(&w, s + i, 8);
      if (!(w & high) && !((w - low) & ~w & high)) {
        i += 8;
        continue;
      }
    }
    unsigned char b = s[i];
    uint32_t cp;
    size_t len;
    if (b < 0x80) {
      if (is_bad_control(b))
        return 1;
      i++;
      continue;
    }
    len = sr__utf8_decode(s + i, n - i, &cp);
    if (!len || nfc_sensitive(cp) || is_dropped(cp))
      return 1;
    i += len;
  }
  return 0;
}

/* A growable output buffer in the arena. */
struct outbuf {
  char *p;
  size_t len, cap;
};

static int out_reserve(sr_arena *a, struct outbuf *o, size_t more) {
  size_t cap;
  char *np;
  if (o->cap - o->len >= more)
    return 1;
  cap = o->cap ? o->cap : 64;
  while (cap - o->len < more)
    cap *= 2;
  np = sr__arena_grow(a, o->p, o->len, cap);
  if (!np)
    return 0;
  o->p = np;
  o->cap = cap;
  return 1;
}

static int is_ascii_space(unsigned char b) {
  return b == ' ' || b == '\t' || b == '\n' || b == '\r' || b == '\f' ||
         b == '\v';
}

/* Puts the whitespace-delimited run s[start..end) in NFC at the end of
 * `o`, whose bytes from `dst_start` hold a verbatim copy of the run so far.
 * Returns 0 on allocation failure, else 1. */
static int nfc_run(sr_doc *d, struct outbuf *o, const unsigned char *s,
                   size_t start, size_t end, size_t dst_start) {
  utf8proc_uint8_t *norm = NULL;
  utf8proc_ssize_t len =
      utf8proc_map(s + start, (utf8proc_ssize_t)(end - start), &norm,
                   UTF8PROC_STABLE | UTF8PROC_COMPOSE);
  if (len < 0) { /* cannot happen on valid input; copy as is */
    free(norm);
    o->len = dst_start;
    if (!out_reserve(&d->arena, o, end - start))
      return 0;
    memcpy(o->p + o->len, s + start, end - start);
    o->len += end - start;
    return 1;
  }
  o->len = dst_start;
  if ((size_t)len == end - start && !memcmp(norm, s + start, end - start)) {
    memcpy(o->p + o->len, s + start, end - start); /* reserved by caller */
    o->len += end - start;
    free(norm);
    return 1;
  }
  if (!out_reserve(&d->arena, o, (size_t)len) ||
      sr__offmap_add(&d->clean_map, &d->arena, dst_start, start) != SR_OK) {
    free(norm);
    return 0;
  }
  memcpy(o->p + o->len, norm, (size_t)len);
  o->len += (size_t)len;
  free(norm);
  d->repairs.nfc_changes++;
  return sr__offmap_add(&d->clean_map, &d->arena, o->len, end) == SR_OK;
}

static sr_status repair(sr_doc *d, sr_error *err) {
  const unsigned char *s = (const unsigned char *)d->body;
  size_t n = d->body_len, i = 0;
  size_t run_src = 0, run_dst = 0; /* start of the current word run */
  size_t first_invalid = SIZE_MAX, first_control = SIZE_MAX;
  struct outbuf o = {0};

  if (!out_reserve(&d->arena, &o, n + n / 8 + 16))
    return sr__error(err, SR_ENOMEM, SIZE_MAX, 0, "out of memory");
  while (i < n) {
    unsigned char b = s[i];
    uint32_t cp;
    size_t len;
    if (!out_reserve(&d->arena, &o, 8))
      goto nomem;
    if (b < 0x80) {
      if (is_bad_control(b)) {
        o.p[o.len++] = ' ';
        d->repairs.nul_bytes++;
        if (first_control == SIZE_MAX)
          first_control = i;
        b = ' ';
      } else {
        o.p[o.len++] = (char)b;
      }
      i++;
      if (is_ascii_space(b)) {
        run_src = i;
        run_dst = o.len;
      }
      continue;
    }
    len = sr__utf8_decode(s + i, n - i, &cp);
    if (!len) {
      if (sr__offmap_add(&d->clean_map, &d->arena, o.len, i) != SR_OK)
        goto nomem;
      memcpy(o.p + o.len, "\xEF\xBF\xBD", 3);
      o.len += 3;
      i++;
      if (sr__offmap_add(&d->clean_map, &d->arena, o.len, i) != SR_OK)
        goto nomem;
      d->repairs.invalid_utf8++;
      if (first_invalid == SIZE_MAX)
        first_invalid = i - 1;
      run_src = i; /* a replacement character never composes */
      run_dst = o.len;
      continue;
    }
    if (is_dropped(cp)) {
      i += len;
      if (sr__offmap_add(&d->clean_map, &d->arena, o.len, i) != SR_OK)
        goto nomem;
      d->repairs.removed_chars++;
      run_src = i;
      run_dst = o.len;
      continue;
    }
    if (nfc_sensitive(cp)) {
      /* NFC over the whole run up to the next ASCII space, stopping before
       * any byte that needs another repair. */
      size_t end = i;
      while (end < n && !is_ascii_space(s[end])) {
        uint32_t c2;
        size_t l2;
        if (s[end] < 0x80) {
          if (is_bad_control(s[end]))
            break;
          end++;
          continue;
        }
        l2 = sr__utf8_decode(s + end, n - end, &c2);
        if (!l2 || is_dropped(c2))
          break;
        end += l2;
      }
      if (!out_reserve(&d->arena, &o, end - run_src + 8) ||
          !nfc_run(d, &o, s, run_src, end, run_dst))
        goto nomem;
      i = end;
      run_src = i;
      run_dst = o.len;
      continue;
    }
    memcpy(o.p + o.len, s + i, len);
    o.len += len;
    i += len;
  }
  d->clean = o.p;
  d->clean_len = o.len;
  if (first_invalid != SIZE_MAX)
    sr__warn(d, sr__offmap_lookup(&d->body_map, first_invalid),
             "%zu invalid UTF-8 sequence(s) replaced by U+FFFD, the first "
             "at byte %zu",
             d->repairs.invalid_utf8,
             sr__offmap_lookup(&d->body_map, first_invalid));
  if (first_control != SIZE_MAX)
    sr__warn(d, sr__offmap_lookup(&d->body_map, first_control),
             "%zu NUL or control byte(s) replaced by spaces, the first at "
             "byte %zu",
             d->repairs.nul_bytes,
             sr__offmap_lookup(&d->body_map, first_control));
  return SR_OK;
nomem:
  return sr__error(err, SR_ENOMEM, SIZE_MAX, 0, "out of memory");
}

/* ---- boilerplate -------------------------------------------------------- */

/* Lower-cases ASCII letters and digits into `key`, turns every other run
 * of ASCII characters into one space, keeps non-ASCII bytes, trims. */
static size_t line_key(const char *s, size_t n, char *key, size_t cap) {
  size_t k = 0, i;
  int space = 0;
  for (i = 0; i < n && k + 1 < cap; i++) {
    unsigned char c = (unsigned char)s[i];
    if (isalnum(c) || c >= 0x80) {
      if (space && k)
        key[k++] = ' ';
      space = 0;
      if (k + 1 < cap)
        key[k++] = (char)tolower(c);
    } else {
      space = 1;
    }
  }
  key[k] = '\0';
  return k;
}

static int starts_with(const char *s, const char *prefix) {
  return strncmp(s, prefix, strlen(prefix)) == 0;
}

static int ends_with(const char *s, size_t n, const char *suffix) {
  size_t m = strlen(suffix);
  return n >= m && !memcmp(s + n - m, suffix, m);
}

static int in_list(const char *key, const char *const *list) {
  for (; *list; list++)
    if (!strcmp(key, *list))
      return 1;
  return 0;
}

/* Levenshtein distance, for misspelled advertisement markers. */
static size_t edit_distance(const char *a, size_t na, const char *b,
                            size_t nb) {
  size_t row[32], i, j;
  if (na >= 31 || nb >= 31)
    return 99;
  for (j = 0; j <= nb; j++)
    row[j] = j;
  for (i = 1; i <= na; i++) {
    size_t diag = row[0];
    row[0] = i;
    for (j = 1; j <= nb; j++) {
      size_t up = row[j], best = diag + (a[i - 1] != b[j - 1]);
      if (up + 1 < best)
        best = up + 1;
      if (row[j - 1] + 1 < best)
        best = row[j - 1] + 1;
      diag = up;
      row[j] = best;
    }
  }
  return row[nb];
}

static const char *const advert_keys[] = {
    "advertisement",
    "advertisements",
    "advertising",
    "advert",
    "ad",
    "ads",
    "sponsored",
    "sponsored content",
    "promoted",
    "promoted content",
    "paid content",
    "paid post",
    "story continues below",
    "story continues below advertisement",
    "article continues below",
    "article continues below advertisement",
    "article continues after",
    "continue reading below",
    "continue reading",
    "scroll to continue",
    "scroll to continue with content",
    "advertisement scroll to continue with content",
    "advertisement continue reading below",
    NULL};

static const char *const comment_keys[] = {
    "leave a comment", "leave a reply", "post a comment",
    "add a comment",   "comments",      "show comments",
    "view comments",   "hide comments", "join the conversation",
    "cancel reply",    "post comment",  "submit comment",
    "0 comments",      "no comments",   NULL};

static const char *const share_keys[] = {"share",
                                         "share this",
                                         "share this article",
                                         "share this story",
                                         "share this post",
                                         "share this page",
                                         "share article",
                                         "share story",
                                         "tweet",
                                         "copy link",
                                         "share via",
                                         "email this",
                                         "print this",
                                         "print this article",
                                         NULL};

static const char *const social_words[] = {
    "share",    "facebook", "twitter",   "x",     "whatsapp",  "telegram",
    "linkedin", "reddit",   "pinterest", "email", "print",     "copy",
    "link",     "tweet",    "messenger", "vk",    "flipboard", NULL};

/* True when every word of `key` is a social-network or sharing word:
 * "Facebook Twitter WhatsApp Email". */
static int only_social_words(const char *key) {
  char word[32];
  size_t w = 0;
  int words = 0;
  for (;; key++) {
    if (*key == ' ' || !*key) {
      word[w] = '\0';
      if (w) {
        if (!in_list(word, social_words))
          return 0;
        words++;
      }
      w = 0;
      if (!*key)
        break;
    } else if (w + 1 < sizeof word) {
      word[w++] = *key;
    } else {
      return 0;
    }
  }
  return words >= 2;
}

/* First words of the boilerplate rules that can match a line longer than
 * 130 bytes; any other long line is news. */
static int long_line_starter(const char *s, size_t n) {
  static const char *const starters[] = {
      "your",        "required", "you",           "save",   "subscribe",
      "sign",        "get",      "join",          "follow", "download",
      "photo",       "photos",   "photograph",    "image",  "picture",
      "credit",      "file",     "pictured",      "main",   "top",
      "video",       "read",     "related",       "also",   "see",
      "recommended", "more",     "watch",         "listen", "copyright",
      "all",         "we",       "reporting",     "story",  "article",
      "continue",    "scroll",   "advertisement", NULL};
  char word[16];
  size_t w = 0, i;
  if ((unsigned char)s[0] == 0xC2 || s[0] == '(' || s[0] == '[')
    return 1; /* (c), "(Photo ..." */
  while (w < n && w + 1 < sizeof word && isalpha((unsigned char)s[w])) {
    word[w] = (char)tolower((unsigned char)s[w]);
    w++;
  }
  word[w] = '\0';
  for (i = 0; starters[i]; i++)
    if (!strcmp(word, starters[i]))
      return 1;
  return 0;
}

static int contains(const char *s, const char *needle) {
  return strstr(s, needle) != NULL;
}

const char *sr__boilerplate_reason(const char *s, size_t n) {
  char key[320];
  size_t k;
  while (n && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r'))
    n--;
  while (n && (*s == ' ' || *s == '\t')) {
    s++;
    n--;
  }
  if (!n || n > 300)
    return NULL;
  if (n > 130 && !long_line_starter(s, n))
    return NULL; /* a paragraph of news, the common case */
  k = line_key(s, n, key, sizeof key);

  /* A line of only symbols ("* * *", "---") is a separator, not news. */
  if (!k)
    return n <= 20 ? "site-chrome" : NULL;

  if (in_list(key, advert_keys))
    return "advertisement";
  if (k >= 9 && k <= 16 && starts_with(key, "adv") &&
      edit_distance(key, k, "advertisement", 13) <= 2)
    return "advertisement"; /* "Advertisment", "Advertisemnt" */

  if (in_list(key, comment_keys) ||
      starts_with(key, "your email address will not be published") ||
      starts_with(key, "your email will not be published") ||
      starts_with(key, "required fields are marked") ||
      starts_with(key, "you must be logged in to post a comment") ||
      starts_with(key, "save my name email and website") ||
      (k > 9 && k <= 40 && starts_with(key, "comments ") &&
       isdigit((unsigned char)key[9])))
    return "comment-form";

  if (in_list(key, share_keys) || only_social_words(key) ||
      (k <= 60 &&
       (starts_with(key, "share on ") || starts_with(key, "share via ") ||
        starts_with(key, "click to share") || starts_with(key, "share to ") ||
        starts_with(key, "share this article on "))))
    return "share-prompt";

  if (k <= 160 &&
      (!strcmp(key, "subscribe") || starts_with(key, "subscribe to ") ||
       starts_with(key, "subscribe now") ||
       starts_with(key, "subscribe for ") ||
       starts_with(key, "subscribe today") ||
       starts_with(key, "follow us on ") || starts_with(key, "follow us ") ||
       starts_with(key, "download our app") ||
       starts_with(key, "get the app") ||
       ((starts_with(key, "sign up") || starts_with(key, "get our ") ||
         starts_with(key, "join our ") ||
         starts_with(key, "get the latest ")) &&
        (contains(key, "newsletter") || contains(key, "email") ||
         contains(key, "inbox") || contains(key, "briefing") ||
         contains(key, "alerts") || contains(key, "updates") ||
         contains(key, "free") || contains(key, "channel") ||
         contains(key, "our ")))))
    return "subscribe-prompt";

  if (n <= 220) {
    char head[24];
    size_t h;
    for (h = 0; h < n && h + 1 < sizeof head; h++)
      head[h] = (char)tolower((unsigned char)s[h]);
    head[h] = '\0';
    if (starts_with(head, "photo:") || starts_with(head, "photos:") ||
        starts_with(head, "photo credit") || starts_with(head, "photo by ") ||
        starts_with(head, "(photo") || starts_with(head, "[photo") ||
        starts_with(head, "photograph:") || starts_with(head, "image:") ||
        starts_with(head, "image credit") || starts_with(head, "(image") ||
        starts_with(head, "picture:") || starts_with(head, "credit:") ||
        starts_with(head, "file photo") || starts_with(head, "(file photo") ||
        starts_with(head, "pictured:") || starts_with(head, "main image:") ||
        starts_with(head, "top image:") || starts_with(head, "video:"))
      return "photo-credit";
    if ((ends_with(key, k, "getty images") ||
         ends_with(key, k, "via getty images") ||
         ends_with(key, k, "shutterstock")) &&
        k <= 120)
      return "photo-credit";
    if (starts_with(head, "read more:") || starts_with(head, "read more ") ||
        !strcmp(key, "read more") || starts_with(head, "related:") ||
        starts_with(head, "also read") || starts_with(head, "see also:") ||
        starts_with(head, "recommended:") || starts_with(head, "more:") ||
        starts_with(head, "watch:") || starts_with(head, "listen:") ||
        starts_with(head, "read next") || starts_with(head, "read also") ||
        !strcmp(key, "related") || !strcmp(key, "related articles") ||
        !strcmp(key, "related stories") || !strcmp(key, "related news") ||
        !strcmp(key, "recommended") || !strcmp(key, "recommended for you") ||
        !strcmp(key, "you may also like") || !strcmp(key, "most read") ||
        !strcmp(key, "most popular") || !strcmp(key, "trending") ||
        !strcmp(key, "trending now") || !strcmp(key, "more on this story"))
      return "related-link";
  }

  if (k <= 160 &&
      ((k > 10 && starts_with(key, "copyright ") &&
        (isdigit((unsigned char)key[10]) || starts_with(key + 10, "c ") ||
         starts_with(key + 10, "by ") || (k <= 60 && s[n - 1] != '.'))) ||
       !strcmp(key, "copyright") || starts_with(s, "\xC2\xA9") ||
       contains(key, "all rights reserved") ||
       starts_with(key, "skip to content") ||
       starts_with(key, "skip to main content") ||
       starts_with(key, "we use cookies") || !strcmp(key, "privacy policy") ||
       !strcmp(key, "terms of use") || !strcmp(key, "terms and conditions") ||
       !strcmp(key, "contact us") || !strcmp(key, "back to top") ||
       !strcmp(key, "listen to this article") ||
       (k <= 16 && ends_with(key, k, " min read")) ||
       (starts_with(key, "reporting by ") && contains(key, "editing by"))))
    return "site-chrome";
  return NULL;
}

static sr_status find_boilerplate(sr_doc *d, sr_error *err) {
  const char *s = d->clean;
  size_t n = d->clean_len, i = 0, cap = 0;
  while (i < n) {
    size_t start = i, end, ts, te;
    const char *reason;
    while (i < n && s[i] != '\n')
      i++;
    end = i;
    if (i < n)
      i++;
    ts = start;
    te = end;
    while (ts < te && (s[ts] == ' ' || s[ts] == '\t'))
      ts++;
    while (te > ts &&
           (s[te - 1] == ' ' || s[te - 1] == '\t' || s[te - 1] == '\r'))
      te--;
    if (ts == te || te - ts > 300)
      continue;
    reason = sr__boilerplate_reason(s + ts, te - ts);
    if (!reason)
      continue;
    if (d->boiler_count == cap) {
      size_t nc = cap ? cap * 2 : 8;
      size_t *bs = sr__arena_grow(&d->arena, d->boiler_start, cap * sizeof *bs,
                                  nc * sizeof *bs);
      size_t *be = bs ? sr__arena_grow(&d->arena, d->boiler_end,
                                       cap * sizeof *be, nc * sizeof *be)
                      : NULL;
      const char **br = be ? sr__arena_grow(&d->arena, (void *)d->boiler_reason,
                                            cap * sizeof *br, nc * sizeof *br)
                           : NULL;
      if (!br)
        return sr__error(err, SR_ENOMEM, SIZE_MAX, 0, "out of memory");
      d->boiler_start = bs;
      d->boiler_end = be;
      d->boiler_reason = br;
      cap = nc;
    }
    d->boiler_start[d->boiler_count] = ts;
    d->boiler_end[d->boiler_count] = te;
    d->boiler_reason[d->boiler_count] = reason;
    d->boiler_count++;
  }
  return SR_OK;
}

sr_status sr__text_clean(sr_doc *d, sr_error *err) {
  sr_status st;
  sr__offmap_init(&d->clean_map, 0);
  if (needs_repair((const unsigned char *)d->body, d->body_len)) {
    st = repair(d, err);
    if (st != SR_OK)
      return st;
  } else {
    d->clean = (char *)d->body; /* read-only from here on */
    d->clean_len = d->body_len;
  }
  if (d->raw)
    return SR_OK;
  return find_boilerplate(d, err);
}
