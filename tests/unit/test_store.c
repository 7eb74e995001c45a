/*
 * test_store.c - the event store (issue #5): schema creation, idempotent
 * ingest by content hash, replacement of a changed document, clustering of
 * one event reported by several articles (and keeping apart what must not
 * merge), counts that follow replacements, queries with hostile filter
 * text, and the errors for files that are not sitrep stores. Documents are
 * hand-written CoNLL-U trees coded with a small dictionary, so the tests do
 * not depend on the parser's models.
 */
#include "unit.h"

#include <sqlite3.h>
#include <unistd.h>

static const char actors[] = "actor Russia\n  country RUS\n"
                             "actor Ukraine\n  country UKR\n"
                             "actor Yevgeny Prigozhin\n  alias Prigozhin\n"
                             "  country RUS\n  role RUSUAF 2014-01-01..\n";
static const char verbs[] = "verb 190 attack\nverb 112 accuse\n";

#define ROW(id, form, lemma, upos, head, rel)                                  \
  id "\t" form "\t" lemma "\t" upos "\t_\t_\t" head "\t" rel "\t_\t_\n"

/* "SUBJ VERBed OBJ." as a one-sentence document; VERB is the lemma. */
static char *doc_text(const char *id, const char *date, const char *subj,
                      const char *verb, const char *obj) {
  static char buf[4][1024];
  static int next;
  char *b = buf[next++ % 4];
  const char *ending = verb[strlen(verb) - 1] == 'e' ? "d" : "ed";
  snprintf(b, sizeof buf[0],
           "# newdoc id = %s\n# date = %s\n# text = %s %s%s %s.\n"
           "1\t%s\t%s\tPROPN\t_\t_\t2\tnsubj\t_\t_\n"
           "2\t%s%s\t%s\tVERB\t_\t_\t0\troot\t_\t_\n"
           "3\t%s\t%s\tPROPN\t_\t_\t2\tobj\t_\t_\n" ROW("4", ".", ".", "PUNCT",
                                                        "2", "punct") "\n",
           id, date, subj, verb, ending, obj, subj, subj, verb, ending, verb,
           obj, obj);
  return b;
}

struct fixture {
  sr_engine *engine;
  sr_dict *dict;
  sr_store *store;
  char path[64];
};

static int setup(void **state) {
  struct fixture *f = calloc(1, sizeof *f);
  sr_error err;
  int fd;
  assert_non_null(f);
  f->engine = open_engine(NULL);
  assert_int_equal(sr_dict_new(f->engine, &f->dict, &err), SR_OK);
  assert_int_equal(sr_dict_load_memory(f->dict, SR_DICT_ACTORS, "a", actors,
                                       strlen(actors), &err),
                   SR_OK);
  assert_int_equal(sr_dict_load_memory(f->dict, SR_DICT_VERBS, "v", verbs,
                                       strlen(verbs), &err),
                   SR_OK);
  snprintf(f->path, sizeof f->path, "/tmp/sitrep-store-XXXXXX");
  fd = mkstemp(f->path);
  assert_true(fd >= 0);
  close(fd); /* an empty file becomes a new store */
  if (sr_store_open(f->path, 1, &f->store, &err) != SR_OK)
    fail_msg("open: %s", err.msg);
  *state = f;
  return 0;
}

static void remove_store_files(const char *path) {
  char side[80];
  unlink(path);
  snprintf(side, sizeof side, "%s-wal", path);
  unlink(side);
  snprintf(side, sizeof side, "%s-shm", path);
  unlink(side);
}

static int teardown(void **state) {
  struct fixture *f = *state;
  sr_store_close(f->store);
  sr_dict_free(f->dict);
  sr_engine_close(f->engine);
  remove_store_files(f->path);
  free(f);
  return 0;
}

/* Codes and stores one document; returns what the store did. */
static sr_store_result add(struct fixture *f, const char *text) {
  sr_doc *d = parse_str(f->engine, text, SR_FORMAT_CONLLU, 0);
  sr_store_result res;
  sr_error err;
  if (sr_code_doc(f->dict, d, NULL, &err) != SR_OK)
    fail_msg("code: %s", err.msg);
  if (sr_store_add(f->store, d, &res, &err) != SR_OK)
    fail_msg("add: %s", err.msg);
  sr_doc_free(d);
  return res;
}

