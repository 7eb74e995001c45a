/*
 * store.c - the commands over the event store: `sitrep ingest` (code
 * articles and keep them in a SQLite file), the questions `timeline`,
 * `actors`, `events`, `quotes` and `search`, `export` (JSONL, CSV, TSV) and
 * `demo` (ingest the shipped examples, then show their timeline and main
 * actors). Answers print as readable tables on a terminal and as JSON with
 * --json; the library does the work (src/store.c, src/query.c).
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <sqlite3.h>

#include "cli.h"

static const char usage_ingest[] =
    "Usage: sitrep ingest --db FILE [OPTION...] [INPUT...]\n"
    "\n"
    "Codes articles as 'sitrep code' does and stores documents, sentences,\n"
    "actors, event mentions and quotes in the SQLite file FILE (created\n"
    "when missing; docs/STORE.md is its schema). Mentions of one event in\n"
    "several articles (same actors, type and flags, dates within a day,\n"
    "compatible places) are kept together as one event.\n"
    "\n"
    "Idempotent: a document already stored with the same content (SHA-256\n"
    "of its bytes) is skipped; one whose content changed replaces its old\n"
    "rows. Documents are stored in batches, each one transaction: if the\n"
    "run is killed, the same command again ends with exactly the rows of an\n"
    "uninterrupted run. Documents are keyed by their id: the path as given\n"
    "for files, the 'id' field for JSONL records.\n"
    "\n"
    "Options: those of 'sitrep code' (reading, --dict, --actors, ...), and\n"
    "  --db FILE       the store (required)\n"
    "  --batch N       documents per transaction (default 200)\n"
    "  --gazetteer F   places from this gazetteer (default: the shipped one)\n"
    "  --no-places     do not place events\n"
    "\n"
    "A progress line (documents/s, events, unchanged) goes to a terminal.\n"
    "Exit status: 0 all stored, 1 some input skipped, 2 usage, 3 the store\n"
    "failed (read-only, locked, disk full, not a sitrep store): the open\n"
    "batch was rolled back, earlier batches are kept.\n";

static const char usage_query[] =
    "Usage: sitrep timeline|actors|events|quotes|search --db FILE [OPTION...]\n"
    "\n"
    "Questions to a store built by 'sitrep ingest':\n"
    "  timeline   events by day: type, actors, recipients, place, and how\n"
    "             many mentions, articles and sources report each (events\n"
    "             with neither actor nor recipient are left out: see events)\n"
    "  actors     actors by number of events; with --actor, the actor's\n"
    "             profile: spellings seen, roles, top partners\n"
    "  events     event mentions, each with its sentence and document\n"
    "  quotes     who said what: speaker, quote, outlet\n"
    "  search Q   full-text search of every stored sentence (FTS5 syntax:\n"
    "             words, \"a phrase\", A OR B, NEAR(a b), prefix*)\n"
    "\n"
    "Filters (all optional; text is matched as text, never as SQL):\n"
    "  --actor X      actor code (RUSMIL), or part of a name or spelling\n"
    "  --type T       PLOVER type (ASSAULT) or CAMEO code prefix (19)\n"
    "  --country C    actor or recipient country (RUS)\n"
    "  --place P      part of a place name\n"
    "  --from DATE, --to DATE   YYYY-MM-DD, inclusive\n"
    "  --limit N      most rows (defaults: timeline 500, actors 20,\n"
    "                 events and quotes 100, search 20)\n"
    "  --json         JSON instead of a table\n";

static const char usage_export[] =
    "Usage: sitrep export --db FILE --format jsonl|csv|tsv [FILTER...]\n"
    "\n"
    "Writes every stored event mention to standard output:\n"
    "  jsonl  one JSON object per mention: the fields of 'sitrep code'\n"
    "         records plus the event it belongs to and its counts\n"
    "  csv    one row per mention with a header (RFC 4180; R's read.csv and\n"
    "         pandas.read_csv read it as is)\n"
    "  tsv    one row per actor x recipient pair, PETRARCH/Phoenix order:\n"
    "         doc_id sent_id date source target cameo event\n"
    "Filters as for 'sitrep timeline' (--actor, --type, --country, --place,\n"
    "--from, --to, --limit).\n";

static const char usage_demo[] =
    "Usage: sitrep demo [--db FILE] [DIR...]\n"
    "\n"
    "Ingests the articles in DIR (default: the shipped examples) into FILE\n"
    "(default demo.db) and prints their timeline and the actors that appear\n"
    "most. Then try, for example:\n"
    "  sitrep timeline --db demo.db --actor Prigozhin\n"
    "  sitrep actors --db demo.db --actor Wagner\n"
    "  sitrep search --db demo.db 'Rostov'\n";

#ifndef SITREP_EXAMPLES_DIR
#define SITREP_EXAMPLES_DIR "examples"
#endif

/* ---- options ------------------------------------------------------------ */

