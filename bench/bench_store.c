/*
 * bench_store.c - builds a large event store and times it (issue #5):
 * storing speed with coding excluded, the size per event, and how fast
 * `timeline` and `actors` answer on it.
 *
 *   bench_store [--events N] [--keep] FILE
 *
 * Generates synthetic news documents as CoNLL-U trees ("Actor17 attacked
 * Actor203 ." five sentences each), with 400 actors in 60 countries, 24
 * verbs over the CAMEO roots and dates over three years (documents in
 * date order with a few days of jitter, as a feed comes), so that some
 * reports fall on the same actors, type and day and are clustered, as in
 * a real corpus. Each document is parsed and coded first (not timed); then
 * only sr_store_add() is timed. Prints events stored per second, the file
 * size per event with and without the sentence text, and the median time
 * of the timeline and actors queries the command runs by default and with
 * an actor filter. Deterministic: a fixed-seed generator.
 */
#include "sitrep.h"

#include <sqlite3.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif

#define ACTORS 400
#define COUNTRIES 60
#define SENTENCES_PER_DOC 5

static const char *const verbs[][2] = {
    {"attack", "190"},    {"shell", "195"},    {"accuse", "112"},
    {"threaten", "130"},  {"meet", "040"},     {"praise", "051"},
    {"criticize", "111"}, {"reject", "120"},   {"arrest", "173"},
    {"expel", "174"},     {"blockade", "191"}, {"seize", "192"},
    {"support", "050"},   {"help", "070"},     {"sanction", "163"},
    {"warn", "130"},      {"demand", "100"},   {"investigate", "090"},
    {"kill", "180"},      {"bomb", "183"},     {"protest", "140"},
    {"deny", "120"},      {"promise", "030"},  {"thank", "051"}};
#define VERBS (sizeof verbs / sizeof *verbs)

static unsigned long long rng_state = 0x9e3779b97f4a7c15ull;
static unsigned rnd(unsigned n) {
  rng_state ^= rng_state << 13;
  rng_state ^= rng_state >> 7;
  rng_state ^= rng_state << 17;
  return (unsigned)(rng_state % n);
}

