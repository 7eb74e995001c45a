/*
 * query.c - questions to the event store (DESIGN.md, "Store and queries"):
 * the timeline of events, actor profiles (who, under which spellings, with
 * whom), event mentions with their sentences, quotes, full-text search and
 * the exports.
 *
 * Each query is fixed SQL: a filter the user sets adds a fixed fragment that
 * refers to a numbered parameter, and the user's text is only ever bound to
 * that parameter, so quotes, '%', ';' and any Unicode are matched as text.
 * Parameters: ?1 actor, ?2 type, ?3 country, ?4 place, ?5 first day, ?6
 * last day, ?7 search text, ?8 row limit. The answer is a table of text
 * cells (sr_rows) that the command prints as a terminal table, JSON, CSV or
 * TSV. The indexes that keep these fast on a million events are in the
 * schema (store.c): events by day, event actors by actor, actors by their
 * event count.
 */
#include "store.h"

#include <stdlib.h>
#include <string.h>

struct sr_rows {
  sr_store *store;
  sr_query_kind kind;
  sqlite3_stmt *stmt;
  size_t columns;
};

/* An actor filter matches an exact code, part of the canonical name, or
 * part of a spelling seen in the articles (case-insensitive for ASCII). */
#define ACTOR_MATCH                                                            \
  "SELECT id FROM actors WHERE code = upper(?1)"                               \
  " OR instr(lower(display), lower(?1)) > 0"                                   \
  " OR id IN (SELECT actor_id FROM spellings"                                  \
  " WHERE instr(lower(text), lower(?1)) > 0)"

/* Filters on an event `e` (the cluster); DAY is the date column used. */
#define EVENT_FILTER_ACTOR                                                     \
  " AND e.id IN (SELECT event_id FROM event_actors WHERE actor_id IN "         \
  "(" ACTOR_MATCH "))"
#define EVENT_FILTER_TYPE                                                      \
  " AND (e.event = upper(?2) OR substr(e.cameo, 1, length(?2)) = ?2)"
#define EVENT_FILTER_COUNTRY                                                   \
  " AND e.id IN (SELECT event_id FROM event_actors WHERE actor_id IN "         \
  "(SELECT id FROM actors WHERE country = upper(?3)))"
#define EVENT_FILTER_PLACE                                                     \
  " AND e.place_id IN (SELECT id FROM places"                                  \
  " WHERE instr(lower(name), lower(?4)) > 0)"

static const char timeline_sql[] =
    "SELECT e.id AS event_id, e.date, e.event, e.cameo, e.actors,"
    " e.recipients, p.name AS place, e.mentions, e.articles, e.sources,"
    " (SELECT s.text FROM mentions m JOIN sentences s ON s.id = m.sentence_id"
    "  WHERE m.event_id = e.id ORDER BY m.id LIMIT 1) AS sentence"
    " FROM events e LEFT JOIN places p ON p.id = e.place_id"
    " WHERE (e.actors IS NOT NULL OR e.recipients IS NOT NULL)";
static const char timeline_order[] =
    " ORDER BY e.day, e.mentions DESC, e.id LIMIT ?8";

static const char actors_sql[] =
    "SELECT a.display AS name, a.code, a.country, a.sector, a.as_actor,"
    " a.as_recipient, (SELECT count(*) FROM spellings s"
    " WHERE s.actor_id = a.id) AS spellings"
    " FROM actors a WHERE a.as_actor + a.as_recipient > 0";
static const char actors_order[] =
    " ORDER BY a.as_actor + a.as_recipient DESC, a.id LIMIT ?8";

static const char partners_sql[] =
    "SELECT o.display AS partner, o.code,"
    " sum(me.role = 0 AND other.role = 1) AS acts_on,"
    " sum(me.role = 1 AND other.role = 0) AS acted_on_by,"
    " sum(me.role = other.role) AS alongside, count(*) AS events"
    " FROM event_actors me JOIN event_actors other"
    " ON other.event_id = me.event_id AND other.actor_id <> me.actor_id"
    " JOIN actors o ON o.id = other.actor_id"
    " WHERE me.actor_id = (SELECT id FROM actors WHERE id IN (" ACTOR_MATCH ")"
    "  ORDER BY as_actor + as_recipient DESC, id LIMIT 1)"
    " GROUP BY other.actor_id ORDER BY events DESC, o.id LIMIT ?8";

static const char spellings_sql[] =
    "SELECT a.display AS name, s.text AS spelling, s.n AS mentions"
    " FROM spellings s JOIN actors a ON a.id = s.actor_id"
    " WHERE a.id IN (" ACTOR_MATCH ")"
    " ORDER BY a.as_actor + a.as_recipient DESC, a.id, s.n DESC, s.text"
    " LIMIT ?8";