struct query_opts {
  const char *db;
  sr_query_filter filter;
  int json;
  const char *format; /* export */
};

/* Parses --db and the filters; returns 1 if used, 0 if not, -1 on error. */
static int query_option(struct query_opts *q, int argc, char **argv, int *i) {
  static const char *const names[] = {"--db",      "--actor", "--type",
                                      "--country", "--place", "--from",
                                      "--to",      "--limit", "--format"};
  const char *a = argv[*i], *v;
  size_t k;
  if (!strcmp(a, "--json")) {
    q->json = 1;
    return 1;
  }
  for (k = 0; k < sizeof names / sizeof *names; k++)
    if (!strcmp(a, names[k]))
      break;
  if (k == sizeof names / sizeof *names)
    return 0;
  if (*i + 1 >= argc) {
    fprintf(stderr, "sitrep: %s needs a value\n", a);
    return -1;
  }
  v = argv[++*i];
  switch (k) {
  case 0:
    q->db = v;
    break;
  case 1:
    q->filter.actor = v;
    break;
  case 2:
    q->filter.type = v;
    break;
  case 3:
    q->filter.country = v;
    break;
  case 4:
    q->filter.place = v;
    break;
  case 5:
    q->filter.from = v;
    break;
  case 6:
    q->filter.to = v;
    break;
  case 7: {
    char *end;
    unsigned long long n;
    errno = 0;
    n = strtoull(v, &end, 10);
    if (errno || *end || end == v || !n) {
      fprintf(stderr, "sitrep: --limit needs a positive number, not '%s'\n", v);
      return -1;
    }
    q->filter.limit = (size_t)n;
    break;
  }
  default:
    q->format = v;
  }
  return 1;
}

static int open_store(const char *path, int writable, sr_store **s) {
  sr_error err;
  if (!path) {
    fprintf(stderr, "sitrep: --db FILE is required (see --help)\n");
    return EXIT_USAGE;
  }
  if (!writable && access(path, F_OK) != 0) {
    fprintf(stderr,
            "sitrep: error: %s: no such store; build one with "
            "'sitrep ingest --db %s ARTICLES...'\n",
            path, path);
    return EXIT_USAGE;
  }
  if (sr_store_open(path, writable, s, &err) != SR_OK) {
    fprintf(stderr, "sitrep: error: %s\n", err.msg);
    return EXIT_FATAL;
  }
  return EXIT_OK;
}

/* ---- printing rows ------------------------------------------------------ */

/* A query's answer read into memory, for tables that size their columns. */
struct table {
  size_t cols, rows, cap;
  char **names;
  sr_column_type *types;
  char **cells; /* rows * cols, NULL for empty */
};

static void table_free(struct table *t) {
  size_t i;
  for (i = 0; i < t->rows * t->cols; i++)
    free(t->cells[i]);
  for (i = 0; t->names && i < t->cols; i++)
    free(t->names[i]);
  free(t->cells);
  free(t->names);
  free(t->types);
  memset(t, 0, sizeof *t);
}

static char *dup_or_null(const char *s) {
  char *c;
  if (!s)
    return NULL;
  c = malloc(strlen(s) + 1);
  if (c)
    memcpy(c, s, strlen(s) + 1);
  return c;
}

/* Runs a query and reads all its rows. Returns an exit code. */
static int table_load(sr_store *s, sr_query_kind kind, const sr_query_filter *f,
                      struct table *t) {
  sr_rows *r;
  sr_error err;
  int has_row;
  size_t c;
  memset(t, 0, sizeof *t);
  if (sr_store_query(s, kind, f, &r, &err) != SR_OK) {
    fprintf(stderr, "sitrep: error: %s\n", err.msg);
    return err.code == SR_EINVAL ? EXIT_USAGE : EXIT_FATAL;
  }
  t->cols = sr_rows_column_count(r);
  t->names = calloc(t->cols, sizeof *t->names);
  t->types = calloc(t->cols, sizeof *t->types);
  if (!t->names || !t->types)
    goto oom;
  for (c = 0; c < t->cols; c++) {
    t->names[c] = dup_or_null(sr_rows_column_name(r, c));
    t->types[c] = sr_rows_column_type(r, c);
  }
  for (;;) {
    if (sr_rows_next(r, &has_row, &err) != SR_OK) {
      fprintf(stderr, "sitrep: error: %s\n", err.msg);
      sr_rows_free(r);
      table_free(t);
      return err.code == SR_EINVAL ? EXIT_USAGE : EXIT_FATAL;
    }
    if (!has_row)
      break;
    if (t->rows == t->cap) {
      size_t cap = t->cap ? 2 * t->cap : 64;
      char **cells = realloc(t->cells, cap * t->cols * sizeof *cells);
      if (!cells)
        goto oom;
      t->cells = cells;
      t->cap = cap;
    }
    for (c = 0; c < t->cols; c++)
      t->cells[t->rows * t->cols + c] = dup_or_null(sr_rows_text(r, c));
    t->rows++;
  }
  sr_rows_free(r);
  return EXIT_OK;
oom:
  fprintf(stderr, "sitrep: out of memory\n");
  sr_rows_free(r);
  table_free(t);
  return EXIT_FATAL;
}

