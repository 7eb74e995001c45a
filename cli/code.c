/*
 * code.c - `sitrep code`: reads articles (text, JSONL, HTML, CoNLL-U),
 * analyses them (CoNLL-U trees are used as given), codes events with the
 * shipped dictionaries or the ones named on the command line, and prints
 * one JSON event record per line (DESIGN.md, "The event record") or the
 * PETRARCH-style TSV. Also holds the dictionary options that `sitrep eval
 * petrarch` shares.
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

#ifndef SITREP_DICT_DIR
#define SITREP_DICT_DIR "data/dict"
#endif

static const char usage_code[] =
    "Usage: sitrep code [OPTION...] [FILE...]\n"
    "\n"
    "Codes political events in articles: who did what to whom. Reads what\n"
    "'sitrep parse' reads; CoNLL-U input with HEAD and DEPREL filled is\n"
    "coded on its given trees (UD v1 labels such as dobj and nmod are\n"
    "understood). Prints one JSON record per event (JSONL), or with\n"
    "--format tsv one row per actor x recipient pair:\n"
    "  doc_id  sentence  date  source  target  cameo  event\n"
    "with '---' for a side no dictionary codes.\n"
    "\n"
    "An event's date is the one its sentence gives it (\"on Friday\",\n"
    "\"24 June\", \"two months ago\", \"the day before\"), resolved against\n"
    "the publication date by the tense of its clause, with a precision\n"
    "(day, week, month, year); else the publication date (precision pub);\n"
    "else null. pub_date is always the article's own date.\n"
    "\n"
    "Dictionaries: by default every *.actors, *.agents, *.verbs and\n"
    "*.discards file of the folder given by --dict (default: $SITREP_DICT,\n"
    "else the data/dict sitrep was built from). --actors, --agents, --verbs\n"
    "and --discards (each repeatable) use those files instead; each may be\n"
    "in sitrep's native format or PETRARCH/TABARI format, recognised from\n"
    "its content (docs/DICTIONARIES.md). A malformed dictionary line is\n"
    "reported as FILE:LINE: reason and skipped; --strict makes it fatal.\n"
    "\n"
    "Options: those of 'sitrep parse', and\n"
    "  --format F            jsonl (default) or tsv\n"
    "  --dict DIR            dictionary folder\n"
    "  --actors F, --agents F, --verbs F, --discards F   dictionary files\n"
    "  --strict              a malformed dictionary line is an error\n"
    "  --gazetteer F         the gazetteer for event locations (default:\n"
    "                        $SITREP_GAZETTEER, else the shipped\n"
    "                        data/gazetteer/gazetteer.bin)\n"
    "  --no-places           no event locations (\"location\" is null)\n"
    "  --date YYYY-MM-DD     the date that decides dated roles (and the\n"
    "                        publication date) for every article\n"
    "\n"
    "Exit status: 0 all read, 1 some input skipped (see stderr), 2 usage,\n"
    "3 fatal (bad dictionary with --strict, output error).\n";

void cli_dict_init(struct cli_dict_opts *o) { memset(o, 0, sizeof *o); }

int cli_dict_option(struct cli_dict_opts *o, int argc, char **argv, int *i) {
  const char *a = argv[*i];
  sr_dict_kind kind;
  if (!strcmp(a, "--strict")) {
    o->strict = 1;
    return 1;
  }
  if (!strcmp(a, "--dict")) {
    if (*i + 1 >= argc) {
      fprintf(stderr, "sitrep: %s needs a value\n", a);
      return -1;
    }
    o->dir = argv[++*i];
    return 1;
  }
  if (!strcmp(a, "--actors"))
    kind = SR_DICT_ACTORS;
  else if (!strcmp(a, "--agents"))
    kind = SR_DICT_AGENTS;
  else if (!strcmp(a, "--verbs"))
    kind = SR_DICT_VERBS;
  else if (!strcmp(a, "--discards"))
    kind = SR_DICT_DISCARDS;
  else
    return 0;
  if (*i + 1 >= argc) {
    fprintf(stderr, "sitrep: %s needs a file\n", a);
    return -1;
  }
  if (o->nfiles == CLI_MAX_DICT_FILES) {
    fprintf(stderr, "sitrep: at most %d dictionary files\n",
            CLI_MAX_DICT_FILES);
    return -1;
  }
  o->kind[o->nfiles] = kind;
  o->file[o->nfiles++] = argv[++*i];
  return 1;
}

int cli_dict_load(const struct cli_dict_opts *o, const sr_engine *e,
                  sr_dict **out) {
  sr_dict *d;
  sr_error err;
  sr_status st = SR_OK;
  int k;
  if (sr_dict_new(e, &d, &err) != SR_OK) {
    fprintf(stderr, "sitrep: %s\n", err.msg);
    return EXIT_FATAL;
  }
  sr_dict_set_strict(d, o->strict);
  for (k = 0; k < o->nfiles && st == SR_OK; k++)
    st = sr_dict_load(d, o->kind[k], o->file[k], &err);
  if (st == SR_OK && !o->nfiles) {
    const char *dir = o->dir ? o->dir : getenv("SITREP_DICT");
    st = sr_dict_load_dir(d, dir ? dir : SITREP_DICT_DIR, &err);
  }
  if (st != SR_OK) {
    fprintf(stderr, "sitrep: error: %s\n", err.msg);
    sr_dict_free(d);
    return st == SR_EIO || st == SR_EDICT || st == SR_EFORMAT ? EXIT_USAGE
                                                              : EXIT_FATAL;
  }
  *out = d;
  return EXIT_OK;
}

int cli_coder_open(struct read_opts *o, const struct cli_dict_opts *dopt,
                   sr_engine **plain, sr_dict **dict) {
  sr_config cfg;
  sr_error err;
  int rc;
  o->cfg.analyze = 1;
  o->doc.analyze = 1;
  /* the dictionaries report malformed lines through an engine's callback */
  o->cfg.warn = cli_print_warning;
  o->cfg.warn_user = &o->quiet;
  cfg = o->cfg;
  cfg.analyze = 0;
  if (sr_engine_open(&cfg, plain, &err) != SR_OK) {
    fprintf(stderr, "sitrep: %s\n", err.msg);
    return EXIT_FATAL;
  }
  rc = cli_dict_load(dopt, *plain, dict);
  if (rc != EXIT_OK) {
    sr_engine_close(*plain);
    *plain = NULL;
  }
  return rc;
}