/* Mention-level queries join the mention `m` to its event `e`. */
#define MENTION_FROM                                                           \
  " FROM mentions m JOIN events e ON e.id = m.event_id"                        \
  " JOIN documents d ON d.id = m.doc_id"                                       \
  " JOIN sentences s ON s.id = m.sentence_id"                                  \
  " LEFT JOIN places p ON p.id = m.place_id WHERE 1"
#define PARTICIPANTS(role)                                                     \
  "(SELECT group_concat(text, '; ') FROM participants"                         \
  " WHERE mention_id = m.id AND role = " role ")"

static const char events_sql[] =
    "SELECT m.date, m.event, m.cameo, " PARTICIPANTS(
        "0") " AS actors, " PARTICIPANTS("1") " AS recipients, m.trigger_text "
                                              "AS trigger,"
                                              " m.negated, m.hypothetical, "
                                              "m.reported_by, p.name AS place,"
                                              " d.source, d.doc_key AS "
                                              "document, s.idx + 1 AS "
                                              "sentence_no,"
                                              " s.text AS sentence, "
                                              "m.event_id" MENTION_FROM;
static const char mention_order[] = " ORDER BY e.day, m.id LIMIT ?8";

static const char quotes_sql[] =
    "SELECT q.date, q.speaker, q.quote, q.outlet, d.doc_key AS document"
    " FROM quotes q JOIN documents d ON d.id = q.doc_id WHERE 1";
static const char quotes_order[] = " ORDER BY q.day, q.id LIMIT ?8";

static const char search_sql[] =
    "SELECT d.doc_key AS document, d.pub_date AS date,"
    " s.idx + 1 AS sentence_no,"
    " snippet(sentences_fts, 0, '[', ']', '...', 20) AS match"
    " FROM sentences_fts JOIN sentences s ON s.id = sentences_fts.rowid"
    " JOIN documents d ON d.id = s.doc_id"
    " WHERE sentences_fts MATCH ?7 ORDER BY rank LIMIT ?8";

static const char dyads_sql[] =
    "SELECT d.doc_key AS doc_id, s.idx + 1 AS sent_id, m.date,"
    " coalesce(pa.code, '---') AS source, coalesce(pr.code, '---') AS target,"
    " m.cameo, m.event"
    " FROM mentions m JOIN events e ON e.id = m.event_id"
    " JOIN documents d ON d.id = m.doc_id"
    " JOIN sentences s ON s.id = m.sentence_id"
    " LEFT JOIN participants pa ON pa.mention_id = m.id AND pa.role = 0"
    " LEFT JOIN participants pr ON pr.mention_id = m.id AND pr.role = 1"
    " WHERE 1";
static const char dyads_order[] =
    " ORDER BY e.day, m.id, pa.pos, pr.pos LIMIT ?8";

#define PARTICIPANT_JSON(role)                                                 \
  "(SELECT json_group_array(json_object('text', x.text, 'code', x.code,"       \
  " 'country', a.country, 'sector', a.sector, 'name', a.name,"                 \
  " 'start', x.start, 'end', x.end)) FROM participants x"                      \
  " JOIN actors a ON a.id = x.actor_id"                                        \
  " WHERE x.mention_id = m.id AND x.role = " role ")"

static const char export_sql[] =
    "SELECT m.record_id AS id, d.doc_key AS doc_id, s.idx AS sent_idx,"
    " m.date, m.date_precision, d.pub_date, m.event, m.mode, m.cameo,"
    " m.quad, m.goldstein,"
    " " PARTICIPANTS(
        "0") " AS actor_text,"
             " (SELECT group_concat(coalesce(code, '---'), '; ') FROM "
             "participants"
             "  WHERE mention_id = m.id AND role = 0) AS actor_code,"
             " " PARTICIPANTS(
                 "1") " AS recipient_text,"
                      " (SELECT group_concat(coalesce(code, '---'), '; ') FROM "
                      "participants"
                      "  WHERE mention_id = m.id AND role = 1) AS "
                      "recipient_code,"
                      " " PARTICIPANT_JSON(
                          "0") " AS actor,"
                               " " PARTICIPANT_JSON(
                                   "1") " AS recipient,"
                                        " p.name AS place, p.country AS "
                                        "place_country, p.lat, p.lon,"
                                        " m.negated, m.hypothetical, "
                                        "m.reported_by, m.trigger_text AS "
                                        "trigger,"
                                        " m.trigger_start, m.trigger_end, "
                                        "s.text, s.start, s.end, m.confidence,"
                                        " m.event_id, e.mentions AS "
                                        "event_mentions, e.articles AS "
                                        "event_articles,"
                                        " e.sources AS event_sources, "
                                        "d.source, d.title, d.url" MENTION_FROM;