static const char *cell(const struct table *t, size_t row, size_t col) {
  return t->cells[row * t->cols + col];
}

static int column(const struct table *t, const char *name) {
  size_t c;
  for (c = 0; c < t->cols; c++)
    if (!strcmp(t->names[c], name))
      return (int)c;
  return -1;
}

/* Characters (not bytes) of a UTF-8 string. */
static size_t width(const char *s) {
  size_t n = 0;
  for (; s && *s; s++)
    n += ((unsigned char)*s & 0xC0) != 0x80;
  return n;
}

/* Prints s in a column of w characters: cut with "..." or padded. */
static void print_cell(const char *s, size_t w, int last) {
  size_t n = width(s), shown = 0;
  if (!s)
    s = "";
  if (n > w) {
    for (; *s && shown + 3 < w; s++) {
      putchar(*s);
      if (((unsigned char)s[1] & 0xC0) != 0x80)
        shown++;
    }
    fputs("...", stdout);
    shown += 3;
  } else {
    fputs(s, stdout);
    shown = n;
  }
  if (!last)
    for (; shown < w + 2; shown++)
      putchar(' ');
}

/* A plain table: a header, a rule, then the rows; wide text columns are
 * cut at `maxw` characters. */
static void print_table(const struct table *t, size_t maxw) {
  size_t r, c, *w = calloc(t->cols ? t->cols : 1, sizeof *w);
  if (!w)
    return;
  for (c = 0; c < t->cols; c++) {
    w[c] = width(t->names[c]);
    for (r = 0; r < t->rows; r++)
      if (width(cell(t, r, c)) > w[c])
        w[c] = width(cell(t, r, c));
    if (w[c] > maxw)
      w[c] = maxw;
  }
  for (c = 0; c < t->cols; c++)
    print_cell(t->names[c], w[c], c + 1 == t->cols);
  putchar('\n');
  for (c = 0; c < t->cols; c++) {
    size_t k;
    for (k = 0; k < w[c]; k++)
      putchar('-');
    if (c + 1 < t->cols)
      fputs("  ", stdout);
  }
  putchar('\n');
  for (r = 0; r < t->rows; r++) {
    for (c = 0; c < t->cols; c++)
      print_cell(cell(t, r, c), w[c], c + 1 == t->cols);
    putchar('\n');
  }
  free(w);
}

static void json_string(FILE *fp, const char *s) {
  if (!s) {
    fputs("null", fp);
    return;
  }
  putc('"', fp);
  for (; *s; s++) {
    unsigned char ch = (unsigned char)*s;
    if (ch == '"' || ch == '\\')
      fprintf(fp, "\\%c", ch);
    else if (ch == '\n')
      fputs("\\n", fp);
    else if (ch == '\t')
      fputs("\\t", fp);
    else if (ch == '\r')
      fputs("\\r", fp);
    else if (ch < 0x20)
      fprintf(fp, "\\u%04x", ch);
    else
      putc(ch, fp);
  }
  putc('"', fp);
}

static void json_value(FILE *fp, sr_column_type type, const char *v) {
  if (!v)
    fputs(type == SR_COLUMN_JSON ? "[]" : "null", fp);
  else if (type == SR_COLUMN_NUMBER || type == SR_COLUMN_JSON)
    fputs(v, fp);
  else if (type == SR_COLUMN_FLAG)
    fputs(strcmp(v, "0") ? "true" : "false", fp);
  else
    json_string(fp, v);
}

static void json_row(FILE *fp, const struct table *t, size_t r) {
  size_t c;
  putc('{', fp);
  for (c = 0; c < t->cols; c++) {
    if (c)
      putc(',', fp);
    json_string(fp, t->names[c]);
    putc(':', fp);
    json_value(fp, t->types[c], cell(t, r, c));
  }
  putc('}', fp);
}

/* A JSON array of row objects, one per line. */
static void print_json(const struct table *t) {
  size_t r;
  putchar('[');
  for (r = 0; r < t->rows; r++) {
    fputs(r ? ",\n " : "\n ", stdout);
    json_row(stdout, t, r);
  }
  fputs(t->rows ? "\n]\n" : "]\n", stdout);
}

/* ---- the questions ------------------------------------------------------ */

