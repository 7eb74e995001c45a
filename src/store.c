/*
 * store.c - the event store: a SQLite file that keeps coded documents so a
 * corpus is read once and questioned many times (DESIGN.md, "Store and
 * queries"; docs/STORE.md is the schema's manual).
 *
 * Opening checks that the file is a sitrep store (SQLite's application_id
 * is 'SRep'), creates the schema in an empty file and migrates an older
 * one (PRAGMA user_version is the schema version). Adding a document is
 * idempotent: a document is keyed by its id and its SHA-256 content hash;
 * the same bytes again change nothing, new bytes replace the old rows.
 * Each event mention joins the stored event with the same canonical actors
 * and recipients, type and flags, dated within a day, at a compatible
 * place (cross-article clustering), and the event's counts of mentions,
 * articles and sources are recomputed from its mentions, so replacing or
 * re-reading a document never inflates them. Counters that queries need
 * fast (events per actor, spellings per actor) are kept by triggers.
 *
 * Every statement is prepared once with bound parameters. A document is
 * stored inside a savepoint: it is all there or not at all.
 */
#include "store.h"

#include "sha256.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define STORE_APPLICATION_ID 0x53526570 /* 'SRep' */
#define STORE_SCHEMA_VERSION 1
#define STORE_BUSY_TIMEOUT_MS 5000

/* Version 1 of the schema. docs/STORE.md explains each table. */
static const char *const schema_v1[] = {
    "CREATE TABLE documents ("
    " id INTEGER PRIMARY KEY,"
    " doc_key TEXT NOT NULL UNIQUE,"
    " content_hash TEXT NOT NULL,"
    " path TEXT, line INTEGER,"
    " pub_date TEXT, title TEXT, source TEXT, url TEXT,"
    " sentences INTEGER NOT NULL, events INTEGER NOT NULL,"
    " ingested_at TEXT NOT NULL);",
    "CREATE TABLE sentences ("
    " id INTEGER PRIMARY KEY,"
    " doc_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,"
    " idx INTEGER NOT NULL, start INTEGER NOT NULL, end INTEGER NOT NULL,"
    " text TEXT NOT NULL,"
    " UNIQUE (doc_id, idx));",
    "CREATE VIRTUAL TABLE sentences_fts USING fts5("
    " text, content='sentences', content_rowid='id');",
    /* the full-text index is half the cost of storing: merge its segments
     * less often and keep 32 MB of pending terms in memory per batch.
     * Sentences are indexed once per batch, in one statement, just before
     * the batch commits (fts_index_pending); a deleted sentence leaves
     * the index by trigger */
    "INSERT INTO sentences_fts(sentences_fts, rank) VALUES ('automerge', 16);",
    "INSERT INTO sentences_fts(sentences_fts, rank) VALUES ('hashsize', "
    "33554432);",
    "CREATE TRIGGER sentences_fts_drop AFTER DELETE ON sentences BEGIN"
    " INSERT INTO sentences_fts(sentences_fts, rowid, text)"
    " VALUES ('delete', old.id, old.text); END;",
    "CREATE TABLE actors ("
    " id INTEGER PRIMARY KEY,"
    " akey TEXT NOT NULL UNIQUE,"
    " display TEXT NOT NULL, name TEXT, code TEXT, country TEXT, sector TEXT,"
    " as_actor INTEGER NOT NULL DEFAULT 0,"
    " as_recipient INTEGER NOT NULL DEFAULT 0);",
    "CREATE INDEX actors_by_events ON actors(as_actor + as_recipient);",
    "CREATE INDEX actors_by_country ON actors(country);",
    "CREATE TABLE spellings ("
    " actor_id INTEGER NOT NULL REFERENCES actors(id),"
    " text TEXT NOT NULL, n INTEGER NOT NULL,"
    " PRIMARY KEY (actor_id, text)) WITHOUT ROWID;",
    "CREATE TABLE places ("
    " id INTEGER PRIMARY KEY,"
    " pkey TEXT NOT NULL UNIQUE,"
    " name TEXT NOT NULL, country TEXT, admin1 TEXT, lat REAL, lon REAL,"
    " geonameid INTEGER, precision TEXT);",
    "CREATE TABLE events ("
    " id INTEGER PRIMARY KEY,"
    " cluster INTEGER NOT NULL, day INTEGER NOT NULL,"
    " date TEXT, date_precision TEXT,"
    " event TEXT, mode TEXT, cameo TEXT NOT NULL, quad INTEGER,"
    " goldstein REAL, actors TEXT, recipients TEXT,"
    " place_id INTEGER REFERENCES places(id),"
    " mentions INTEGER NOT NULL DEFAULT 0,"
    " articles INTEGER NOT NULL DEFAULT 0,"
    " sources INTEGER NOT NULL DEFAULT 0);",
    "CREATE INDEX events_by_cluster ON events(cluster, day);",
    "CREATE INDEX events_by_day ON events(day);",
    "CREATE TABLE event_actors ("
    " actor_id INTEGER NOT NULL REFERENCES actors(id),"
    " role INTEGER NOT NULL,"
    " event_id INTEGER NOT NULL REFERENCES events(id) ON DELETE CASCADE,"
    " PRIMARY KEY (actor_id, role, event_id)) WITHOUT ROWID;",
    "CREATE INDEX event_actors_by_event ON event_actors(event_id);",
    "CREATE TRIGGER event_actors_drop AFTER DELETE ON event_actors BEGIN"
    " UPDATE actors SET as_actor = as_actor - (old.role = 0),"
    " as_recipient = as_recipient - (old.role = 1) WHERE id = old.actor_id;"
    " END;",
    "CREATE TABLE mentions ("
    " id INTEGER PRIMARY KEY,"
    " event_id INTEGER NOT NULL REFERENCES events(id),"
    " doc_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,"
    " sentence_id INTEGER NOT NULL REFERENCES sentences(id) ON DELETE CASCADE,"
    " record_id TEXT NOT NULL, day INTEGER NOT NULL,"
    " date TEXT, date_precision TEXT, event TEXT, mode TEXT,"
    " cameo TEXT NOT NULL, quad INTEGER, goldstein REAL,"
    " trigger_text TEXT NOT NULL, trigger_start INTEGER NOT NULL,"
    " trigger_end INTEGER NOT NULL,"
    " negated INTEGER NOT NULL, hypothetical INTEGER NOT NULL,"
    " reported_by TEXT, confidence REAL NOT NULL,"
    " place_id INTEGER REFERENCES places(id));",
    "CREATE INDEX mentions_by_event ON mentions(event_id);",
    "CREATE INDEX mentions_by_doc ON mentions(doc_id);",

    "CREATE TABLE participants ("
    " mention_id INTEGER NOT NULL REFERENCES mentions(id) ON DELETE CASCADE,"
    " role INTEGER NOT NULL, pos INTEGER NOT NULL,"
    " actor_id INTEGER NOT NULL REFERENCES actors(id),"
    " text TEXT NOT NULL, code TEXT,"
    " start INTEGER NOT NULL, end INTEGER NOT NULL,"
    " PRIMARY KEY (mention_id, role, pos)) WITHOUT ROWID;",
    "CREATE TRIGGER participants_drop AFTER DELETE ON participants BEGIN"
    " UPDATE spellings SET n = n - 1"
    " WHERE actor_id = old.actor_id AND text = old.text;"
    " DELETE FROM spellings"
    " WHERE actor_id = old.actor_id AND text = old.text AND n <= 0; END;",
    "CREATE TABLE quotes ("
    " id INTEGER PRIMARY KEY,"
    " doc_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,"
    " sentence_id INTEGER NOT NULL REFERENCES sentences(id) ON DELETE CASCADE,"
    " day INTEGER NOT NULL, date TEXT,"
    " speaker TEXT NOT NULL, quote TEXT NOT NULL, outlet TEXT);",
    "CREATE INDEX quotes_by_day ON quotes(day);", NULL};