/* Columns printed as numbers or as raw JSON; the rest are text. */
static const char *const numeric_columns[] = {
    "event_id",       "mentions",      "articles",  "sources",
    "as_actor",       "as_recipient",  "spellings", "acts_on",
    "acted_on_by",    "alongside",     "events",    "sent_idx",
    "sentence_no",    "sent_id",       "quad",      "goldstein",
    "trigger_start",  "trigger_end",   "start",     "end",
    "confidence",     "lat",           "lon",       "event_mentions",
    "event_articles", "event_sources", NULL};
static const char *const json_columns[] = {"actor", "recipient", NULL};
static const char *const flag_columns[] = {"negated", "hypothetical", NULL};

static int in_list(const char *const *list, const char *name) {
  for (; *list; list++)
    if (!strcmp(*list, name))
      return 1;
  return 0;
}

/* Appends s to buf; the buffers below are sized for the longest query. */
static void append(char *buf, size_t cap, const char *s) {
  size_t n = strlen(buf), m = strlen(s);
  if (n + m < cap)
    memcpy(buf + n, s, m + 1);
}

static void append_event_filters(char *sql, size_t cap,
                                 const sr_query_filter *f, const char *day) {
  if (f->actor && *f->actor)
    append(sql, cap, EVENT_FILTER_ACTOR);
  if (f->type && *f->type)
    append(sql, cap, EVENT_FILTER_TYPE);
  if (f->country && *f->country)
    append(sql, cap, EVENT_FILTER_COUNTRY);
  if (f->place && *f->place)
    append(sql, cap, EVENT_FILTER_PLACE);
  if (f->from && *f->from) {
    append(sql, cap, " AND ");
    append(sql, cap, day);
    append(sql, cap, " >= ?5");
  }
  if (f->to && *f->to) {
    append(sql, cap, " AND ");
    append(sql, cap, day);
    append(sql, cap, " <= ?6");
  } else if (f->from && *f->from) {
    /* undated events sort last with a day after every date (store.c) */
    append(sql, cap, " AND ");
    append(sql, cap, day);
    append(sql, cap, " < " UNDATED_DAY_TEXT);
  }
}

static size_t default_limit(sr_query_kind kind) {
  switch (kind) {
  case SR_QUERY_TIMELINE:
    return 500;
  case SR_QUERY_ACTORS:
    return 20;
  case SR_QUERY_PARTNERS:
    return 10;
  case SR_QUERY_SPELLINGS:
    return 50;
  case SR_QUERY_EVENTS:
  case SR_QUERY_QUOTES:
    return 100;
  case SR_QUERY_SEARCH:
    return 20;
  case SR_QUERY_DYADS:
  case SR_QUERY_EXPORT:
    break;
  }
  return 0; /* no limit */
}

/* Builds the SQL for a query. Returns a message for a missing filter. */
static const char *build_sql(sr_query_kind kind, const sr_query_filter *f,
                             char *sql, size_t cap) {
  sql[0] = '\0';
  switch (kind) {
  case SR_QUERY_TIMELINE:
    append(sql, cap, timeline_sql);
    append_event_filters(sql, cap, f, "e.day");
    append(sql, cap, timeline_order);
    break;
  case SR_QUERY_ACTORS:
    append(sql, cap, actors_sql);
    if (f->actor && *f->actor)
      append(sql, cap, " AND a.id IN (" ACTOR_MATCH ")");
    if (f->country && *f->country)
      append(sql, cap, " AND a.country = upper(?3)");
    append(sql, cap, actors_order);
    break;
  case SR_QUERY_PARTNERS:
  case SR_QUERY_SPELLINGS:
    if (!f->actor || !*f->actor)
      return "this query needs an actor";
    append(sql, cap, kind == SR_QUERY_PARTNERS ? partners_sql : spellings_sql);
    break;
  case SR_QUERY_EVENTS:
  case SR_QUERY_EXPORT:
    append(sql, cap, kind == SR_QUERY_EVENTS ? events_sql : export_sql);
    append_event_filters(sql, cap, f, "e.day");
    append(sql, cap, mention_order);
    break;
  case SR_QUERY_DYADS:
    append(sql, cap, dyads_sql);
    append_event_filters(sql, cap, f, "e.day");
    append(sql, cap, dyads_order);
    break;
  case SR_QUERY_QUOTES:
    append(sql, cap, quotes_sql);
    if (f->actor && *f->actor)
      append(sql, cap, " AND instr(lower(q.speaker), lower(?1)) > 0");
    if (f->from && *f->from)
      append(sql, cap, " AND q.day >= ?5 AND q.day < " UNDATED_DAY_TEXT);
    if (f->to && *f->to)
      append(sql, cap, " AND q.day <= ?6");
    append(sql, cap, quotes_order);
    break;
  case SR_QUERY_SEARCH:
    if (!f->text || !*f->text)
      return "search needs a query text";
    append(sql, cap, search_sql);
    break;
  default:
    return "unknown query";
  }
  return NULL;
}

