/*
 * eval_plover.c - `sitrep eval plover FILE`: event coding accuracy on the
 * PLOVER gold standard records (PLOVER_GSR_CAMEO.txt of the Open Event
 * Data Alliance: the CAMEO manual's example sentences, each labelled with
 * a PLOVER event type and its source and target actor texts).
 *
 * Each record's raw text goes through the whole pipeline as `sitrep code`
 * runs it (segment, tag, parse, code with the shipped dictionaries or the
 * ones named), and two figures are printed: recall, the share of records
 * with an emitted event of the gold type whose actor overlaps a gold
 * source actor in the text, and precision, the share of the emitted events
 * with a PLOVER type whose type is their record's gold type. The gold file
 * was coded with PLOVER draft 0.6, whose types follow the CAMEO roots
 * (DEMAND, DISAPPROVE, INVESTIGATE, FIGHT...), while sitrep's events carry
 * draft 0.8 types; an event is therefore compared through its CAMEO code
 * with the root table of the gold file's README (gold_type_of below).
 * Records are split by their index in the file: dev (index mod 5 != 0) for
 * tuning the dictionaries, test (index mod 5 == 0) held out. Records with
 * no text or no event type are left out and counted.
 */
#include <cJSON.h>
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

#define MAX_GOLD_ACTORS 16
#define MAX_TYPES 24

/* The PLOVER 0.6 type the gold file would give a CAMEO code: the table of
 * PLOVER's README (CAMEO root to PLOVER category), with root 08 split into
 * CONCEDE (080-083) and RETREAT (084-087), and 19 and 20 as FIGHT, as the
 * gold records label CAMEO 19x and 20x examples. CAMEO 01 and 02
 * (statements, appeals) have no PLOVER type: NULL. */
static const char *gold_type_of(const char *cameo) {
  static const char *const roots[21] = {
      NULL,       NULL,         NULL,     "AGREE",    "CONSULT",
      "SUPPORT",  "COOPERATE",  "AID",    "CONCEDE",  "INVESTIGATE",
      "DEMAND",   "DISAPPROVE", "REJECT", "THREATEN", "PROTEST",
      "MOBILIZE", "SANCTION",   "COERCE", "ASSAULT",  "FIGHT",
      "FIGHT"};
  int root;
  if (!cameo || !isdigit((unsigned char)cameo[0]) ||
      !isdigit((unsigned char)cameo[1]))
    return NULL;
  root = (cameo[0] - '0') * 10 + (cameo[1] - '0');
  if (root > 20)
    return NULL;
  if (root == 8 && cameo[2] >= '4' && cameo[2] <= '7')
    return "RETREAT";
  return roots[root];
}

enum split { SPLIT_DEV, SPLIT_TEST, SPLIT_ALL };
static const char *const split_names[] = {
    "dev (records whose index mod 5 != 0)",
    "test (records whose index mod 5 == 0, held out)", "all records"};

/* Counts of one gold type, and of the events emitted with that type. */
struct type_row {
  const char *type;
  size_t gold, hit;      /* records of this gold type, found */
  size_t emitted, right; /* events given this type, in records of it */
};

struct plover_run {
  sr_engine *e;
  sr_dict *dict;
  const char *file;
  int show, shown;
  size_t records, left_no_text, left_no_type, no_actor, actor_not_in_text;
  size_t hit, events, right, untyped, failed;
  struct type_row rows[MAX_TYPES];
  size_t nrows;
};

static struct type_row *row_of(struct plover_run *run, const char *type) {
  size_t i;
  for (i = 0; i < run->nrows; i++)
    if (!strcmp(run->rows[i].type, type))
      return &run->rows[i];
  if (run->nrows == MAX_TYPES)
    return NULL;
  memset(&run->rows[run->nrows], 0, sizeof run->rows[0]);
  run->rows[run->nrows].type = type;
  return &run->rows[run->nrows++];
}