static sr_store_counts counts(struct fixture *f) {
  sr_store_counts c;
  sr_error err;
  assert_int_equal(sr_store_counts_get(f->store, &c, &err), SR_OK);
  return c;
}

/* The first row of a query, column `col`, copied into out. */
static int first_cell(struct fixture *f, sr_query_kind kind,
                      const sr_query_filter *q, const char *col, char *out,
                      size_t cap) {
  sr_rows *r;
  sr_error err;
  int has_row;
  size_t c;
  out[0] = '\0';
  if (sr_store_query(f->store, kind, q, &r, &err) != SR_OK)
    fail_msg("query: %s", err.msg);
  assert_int_equal(sr_rows_next(r, &has_row, &err), SR_OK);
  if (has_row)
    for (c = 0; c < sr_rows_column_count(r); c++)
      if (!strcmp(sr_rows_column_name(r, c), col) && sr_rows_text(r, c))
        snprintf(out, cap, "%s", sr_rows_text(r, c));
  sr_rows_free(r);
  return has_row;
}

static size_t row_count(struct fixture *f, sr_query_kind kind,
                        const sr_query_filter *q) {
  sr_rows *r;
  sr_error err;
  int has_row;
  size_t n = 0;
  if (sr_store_query(f->store, kind, q, &r, &err) != SR_OK)
    fail_msg("query: %s", err.msg);
  for (;;) {
    assert_int_equal(sr_rows_next(r, &has_row, &err), SR_OK);
    if (!has_row)
      break;
    n++;
  }
  sr_rows_free(r);
  return n;
}

static void test_same_content_changes_nothing(void **state) {
  struct fixture *f = *state;
  sr_store_counts before, after;
  const char *a = doc_text("a", "2023-06-24", "Russia", "attack", "Ukraine");
  assert_int_equal(add(f, a), SR_STORE_ADDED);
  before = counts(f);
  assert_int_equal(before.documents, 1);
  assert_int_equal(before.events, 1);
  assert_int_equal(add(f, a), SR_STORE_UNCHANGED);
  after = counts(f);
  assert_memory_equal(&before, &after, sizeof before);
}

static void test_changed_document_replaces_its_rows(void **state) {
  struct fixture *f = *state;
  sr_store_counts c;
  char cell[64];
  assert_int_equal(
      add(f, doc_text("a", "2023-06-24", "Russia", "attack", "Ukraine")),
      SR_STORE_ADDED);
  assert_int_equal(
      add(f, doc_text("a", "2023-06-24", "Ukraine", "accuse", "Russia")),
      SR_STORE_REPLACED);
  c = counts(f);
  assert_int_equal(c.documents, 1);
  assert_int_equal(c.sentences, 1);
  assert_int_equal(c.mentions, 1);
  assert_int_equal(c.events, 1); /* the attack's event went with its mention */
  assert_true(
      first_cell(f, SR_QUERY_TIMELINE, NULL, "cameo", cell, sizeof cell));
  assert_string_equal(cell, "112");
  /* the actor counters followed: Russia is now only a recipient */
  {
    sr_query_filter q = {0};
    q.actor = "RUS";
    assert_true(
        first_cell(f, SR_QUERY_ACTORS, &q, "as_actor", cell, sizeof cell));
    assert_string_equal(cell, "0");
  }
}

static void test_articles_reporting_one_event_are_clustered(void **state) {
  struct fixture *f = *state;
  char cell[64];
  add(f, doc_text("a", "2023-06-24", "Russia", "attack", "Ukraine"));
  add(f, doc_text("b", "2023-06-25", "Russia", "attack", "Ukraine"));
  assert_int_equal(counts(f).events, 1);
  assert_int_equal(counts(f).mentions, 2);
  assert_true(
      first_cell(f, SR_QUERY_TIMELINE, NULL, "articles", cell, sizeof cell));
  assert_string_equal(cell, "2");
  /* re-reading one article does not inflate the count */
  add(f, doc_text("b", "2023-06-25", "Russia", "attack", "Ukraine"));
  first_cell(f, SR_QUERY_TIMELINE, NULL, "mentions", cell, sizeof cell);
  assert_string_equal(cell, "2");
}