static sr_status bind_day(sqlite3_stmt *st, int index, const char *what,
                          const char *date, sr_error *err) {
  int ok;
  long day;
  if (!date || !*date)
    return SR_OK;
  day = sr__store_day(date, &ok);
  if (!ok)
    return sr__error(err, SR_EINVAL, SIZE_MAX, 0,
                     "%s: '%s' is not a date (YYYY-MM-DD)", what, date);
  sqlite3_bind_int64(st, index, day);
  return SR_OK;
}

sr_status sr_store_query(sr_store *s, sr_query_kind kind,
                         const sr_query_filter *filter, sr_rows **out,
                         sr_error *err) {
  static const sr_query_filter none;
  const sr_query_filter *f = filter ? filter : &none;
  char sql[8192];
  const char *problem;
  sqlite3_stmt *st;
  sr_rows *r;
  size_t limit;
  sr_status status;

  *out = NULL;
  if (!s)
    return sr__error(err, SR_EINVAL, SIZE_MAX, 0, "query: no store");
  if ((problem = build_sql(kind, f, sql, sizeof sql)))
    return sr__error(err, SR_EINVAL, SIZE_MAX, 0, "%s", problem);
  if (sqlite3_prepare_v2(s->db, sql, -1, &st, NULL) != SQLITE_OK)
    return sr__store_error(s, err, "cannot prepare a query");
  if (f->actor)
    sqlite3_bind_text(st, 1, f->actor, -1, SQLITE_TRANSIENT);
  if (f->type)
    sqlite3_bind_text(st, 2, f->type, -1, SQLITE_TRANSIENT);
  if (f->country)
    sqlite3_bind_text(st, 3, f->country, -1, SQLITE_TRANSIENT);
  if (f->place)
    sqlite3_bind_text(st, 4, f->place, -1, SQLITE_TRANSIENT);
  if ((status = bind_day(st, 5, "--from", f->from, err)) ||
      (status = bind_day(st, 6, "--to", f->to, err))) {
    sqlite3_finalize(st);
    return status;
  }
  if (f->text)
    sqlite3_bind_text(st, 7, f->text, -1, SQLITE_TRANSIENT);
  limit = f->limit ? f->limit : default_limit(kind);
  sqlite3_bind_int64(st, 8, limit ? (sqlite3_int64)limit : -1);
  r = calloc(1, sizeof *r);
  if (!r) {
    sqlite3_finalize(st);
    return sr__error(err, SR_ENOMEM, SIZE_MAX, 0, "out of memory");
  }
  r->store = s;
  r->kind = kind;
  r->stmt = st;
  r->columns = (size_t)sqlite3_column_count(st);
  *out = r;
  return SR_OK;
}

size_t sr_rows_column_count(const sr_rows *r) { return r ? r->columns : 0; }

const char *sr_rows_column_name(const sr_rows *r, size_t col) {
  return r && col < r->columns ? sqlite3_column_name(r->stmt, (int)col) : NULL;
}

sr_column_type sr_rows_column_type(const sr_rows *r, size_t col) {
  const char *name = sr_rows_column_name(r, col);
  if (!name)
    return SR_COLUMN_TEXT;
  if (in_list(json_columns, name))
    return SR_COLUMN_JSON;
  if (in_list(flag_columns, name))
    return SR_COLUMN_FLAG;
  return in_list(numeric_columns, name) ? SR_COLUMN_NUMBER : SR_COLUMN_TEXT;
}

sr_status sr_rows_next(sr_rows *r, int *has_row, sr_error *err) {
  int rc;
  *has_row = 0;
  if (!r)
    return sr__error(err, SR_EINVAL, SIZE_MAX, 0, "query: no rows");
  rc = sqlite3_step(r->stmt);
  if (rc == SQLITE_ROW) {
    *has_row = 1;
    return SR_OK;
  }
  if (rc == SQLITE_DONE)
    return SR_OK;
  /* a malformed FTS5 query is the user's, not the database's, fault */
  if (r->kind == SR_QUERY_SEARCH && rc == SQLITE_ERROR)
    return sr__error(err, SR_EINVAL, SIZE_MAX, 0,
                     "search: not a valid full-text query (%s); put words "
                     "in double quotes to search for them as they are",
                     sqlite3_errmsg(r->store->db));
  return sr__store_error(r->store, err, "query failed");
}

const char *sr_rows_text(sr_rows *r, size_t col) {
  if (!r || col >= r->columns)
    return NULL;
  return (const char *)sqlite3_column_text(r->stmt, (int)col);
}

void sr_rows_free(sr_rows *r) {
  if (!r)
    return;
  sqlite3_finalize(r->stmt);
  free(r);
}