/* Schema changes, oldest first: migrations[v - 1] brings a store of version
 * v - 1 to version v (version 0 is an empty file). */
static const char *const *const migrations[STORE_SCHEMA_VERSION] = {schema_v1};

static const char *const statement_sql[STMT_COUNT] = {
    [STMT_FIND_DOC] =
        "SELECT id, content_hash FROM documents WHERE doc_key = ?1",
    [STMT_DOC_EVENTS] = "SELECT DISTINCT event_id FROM mentions"
                        " WHERE doc_id = ?1",
    [STMT_DELETE_DOC] = "DELETE FROM documents WHERE id = ?1",
    [STMT_INSERT_DOC] =
        "INSERT INTO documents (doc_key, content_hash, path, line, pub_date,"
        " title, source, url, sentences, events, ingested_at)"
        " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
    [STMT_INSERT_SENTENCE] = "INSERT INTO sentences (doc_id, idx, start, end,"
                             " text) VALUES (?1, ?2, ?3, ?4, ?5)",
    [STMT_ACTOR] =
        "INSERT INTO actors (akey, display, name, code, country, sector)"
        " VALUES (?1, ?2, ?3, ?4, ?5, ?6)"
        " ON CONFLICT (akey) DO UPDATE SET akey = excluded.akey"
        " RETURNING id",
    [STMT_FIND_EVENT] = "SELECT id, place_id FROM events"
                        " WHERE cluster = ?1 AND day BETWEEN ?2 - 1 AND ?2 + 1"
                        " AND (?3 IS NULL OR place_id IS NULL OR place_id = ?3)"
                        " ORDER BY abs(day - ?2), id LIMIT 1",
    [STMT_INSERT_EVENT] =
        "INSERT INTO events (cluster, day, date, date_precision, event,"
        " mode, cameo, quad, goldstein, actors, recipients, place_id,"
        " mentions, articles, sources)"
        " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, 1, 1, 1)",
    [STMT_EVENT_PLACE] = "UPDATE events SET place_id = ?2"
                         " WHERE id = ?1 AND place_id IS NULL",
    [STMT_EVENT_ACTOR] = "INSERT OR IGNORE INTO event_actors (actor_id, role,"
                         " event_id) VALUES (?1, ?2, ?3)",
    [STMT_INSERT_MENTION] =
        "INSERT INTO mentions (event_id, doc_id, sentence_id, record_id, day,"
        " date, date_precision, event, mode, cameo, quad, goldstein,"
        " trigger_text, trigger_start, trigger_end, negated, hypothetical,"
        " reported_by, confidence, place_id) VALUES (?1, ?2, ?3, ?4, ?5, ?6,"
        " ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20)",
    [STMT_INSERT_PARTICIPANT] =
        "INSERT INTO participants (mention_id, role, pos, actor_id, text,"
        " code, start, end) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
    [STMT_INSERT_QUOTE] =
        "INSERT INTO quotes (doc_id, sentence_id, day, date, speaker, quote,"
        " outlet) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    [STMT_PLACE] =
        "INSERT INTO places (pkey, name, country, admin1, lat, lon,"
        " geonameid, precision) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)"
        " ON CONFLICT (pkey) DO UPDATE SET pkey = excluded.pkey RETURNING id",
    [STMT_RECOUNT] =
        "UPDATE events SET"
        " mentions = (SELECT count(*) FROM mentions WHERE event_id = ?1),"
        " articles = (SELECT count(DISTINCT doc_id) FROM mentions"
        "  WHERE event_id = ?1),"
        " sources = (SELECT count(DISTINCT coalesce(d.source, d.doc_key))"
        "  FROM mentions m JOIN documents d ON d.id = m.doc_id"
        "  WHERE m.event_id = ?1)"
        " WHERE id = ?1",
    [STMT_DROP_EMPTY] = "DELETE FROM events WHERE id = ?1 AND mentions = 0",
    [STMT_FTS_INDEX] = "INSERT INTO sentences_fts (rowid, text)"
                       " SELECT id, text FROM sentences WHERE id >= ?1",
    [STMT_SPELLING_ADD] = "INSERT INTO spellings (actor_id, text, n)"
                          " VALUES (?1, ?2, ?3)"
                          " ON CONFLICT DO UPDATE SET n = n + excluded.n",
    [STMT_ACTOR_COUNTS] = "UPDATE actors SET as_actor = as_actor + ?2,"
                          " as_recipient = as_recipient + ?3 WHERE id = ?1",
};

static void actor_cache_clear(sr_store *s);
static sr_status counts_flush(sr_store *s, sr_error *err);
static sr_status fts_index_pending(sr_store *s, sr_error *err);
static sr_status spellings_flush(sr_store *s, sr_error *err);
static void spellings_clear(sr_store *s);
static void counts_clear(sr_store *s);

sr_status sr__store_error(const sr_store *s, sr_error *err, const char *what) {
  int code = s->db ? sqlite3_errcode(s->db) : SQLITE_CANTOPEN;
  int sys = s->db ? sqlite3_system_errno(s->db) : 0;
  if (code == SQLITE_FULL ||
      (code == SQLITE_IOERR && (sys == ENOSPC || sys == EFBIG)))
    return sr__error(err, SR_EDB, SIZE_MAX, 0,
                     "%s: %s: the disk is full, or the file reached a "
                     "size limit (%s); the open batch was not stored",
                     s->path, what, sys ? strerror(sys) : "SQLITE_FULL");
  return sr__error(err, SR_EDB, SIZE_MAX, 0, "%s: %s: %s", s->path, what,
                   s->db ? sqlite3_errmsg(s->db) : "cannot open");
}

/* Days from 1970-01-01 to y-m-d in the proleptic Gregorian calendar. */
static long days_from_civil(long y, unsigned m, unsigned d) {
  long era;
  unsigned yoe, doy, doe;
  y -= m <= 2;
  era = (y >= 0 ? y : y - 399) / 400;
  yoe = (unsigned)(y - era * 400);
  doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + (long)doe - 719468;
}

long sr__store_day(const char *date, int *ok) {
  static const unsigned char month_days[12] = {31, 29, 31, 30, 31, 30,
                                               31, 31, 30, 31, 30, 31};
  long y = 0;
  unsigned m, d;
  int i;
  *ok = 0;
  if (!date || strlen(date) != 10 || date[4] != '-' || date[7] != '-')
    return 0;
  for (i = 0; i < 10; i++)
    if (i != 4 && i != 7 && (date[i] < '0' || date[i] > '9'))
      return 0;
  for (i = 0; i < 4; i++)
    y = y * 10 + (date[i] - '0');
  m = (unsigned)((date[5] - '0') * 10 + (date[6] - '0'));
  d = (unsigned)((date[8] - '0') * 10 + (date[9] - '0'));
  if (m < 1 || m > 12 || d < 1 || d > month_days[m - 1])
    return 0;
  if (m == 2 && d == 29 && (y % 4 || (y % 100 == 0 && y % 400)))
    return 0;
  *ok = 1;
  return days_from_civil(y, m, d);
}