static const char *or_dash(const char *s) { return s && *s ? s : "-"; }

/* Days with their events: the most reported first within a day. */
static void print_timeline(const struct table *t) {
  int c_date = column(t, "date"), c_event = column(t, "event"),
      c_cameo = column(t, "cameo"), c_actors = column(t, "actors"),
      c_recipients = column(t, "recipients"), c_place = column(t, "place"),
      c_articles = column(t, "articles"), c_sources = column(t, "sources");
  const char *day = NULL;
  size_t r;
  if (!t->rows) {
    puts("No events match.");
    return;
  }
  for (r = 0; r < t->rows; r++) {
    const char *date = cell(t, r, (size_t)c_date);
    const char *place = cell(t, r, (size_t)c_place);
    const char *articles = cell(t, r, (size_t)c_articles);
    char what[64];
    if (!day || strcmp(or_dash(day), or_dash(date))) {
      printf("%s%s\n", r ? "\n" : "", date ? date : "undated");
      day = date ? date : "";
    }
    snprintf(what, sizeof what, "%s %s", or_dash(cell(t, r, (size_t)c_event)),
             or_dash(cell(t, r, (size_t)c_cameo)));
    printf("  %-22s ", what);
    fputs(or_dash(cell(t, r, (size_t)c_actors)), stdout);
    fputs(" -> ", stdout);
    fputs(or_dash(cell(t, r, (size_t)c_recipients)), stdout);
    if (place)
      printf("  @ %s", place);
    if (articles && strcmp(articles, "1"))
      printf("  (%s articles, %s sources)", articles,
             or_dash(cell(t, r, (size_t)c_sources)));
    putchar('\n');
  }
}

/* Each mention with its sentence below it. */
static void print_events(const struct table *t) {
  int c_date = column(t, "date"), c_event = column(t, "event"),
      c_cameo = column(t, "cameo"), c_actors = column(t, "actors"),
      c_recipients = column(t, "recipients"), c_trigger = column(t, "trigger"),
      c_neg = column(t, "negated"), c_hyp = column(t, "hypothetical"),
      c_rep = column(t, "reported_by"), c_doc = column(t, "document"),
      c_no = column(t, "sentence_no"), c_sentence = column(t, "sentence");
  size_t r;
  if (!t->rows) {
    puts("No events match.");
    return;
  }
  for (r = 0; r < t->rows; r++) {
    const char *neg = cell(t, r, (size_t)c_neg),
               *hyp = cell(t, r, (size_t)c_hyp),
               *rep = cell(t, r, (size_t)c_rep);
    printf("%s  %s %s  %s -> %s  [%s]%s%s", or_dash(cell(t, r, (size_t)c_date)),
           or_dash(cell(t, r, (size_t)c_event)),
           or_dash(cell(t, r, (size_t)c_cameo)),
           or_dash(cell(t, r, (size_t)c_actors)),
           or_dash(cell(t, r, (size_t)c_recipients)),
           or_dash(cell(t, r, (size_t)c_trigger)),
           neg && strcmp(neg, "0") ? "  NEGATED" : "",
           hyp && strcmp(hyp, "0") ? "  HYPOTHETICAL" : "");
    if (rep)
      printf("  (per %s)", rep);
    printf("\n    \"%s\"\n    %s, sentence %s\n",
           or_dash(cell(t, r, (size_t)c_sentence)),
           or_dash(cell(t, r, (size_t)c_doc)),
           or_dash(cell(t, r, (size_t)c_no)));
  }
}

static void print_quotes(const struct table *t) {
  size_t r;
  int c_date = column(t, "date"), c_speaker = column(t, "speaker"),
      c_quote = column(t, "quote"), c_outlet = column(t, "outlet"),
      c_doc = column(t, "document");
  if (!t->rows) {
    puts("No quotes match.");
    return;
  }
  for (r = 0; r < t->rows; r++)
    printf("%s  %s:\n    \"%s\"\n    %s%s%s\n",
           or_dash(cell(t, r, (size_t)c_date)),
           or_dash(cell(t, r, (size_t)c_speaker)),
           or_dash(cell(t, r, (size_t)c_quote)),
           or_dash(cell(t, r, (size_t)c_doc)),
           cell(t, r, (size_t)c_outlet) ? ", " : "",
           cell(t, r, (size_t)c_outlet) ? cell(t, r, (size_t)c_outlet) : "");
}