/* Case-insensitive search for needle (n bytes) in hay from `from`. */
static const char *find_ci(const char *hay, size_t hay_len, size_t from,
                           const char *needle, size_t n) {
  size_t i, j;
  if (!n || n > hay_len)
    return NULL;
  for (i = from; i + n <= hay_len; i++) {
    for (j = 0; j < n; j++)
      if (tolower((unsigned char)hay[i + j]) !=
          tolower((unsigned char)needle[j]))
        break;
    if (j == n)
      return hay + i;
  }
  return NULL;
}

/* Nonzero when participant p overlaps gold actor text g: some occurrence
 * of g in the record's text shares a byte with p's span. When g does not
 * occur in the text (the file edits some names), a word of three letters
 * or more shared by both texts counts; *missing is set. */
static int overlaps(const char *text, size_t text_len, const char *g,
                    const sr_participant *p, int *missing) {
  size_t n = strlen(g), at = 0;
  const char *hit;
  int found = 0;
  while ((hit = find_ci(text, text_len, at, g, n)) != NULL) {
    size_t s = (size_t)(hit - text), e = s + n;
    found = 1;
    if (p->start < e && s < p->end)
      return 1;
    at = s + 1;
  }
  if (found || !p->text)
    return 0;
  *missing = 1;
  {
    const char *w = g;
    while (*w) {
      size_t len = 0;
      while (*w && !isalnum((unsigned char)*w))
        w++;
      while (isalnum((unsigned char)w[len]))
        len++;
      if (len >= 3 && find_ci(p->text, strlen(p->text), 0, w, len))
        return 1;
      w += len;
    }
  }
  return 0;
}

/* The gold source actor texts of a record: `source` is a list of objects
 * with "actorText" (or one object, or absent). */
static size_t gold_actors(const cJSON *rec, const char **out, size_t cap) {
  const cJSON *src = cJSON_GetObjectItemCaseSensitive(rec, "source"), *a;
  size_t n = 0;
  if (cJSON_IsObject(src)) {
    const cJSON *t = cJSON_GetObjectItemCaseSensitive(src, "actorText");
    if (cJSON_IsString(t) && t->valuestring[0])
      out[n++] = t->valuestring;
    return n;
  }
  if (!cJSON_IsArray(src))
    return 0;
  cJSON_ArrayForEach(a, src) {
    const cJSON *t = cJSON_GetObjectItemCaseSensitive(a, "actorText");
    if (n < cap && cJSON_IsString(t) && t->valuestring[0])
      out[n++] = t->valuestring;
  }
  return n;
}

static void print_event(const sr_doc *d, const sr_event *ev, const char *gold) {
  const sr_token *t = sr_doc_token(d, ev->trigger_token);
  const char *type = gold_type_of(ev->cameo);
  size_t k;
  printf(
      "    %s %s (%s) '%.*s':", type && !strcmp(type, gold) ? "ok   " : "wrong",
      type ? type : "-", ev->cameo, (int)t->form_len, t->form);
  for (k = 0; k < ev->actor_count; k++)
    printf(" %s[%s]", k ? "+ " : "", ev->actors[k].text);
  fputs(" ->", stdout);
  for (k = 0; k < ev->recipient_count; k++)
    printf(" %s[%s]", k ? "+ " : "", ev->recipients[k].text);
  printf("%s%s\n", ev->negated ? " negated" : "",
         ev->hypothetical ? " hypothetical" : "");
}