static double now(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

/* A dictionary for the synthetic world, in sitrep's native format. */
static char *make_dictionary(size_t *actors_len, char **verbs_text) {
  size_t cap = 64 * ACTORS + 64 * VERBS, n = 0, k;
  char *a = malloc(cap), *v = malloc(64 * VERBS);
  size_t m = 0;
  if (!a || !v)
    exit(3);
  for (k = 0; k < ACTORS; k++)
    n += (size_t)snprintf(a + n, cap - n, "actor Actor%zu\n  country C%02zu\n",
                          k, k % COUNTRIES);
  for (k = 0; k < VERBS; k++)
    m += (size_t)snprintf(v + m, 64 * VERBS - m, "verb %s %s\n", verbs[k][1],
                          verbs[k][0]);
  *actors_len = n;
  *verbs_text = v;
  return a;
}

/* One synthetic document as CoNLL-U with trees. */
static size_t make_doc(char *buf, size_t cap, size_t id) {
  size_t n, s;
  /* documents come roughly in date order, as a feed or an archive read
   * in file-name order does: three years, a few days of jitter */
  unsigned day = (unsigned)(id / 200) % (3 * 365) + rnd(4);
  int y = 2022 + (int)(day / 365 % 3), doy = (int)(day % 365);
  int mo = doy / 31 + 1, d = doy % 28 + 1;
  if (mo > 12)
    mo = 12;
  n = (size_t)snprintf(buf, cap,
                       "# newdoc id = bench-%zu\n# date = %04d-%02d-%02d\n", id,
                       y, mo, d);
  for (s = 0; s < SENTENCES_PER_DOC && n < cap; s++) {
    unsigned a = rnd(ACTORS), b = rnd(ACTORS), v = rnd(VERBS);
    const char *lemma = verbs[v][0];
    const char *ending = lemma[strlen(lemma) - 1] == 'e' ? "d" : "ed";
    n += (size_t)snprintf(buf + n, cap - n,
                          "# text = Actor%u %s%s Actor%u near town %u .\n"
                          "1\tActor%u\tActor%u\tPROPN\tNNP\t_\t2\tnsubj\t_\t_\n"
                          "2\t%s%s\t%s\tVERB\tVBD\t_\t0\troot\t_\t_\n"
                          "3\tActor%u\tActor%u\tPROPN\tNNP\t_\t2\tobj\t_\t_\n"
                          "4\tnear\tnear\tADP\tIN\t_\t5\tcase\t_\t_\n"
                          "5\ttown\ttown\tNOUN\tNN\t_\t2\tobl\t_\t_\n"
                          "6\t%u\t%u\tNUM\tCD\t_\t5\tnummod\t_\t_\n"
                          "7\t.\t.\tPUNCT\t.\t_\t2\tpunct\t_\t_\n\n",
                          a, lemma, ending, b, rnd(100000), a, a, lemma, ending,
                          lemma, b, b, (unsigned)((s + id) % 1000),
                          (unsigned)((s + id) % 1000));
  }
  return n;
}

/* CPU time of this process: on a shared machine the honest measure of
 * what one core does. */
static double cpu_now(void) {
  struct timespec t;
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
  return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static int cmp_double(const void *x, const void *y) {
  double a = *(const double *)x, b = *(const double *)y;
  return a < b ? -1 : a > b;
}

/* Median wall time of a query read to its end, over five runs. */
static double time_query(sr_store *s, sr_query_kind kind,
                         const sr_query_filter *f, size_t *rows) {
  double t[5];
  int k;
  for (k = 0; k < 5; k++) {
    sr_rows *r;
    sr_error err;
    int has_row;
    double t0 = now();
    *rows = 0;
    if (sr_store_query(s, kind, f, &r, &err) != SR_OK) {
      fprintf(stderr, "bench_store: %s\n", err.msg);
      exit(3);
    }
    while (sr_rows_next(r, &has_row, &err) == SR_OK && has_row)
      (*rows)++;
    sr_rows_free(r);
    t[k] = now() - t0;
  }
  qsort(t, 5, sizeof *t, cmp_double);
  return t[2];
}

int main(int argc, char **argv) {
  size_t target = 1000000, events = 0, docs = 0, text_bytes = 0, alen;
  const char *path = NULL;
  int keep = 0, i;
  sr_engine *e;
  sr_dict *dict;
  sr_store *store;
  sr_error err;
  char *actors, *verbs_text, *buf;
  double stored = 0, stored_cpu = 0, t0;
  struct stat st;
#ifdef __GLIBC__
  /* as the sitrep command does (cli/main.c): no trimming after each doc */
  mallopt(M_MMAP_THRESHOLD, 64 << 20);
  mallopt(M_TRIM_THRESHOLD, 256 << 20);
#endif
  /* as the sitrep command does: no global memory statistics (a mutex
   * around every SQLite allocation) */
  sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
  for (i = 1; i < argc; i++) {
    if (!strcmp(argv[i], "--events") && i + 1 < argc)
      target = strtoull(argv[++i], NULL, 10);
    else if (!strcmp(argv[i], "--keep"))
      keep = 1;
    else
      path = argv[i];
  }
  if (!path || !target) {
    fprintf(stderr, "usage: bench_store [--events N] [--keep] FILE\n");
    return 2;
  }
  unlink(path);
  actors = make_dictionary(&alen, &verbs_text);
  buf = malloc(1 << 16);
  if (!buf || sr_engine_open(NULL, &e, &err) != SR_OK ||
      sr_dict_new(e, &dict, &err) != SR_OK ||
      sr_dict_load_memory(dict, SR_DICT_ACTORS, "bench", actors, alen, &err) ||
      sr_dict_load_memory(dict, SR_DICT_VERBS, "bench", verbs_text,
                          strlen(verbs_text), &err) ||
      sr_store_open(path, 1, &store, &err) != SR_OK) {
    fprintf(stderr, "bench_store: %s\n", err.msg);
    return 3;
  }
  t0 = now();
  while (events < target) {
    sr_doc *d;
    size_t n = make_doc(buf, 1 << 16, docs), k;
    double s0, c0;
    if (sr_doc_parse(e, buf, n, NULL, &d, &err) != SR_OK ||
        sr_code_doc(dict, d, NULL, &err) != SR_OK) {
      fprintf(stderr, "bench_store: %s\n", err.msg);
      return 3;
    }
    if (docs % 500 == 0 && sr_store_begin(store, &err) != SR_OK)
      goto fail;
    s0 = now();
    c0 = cpu_now();
    if (sr_store_add(store, d, NULL, &err) != SR_OK)
      goto fail;
    if (docs % 500 == 499 && sr_store_commit(store, &err) != SR_OK)
      goto fail;
    stored += now() - s0;
    stored_cpu += cpu_now() - c0;
    events += sr_doc_event_count(d);
    for (k = 0; k < sr_doc_sentence_count(d); k++) {
      size_t len;
      sr_doc_sentence_text(d, k, &len);
      text_bytes += len;
    }
    sr_doc_free(d);
    docs++;
    if (docs % 20000 == 0)
      fprintf(stderr, "\rbench_store: %zu events", events);
  }
  if (docs % 500 != 0 && sr_store_commit(store, &err) != SR_OK)
    goto fail;
  fprintf(stderr, "\n");
  printf("stored %zu event mentions from %zu documents in %.1f s of store "
         "time (%.1f s in all): %.0f events/s; %.1f s of CPU: %.0f events "
         "per CPU second\n",
         events, docs, stored, now() - t0, (double)events / stored, stored_cpu,
         (double)events / stored_cpu);
  sr_store_close(store);
  if (sr_store_open(path, 0, &store, &err) != SR_OK)
    goto fail;
  if (stat(path, &st) == 0)
    printf("file %.1f MB: %.0f bytes per event, %.0f without the sentence "
           "text (%zu bytes of text)\n",
           (double)st.st_size / 1e6, (double)st.st_size / (double)events,
           ((double)st.st_size - (double)text_bytes) / (double)events,
           text_bytes);
  {
    sr_query_filter f;
    size_t rows;
    double t;
    memset(&f, 0, sizeof f);
    t = time_query(store, SR_QUERY_TIMELINE, &f, &rows);
    printf("timeline (default, %zu rows): %.1f ms\n", rows, t * 1e3);
    f.from = "2023-03-01";
    f.to = "2023-03-31";
    t = time_query(store, SR_QUERY_TIMELINE, &f, &rows);
    printf("timeline --from 2023-03-01 --to 2023-03-31 (%zu rows): %.1f ms\n",
           rows, t * 1e3);
    memset(&f, 0, sizeof f);
    f.actor = "Actor17";
    t = time_query(store, SR_QUERY_TIMELINE, &f, &rows);
    printf("timeline --actor Actor17 (%zu rows): %.1f ms\n", rows, t * 1e3);
    f.type = "19";
    t = time_query(store, SR_QUERY_TIMELINE, &f, &rows);
    printf("timeline --actor Actor17 --type 19 (%zu rows): %.1f ms\n", rows,
           t * 1e3);
    memset(&f, 0, sizeof f);
    t = time_query(store, SR_QUERY_ACTORS, &f, &rows);
    printf("actors (%zu rows): %.1f ms\n", rows, t * 1e3);
    f.actor = "Actor17";
    t = time_query(store, SR_QUERY_ACTORS, &f, &rows);
    printf("actors --actor Actor17 (%zu rows): %.1f ms", rows, t * 1e3);
    t = time_query(store, SR_QUERY_SPELLINGS, &f, &rows);
    printf(", spellings %.1f ms", t * 1e3);
    t = time_query(store, SR_QUERY_PARTNERS, &f, &rows);
    printf(", partners %.1f ms\n", t * 1e3);
  }
  sr_store_close(store);
  sr_dict_free(dict);
  sr_engine_close(e);
  free(buf);
  free(actors);
  free(verbs_text);
  if (!keep)
    unlink(path);
  return 0;
fail:
  fprintf(stderr, "bench_store: %s\n", err.msg);
  return 3;
}