/* Runs SQL that returns no rows. */
static sr_status exec(sr_store *s, const char *sql, const char *what,
                      sr_error *err) {
  if (sqlite3_exec(s->db, sql, NULL, NULL, NULL) != SQLITE_OK)
    return sr__store_error(s, err, what);
  return SR_OK;
}

/* Reads a PRAGMA that returns one integer. */
static sr_status pragma_int(sr_store *s, const char *sql, long long *out,
                            sr_error *err) {
  sqlite3_stmt *st;
  int rc;
  *out = 0;
  if (sqlite3_prepare_v2(s->db, sql, -1, &st, NULL) != SQLITE_OK)
    return sr__store_error(s, err, "cannot read the file");
  rc = sqlite3_step(st);
  *out = rc == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
  sqlite3_finalize(st);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    return sr__store_error(s, err, "cannot read the file");
  return SR_OK;
}

/* Checks that the file is ours and brings its schema up to date. */
static sr_status check_schema(sr_store *s, sr_error *err) {
  long long app_id, version, objects;
  sr_status st;
  int v;
  char sql[128];
  if ((st = pragma_int(s, "PRAGMA application_id", &app_id, err)) ||
      (st = pragma_int(s, "PRAGMA user_version", &version, err)) ||
      (st = pragma_int(s, "SELECT count(*) FROM sqlite_master", &objects, err)))
    return st;
  if (app_id != STORE_APPLICATION_ID && (app_id != 0 || objects != 0))
    return sr__error(err, SR_EDB, SIZE_MAX, 0,
                     "%s: not a sitrep store (a SQLite database of another "
                     "program); give a new file name",
                     s->path);
  if (version > STORE_SCHEMA_VERSION)
    return sr__error(err, SR_EDB, SIZE_MAX, 0,
                     "%s: made by a newer sitrep (schema %lld; this sitrep "
                     "knows up to %d)",
                     s->path, version, STORE_SCHEMA_VERSION);
  if (version == STORE_SCHEMA_VERSION)
    return SR_OK;
  if (!s->writable)
    return sr__error(err, SR_EDB, SIZE_MAX, 0,
                     version ? "%s: schema %lld needs an upgrade: open it once "
                               "for writing (sitrep ingest)"
                             : "%s: empty file, not a sitrep store",
                     s->path, version);
  if ((st = exec(s, "BEGIN IMMEDIATE", "cannot lock the file", err)))
    return st;
  for (v = (int)version; v < STORE_SCHEMA_VERSION; v++) {
    const char *const *step;
    for (step = migrations[v]; *step; step++)
      if ((st = exec(s, *step, "cannot create the schema", err)))
        goto fail;
  }
  snprintf(sql, sizeof sql,
           "PRAGMA application_id = %d; PRAGMA user_version "
           "= %d",
           STORE_APPLICATION_ID, STORE_SCHEMA_VERSION);
  if ((st = exec(s, sql, "cannot create the schema", err)) ||
      (st = exec(s, "COMMIT", "cannot create the schema", err)))
    goto fail;
  return SR_OK;
fail:
  sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
  return st;
}

sr_status sr_store_open(const char *path, int writable, sr_store **out,
                        sr_error *err) {
  sr_store *s;
  sr_status st;
  int flags = writable ? SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE
                       : SQLITE_OPEN_READONLY;
  size_t k;
  *out = NULL;
  if (!path || !*path)
    return sr__error(err, SR_EINVAL, SIZE_MAX, 0, "no store file given");
  s = calloc(1, sizeof *s);
  if (!s || !(s->path = malloc(strlen(path) + 1))) {
    free(s);
    return sr__error(err, SR_ENOMEM, SIZE_MAX, 0, "out of memory");
  }
  memcpy(s->path, path, strlen(path) + 1);
  s->writable = writable;
  if (sqlite3_open_v2(path, &s->db, flags | SQLITE_OPEN_NOMUTEX, NULL) !=
      SQLITE_OK) {
    st = sr__store_error(s, err,
                         writable ? "cannot open or create" : "cannot open");
    sr_store_close(s);
    return st;
  }
  sqlite3_busy_timeout(s->db, STORE_BUSY_TIMEOUT_MS);
  sqlite3_extended_result_codes(s->db, 0);
  if ((st = exec(s, "PRAGMA foreign_keys = ON", "cannot configure", err)) ||
      (st = check_schema(s, err)))
    goto fail;
  if (writable &&
      ((st = exec(s, "PRAGMA journal_mode = WAL", "cannot switch to WAL",
                  err)) ||
       (st = exec(s, "PRAGMA synchronous = NORMAL", "cannot configure", err)) ||
       /* a 128 MB page cache and checkpoints every 40 MB of log: a batch's
        * pages are written once, at commit, not spilled and re-written */
       (st = exec(s,
                  "PRAGMA cache_size = -131072; PRAGMA temp_store = MEMORY;"
                  " PRAGMA wal_autocheckpoint = 10000",
                  "cannot configure", err))))
    goto fail;
  if (writable)
    for (k = 0; k < STMT_COUNT; k++)
      if (sqlite3_prepare_v3(s->db, statement_sql[k], -1,
                             SQLITE_PREPARE_PERSISTENT, &s->stmt[k],
                             NULL) != SQLITE_OK) {
        st = sr__store_error(s, err, "cannot prepare");
        goto fail;
      }
  *out = s;
  return SR_OK;
fail:
  sr_store_close(s);
  return st;
}

void sr_store_close(sr_store *s) {
  size_t k;
  if (!s)
    return;
  if (s->in_batch)
    sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
  for (k = 0; k < STMT_COUNT; k++)
    sqlite3_finalize(s->stmt[k]);
  actor_cache_clear(s);
  counts_clear(s);
  spellings_clear(s);
  free(s->doc_counts);
  free(s->batch_counts);
  free(s->doc_spellings);
  free(s->batch_spellings);
  sqlite3_close(s->db);
  free(s->touched);
  free(s->path);
  free(s);
}

sr_status sr_store_begin(sr_store *s, sr_error *err) {
  sr_status st;
  if (!s || s->in_batch || !s->writable)
    return sr__error(err, SR_EINVAL, SIZE_MAX, 0,
                     "store: begin without a writable store or inside a "
                     "batch");
  if ((st = exec(s, "BEGIN IMMEDIATE", "cannot start a transaction", err)))
    return st;
  s->in_batch = 1;
  return SR_OK;
}

sr_status sr_store_commit(sr_store *s, sr_error *err) {
  if (!s || !s->in_batch)
    return sr__error(err, SR_EINVAL, SIZE_MAX, 0,
                     "store: commit without begin");
  if (fts_index_pending(s, err) != SR_OK || counts_flush(s, err) != SR_OK ||
      spellings_flush(s, err) != SR_OK) {
    sr_store_rollback(s);
    return SR_EDB;
  }
  if (sqlite3_exec(s->db, "COMMIT", NULL, NULL, NULL) != SQLITE_OK) {
    sr_status st = sr__store_error(s, err, "cannot commit");
    actor_cache_clear(s);
    sr_store_rollback(s);
    return st;
  }
  s->in_batch = 0;
  return SR_OK;
}