static void test_what_must_not_merge_stays_apart(void **state) {
  struct fixture *f = *state;
  add(f, doc_text("a", "2023-06-24", "Russia", "attack", "Ukraine"));
  /* three days later: another attack */
  add(f, doc_text("b", "2023-06-27", "Russia", "attack", "Ukraine"));
  /* the other direction */
  add(f, doc_text("c", "2023-06-24", "Ukraine", "attack", "Russia"));
  /* another type */
  add(f, doc_text("d", "2023-06-24", "Russia", "accuse", "Ukraine"));
  assert_int_equal(counts(f).events, 4);
}

static void test_spellings_meet_in_one_actor(void **state) {
  struct fixture *f = *state;
  sr_query_filter q = {0};
  add(f, doc_text("a", "2023-06-24", "Prigozhin", "accuse", "Russia"));
  add(f, "# newdoc id = b\n# date = 2023-06-27\n"
         "# text = Yevgeny Prigozhin accused Russia.\n" ROW(
             "1", "Yevgeny", "Yevgeny", "PROPN", "2", "compound")
             ROW("2", "Prigozhin", "Prigozhin", "PROPN", "3", "nsubj")
                 ROW("3", "accused", "accuse", "VERB", "0", "root")
                     ROW("4", "Russia", "Russia", "PROPN", "3", "obj")
                         ROW("5", ".", ".", "PUNCT", "3", "punct") "\n");
  q.actor = "prigozhin";
  assert_int_equal(row_count(f, SR_QUERY_ACTORS, &q), 1);
  assert_int_equal(row_count(f, SR_QUERY_SPELLINGS, &q), 2);
  assert_int_equal(row_count(f, SR_QUERY_PARTNERS, &q), 1);
}

static void test_filters_are_text_not_sql(void **state) {
  struct fixture *f = *state;
  static const char *const hostile[] = {"'; DROP TABLE events; --",
                                        "%",
                                        "_",
                                        "Rus%",
                                        "\"",
                                        ";",
                                        "Прigozhin",
                                        "' OR 1=1 --"};
  sr_query_filter q = {0};
  size_t k;
  add(f, doc_text("a", "2023-06-24", "Russia", "attack", "Ukraine"));
  for (k = 0; k < sizeof hostile / sizeof *hostile; k++) {
    memset(&q, 0, sizeof q);
    q.actor = hostile[k];
    q.place = hostile[k];
    assert_int_equal(row_count(f, SR_QUERY_TIMELINE, &q), 0);
    q.place = NULL;
    assert_int_equal(row_count(f, SR_QUERY_QUOTES, &q), 0);
  }
  assert_int_equal(counts(f).events, 1); /* nothing was dropped */
  memset(&q, 0, sizeof q);
  q.actor = "uss"; /* a part of a name matches */
  assert_int_equal(row_count(f, SR_QUERY_TIMELINE, &q), 1);
}

static void test_date_filters_and_bad_dates(void **state) {
  struct fixture *f = *state;
  sr_query_filter q = {0};
  sr_rows *r = NULL;
  sr_error err;
  add(f, doc_text("a", "2023-06-24", "Russia", "attack", "Ukraine"));
  add(f, doc_text("b", "2023-07-24", "Russia", "attack", "Ukraine"));
  q.from = "2023-07-01";
  assert_int_equal(row_count(f, SR_QUERY_TIMELINE, &q), 1);
  q.to = "2023-07-23";
  assert_int_equal(row_count(f, SR_QUERY_TIMELINE, &q), 0);
  q.to = "2023-02-30";
  assert_int_equal(sr_store_query(f->store, SR_QUERY_TIMELINE, &q, &r, &err),
                   SR_EINVAL);
  assert_null(r);
  assert_non_null(strstr(err.msg, "2023-02-30"));
}

static void test_search_and_bad_fts_query(void **state) {
  struct fixture *f = *state;
  sr_query_filter q = {0};
  sr_rows *r;
  sr_error err;
  int has_row;
  char cell[256];
  add(f, doc_text("a", "2023-06-24", "Russia", "attack", "Ukraine"));
  q.text = "ukraine";
  assert_true(first_cell(f, SR_QUERY_SEARCH, &q, "match", cell, sizeof cell));
  assert_non_null(strstr(cell, "[Ukraine]"));
  q.text = "\"unbalanced";
  assert_int_equal(sr_store_query(f->store, SR_QUERY_SEARCH, &q, &r, &err),
                   SR_OK);
  assert_int_equal(sr_rows_next(r, &has_row, &err), SR_EINVAL);
  assert_non_null(strstr(err.msg, "full-text"));
  sr_rows_free(r);
}

