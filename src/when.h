/*
 * when.h - event dates (when.c): the date expressions of a parsed sentence
 * ("on Friday", "24 June 2023", "two months ago", "the day before")
 * resolved against the document's anchor date, and the one that belongs
 * to an event's trigger.
 *
 * Use: sr__when_init() once per document, sr__when_sentence() on every
 * sentence in order (the anchor and the narrative date carry over from
 * one sentence to the next), then sr__when_event() for each event of that
 * sentence. Nothing is allocated per token; a date string is made in the
 * document's arena the first time an event uses its expression.
 */
#ifndef SR_WHEN_H
#define SR_WHEN_H

#include "internal.h"

#include <stdint.h>

#define SR_WHEN_MAX_EXPR 16 /* date expressions kept per sentence */

/* Precision of a resolved date (sr_event.date_precision). */
enum sr_when_prec {
  SR_WHEN_NONE = 0, /* not resolved (no anchor for a relative expression) */
  SR_WHEN_DAY,
  SR_WHEN_WEEK, /* the Monday-to-Sunday week holding the date */
  SR_WHEN_MONTH,
  SR_WHEN_YEAR
};

/* One date expression of the current sentence. */
struct sr_when_expr {
  size_t first, last;     /* its tokens in the sentence, 0-based, inclusive */
  size_t key;             /* the word that makes it a date: month, weekday... */
  size_t attach;          /* the token by which the tree attaches it */
  unsigned char kind;     /* what was recognised (when.c, enum form) */
  unsigned char unit;     /* day, week, month, year, weekend (enum unit) */
  signed char mod;        /* last -1, next +1, this 2, plain 0 */
  unsigned char vague;    /* "a few days ago": one step less precise */
  unsigned char dateline; /* "KYIV, June 24 (Reuters) -": not an event's */
  int y, m, d;            /* given year, month, day, or 0 */
  int n;                  /* a count: "two" in "two days ago" */
  int32_t day;            /* the resolved date as a day number */
  unsigned char prec;     /* enum sr_when_prec */
  const char *text;       /* "YYYY-MM-DD" in the arena, made on first use */
};

/* Per-document state. */
struct sr_when {
  sr_doc *doc;
  const char *pub;           /* the publication date as given, or NULL */
  const char *pub_text;      /* the same, owned by the document, or NULL */
  int32_t anchor;            /* what relative expressions count from */
  int32_t narrative;         /* the last day the text itself named */
  unsigned char anchor_from; /* none, text, publication, dateline */
  unsigned char has_narrative;
  size_t sentences;    /* sentences seen so far */
  const sr_token *tok; /* the current sentence */
  size_t n;
  struct sr_when_expr expr[SR_WHEN_MAX_EXPR];
  size_t count; /* expressions in the current sentence */
};

/* Starts a document. `pub` is the publication date "YYYY-MM-DD" (or NULL,
 * or malformed: then there is none); it is not copied and must live until
 * the last sr__when_event() call. */
void sr__when_init(struct sr_when *w, sr_doc *d, const char *pub);

/* Finds and resolves the date expressions of the next sentence, tokens
 * tok[0..n) with their tree (sr_token.head, deprel, xpos, upos). */
void sr__when_sentence(struct sr_when *w, const sr_token *tok, size_t n);

/* The date of an event of the current sentence whose trigger is token
 * `trigger` (0-based in the sentence): the expression the tree attaches
 * to it or to its clause, else the publication date ("pub"), else NULL.
 * *date is borrowed from the document; *precision is static ("day",
 * "week", "month", "year", "pub") or NULL. Errors: SR_ENOMEM. */
sr_status sr__when_event(struct sr_when *w, size_t trigger, const char **date,
                         const char **precision);

#endif