/* ---- output ------------------------------------------------------------- */

static void json_str(FILE *fp, const char *s, size_t n) {
  size_t i;
  if (!s) {
    fputs("null", fp);
    return;
  }
  putc('"', fp);
  for (i = 0; i < n; i++) {
    unsigned char c = (unsigned char)s[i];
    if (c == '"' || c == '\\') {
      putc('\\', fp);
      putc(c, fp);
    } else if (c == '\n') {
      fputs("\\n", fp);
    } else if (c == '\t') {
      fputs("\\t", fp);
    } else if (c < 0x20) {
      fprintf(fp, "\\u%04x", c);
    } else {
      putc(c, fp);
    }
  }
  putc('"', fp);
}

static void json_cstr(FILE *fp, const char *s) {
  json_str(fp, s, s ? strlen(s) : 0);
}

void cli_json_location(FILE *fp, const sr_location *l) {
  if (!l) {
    fputs("null", fp);
    return;
  }
  fputs("{\"text\":", fp);
  json_cstr(fp, l->text);
  fputs(",\"name\":", fp);
  json_cstr(fp, l->name);
  fputs(",\"country\":", fp);
  json_cstr(fp, l->country);
  fputs(",\"admin1\":", fp);
  json_cstr(fp, l->admin1);
  fprintf(fp, ",\"lat\":%.5f,\"lon\":%.5f,\"geonameid\":", l->lat, l->lon);
  if (l->geonameid)
    fprintf(fp, "%u", (unsigned)l->geonameid);
  else
    fputs("null", fp);
  fputs(",\"precision\":", fp);
  json_cstr(fp, l->precision);
  fputs(",\"source\":", fp);
  json_cstr(fp, l->source);
  putc('}', fp);
}