/* A document replaced inside one batch: search finds the new text only and
 * the full-text index stays consistent (it is filled once per batch). */
static void test_replaced_in_one_batch_search_index(void **state) {
  struct fixture *f = *state;
  sr_query_filter q = {0};
  sr_error err;
  sqlite3 *db;
  assert_int_equal(sr_store_begin(f->store, &err), SR_OK);
  add(f, doc_text("a", "2023-06-24", "Russia", "attack", "Ukraine"));
  add(f, doc_text("b", "2023-06-24", "Ukraine", "attack", "Russia"));
  add(f, doc_text("a", "2023-06-24", "Russia", "accuse", "Ukraine"));
  assert_int_equal(sr_store_commit(f->store, &err), SR_OK);
  q.text = "accused";
  assert_int_equal(row_count(f, SR_QUERY_SEARCH, &q), 1);
  /* the replaced version's spellings and counts are gone too */
  memset(&q, 0, sizeof q);
  q.actor = "RUS";
  assert_int_equal(row_count(f, SR_QUERY_SPELLINGS, &q), 1);
  {
    char cell[32];
    first_cell(f, SR_QUERY_SPELLINGS, &q, "mentions", cell, sizeof cell);
    assert_string_equal(cell, "2"); /* "b" and the new "a" */
    first_cell(f, SR_QUERY_ACTORS, &q, "as_actor", cell, sizeof cell);
    assert_string_equal(cell, "1");
  }
  memset(&q, 0, sizeof q);
  q.text = "attacked";
  assert_int_equal(row_count(f, SR_QUERY_SEARCH, &q), 1); /* only "b" */
  assert_int_equal(sqlite3_open(f->path, &db), SQLITE_OK);
  assert_int_equal(sqlite3_exec(db,
                                "INSERT INTO sentences_fts(sentences_fts) "
                                "VALUES ('integrity-check')",
                                NULL, NULL, NULL),
                   SQLITE_OK);
  sqlite3_close(db);
}

static void test_export_has_every_mention(void **state) {
  struct fixture *f = *state;
  char cell[512];
  add(f, doc_text("a", "2023-06-24", "Russia", "attack", "Ukraine"));
  add(f, doc_text("b", "2023-06-24", "Russia", "attack", "Ukraine"));
  assert_int_equal(row_count(f, SR_QUERY_EXPORT, NULL), 2);
  assert_int_equal(row_count(f, SR_QUERY_DYADS, NULL), 2);
  first_cell(f, SR_QUERY_EXPORT, NULL, "actor", cell, sizeof cell);
  assert_non_null(strstr(cell, "\"code\":\"RUS\""));
  first_cell(f, SR_QUERY_DYADS, NULL, "target", cell, sizeof cell);
  assert_string_equal(cell, "UKR");
}

/* ---- files that are not (usable) stores ---------------------------------- */

static void test_foreign_and_newer_files_are_refused(void **state) {
  char path[] = "/tmp/sitrep-foreign-XXXXXX";
  sqlite3 *db;
  sr_store *s = NULL;
  sr_error err;
  int fd = mkstemp(path);
  (void)state;
  assert_true(fd >= 0);
  assert_true(write(fd, "this is not a database at all, just text\n", 41) ==
              41);
  close(fd);
  assert_int_equal(sr_store_open(path, 1, &s, &err), SR_EDB);
  assert_null(s);
  assert_non_null(strstr(err.msg, path));
  unlink(path);

  /* another program's SQLite database */
  assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
  assert_int_equal(sqlite3_exec(db, "CREATE TABLE t(x)", NULL, NULL, NULL),
                   SQLITE_OK);
  sqlite3_close(db);
  assert_int_equal(sr_store_open(path, 1, &s, &err), SR_EDB);
  assert_non_null(strstr(err.msg, "not a sitrep store"));
  remove_store_files(path);

  /* a store from a newer sitrep */
  assert_int_equal(sr_store_open(path, 1, &s, &err), SR_OK);
  sr_store_close(s);
  assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
  assert_int_equal(
      sqlite3_exec(db, "PRAGMA user_version = 99", NULL, NULL, NULL),
      SQLITE_OK);
  sqlite3_close(db);
  s = NULL;
  assert_int_equal(sr_store_open(path, 0, &s, &err), SR_EDB);
  assert_non_null(strstr(err.msg, "newer"));
  remove_store_files(path);

  /* reading a store that is not there creates nothing */
  assert_int_equal(sr_store_open(path, 0, &s, &err), SR_EDB);
  assert_int_equal(access(path, F_OK), -1);
}