/* Codes one record and adds it to the counts. */
static int score_record(struct plover_run *run, const cJSON *rec,
                        const char *gold) {
  const cJSON *jt = cJSON_GetObjectItemCaseSensitive(rec, "text");
  const cJSON *jd = cJSON_GetObjectItemCaseSensitive(rec, "date");
  const cJSON *jid = cJSON_GetObjectItemCaseSensitive(rec, "id");
  const char *text = jt->valuestring, *actors[MAX_GOLD_ACTORS];
  size_t text_len = strlen(text), nactors, i, k, right = 0, typed = 0;
  struct type_row *row = row_of(run, gold);
  int hit = 0, missing = 0;
  sr_doc_options opt;
  sr_doc *d = NULL;
  sr_error err;
  sr_status st;
  memset(&opt, 0, sizeof opt);
  opt.raw = 1;
  opt.format = SR_FORMAT_TEXT;
  opt.analyze = 1;
  opt.id = cJSON_IsString(jid) ? jid->valuestring : "record";
  if (cJSON_IsString(jd) && strlen(jd->valuestring) == 10)
    opt.date = jd->valuestring;
  st = sr_doc_parse(run->e, text, text_len, &opt, &d, &err);
  if (st == SR_OK)
    st = sr_code_doc(run->dict, d, NULL, &err);
  if (st != SR_OK) {
    fprintf(stderr, "sitrep eval plover: %s: record %s: %s\n", run->file,
            opt.id, err.msg);
    sr_doc_free(d);
    run->failed++;
    return st == SR_ENOMEM ? -1 : 0;
  }
  run->records++;
  if (row)
    row->gold++;
  nactors = gold_actors(rec, actors, MAX_GOLD_ACTORS);
  if (!nactors)
    run->no_actor++;
  for (i = 0; i < sr_doc_event_count(d); i++) {
    const sr_event *ev = sr_doc_event(d, i);
    const char *type = gold_type_of(ev->cameo);
    struct type_row *erow;
    if (!type) {
      run->untyped++;
      continue;
    }
    typed++;
    erow = row_of(run, type);
    if (erow)
      erow->emitted++;
    if (strcmp(type, gold))
      continue;
    right++;
    if (erow)
      erow->right++;
    if (!nactors)
      hit = 1;
    for (k = 0; k < nactors && !hit; k++) {
      size_t a;
      for (a = 0; a < ev->actor_count && !hit; a++)
        hit = overlaps(text, text_len, actors[k], &ev->actors[a], &missing);
    }
  }
  run->actor_not_in_text += missing;
  run->events += typed;
  run->right += right;
  if (hit) {
    run->hit++;
    if (row)
      row->hit++;
  }
  if ((!hit || right < typed) && run->shown < run->show) {
    run->shown++;
    printf("%s (%s): %s\n  gold %s, actor", opt.id, hit ? "found" : "missed",
           text, gold);
    for (k = 0; k < nactors; k++)
      printf(" [%s]", actors[k]);
    putchar('\n');
    for (i = 0; i < sr_doc_event_count(d); i++)
      print_event(d, sr_doc_event(d, i), gold);
  }
  sr_doc_free(d);
  return 0;
}

static char *read_all(const char *path, size_t *len) {
  FILE *fp = fopen(path, "rb");
  char *buf = NULL;
  long sz;
  if (!fp || fseek(fp, 0, SEEK_END) || (sz = ftell(fp)) < 0 ||
      fseek(fp, 0, SEEK_SET) || !(buf = malloc((size_t)sz + 1)) ||
      fread(buf, 1, (size_t)sz, fp) != (size_t)sz) {
    if (fp)
      fclose(fp);
    free(buf);
    return NULL;
  }
  fclose(fp);
  buf[sz] = '\0';
  *len = (size_t)sz;
  return buf;
}

static double pct(size_t a, size_t b) {
  return b ? 100.0 * (double)a / (double)b : 0.0;
}

static int row_cmp(const void *a, const void *b) {
  const struct type_row *x = a, *y = b;
  if (x->gold != y->gold)
    return x->gold < y->gold ? 1 : -1;
  return strcmp(x->type, y->type);
}