void sr_store_rollback(sr_store *s) {
  if (!s || !s->in_batch)
    return;
  actor_cache_clear(s);
  counts_clear(s);
  spellings_clear(s);
  s->fts_pending = 0;
  sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
  s->in_batch = 0;
}

/* ---- binding helpers ---------------------------------------------------- */

static void bind_text(sqlite3_stmt *st, int i, const char *v) {
  if (v)
    sqlite3_bind_text(st, i, v, -1, SQLITE_TRANSIENT);
  else
    sqlite3_bind_null(st, i);
}

static void bind_text_n(sqlite3_stmt *st, int i, const char *v, size_t n) {
  sqlite3_bind_text(st, i, v, (int)n, SQLITE_TRANSIENT);
}

/* Steps a statement that returns no row (or one we ignore) and resets it. */
static sr_status run(sr_store *s, sqlite3_stmt *st, const char *what,
                     sr_error *err) {
  int rc = sqlite3_step(st);
  sr_status out = SR_OK;
  if (rc != SQLITE_DONE && rc != SQLITE_ROW)
    out = sr__store_error(s, err, what);
  sqlite3_reset(st);
  sqlite3_clear_bindings(st);
  return out;
}

/* Steps a statement that returns one integer (RETURNING id, a lookup). */
static sr_status run_id(sr_store *s, sqlite3_stmt *st, sqlite3_int64 *id,
                        const char *what, sr_error *err) {
  int rc = sqlite3_step(st);
  sr_status out = SR_OK;
  *id = 0;
  if (rc == SQLITE_ROW)
    *id = sqlite3_column_int64(st, 0);
  else if (rc != SQLITE_DONE)
    out = sr__store_error(s, err, what);
  sqlite3_reset(st);
  sqlite3_clear_bindings(st);
  return out;
}

static sr_status touch(sr_store *s, sqlite3_int64 event_id, sr_error *err) {
  size_t i;
  for (i = 0; i < s->touched_count; i++)
    if (s->touched[i] == event_id)
      return SR_OK;
  if (s->touched_count == s->touched_cap) {
    size_t cap = s->touched_cap ? 2 * s->touched_cap : 64;
    sqlite3_int64 *t = realloc(s->touched, cap * sizeof *t);
    if (!t)
      return sr__error(err, SR_ENOMEM, SIZE_MAX, 0, "out of memory");
    s->touched = t;
    s->touched_cap = cap;
  }
  s->touched[s->touched_count++] = event_id;
  return SR_OK;
}

/* Recomputes the counts of every event the document touched and drops
 * events left without mentions. */
static sr_status recount_touched(sr_store *s, sr_error *err) {
  size_t i;
  sr_status st;
  for (i = 0; i < s->touched_count; i++) {
    sqlite3_bind_int64(s->stmt[STMT_RECOUNT], 1, s->touched[i]);
    if ((st = run(s, s->stmt[STMT_RECOUNT], "cannot count mentions", err)))
      return st;
    sqlite3_bind_int64(s->stmt[STMT_DROP_EMPTY], 1, s->touched[i]);
    if ((st = run(s, s->stmt[STMT_DROP_EMPTY], "cannot drop an event", err)))
      return st;
  }
  s->touched_count = 0;
  return SR_OK;
}

/* ---- the actor cache ---------------------------------------------------- */

static void actor_cache_clear(sr_store *s) {
  size_t i;
  for (i = 0; i < s->actor_cache_cap; i++)
    free(s->actor_cache[i].key);
  free(s->actor_cache);
  s->actor_cache = NULL;
  s->actor_cache_used = s->actor_cache_cap = 0;
}

/* The slot for `key`: its entry, or the empty slot where it belongs. */
static struct actor_slot *actor_slot(const sr_store *s, const char *key) {
  size_t mask = s->actor_cache_cap - 1, i = (size_t)sr__hash_str(key) & mask;
  while (s->actor_cache[i].key && strcmp(s->actor_cache[i].key, key))
    i = (i + 1) & mask;
  return &s->actor_cache[i];
}

/* Remembers key -> id. Out of memory only loses the shortcut. */
static void actor_cache_put(sr_store *s, const char *key, sqlite3_int64 id) {
  struct actor_slot *slot;
  size_t len = strlen(key);
  if (2 * (s->actor_cache_used + 1) > s->actor_cache_cap) {
    size_t cap = s->actor_cache_cap ? 2 * s->actor_cache_cap : 1024, i;
    struct actor_slot *old = s->actor_cache, *fresh;
    size_t old_cap = s->actor_cache_cap;
    if (!(fresh = calloc(cap, sizeof *fresh)))
      return;
    s->actor_cache = fresh;
    s->actor_cache_cap = cap;
    for (i = 0; i < old_cap; i++)
      if (old[i].key)
        *actor_slot(s, old[i].key) = old[i];
    free(old);
  }
  slot = actor_slot(s, key);
  if (slot->key || !(slot->key = malloc(len + 1)))
    return;
  memcpy(slot->key, key, len + 1);
  slot->id = id;
  s->actor_cache_used++;
}

/* ---- the full-text index ----------------------------------------------- */

/* Indexes the sentences stored since the last call (rowids from
 * s->fts_pending up), in one statement. Runs before each commit, and
 * before a document is replaced: the delete trigger may only remove what
 * was indexed. */
static sr_status fts_index_pending(sr_store *s, sr_error *err) {
  sqlite3_stmt *q = s->stmt[STMT_FTS_INDEX];
  sr_status st;
  if (!s->fts_pending)
    return SR_OK;
  sqlite3_bind_int64(q, 1, s->fts_pending);
  if ((st = run(s, q, "cannot index sentences for search", err)))
    return st;
  s->fts_pending = 0;
  return SR_OK;
}

/* ---- event counts per actor --------------------------------------------- */

/* Notes that `actor` gained an event as actor (role 0) or recipient. */
static sr_status count_event(sr_store *s, sqlite3_int64 actor, int role,
                             sr_error *err) {
  size_t i;
  for (i = 0; i < s->doc_count_n; i++)
    if (s->doc_counts[i].actor == actor)
      break;
  if (i == s->doc_count_n) {
    if (s->doc_count_n == s->doc_count_cap) {
      size_t cap = s->doc_count_cap ? 2 * s->doc_count_cap : 32;
      struct count_delta *c = realloc(s->doc_counts, cap * sizeof *c);
      if (!c)
        return sr__error(err, SR_ENOMEM, SIZE_MAX, 0, "out of memory");
      s->doc_counts = c;
      s->doc_count_cap = cap;
    }
    s->doc_counts[i].actor = actor;
    s->doc_counts[i].as_actor = s->doc_counts[i].as_recipient = 0;
    s->doc_count_n++;
  }
  if (role == 0)
    s->doc_counts[i].as_actor++;
  else
    s->doc_counts[i].as_recipient++;
  return SR_OK;
}