/* `actors`: the list, or with --actor a profile in three parts. */
static int run_actors(sr_store *s, const struct query_opts *q) {
  static const struct {
    sr_query_kind kind;
    const char *title;
  } parts[] = {{SR_QUERY_ACTORS, "Actors"},
               {SR_QUERY_SPELLINGS, "Spellings seen"},
               {SR_QUERY_PARTNERS, "Top partners (events together)"}};
  size_t k, nparts = q->filter.actor ? 3 : 1;
  int rc = EXIT_OK;
  if (q->json)
    fputs(nparts > 1 ? "{" : "", stdout);
  for (k = 0; k < nparts && rc == EXIT_OK; k++) {
    struct table t;
    rc = table_load(s, parts[k].kind, &q->filter, &t);
    if (rc != EXIT_OK)
      break;
    if (q->json) {
      if (nparts > 1)
        printf("%s\"%s\":", k ? ",\n" : "",
               k == 0   ? "actors"
               : k == 1 ? "spellings"
                        : "partners");
      print_json(&t);
    } else {
      if (nparts > 1)
        printf("%s%s\n\n", k ? "\n" : "", parts[k].title);
      if (!t.rows)
        puts(k ? "(none)" : "No actors match.");
      else
        print_table(&t, 40);
    }
    table_free(&t);
  }
  if (q->json && nparts > 1)
    fputs("}\n", stdout);
  return rc;
}

int cli_query(const char *command, int argc, char **argv) {
  struct query_opts q;
  struct table t;
  sr_store *s = NULL;
  sr_query_kind kind;
  int i, rc;
  memset(&q, 0, sizeof q);
  if (!strcmp(command, "timeline"))
    kind = SR_QUERY_TIMELINE;
  else if (!strcmp(command, "actors"))
    kind = SR_QUERY_ACTORS;
  else if (!strcmp(command, "events"))
    kind = SR_QUERY_EVENTS;
  else if (!strcmp(command, "quotes"))
    kind = SR_QUERY_QUOTES;
  else
    kind = SR_QUERY_SEARCH;
  for (i = 1; i < argc; i++) {
    int r = query_option(&q, argc, argv, &i);
    if (r < 0)
      return EXIT_USAGE;
    if (r)
      continue;
    if (!strcmp(argv[i], "-h") || !strcmp(argv[i], "--help")) {
      fputs(usage_query, stdout);
      return EXIT_OK;
    }
    if (kind == SR_QUERY_SEARCH && !q.filter.text &&
        (argv[i][0] != '-' || !argv[i][1])) {
      q.filter.text = argv[i];
      continue;
    }
    fprintf(stderr, "sitrep %s: unexpected argument '%s' (see --help)\n",
            command, argv[i]);
    return EXIT_USAGE;
  }
  if (q.format) {
    fprintf(stderr, "sitrep %s: --format is for 'sitrep export'\n", command);
    return EXIT_USAGE;
  }
  if (kind == SR_QUERY_SEARCH && !q.filter.text) {
    fprintf(stderr, "sitrep search: give the text to search for\n");
    return EXIT_USAGE;
  }
  if ((rc = open_store(q.db, 0, &s)) != EXIT_OK)
    return rc;
  if (kind == SR_QUERY_ACTORS) {
    rc = run_actors(s, &q);
  } else if ((rc = table_load(s, kind, &q.filter, &t)) == EXIT_OK) {
    if (q.json)
      print_json(&t);
    else if (kind == SR_QUERY_TIMELINE)
      print_timeline(&t);
    else if (kind == SR_QUERY_EVENTS)
      print_events(&t);
    else if (kind == SR_QUERY_QUOTES)
      print_quotes(&t);
    else if (!t.rows)
      puts("No sentence matches.");
    else
      print_table(&t, 100);
    table_free(&t);
  }
  sr_store_close(s);
  if (fflush(stdout) != 0 && rc == EXIT_OK) {
    fprintf(stderr, "sitrep: cannot write output: %s\n", strerror(errno));
    rc = EXIT_FATAL;
  }
  return rc;
}

/* ---- export ------------------------------------------------------------- */

static void csv_field(const char *s) {
  const char *p;
  if (!s)
    return;
  if (!strpbrk(s, ",\"\r\n")) {
    fputs(s, stdout);
    return;
  }
  putchar('"');
  for (p = s; *p; p++) {
    if (*p == '"')
      putchar('"');
    putchar(*p);
  }
  putchar('"');
}

static void tsv_field(const char *s) {
  for (; s && *s; s++)
    putchar(*s == '\t' || *s == '\n' || *s == '\r' ? ' ' : *s);
}