static void json_parts(FILE *fp, const sr_participant *p, size_t n) {
  size_t i;
  putc('[', fp);
  for (i = 0; i < n; i++) {
    fputs(i ? ",{\"text\":" : "{\"text\":", fp);
    json_cstr(fp, p[i].text);
    fputs(",\"code\":", fp);
    json_cstr(fp, p[i].code);
    fputs(",\"country\":", fp);
    json_cstr(fp, p[i].country);
    fputs(",\"sector\":", fp);
    json_cstr(fp, p[i].sector);
    fputs(",\"name\":", fp);
    json_cstr(fp, p[i].name);
    fputs(",\"entity\":", fp);
    json_cstr(fp, p[i].entity);
    fprintf(fp, ",\"start\":%zu,\"end\":%zu}", p[i].start, p[i].end);
  }
  putc(']', fp);
}

static void print_jsonl(const sr_doc *d, const sr_event *e, size_t k) {
  const sr_sentence *s = sr_doc_sentence(d, e->sentence);
  const sr_token *t = sr_doc_token(d, e->trigger_token);
  size_t text_len;
  const char *text = sr_doc_sentence_text(d, e->sentence, &text_len);
  char id[17];
  printf("{\"id\":\"%s\",\"doc_id\":", sr_doc_event_id(d, k, id));
  json_cstr(stdout, sr_doc_id(d));
  printf(",\"sent_idx\":%zu,\"sent_id\":null,\"date\":", e->sentence);
  json_cstr(stdout, e->date);
  fputs(",\"date_precision\":", stdout);
  json_cstr(stdout, e->date_precision);
  fputs(",\"pub_date\":", stdout);
  json_cstr(stdout, sr_doc_date(d));
  fputs(",\"event\":", stdout);
  json_cstr(stdout, e->event);
  fputs(",\"mode\":", stdout);
  json_cstr(stdout, e->mode);
  fputs(",\"cameo\":", stdout);
  json_cstr(stdout, e->cameo);
  if (e->quad)
    printf(",\"quad\":%d,\"goldstein\":%.1f", e->quad, e->goldstein);
  else
    fputs(",\"quad\":null,\"goldstein\":null", stdout);
  fputs(",\"actor\":", stdout);
  json_parts(stdout, e->actors, e->actor_count);
  fputs(",\"recipient\":", stdout);
  json_parts(stdout, e->recipients, e->recipient_count);
  fputs(",\"location\":", stdout);
  cli_json_location(stdout, e->location);
  printf(",\"negated\":%s,\"hypothetical\":%s,\"reported_by\":",
         e->negated ? "true" : "false", e->hypothetical ? "true" : "false");
  json_cstr(stdout, e->reported_by);
  fputs(",\"trigger\":{\"text\":", stdout);
  json_str(stdout, t->form, t->form_len);
  printf(",\"start\":%zu,\"end\":%zu},\"text\":", e->trigger_start,
         e->trigger_end);
  json_str(stdout, text, text_len);
  printf(",\"start\":%zu,\"end\":%zu,\"confidence\":%.2f}\n", s->start, s->end,
         e->confidence);
}

static void print_tsv(const sr_doc *d, const sr_event *e) {
  size_t a, r, na = e->actor_count ? e->actor_count : 1,
               nr = e->recipient_count ? e->recipient_count : 1;
  const char *date = e->date;
  for (a = 0; a < na; a++)
    for (r = 0; r < nr; r++) {
      const char *src =
          e->actor_count && e->actors[a].code ? e->actors[a].code : "---";
      const char *tgt = e->recipient_count && e->recipients[r].code
                            ? e->recipients[r].code
                            : "---";
      printf("%s\t%zu\t%s\t%s\t%s\t%s\t%s\n", sr_doc_id(d), e->sentence + 1,
             date ? date : "-", src, tgt, e->cameo, e->event ? e->event : "-");
    }
}

struct code_run {
  sr_dict *dict;
  sr_gazetteer *gaz; /* NULL: no locations */
  int tsv;
  const char *date;
  size_t events, docs, failed;
};