static void report(struct plover_run *run, enum split split) {
  size_t i;
  printf("PLOVER gold records: %s\nsplit: %s\n", run->file, split_names[split]);
  printf("records coded: %zu; left out: %zu without text, %zu without a "
         "PLOVER event type (none, or DOCUMENT)\n",
         run->records, run->left_no_text, run->left_no_type);
  if (run->failed)
    printf("records that could not be read or coded: %zu\n", run->failed);
  printf("recall: %zu/%zu = %.1f%% (an event of the gold type whose actor "
         "overlaps a gold source actor; %zu records have no source actor: "
         "type only)\n",
         run->hit, run->records, pct(run->hit, run->records), run->no_actor);
  printf("precision: %zu/%zu = %.1f%% (emitted events of the gold type; %zu "
         "events of CAMEO 01/02, which PLOVER drops, not counted)\n",
         run->right, run->events, pct(run->right, run->events), run->untyped);
  if (run->actor_not_in_text)
    printf("records whose gold actor text is not in the text (matched by "
           "shared words): %zu\n",
           run->actor_not_in_text);
  qsort(run->rows, run->nrows, sizeof run->rows[0], row_cmp);
  printf("%-12s %5s %7s %8s %9s\n", "type", "gold", "recall", "emitted",
         "precision");
  for (i = 0; i < run->nrows; i++) {
    const struct type_row *r = &run->rows[i];
    printf("%-12s %5zu", r->type, r->gold);
    if (r->gold)
      printf(" %6.1f%%", pct(r->hit, r->gold));
    else
      printf(" %7s", "-");
    printf(" %8zu", r->emitted);
    if (r->emitted)
      printf(" %8.1f%%\n", pct(r->right, r->emitted));
    else
      printf(" %9s\n", "-");
  }
}

static const char usage_plover[] =
    "Usage: sitrep eval plover [OPTION...] PLOVER_GSR_CAMEO.txt\n"
    "\n"
    "Codes the raw text of each PLOVER gold standard record as 'sitrep code'\n"
    "does and prints recall (share of records with an event of the gold\n"
    "type whose actor overlaps a gold source actor) and precision (share of\n"
    "the emitted events of the gold type), overall and per type. Events are\n"
    "compared on the gold file's PLOVER 0.6 types, taken from their CAMEO\n"
    "codes by root. Records without text or event type are left out and\n"
    "counted.\n"
    "\n"
    "Options: the dictionary options of 'sitrep code' (--dict, --actors,\n"
    "--agents, --verbs, --discards, --strict), and\n"
    "  --split S             dev (index mod 5 != 0, the default), test\n"
    "                        (index mod 5 == 0, held out) or all\n"
    "  --models DIR          the analysis models\n"
    "  --show-errors N       print the first N records with a miss or a\n"
    "                        wrongly typed event\n"
    "  --min-recall X        exit 1 if recall is below X percent\n"
    "  --min-precision X     exit 1 if precision is below X percent\n";