/* Another process holds the write lock: the store waits five seconds, then
 * says the file is locked; nothing is half-written. */
static void test_locked_store_is_an_error(void **state) {
  struct fixture *f = *state;
  sqlite3 *other;
  sr_doc *d;
  sr_error err;
  assert_int_equal(sqlite3_open(f->path, &other), SQLITE_OK);
  assert_int_equal(sqlite3_exec(other, "BEGIN EXCLUSIVE", NULL, NULL, NULL),
                   SQLITE_OK);
  d = parse_str(f->engine,
                doc_text("a", "2023-06-24", "Russia", "attack", "Ukraine"),
                SR_FORMAT_CONLLU, 0);
  assert_int_equal(sr_code_doc(f->dict, d, NULL, &err), SR_OK);
  assert_int_equal(sr_store_add(f->store, d, NULL, &err), SR_EDB);
  assert_non_null(strstr(err.msg, "locked"));
  assert_non_null(strstr(err.msg, f->path));
  sqlite3_exec(other, "ROLLBACK", NULL, NULL, NULL);
  sqlite3_close(other);
  assert_int_equal(counts(f).documents, 0);
  assert_int_equal(sr_store_add(f->store, d, NULL, &err), SR_OK);
  assert_int_equal(counts(f).documents, 1);
  sr_doc_free(d);
}

static void test_batch_rollback_leaves_nothing(void **state) {
  struct fixture *f = *state;
  sr_error err;
  assert_int_equal(sr_store_begin(f->store, &err), SR_OK);
  add(f, doc_text("a", "2023-06-24", "Russia", "attack", "Ukraine"));
  sr_store_rollback(f->store);
  assert_int_equal(counts(f).documents, 0);
  assert_int_equal(counts(f).events, 0);
  assert_int_equal(sr_store_begin(f->store, &err), SR_OK);
  add(f, doc_text("a", "2023-06-24", "Russia", "attack", "Ukraine"));
  assert_int_equal(sr_store_commit(f->store, &err), SR_OK);
  assert_int_equal(counts(f).documents, 1);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test_setup_teardown(test_same_content_changes_nothing, setup,
                                      teardown),
      cmocka_unit_test_setup_teardown(test_changed_document_replaces_its_rows,
                                      setup, teardown),
      cmocka_unit_test_setup_teardown(
          test_articles_reporting_one_event_are_clustered, setup, teardown),
      cmocka_unit_test_setup_teardown(test_what_must_not_merge_stays_apart,
                                      setup, teardown),
      cmocka_unit_test_setup_teardown(test_spellings_meet_in_one_actor, setup,
                                      teardown),
      cmocka_unit_test_setup_teardown(test_filters_are_text_not_sql, setup,
                                      teardown),
      cmocka_unit_test_setup_teardown(test_date_filters_and_bad_dates, setup,
                                      teardown),
      cmocka_unit_test_setup_teardown(test_search_and_bad_fts_query, setup,
                                      teardown),
      cmocka_unit_test_setup_teardown(test_export_has_every_mention, setup,
                                      teardown),
      cmocka_unit_test(test_foreign_and_newer_files_are_refused),
      cmocka_unit_test_setup_teardown(test_batch_rollback_leaves_nothing, setup,
                                      teardown),
      cmocka_unit_test_setup_teardown(test_locked_store_is_an_error, setup,
                                      teardown),
      cmocka_unit_test_setup_teardown(test_replaced_in_one_batch_search_index,
                                      setup, teardown),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