static int code_doc(void *user, sr_doc *d) {
  struct code_run *run = user;
  sr_code_options opt;
  sr_error err;
  size_t i;
  memset(&opt, 0, sizeof opt);
  opt.date = run->date;
  opt.gazetteer = run->gaz;
  if (sr_code_doc(run->dict, d, &opt, &err) != SR_OK) {
    fprintf(stderr, "sitrep: error: %s\n", err.msg);
    run->failed++;
    return err.code == SR_ENOMEM ? -1 : 0;
  }
  run->docs++;
  for (i = 0; i < sr_doc_event_count(d); i++) {
    const sr_event *e = sr_doc_event(d, i);
    if (run->tsv)
      print_tsv(d, e);
    else
      print_jsonl(d, e, i);
  }
  run->events += sr_doc_event_count(d);
  return ferror(stdout) ? -1 : 0;
}

int cli_code(int argc, char **argv) {
  struct read_opts o;
  struct cli_dict_opts dopt;
  struct code_run run;
  sr_engine *e = NULL;
  char **inputs;
  sr_error gaz_err;
  const char *gaz_path = NULL;
  int i, n = 0, rc, places = 1;
  memset(&o, 0, sizeof o);
  memset(&run, 0, sizeof run);
  cli_dict_init(&dopt);
  inputs = calloc((size_t)argc + 1, sizeof *inputs);
  if (!inputs)
    return EXIT_FATAL;
  for (i = 1; i < argc; i++) {
    int r = cli_read_option(&o, argc, argv, &i);
    if (!r)
      r = cli_dict_option(&dopt, argc, argv, &i);
    if (r < 0) {
      free(inputs);
      return EXIT_USAGE;
    }
    if (r)
      continue;
    if (!strcmp(argv[i], "-h") || !strcmp(argv[i], "--help")) {
      fputs(usage_code, stdout);
      free(inputs);
      return EXIT_OK;
    }
    if (!strcmp(argv[i], "--gazetteer") && i + 1 < argc) {
      gaz_path = argv[++i];
      continue;
    }
    if (!strcmp(argv[i], "--no-places")) {
      places = 0;
      continue;
    }
    if (!strcmp(argv[i], "--format") && i + 1 < argc) {
      const char *f = argv[++i];
      if (strcmp(f, "jsonl") && strcmp(f, "tsv")) {
        fprintf(stderr,
                "sitrep code: --format must be jsonl or tsv, not '%s'\n", f);
        free(inputs);
        return EXIT_USAGE;
      }
      run.tsv = !strcmp(f, "tsv");
      continue;
    }
    if (argv[i][0] == '-' && argv[i][1]) {
      fprintf(stderr, "sitrep code: unknown option '%s' (see --help)\n",
              argv[i]);
      free(inputs);
      return EXIT_USAGE;
    }
    inputs[n++] = argv[i];
  }
  run.date = o.doc.date;
  rc = cli_coder_open(&o, &dopt, &e, &run.dict);
  if (rc != EXIT_OK) {
    free(inputs);
    return rc;
  }
  if (places && !run.tsv &&
      sr_gazetteer_open(gaz_path, &run.gaz, &gaz_err) != SR_OK) {
    fprintf(stderr, "sitrep: error: %s\n", gaz_err.msg);
    sr_dict_free(run.dict);
    sr_engine_close(e);
    free(inputs);
    return gaz_err.code == SR_ENOMEM ? EXIT_FATAL : EXIT_USAGE;
  }
  rc = cli_for_each_doc(&o, inputs, n, code_doc, &run);
  if (fflush(stdout) != 0 && rc == EXIT_OK) {
    fprintf(stderr, "sitrep: cannot write output: %s\n", strerror(errno));
    rc = EXIT_FATAL;
  }
  if (rc == EXIT_OK && run.failed)
    rc = EXIT_SKIPPED;
  sr_gazetteer_free(run.gaz);
  sr_dict_free(run.dict);
  sr_engine_close(e);
  free(inputs);
  return rc;
}