static struct count_delta *batch_slot(struct count_delta *table, size_t cap,
                                      sqlite3_int64 actor) {
  size_t i = (size_t)((uint64_t)actor * 0x9e3779b97f4a7c15ull) & (cap - 1);
  while (table[i].actor && table[i].actor != actor)
    i = (i + 1) & (cap - 1);
  return &table[i];
}

/* A stored document's counts join the batch's (actor ids start at 1, so
 * 0 marks an empty slot). */
static sr_status counts_keep_doc(sr_store *s, sr_error *err) {
  size_t i;
  for (i = 0; i < s->doc_count_n; i++) {
    struct count_delta *slot;
    if (2 * (s->batch_count_used + 1) > s->batch_count_cap) {
      size_t cap = s->batch_count_cap ? 2 * s->batch_count_cap : 1024, k;
      struct count_delta *fresh = calloc(cap, sizeof *fresh);
      if (!fresh)
        return sr__error(err, SR_ENOMEM, SIZE_MAX, 0, "out of memory");
      for (k = 0; k < s->batch_count_cap; k++)
        if (s->batch_counts[k].actor)
          *batch_slot(fresh, cap, s->batch_counts[k].actor) =
              s->batch_counts[k];
      free(s->batch_counts);
      s->batch_counts = fresh;
      s->batch_count_cap = cap;
    }
    slot =
        batch_slot(s->batch_counts, s->batch_count_cap, s->doc_counts[i].actor);
    if (!slot->actor) {
      slot->actor = s->doc_counts[i].actor;
      s->batch_count_used++;
    }
    slot->as_actor += s->doc_counts[i].as_actor;
    slot->as_recipient += s->doc_counts[i].as_recipient;
  }
  s->doc_count_n = 0;
  return SR_OK;
}

static void counts_clear(sr_store *s) {
  if (s->batch_counts)
    memset(s->batch_counts, 0, s->batch_count_cap * sizeof *s->batch_counts);
  s->batch_count_used = 0;
  s->doc_count_n = 0;
}

/* Writes the batch's counts into actors; called just before COMMIT. */
static sr_status counts_flush(sr_store *s, sr_error *err) {
  size_t i;
  sr_status st;
  for (i = 0; i < s->batch_count_cap; i++) {
    const struct count_delta *c = &s->batch_counts[i];
    sqlite3_stmt *q = s->stmt[STMT_ACTOR_COUNTS];
    if (!c->actor)
      continue;
    sqlite3_bind_int64(q, 1, c->actor);
    sqlite3_bind_int64(q, 2, c->as_actor);
    sqlite3_bind_int64(q, 3, c->as_recipient);
    if ((st = run(s, q, "cannot count events per actor", err)))
      return st;
  }
  counts_clear(s);
  return SR_OK;
}

/* ---- spellings per actor ------------------------------------------------ */

static sr_status count_spelling(sr_store *s, sqlite3_int64 actor,
                                const char *text, sr_error *err) {
  if (s->doc_spelling_n == s->doc_spelling_cap) {
    size_t cap = s->doc_spelling_cap ? 2 * s->doc_spelling_cap : 64;
    struct spelling_count *c = realloc(s->doc_spellings, cap * sizeof *c);
    if (!c)
      return sr__error(err, SR_ENOMEM, SIZE_MAX, 0, "out of memory");
    s->doc_spellings = c;
    s->doc_spelling_cap = cap;
  }
  s->doc_spellings[s->doc_spelling_n].actor = actor;
  s->doc_spellings[s->doc_spelling_n].text = text;
  s->doc_spellings[s->doc_spelling_n++].n = 1;
  return SR_OK;
}

static struct spelling_count *spelling_slot(struct spelling_count *table,
                                            size_t cap, sqlite3_int64 actor,
                                            const char *text) {
  size_t i =
      (size_t)(sr__hash_str(text) ^ ((uint64_t)actor * 0x9e3779b97f4a7c15ull)) &
      (cap - 1);
  while (table[i].text &&
         (table[i].actor != actor || strcmp(table[i].text, text)))
    i = (i + 1) & (cap - 1);
  return &table[i];
}

/* A stored document's spellings join the batch's (texts copied). */
static sr_status spellings_keep_doc(sr_store *s, sr_error *err) {
  size_t i;
  for (i = 0; i < s->doc_spelling_n; i++) {
    const struct spelling_count *c = &s->doc_spellings[i];
    struct spelling_count *slot;
    if (2 * (s->batch_spelling_used + 1) > s->batch_spelling_cap) {
      size_t cap = s->batch_spelling_cap ? 2 * s->batch_spelling_cap : 1024, k;
      struct spelling_count *fresh = calloc(cap, sizeof *fresh);
      if (!fresh)
        return sr__error(err, SR_ENOMEM, SIZE_MAX, 0, "out of memory");
      for (k = 0; k < s->batch_spelling_cap; k++)
        if (s->batch_spellings[k].text)
          *spelling_slot(fresh, cap, s->batch_spellings[k].actor,
                         s->batch_spellings[k].text) = s->batch_spellings[k];
      free(s->batch_spellings);
      s->batch_spellings = fresh;
      s->batch_spelling_cap = cap;
    }
    slot = spelling_slot(s->batch_spellings, s->batch_spelling_cap, c->actor,
                         c->text);
    if (!slot->text) {
      size_t len = strlen(c->text);
      char *copy = malloc(len + 1);
      if (!copy)
        return sr__error(err, SR_ENOMEM, SIZE_MAX, 0, "out of memory");
      memcpy(copy, c->text, len + 1);
      slot->text = copy;
      slot->actor = c->actor;
      slot->n = 0;
      s->batch_spelling_used++;
    }
    slot->n += c->n;
  }
  s->doc_spelling_n = 0;
  return SR_OK;
}

static void spellings_clear(sr_store *s) {
  size_t i;
  for (i = 0; i < s->batch_spelling_cap; i++)
    free((char *)s->batch_spellings[i].text);
  if (s->batch_spellings)
    memset(s->batch_spellings, 0,
           s->batch_spelling_cap * sizeof *s->batch_spellings);
  s->batch_spelling_used = 0;
  s->doc_spelling_n = 0;
}

/* Writes the batch's spellings; called just before COMMIT. */
static sr_status spellings_flush(sr_store *s, sr_error *err) {
  size_t i;
  sr_status st;
  for (i = 0; i < s->batch_spelling_cap; i++) {
    const struct spelling_count *c = &s->batch_spellings[i];
    sqlite3_stmt *q = s->stmt[STMT_SPELLING_ADD];
    if (!c->text)
      continue;
    sqlite3_bind_int64(q, 1, c->actor);
    bind_text(q, 2, c->text);
    sqlite3_bind_int64(q, 3, c->n);
    if ((st = run(s, q, "cannot count spellings", err)))
      return st;
  }
  spellings_clear(s);
  return SR_OK;
}

/* ---- one document ------------------------------------------------------- */

/* How a participant is shown: its canonical name; for a code with only
 * sectors ("---MIL", from "troops" with no country), the first in words;
 * else its code; else its text. */