/* Streams rows: an export may be larger than memory. */
static int stream_export(sr_store *s, const struct query_opts *q) {
  int tsv = !strcmp(q->format, "tsv"), csv = !strcmp(q->format, "csv");
  sr_rows *r;
  sr_error err;
  size_t c, n;
  int has_row, first;
  if (sr_store_query(s, tsv ? SR_QUERY_DYADS : SR_QUERY_EXPORT, &q->filter, &r,
                     &err) != SR_OK) {
    fprintf(stderr, "sitrep: error: %s\n", err.msg);
    return err.code == SR_EINVAL ? EXIT_USAGE : EXIT_FATAL;
  }
  n = sr_rows_column_count(r);
  if (csv) {
    for (c = 0, first = 1; c < n; c++)
      if (sr_rows_column_type(r, c) != SR_COLUMN_JSON) {
        fputs(first ? "" : ",", stdout);
        csv_field(sr_rows_column_name(r, c));
        first = 0;
      }
    fputs("\r\n", stdout);
  }
  for (;;) {
    if (sr_rows_next(r, &has_row, &err) != SR_OK) {
      fprintf(stderr, "sitrep: error: %s\n", err.msg);
      sr_rows_free(r);
      return EXIT_FATAL;
    }
    if (!has_row || ferror(stdout))
      break;
    if (!csv && !tsv)
      putchar('{');
    for (c = 0, first = 1; c < n; c++) {
      sr_column_type type = sr_rows_column_type(r, c);
      const char *v = sr_rows_text(r, c);
      if (tsv) {
        fputs(c ? "\t" : "", stdout);
        tsv_field(v);
      } else if (csv) {
        if (type == SR_COLUMN_JSON)
          continue;
        fputs(first ? "" : ",", stdout);
        csv_field(v);
      } else {
        fputs(first ? "" : ",", stdout);
        json_string(stdout, sr_rows_column_name(r, c));
        putchar(':');
        json_value(stdout, type, v);
      }
      first = 0;
    }
    fputs(csv ? "\r\n" : tsv ? "\n" : "}\n", stdout);
  }
  sr_rows_free(r);
  return EXIT_OK;
}

int cli_export(int argc, char **argv) {
  struct query_opts q;
  sr_store *s;
  int i, rc;
  memset(&q, 0, sizeof q);
  for (i = 1; i < argc; i++) {
    int r = query_option(&q, argc, argv, &i);
    if (r < 0)
      return EXIT_USAGE;
    if (r)
      continue;
    if (!strcmp(argv[i], "-h") || !strcmp(argv[i], "--help")) {
      fputs(usage_export, stdout);
      return EXIT_OK;
    }
    fprintf(stderr, "sitrep export: unexpected argument '%s' (see --help)\n",
            argv[i]);
    return EXIT_USAGE;
  }
  if (!q.format || (strcmp(q.format, "jsonl") && strcmp(q.format, "csv") &&
                    strcmp(q.format, "tsv"))) {
    fprintf(stderr, "sitrep export: --format must be jsonl, csv or tsv\n");
    return EXIT_USAGE;
  }
  if ((rc = open_store(q.db, 0, &s)) != EXIT_OK)
    return rc;
  rc = stream_export(s, &q);
  sr_store_close(s);
  if (fflush(stdout) != 0 && rc == EXIT_OK) {
    fprintf(stderr, "sitrep: cannot write output: %s\n", strerror(errno));
    rc = EXIT_FATAL;
  }
  return rc;
}

/* ---- ingest ------------------------------------------------------------- */

struct ingest_run {
  sr_store *store;
  sr_dict *dict;
  sr_gazetteer *gaz; /* NULL with --no-places */
  const char *date;
  size_t batch, in_batch;
  size_t docs, added, unchanged, replaced, mentions, failed;
  int failed_store, progress;
  struct timespec start;
  time_t last_shown;
};

static double seconds_since(const struct timespec *t0) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return (double)(t.tv_sec - t0->tv_sec) +
         (double)(t.tv_nsec - t0->tv_nsec) / 1e9;
}

static void show_ingest_progress(struct ingest_run *run, int final) {
  double secs;
  time_t now = time(NULL);
  if (!run->progress || (!final && now == run->last_shown))
    return;
  run->last_shown = now;
  secs = seconds_since(&run->start);
  fprintf(stderr,
          "\rsitrep: %zu documents (%.0f/s), %zu event mentions, %zu "
          "unchanged%s",
          run->docs, secs > 0 ? (double)run->docs / secs : 0.0, run->mentions,
          run->unchanged, final ? "\n" : "");
}