int cli_eval_plover(int argc, char **argv) {
  struct cli_dict_opts dopt;
  struct plover_run run;
  const char *models = NULL;
  enum split split = SPLIT_DEV;
  double min_recall = 0, min_precision = 0;
  int i, rc, quiet = 1;
  sr_config cfg;
  sr_error err;
  char *buf;
  size_t len, index = 0;
  cJSON *root, *rec;
  memset(&run, 0, sizeof run);
  cli_dict_init(&dopt);
  for (i = 1; i < argc; i++) {
    int r = cli_dict_option(&dopt, argc, argv, &i);
    if (r < 0)
      return EXIT_USAGE;
    if (r)
      continue;
    if (!strcmp(argv[i], "-h") || !strcmp(argv[i], "--help")) {
      fputs(usage_plover, stdout);
      return EXIT_OK;
    } else if (!strcmp(argv[i], "--split") && i + 1 < argc) {
      const char *s = argv[++i];
      if (!strcmp(s, "dev"))
        split = SPLIT_DEV;
      else if (!strcmp(s, "test"))
        split = SPLIT_TEST;
      else if (!strcmp(s, "all"))
        split = SPLIT_ALL;
      else {
        fprintf(stderr,
                "sitrep eval plover: --split must be dev, test or all, not "
                "'%s'\n",
                s);
        return EXIT_USAGE;
      }
    } else if (!strcmp(argv[i], "--models") && i + 1 < argc) {
      models = argv[++i];
    } else if (!strcmp(argv[i], "--show-errors") && i + 1 < argc) {
      run.show = (int)strtol(argv[++i], NULL, 10);
    } else if (!strcmp(argv[i], "--min-recall") && i + 1 < argc) {
      min_recall = strtod(argv[++i], NULL);
    } else if (!strcmp(argv[i], "--min-precision") && i + 1 < argc) {
      min_precision = strtod(argv[++i], NULL);
    } else if (argv[i][0] == '-') {
      fprintf(stderr, "sitrep eval plover: unknown option '%s'\n", argv[i]);
      return EXIT_USAGE;
    } else if (run.file) {
      fprintf(stderr, "sitrep eval plover: one file only\n");
      return EXIT_USAGE;
    } else {
      run.file = argv[i];
    }
  }
  if (!run.file) {
    fputs(usage_plover, stderr);
    return EXIT_USAGE;
  }
  if (!(buf = read_all(run.file, &len))) {
    fprintf(stderr, "sitrep eval plover: %s: cannot read\n", run.file);
    return EXIT_USAGE;
  }
  root = cJSON_ParseWithLength(buf, len);
  if (!cJSON_IsArray(root)) {
    const char *at = root ? buf : cJSON_GetErrorPtr();
    size_t line = 1;
    const char *p;
    for (p = buf; at && p < at && p < buf + len; p++)
      line += *p == '\n';
    fprintf(stderr, "sitrep eval plover: %s:%zu: %s\n", run.file, line,
            root ? "not a JSON array of records" : "malformed JSON");
    cJSON_Delete(root);
    free(buf);
    return EXIT_USAGE;
  }
  memset(&cfg, 0, sizeof cfg);
  cfg.analyze = 1;
  cfg.model_dir = models;
  cfg.warn = cli_print_warning;
  cfg.warn_user = &quiet;
  if (sr_engine_open(&cfg, &run.e, &err) != SR_OK) {
    fprintf(stderr, "sitrep: %s\n", err.msg);
    cJSON_Delete(root);
    free(buf);
    return EXIT_FATAL;
  }
  quiet = 0; /* dictionary warnings are shown */
  rc = cli_dict_load(&dopt, run.e, &run.dict);
  quiet = 1;
  cJSON_ArrayForEach(rec, root) {
    const cJSON *jt = cJSON_GetObjectItemCaseSensitive(rec, "text");
    const cJSON *je = cJSON_GetObjectItemCaseSensitive(rec, "event");
    size_t at = index++;
    if (rc != EXIT_OK)
      break;
    if ((split == SPLIT_DEV && at % 5 == 0) ||
        (split == SPLIT_TEST && at % 5 != 0))
      continue;
    /* the type must be one the CAMEO table can give: not "DOCUMENT" */
    if (!cJSON_IsString(je) || !je->valuestring[0] ||
        !strcmp(je->valuestring, "DOCUMENT")) {
      run.left_no_type++;
      continue;
    }
    if (!cJSON_IsString(jt) || !jt->valuestring[0]) {
      run.left_no_text++;
      continue;
    }
    if (score_record(&run, rec, je->valuestring) < 0)
      rc = EXIT_FATAL;
  }
  if (rc == EXIT_OK) {
    report(&run, split);
    if (run.failed)
      rc = EXIT_SKIPPED;
    if (min_recall > 0 && pct(run.hit, run.records) < min_recall) {
      printf("FAIL: recall %.1f%% is below the floor %.1f%%\n",
             pct(run.hit, run.records), min_recall);
      rc = EXIT_SKIPPED;
    }
    if (min_precision > 0 && pct(run.right, run.events) < min_precision) {
      printf("FAIL: precision %.1f%% is below the floor %.1f%%\n",
             pct(run.right, run.events), min_precision);
      rc = EXIT_SKIPPED;
    }
  }
  sr_dict_free(run.dict);
  sr_engine_close(run.e);
  cJSON_Delete(root);
  free(buf);
  return rc;
}