static const char *participant_display(const sr_participant *p) {
  static const char *const sectors[][2] = {{"---MIL", "armed forces"},
                                           {"---CVL", "civilians"},
                                           {"---GOV", "officials"},
                                           {"---COP", "police"},
                                           {"---MED", "media"},
                                           {"---JUD", "judiciary"},
                                           {"---BUS", "business"},
                                           {"---UAF", "armed groups"},
                                           {"---REB", "rebels"},
                                           {"---OPP", "opposition"},
                                           {"---LEG", "legislators"},
                                           {"---ELI", "elites"},
                                           {"---REF", "refugees"},
                                           {"---SPY", "intelligence services"},
                                           {"---HLH", "health workers"},
                                           {"---EDU", "educators"},
                                           {"---LAB", "labour"},
                                           {"---REL", "clergy"},
                                           {"---CRM", "criminals"},
                                           {"---NGO", "NGOs"},
                                           {"---IGO", "international bodies"},
                                           {"---UNK", "unidentified"}};
  size_t k;
  if (p->name)
    return p->name;
  if (!p->code)
    return p->text;
  /* "---MILGOV" (a military official): the first sector names it */
  for (k = 0; k < sizeof sectors / sizeof *sectors; k++)
    if (!strncmp(p->code, sectors[k][0], 6))
      return sectors[k][1];
  return p->code;
}

/* What a participant is known as: its canonical name, else its code, else
 * its text (lower-cased), so spellings of one actor meet in one row. */
static sr_status participant_actor(sr_store *s, const sr_participant *p,
                                   sqlite3_int64 *id, sr_error *err) {
  sqlite3_stmt *st = s->stmt[STMT_ACTOR];
  sr_status status;
  char key[512];
  if (p->name)
    snprintf(key, sizeof key, "name:%s", p->name);
  else if (p->code)
    snprintf(key, sizeof key, "code:%s", p->code);
  else {
    size_t n = sr__lower(p->text, strlen(p->text), key + 5, sizeof key - 5);
    memcpy(key, "text:", 5);
    key[5 + n] = '\0';
  }
  if (s->actor_cache_cap) {
    const struct actor_slot *slot = actor_slot(s, key);
    if (slot->key) {
      *id = slot->id;
      return SR_OK;
    }
  }
  bind_text(st, 1, key);
  bind_text(st, 2, participant_display(p));
  bind_text(st, 3, p->name);
  bind_text(st, 4, p->code);
  bind_text(st, 5, p->country);
  bind_text(st, 6, p->sector);
  if ((status = run_id(s, st, id, "cannot store an actor", err)))
    return status;
  actor_cache_put(s, key, *id);
  return SR_OK;
}

static int compare_ids(const void *a, const void *b) {
  sqlite3_int64 x = *(const sqlite3_int64 *)a, y = *(const sqlite3_int64 *)b;
  return x < y ? -1 : x > y;
}

/* Appends "role:" and the sorted distinct actor ids to the cluster key. */
static size_t key_append_ids(char *key, size_t len, size_t cap, char role,
                             sqlite3_int64 *ids, size_t n) {
  size_t i;
  qsort(ids, n, sizeof *ids, compare_ids);
  len += (size_t)snprintf(key + len, len < cap ? cap - len : 0, "|%c", role);
  for (i = 0; i < n && len < cap; i++)
    if (!i || ids[i] != ids[i - 1])
      len += (size_t)snprintf(key + len, cap - len, ",%lld", (long long)ids[i]);
  return len;
}

/* Joins the participants' display names for the events table. */
static void join_names(const sr_participant *p, size_t n, char *out,
                       size_t cap) {
  size_t i, len = 0;
  out[0] = '\0';
  for (i = 0; i < n && len + 1 < cap; i++)
    len += (size_t)snprintf(out + len, cap - len, "%s%s", i ? "; " : "",
                            participant_display(&p[i]));
}

/* The row of an event's place (where.c), added the first time it is seen:
 * keyed by GeoNames id, else by name and country. */
static sr_status store_place(sr_store *s, const sr_location *loc,
                             sqlite3_int64 *id, sr_error *err) {
  sqlite3_stmt *q = s->stmt[STMT_PLACE];
  char key[256];
  if (loc->geonameid)
    snprintf(key, sizeof key, "geonames:%lu", (unsigned long)loc->geonameid);
  else
    snprintf(key, sizeof key, "name:%s|%s", loc->name ? loc->name : loc->text,
             loc->country ? loc->country : "");
  bind_text(q, 1, key);
  bind_text(q, 2, loc->name ? loc->name : loc->text);
  bind_text(q, 3, loc->country);
  bind_text(q, 4, loc->admin1);
  sqlite3_bind_double(q, 5, loc->lat);
  sqlite3_bind_double(q, 6, loc->lon);
  if (loc->geonameid)
    sqlite3_bind_int64(q, 7, (sqlite3_int64)loc->geonameid);
  bind_text(q, 8, loc->precision);
  return run_id(s, q, id, "cannot store a place", err);
}

struct doc_ids {
  sqlite3_int64 doc, first_sentence;
};

