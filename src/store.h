/*
 * store.h - what store.c (schema, ingest) and query.c (reading) share: the
 * store handle and the date helpers both use.
 */
#ifndef SR_STORE_H
#define SR_STORE_H

#include "internal.h"

#include <sqlite3.h>

/* The statements sr_store_add() runs for every document, prepared once. */
enum store_stmt {
  STMT_FIND_DOC,
  STMT_DOC_EVENTS,
  STMT_DELETE_DOC,
  STMT_INSERT_DOC,
  STMT_INSERT_SENTENCE,
  STMT_ACTOR,
  STMT_FIND_EVENT,
  STMT_INSERT_EVENT,
  STMT_EVENT_PLACE,
  STMT_EVENT_ACTOR,
  STMT_INSERT_MENTION,
  STMT_INSERT_PARTICIPANT,
  STMT_INSERT_QUOTE,
  STMT_PLACE,
  STMT_RECOUNT,
  STMT_DROP_EMPTY,
  STMT_ACTOR_COUNTS,
  STMT_FTS_INDEX,
  STMT_SPELLING_ADD,
  STMT_COUNT
};

struct sr_store {
  sqlite3 *db;
  char *path;
  int writable;
  int in_batch; /* sr_store_begin() called, no commit yet */
  sqlite3_stmt *stmt[STMT_COUNT];
  /* actor key -> id, so each participant costs a lookup in memory, not a
   * statement; emptied whenever a rollback may have undone an insert */
  struct actor_slot {
    char *key;
    sqlite3_int64 id;
  } * actor_cache;
  size_t actor_cache_used, actor_cache_cap; /* cap: a power of two, or 0 */
  /* events gained per actor, counted in memory and written to actors once
   * per batch (a trigger per event was a sixth of the storing time): the
   * current document's, then the open batch's */
  struct count_delta {
    sqlite3_int64 actor;
    long as_actor, as_recipient;
  } * doc_counts, *batch_counts;
  size_t doc_count_n, doc_count_cap;
  size_t batch_count_used, batch_count_cap; /* open addressing, power of 2 */
  /* spellings seen per actor, counted the same way: the document's
   * (texts borrowed from it), then the batch's (texts copied) */
  struct spelling_count {
    sqlite3_int64 actor;
    const char *text;
    long n;
  } * doc_spellings, *batch_spellings;
  size_t doc_spelling_n, doc_spelling_cap;
  size_t batch_spelling_used, batch_spelling_cap; /* power of 2 */
  /* the first sentence rowid not yet in the full-text index, or 0 */
  sqlite3_int64 fts_pending;
  /* events a document touched, recounted when it is done */
  sqlite3_int64 *touched;
  size_t touched_count, touched_cap;
};

/* The day stored for an undated mention, event or quote: after every real
 * date, so lists ordered by day put them last by walking the day index. */
#define STORE_UNDATED_DAY 99999999L
#define UNDATED_DAY_TEXT "99999999"

/* Fills err with "PATH: what: SQLite's message" and returns SR_EDB. */
sr_status sr__store_error(const sr_store *s, sr_error *err, const char *what);

/* Days since 1970-01-01 of a "YYYY-MM-DD" date; 0 with *ok = 0 when it is
 * not a valid date. */
long sr__store_day(const char *date, int *ok);

#endif