static int ingest_doc(void *user, sr_doc *d) {
  struct ingest_run *run = user;
  sr_code_options opt;
  sr_store_result res;
  sr_error err;
  memset(&opt, 0, sizeof opt);
  opt.date = run->date;
  opt.gazetteer = run->gaz;
  if (sr_code_doc(run->dict, d, &opt, &err) != SR_OK) {
    fprintf(stderr, "sitrep: error: %s\n", err.msg);
    run->failed++;
    return err.code == SR_ENOMEM ? -1 : 0;
  }
  if (!run->in_batch && sr_store_begin(run->store, &err) != SR_OK)
    goto store_failed;
  run->in_batch++;
  if (sr_store_add(run->store, d, &res, &err) != SR_OK) {
    if (err.code != SR_EDB && err.code != SR_ENOMEM) {
      fprintf(stderr, "sitrep: error: %s: %s\n", sr_doc_id(d), err.msg);
      run->failed++;
      return 0;
    }
    goto store_failed;
  }
  run->docs++;
  if (res == SR_STORE_UNCHANGED)
    run->unchanged++;
  else {
    run->mentions += sr_doc_event_count(d);
    if (res == SR_STORE_ADDED)
      run->added++;
    else
      run->replaced++;
  }
  if (run->in_batch >= run->batch) {
    run->in_batch = 0;
    if (sr_store_commit(run->store, &err) != SR_OK)
      goto store_failed;
  }
  show_ingest_progress(run, 0);
  return 0;
store_failed:
  fprintf(stderr, "\nsitrep: error: %s\n", err.msg);
  sr_store_rollback(run->store);
  run->in_batch = 0;
  run->failed_store = 1;
  return -1;
}

/* Ingests `inputs` into the store at `db`; prints a summary to stderr
 * unless `quiet_summary`. Returns an exit code. */
/* Where events are placed: --gazetteer F, or --no-places. */
struct place_opts {
  const char *gazetteer;
  int none;
};

static int ingest(struct read_opts *o, struct cli_dict_opts *dopt,
                  const struct place_opts *places, const char *db, size_t batch,
                  char **inputs, int n) {
  struct ingest_run run;
  sr_engine *e = NULL;
  sr_error err;
  sr_store_counts counts;
  int rc;
  memset(&run, 0, sizeof run);
  run.batch = batch;
  run.date = o->doc.date;
  rc = cli_coder_open(o, dopt, &e, &run.dict);
  if (rc != EXIT_OK)
    return rc;
  if (!places->none &&
      sr_gazetteer_open(places->gazetteer, &run.gaz, &err) != SR_OK) {
    fprintf(stderr, "sitrep: error: %s (--no-places codes without)\n", err.msg);
    sr_dict_free(run.dict);
    sr_engine_close(e);
    return err.code == SR_ENOMEM ? EXIT_FATAL : EXIT_USAGE;
  }
  if ((rc = open_store(db, 1, &run.store)) != EXIT_OK) {
    sr_gazetteer_free(run.gaz);
    sr_dict_free(run.dict);
    sr_engine_close(e);
    return rc;
  }
  o->own_progress = 1;
  run.progress = isatty(2) && !o->quiet;
  clock_gettime(CLOCK_MONOTONIC, &run.start);
  rc = cli_for_each_doc(o, inputs, n, ingest_doc, &run);
  if (run.in_batch && !run.failed_store &&
      sr_store_commit(run.store, &err) != SR_OK) {
    fprintf(stderr, "sitrep: error: %s\n", err.msg);
    run.failed_store = 1;
  }
  show_ingest_progress(&run, 1);
  if (run.failed_store)
    rc = EXIT_FATAL;
  else if (rc == EXIT_OK && run.failed)
    rc = EXIT_SKIPPED;
  if (!run.failed_store &&
      sr_store_counts_get(run.store, &counts, &err) == SR_OK && !o->quiet)
    fprintf(
        stderr,
        "sitrep: %zu documents read in %.1f s: %zu added, %zu replaced, "
        "%zu unchanged; %zu event mentions stored\n"
        "sitrep: %s now holds %llu documents, %llu sentences, %llu "
        "events (%llu mentions), %llu actors, %llu quotes\n",
        run.docs, seconds_since(&run.start), run.added, run.replaced,
        run.unchanged, run.mentions, db, (unsigned long long)counts.documents,
        (unsigned long long)counts.sentences, (unsigned long long)counts.events,
        (unsigned long long)counts.mentions, (unsigned long long)counts.actors,
        (unsigned long long)counts.quotes);
  sr_store_close(run.store);
  sr_gazetteer_free(run.gaz);
  sr_dict_free(run.dict);
  sr_engine_close(e);
  return rc;
}

/* Parses the options of `ingest` and `demo`. Returns -1 to go on, else an
 * exit code. */