static sr_status store_mention(sr_store *s, const sr_doc *d,
                               const struct doc_ids *ids, size_t k,
                               sr_error *err) {
  const sr_event *e = sr_doc_event(d, k);
  /* the event's own date (when.c): "on Friday" resolved, else the
   * publication date with precision "pub" */
  const char *date = e->date;
  const char *precision = e->date_precision;
  sqlite3_int64 *actor_ids, event_id = 0, mention_id, place_id = 0, cluster;
  size_t n = e->actor_count + e->recipient_count, i;
  char key[1024], names_a[512], names_r[512], record_id[17];
  const sr_token *trigger = sr_doc_token(d, e->trigger_token);
  long day = 0;
  int dated = 0, joined;
  size_t len;
  sr_status st = SR_OK;
  sqlite3_stmt *q;

  if (date)
    day = sr__store_day(date, &dated);
  if (!dated)
    day = STORE_UNDATED_DAY;
  if (e->location && (st = store_place(s, e->location, &place_id, err)))
    return st;
  actor_ids = malloc((n ? n : 1) * sizeof *actor_ids);
  if (!actor_ids)
    return sr__error(err, SR_ENOMEM, SIZE_MAX, 0, "out of memory");
  for (i = 0; i < n && !st; i++)
    st = participant_actor(
        s,
        i < e->actor_count ? &e->actors[i] : &e->recipients[i - e->actor_count],
        &actor_ids[i], err);
  if (st)
    goto done;

  /* the cluster key: type, flags, actors, recipients (and, for an undated
   * mention, its document: undated reports are not merged across
   * articles) */
  len = (size_t)snprintf(key, sizeof key, "%s|%c%c",
                         e->event ? e->event : e->cameo, e->negated ? 'n' : '-',
                         e->hypothetical ? 'h' : '-');
  {
    sqlite3_int64 sorted[64];
    size_t na = e->actor_count < 64 ? e->actor_count : 64;
    size_t nr = e->recipient_count < 64 ? e->recipient_count : 64;
    memcpy(sorted, actor_ids, na * sizeof *sorted);
    len = key_append_ids(key, len, sizeof key, 'a', sorted, na);
    memcpy(sorted, actor_ids + e->actor_count, nr * sizeof *sorted);
    len = key_append_ids(key, len, sizeof key, 'r', sorted, nr);
  }
  if (!dated && len < sizeof key)
    snprintf(key + len, sizeof key - len, "|doc%lld", (long long)ids->doc);

  cluster = (sqlite3_int64)sr__hash_str(key);
  q = s->stmt[STMT_FIND_EVENT];
  sqlite3_bind_int64(q, 1, cluster);
  sqlite3_bind_int64(q, 2, day);
  if (place_id)
    sqlite3_bind_int64(q, 3, place_id);
  if ((st = run_id(s, q, &event_id, "cannot look up events", err)))
    goto done;
  joined = event_id != 0;
  if (!event_id) {
    q = s->stmt[STMT_INSERT_EVENT];
    join_names(e->actors, e->actor_count, names_a, sizeof names_a);
    join_names(e->recipients, e->recipient_count, names_r, sizeof names_r);
    sqlite3_bind_int64(q, 1, cluster);
    sqlite3_bind_int64(q, 2, day);
    bind_text(q, 3, dated ? date : NULL);
    bind_text(q, 4, dated ? precision : NULL);
    bind_text(q, 5, e->event);
    bind_text(q, 6, e->mode);
    bind_text(q, 7, e->cameo);
    if (e->quad) {
      sqlite3_bind_int(q, 8, e->quad);
      sqlite3_bind_double(q, 9, e->goldstein);
    }
    bind_text(q, 10, e->actor_count ? names_a : NULL);
    bind_text(q, 11, e->recipient_count ? names_r : NULL);
    if (place_id)
      sqlite3_bind_int64(q, 12, place_id);
    if ((st = run(s, q, "cannot store an event", err)))
      goto done;
    event_id = sqlite3_last_insert_rowid(s->db);
  } else if (place_id) {
    q = s->stmt[STMT_EVENT_PLACE];
    sqlite3_bind_int64(q, 1, event_id);
    sqlite3_bind_int64(q, 2, place_id);
    if ((st = run(s, q, "cannot store an event", err)))
      goto done;
  }
  /* a new event starts with this mention's counts and actors; an event
   * that existed is recounted when the document is done (its actors are
   * this mention's already: they are part of the cluster key) */
  if (joined)
    st = touch(s, event_id, err);
  for (i = 0; i < n && !joined && !st; i++) {
    q = s->stmt[STMT_EVENT_ACTOR];
    sqlite3_bind_int64(q, 1, actor_ids[i]);
    sqlite3_bind_int(q, 2, i < e->actor_count ? 0 : 1);
    sqlite3_bind_int64(q, 3, event_id);
    st = run(s, q, "cannot store an event's actors", err);
    if (!st && sqlite3_changes(s->db) == 1) /* not a repeated actor */
      st = count_event(s, actor_ids[i], i < e->actor_count ? 0 : 1, err);
  }
  if (st)
    goto done;

  q = s->stmt[STMT_INSERT_MENTION];
  sqlite3_bind_int64(q, 1, event_id);
  sqlite3_bind_int64(q, 2, ids->doc);
  sqlite3_bind_int64(q, 3, ids->first_sentence + (sqlite3_int64)e->sentence);
  bind_text(q, 4, sr_doc_event_id(d, k, record_id));
  sqlite3_bind_int64(q, 5, day);
  bind_text(q, 6, dated ? date : NULL);
  bind_text(q, 7, dated ? precision : NULL);
  bind_text(q, 8, e->event);
  bind_text(q, 9, e->mode);
  bind_text(q, 10, e->cameo);
  if (e->quad) {
    sqlite3_bind_int(q, 11, e->quad);
    sqlite3_bind_double(q, 12, e->goldstein);
  }
  bind_text_n(q, 13, trigger->form, trigger->form_len);
  sqlite3_bind_int64(q, 14, (sqlite3_int64)e->trigger_start);
  sqlite3_bind_int64(q, 15, (sqlite3_int64)e->trigger_end);
  sqlite3_bind_int(q, 16, e->negated != 0);
  sqlite3_bind_int(q, 17, e->hypothetical != 0);
  bind_text(q, 18, e->reported_by);
  sqlite3_bind_double(q, 19, e->confidence);
  if (place_id)
    sqlite3_bind_int64(q, 20, place_id);
  if ((st = run(s, q, "cannot store a mention", err)))
    goto done;
  mention_id = sqlite3_last_insert_rowid(s->db);
  for (i = 0; i < n && !st; i++) {
    const sr_participant *p =
        i < e->actor_count ? &e->actors[i] : &e->recipients[i - e->actor_count];
    q = s->stmt[STMT_INSERT_PARTICIPANT];
    sqlite3_bind_int64(q, 1, mention_id);
    sqlite3_bind_int(q, 2, i < e->actor_count ? 0 : 1);
    sqlite3_bind_int64(
        q, 3, (sqlite3_int64)(i < e->actor_count ? i : i - e->actor_count));
    sqlite3_bind_int64(q, 4, actor_ids[i]);
    bind_text(q, 5, p->text);
    bind_text(q, 6, p->code);
    sqlite3_bind_int64(q, 7, (sqlite3_int64)p->start);
    sqlite3_bind_int64(q, 8, (sqlite3_int64)p->end);
    st = run(s, q, "cannot store a participant", err);
    if (!st)
      st = count_spelling(s, actor_ids[i], p->text, err);
  }
done:
  free(actor_ids);
  return st;
}

/* Who speaks in an event's sentence: the source the coder attributed it
 * to ("..., Prigozhin said"), else the actor of a statement (CAMEO 01:
 * "Peskov said the talks were useful"). NULL when nobody does. */
static const char *quote_speaker(const sr_event *e) {
  if (e->reported_by)
    return e->reported_by;
  if (e->actor_count && e->cameo[0] == '0' && e->cameo[1] == '1')
    return participant_display(&e->actors[0]);
  return NULL;
}

/* One quote per sentence and speaker: who said what. */
static sr_status store_quotes(sr_store *s, const sr_doc *d,
                              const struct doc_ids *ids, sr_error *err) {
  size_t k, j, n = sr_doc_event_count(d);
  const char *date = sr_doc_date(d);
  int dated = 0;
  long day = date ? sr__store_day(date, &dated) : 0;
  sr_status st = SR_OK;
  if (!dated)
    day = STORE_UNDATED_DAY;
  for (k = 0; k < n && !st; k++) {
    const sr_event *e = sr_doc_event(d, k);
    sqlite3_stmt *q = s->stmt[STMT_INSERT_QUOTE];
    size_t text_len;
    const char *text;
    const char *speaker = quote_speaker(e);
    int seen = 0;
    if (!speaker)
      continue;
    for (j = 0; j < k && !seen; j++) {
      const sr_event *o = sr_doc_event(d, j);
      const char *other = quote_speaker(o);
      seen = o->sentence == e->sentence && other && !strcmp(other, speaker);
    }
    if (seen)
      continue;
    text = sr_doc_sentence_text(d, e->sentence, &text_len);
    sqlite3_bind_int64(q, 1, ids->doc);
    sqlite3_bind_int64(q, 2, ids->first_sentence + (sqlite3_int64)e->sentence);
    sqlite3_bind_int64(q, 3, day);
    bind_text(q, 4, dated ? date : NULL);
    bind_text(q, 5, speaker);
    bind_text_n(q, 6, text ? text : "", text ? text_len : 0);
    bind_text(q, 7, sr_doc_meta(d, "source"));
    st = run(s, q, "cannot store a quote", err);
  }
  return st;
}