static int ingest_args(int argc, char **argv, const char *usage,
                       struct read_opts *o, struct cli_dict_opts *dopt,
                       struct place_opts *places, const char **db,
                       size_t *batch, char **inputs, int *n) {
  int i;
  for (i = 1; i < argc; i++) {
    int r = cli_read_option(o, argc, argv, &i);
    if (!r)
      r = cli_dict_option(dopt, argc, argv, &i);
    if (r < 0)
      return EXIT_USAGE;
    if (r)
      continue;
    if (!strcmp(argv[i], "-h") || !strcmp(argv[i], "--help")) {
      fputs(usage, stdout);
      return EXIT_OK;
    }
    if (!strcmp(argv[i], "--no-places")) {
      places->none = 1;
      continue;
    }
    if ((!strcmp(argv[i], "--db") || !strcmp(argv[i], "--batch") ||
         !strcmp(argv[i], "--gazetteer")) &&
        i + 1 >= argc) {
      fprintf(stderr, "sitrep: %s needs a value\n", argv[i]);
      return EXIT_USAGE;
    }
    if (!strcmp(argv[i], "--db")) {
      *db = argv[++i];
      continue;
    }
    if (!strcmp(argv[i], "--gazetteer")) {
      places->gazetteer = argv[++i];
      continue;
    }
    if (!strcmp(argv[i], "--batch")) {
      char *end;
      unsigned long v;
      errno = 0;
      v = strtoul(argv[++i], &end, 10);
      if (errno || *end || !v) {
        fprintf(stderr, "sitrep: --batch needs a positive number\n");
        return EXIT_USAGE;
      }
      *batch = v;
      continue;
    }
    if (argv[i][0] == '-' && argv[i][1]) {
      fprintf(stderr, "sitrep: unknown option '%s' (see --help)\n", argv[i]);
      return EXIT_USAGE;
    }
    inputs[(*n)++] = argv[i];
  }
  return -1;
}

int cli_ingest(int argc, char **argv) {
  struct read_opts o;
  struct cli_dict_opts dopt;
  struct place_opts places = {NULL, 0};
  const char *db = NULL;
  size_t batch = 200;
  char **inputs = calloc((size_t)argc + 1, sizeof *inputs);
  int n = 0, rc;
  if (!inputs)
    return EXIT_FATAL;
  memset(&o, 0, sizeof o);
  cli_dict_init(&dopt);
  rc = ingest_args(argc, argv, usage_ingest, &o, &dopt, &places, &db, &batch,
                   inputs, &n);
  if (rc < 0) {
    if (!db) {
      fprintf(stderr, "sitrep ingest: --db FILE is required (see --help)\n");
      rc = EXIT_USAGE;
    } else {
      rc = ingest(&o, &dopt, &places, db, batch, inputs, n);
    }
  }
  free(inputs);
  return rc;
}

int cli_demo(int argc, char **argv) {
  struct read_opts o;
  struct cli_dict_opts dopt;
  struct place_opts places = {NULL, 0};
  struct query_opts q;
  const char *db = "demo.db";
  size_t batch = 200;
  char **inputs = calloc((size_t)argc + 2, sizeof *inputs);
  int n = 0, rc;
  sr_store *s;
  struct table t;
  if (!inputs)
    return EXIT_FATAL;
  memset(&o, 0, sizeof o);
  memset(&q, 0, sizeof q);
  cli_dict_init(&dopt);
  rc = ingest_args(argc, argv, usage_demo, &o, &dopt, &places, &db, &batch,
                   inputs, &n);
  if (rc >= 0) {
    free(inputs);
    return rc;
  }
  if (!n)
    inputs[n++] = SITREP_EXAMPLES_DIR;
  o.quiet = 1; /* the timeline is the output; errors still print */
  rc = ingest(&o, &dopt, &places, db, batch, inputs, n);
  free(inputs);
  if (rc != EXIT_OK && rc != EXIT_SKIPPED)
    return rc;
  if (open_store(db, 0, &s) != EXIT_OK)
    return EXIT_FATAL;
  printf("Timeline of the articles in %s (store: %s)\n\n",
         argc > 1 && n ? "the folders given" : "examples/", db);
  if (table_load(s, SR_QUERY_TIMELINE, &q.filter, &t) == EXIT_OK) {
    print_timeline(&t);
    table_free(&t);
  }
  printf("\nActors in the most events\n\n");
  q.filter.limit = 12;
  if (table_load(s, SR_QUERY_ACTORS, &q.filter, &t) == EXIT_OK) {
    print_table(&t, 32);
    table_free(&t);
  }
  printf("\nAsk more:\n"
         "  build/sitrep timeline --db %s --actor Prigozhin\n"
         "  build/sitrep actors --db %s --actor Wagner\n"
         "  build/sitrep events --db %s --type ASSAULT\n"
         "  build/sitrep search --db %s 'Rostov'\n",
         db, db, db, db);
  sr_store_close(s);
  return rc;
}

/* A file-size limit (ulimit -f) must end in a clear "disk full" error,
 * not a signal that kills the process in the middle of a write. */
void cli_ignore_file_size_signal(void) {
#ifdef SIGXFSZ
  signal(SIGXFSZ, SIG_IGN);
#endif
}

/* SQLite keeps global memory statistics behind a mutex taken on every
 * allocation; sitrep never reads them, and turning them off makes storing
 * a fifth faster. Must run before SQLite is first used. */
void cli_tune_sqlite(void) { sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0); }