static sr_status add_rows(sr_store *s, const sr_doc *d, const char *hash,
                          sqlite3_int64 old_doc, sr_error *err) {
  sqlite3_stmt *q;
  struct doc_ids ids;
  size_t i, n = sr_doc_sentence_count(d);
  char now[32];
  time_t t = time(NULL);
  struct tm tm;
  sr_status st;

  if (old_doc) {
    /* what the batch holds in memory goes to the tables first: the delete
     * triggers may only take back what is there */
    if ((st = fts_index_pending(s, err)) || (st = counts_flush(s, err)) ||
        (st = spellings_flush(s, err)))
      return st;
    q = s->stmt[STMT_DOC_EVENTS];
    sqlite3_bind_int64(q, 1, old_doc);
    while (sqlite3_step(q) == SQLITE_ROW)
      if ((st = touch(s, sqlite3_column_int64(q, 0), err))) {
        sqlite3_reset(q);
        return st;
      }
    sqlite3_reset(q);
    sqlite3_bind_int64(s->stmt[STMT_DELETE_DOC], 1, old_doc);
    if ((st = run(s, s->stmt[STMT_DELETE_DOC], "cannot replace a document",
                  err)))
      return st;
  }
  gmtime_r(&t, &tm);
  strftime(now, sizeof now, "%Y-%m-%dT%H:%M:%SZ", &tm);
  q = s->stmt[STMT_INSERT_DOC];
  bind_text(q, 1, sr_doc_id(d));
  bind_text(q, 2, hash);
  bind_text(q, 3, sr_doc_path(d));
  if (sr_doc_line(d))
    sqlite3_bind_int64(q, 4, (sqlite3_int64)sr_doc_line(d));
  bind_text(q, 5, sr_doc_date(d));
  bind_text(q, 6, sr_doc_meta(d, "title"));
  bind_text(q, 7, sr_doc_meta(d, "source"));
  bind_text(q, 8, sr_doc_meta(d, "url"));
  sqlite3_bind_int64(q, 9, (sqlite3_int64)n);
  sqlite3_bind_int64(q, 10, (sqlite3_int64)sr_doc_event_count(d));
  bind_text(q, 11, now);
  if ((st = run(s, q, "cannot store a document", err)))
    return st;
  ids.doc = sqlite3_last_insert_rowid(s->db);
  ids.first_sentence = 0;
  for (i = 0; i < n; i++) {
    const sr_sentence *sen = sr_doc_sentence(d, i);
    size_t text_len;
    const char *text = sr_doc_sentence_text(d, i, &text_len);
    q = s->stmt[STMT_INSERT_SENTENCE];
    sqlite3_bind_int64(q, 1, ids.doc);
    sqlite3_bind_int64(q, 2, (sqlite3_int64)i);
    sqlite3_bind_int64(q, 3, (sqlite3_int64)sen->start);
    sqlite3_bind_int64(q, 4, (sqlite3_int64)sen->end);
    bind_text_n(q, 5, text ? text : "", text ? text_len : 0);
    if ((st = run(s, q, "cannot store a sentence", err)))
      return st;
    if (!i) {
      ids.first_sentence = sqlite3_last_insert_rowid(s->db);
      if (!s->fts_pending)
        s->fts_pending = ids.first_sentence;
    }
  }
  for (i = 0; i < sr_doc_event_count(d); i++)
    if ((st = store_mention(s, d, &ids, i, err)))
      return st;
  if ((st = store_quotes(s, d, &ids, err)))
    return st;
  return recount_touched(s, err);
}

sr_status sr_store_add(sr_store *s, const sr_doc *d, sr_store_result *result,
                       sr_error *err) {
  sqlite3_stmt *q;
  const char *input;
  size_t input_len;
  char hash[65];
  sqlite3_int64 old_doc = 0;
  int same = 0, rc, own_txn;
  sr_status st;

  if (!s || !d || !s->writable)
    return sr__error(err, SR_EINVAL, SIZE_MAX, 0,
                     "store: add needs a writable store and a document");
  input = sr_doc_input(d, &input_len);
  sr__sha256_hex(input ? input : "", input ? input_len : 0, hash);
  own_txn = !s->in_batch;
  if (own_txn && (st = sr_store_begin(s, err)))
    return st;
  q = s->stmt[STMT_FIND_DOC];
  bind_text(q, 1, sr_doc_id(d));
  rc = sqlite3_step(q);
  if (rc == SQLITE_ROW) {
    const unsigned char *old_hash = sqlite3_column_text(q, 1);
    old_doc = sqlite3_column_int64(q, 0);
    same = old_hash && !strcmp((const char *)old_hash, hash);
  }
  sqlite3_reset(q);
  sqlite3_clear_bindings(q);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
    st = sr__store_error(s, err, "cannot look up documents");
    goto fail;
  }
  if (same) {
    if (result)
      *result = SR_STORE_UNCHANGED;
    return own_txn ? sr_store_commit(s, err) : SR_OK;
  }
  s->touched_count = 0;
  if ((st = exec(s, "SAVEPOINT doc", "cannot start a savepoint", err)))
    goto fail;
  st = add_rows(s, d, hash, old_doc, err);
  if (st) {
    sqlite3_exec(s->db, "ROLLBACK TO doc; RELEASE doc", NULL, NULL, NULL);
    actor_cache_clear(s);
    s->doc_count_n = 0;
    s->doc_spelling_n = 0;
    goto fail;
  }
  if ((st = exec(s, "RELEASE doc", "cannot release a savepoint", err)) ||
      (st = counts_keep_doc(s, err)) || (st = spellings_keep_doc(s, err)))
    goto fail;
  if (result)
    *result = old_doc ? SR_STORE_REPLACED : SR_STORE_ADDED;
  return own_txn ? sr_store_commit(s, err) : SR_OK;
fail:
  s->touched_count = 0;
  if (own_txn)
    sr_store_rollback(s);
  return st;
}

sr_status sr_store_counts_get(sr_store *s, sr_store_counts *out,
                              sr_error *err) {
  static const char sql[] =
      "SELECT (SELECT count(*) FROM documents), (SELECT count(*) FROM "
      "sentences), (SELECT count(*) FROM events), (SELECT count(*) FROM "
      "mentions), (SELECT count(*) FROM actors WHERE as_actor + as_recipient "
      "> 0), (SELECT count(*) FROM quotes)";
  sqlite3_stmt *q;
  memset(out, 0, sizeof *out);
  if (!s)
    return sr__error(err, SR_EINVAL, SIZE_MAX, 0, "store: no store");
  if (sqlite3_prepare_v2(s->db, sql, -1, &q, NULL) != SQLITE_OK)
    return sr__store_error(s, err, "cannot count rows");
  if (sqlite3_step(q) != SQLITE_ROW) {
    sr_status st = sr__store_error(s, err, "cannot count rows");
    sqlite3_finalize(q);
    return st;
  }
  out->documents = (uint64_t)sqlite3_column_int64(q, 0);
  out->sentences = (uint64_t)sqlite3_column_int64(q, 1);
  out->events = (uint64_t)sqlite3_column_int64(q, 2);
  out->mentions = (uint64_t)sqlite3_column_int64(q, 3);
  out->actors = (uint64_t)sqlite3_column_int64(q, 4);
  out->quotes = (uint64_t)sqlite3_column_int64(q, 5);
  sqlite3_finalize(q);
  return SR_OK;
}
