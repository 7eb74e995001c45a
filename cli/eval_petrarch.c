/*
 * eval_petrarch.c - `sitrep eval petrarch FILE.xml`: event coding accuracy
 * on the PETRARCH validation records (the unit tests in UD form and the
 * GSR records of UniversalPetrarch).
 *
 * Each <Sentence> record holds expected <EventCoding eventcode sourcecode
 * targetcode> elements (or noevents="True"), the text, and a UD parse in
 * CoNLL-U. A record is coded on its given parse (or, with --parse, on the
 * text through sitrep's own analysis) and passes when the set of (source,
 * target, CAMEO) triples sitrep produces equals the expected set. Left
 * out, and counted: records of category ERROR, and records whose
 * expectations hold quoted free text, slash-joined codes or "+++". The
 * files are read with a small tolerant scanner rather than an XML parser:
 * the GSR file is not well-formed (empty <Sentence/> elements followed by
 * their content and a stray </Sentence>).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

#define MAX_TRIPLES 64
#define MAX_CODE 48

struct triple {
  char src[MAX_CODE], tgt[MAX_CODE], code[MAX_CODE];
};

struct record {
  char id[128], category[64], date[16];
  const char *parse, *parse_end; /* CoNLL-U lines */
  const char *text, *text_end;
  struct triple want[MAX_TRIPLES];
  size_t nwant;
  int excluded;   /* 0, or a reason below */
  int dyad_after; /* a require_dyad Config after the record: 0/1, or -1 */
  size_t line;
};

enum { KEEP, EX_ERROR, EX_QUOTED, EX_SLASH, EX_PLUS, EX_COUNT };
static const char *const exclusion_names[EX_COUNT] = {
    "", "category ERROR", "quoted free text", "slash-joined codes", "+++"};

/* The value of attribute `name` in tag s..e, copied into out. */
static int attr(const char *s, const char *e, const char *name, char *out,
                size_t cap) {
  size_t n = strlen(name);
  const char *p = s;
  while (p + n + 2 < e) {
    p = strstr(p, name);
    if (!p || p + n + 2 >= e)
      return 0;
    if ((p == s || p[-1] == ' ' || p[-1] == '\t' || p[-1] == '\n') &&
        p[n] == '=' && (p[n + 1] == '"' || p[n + 1] == '\'')) {
      char q = p[n + 1];
      const char *v = p + n + 2, *ve = memchr(v, q, (size_t)(e - v));
      size_t len;
      if (!ve)
        return 0;
      len = (size_t)(ve - v) < cap - 1 ? (size_t)(ve - v) : cap - 1;
      memcpy(out, v, len);
      out[len] = '\0';
      return 1;
    }
    p += n;
  }
  return 0;
}

static size_t line_of(const char *base, const char *p) {
  size_t n = 1;
  for (; base < p; base++)
    n += *base == '\n';
  return n;
}

/* Blanks out <!-- comments --> (keeping newlines, so lines still count). */
static void blank_comments(char *buf, size_t len) {
  char *p = buf, *end = buf + len;
  while ((p = strstr(p, "<!--")) != NULL) {
    char *q = strstr(p + 4, "-->");
    char *stop = q ? q + 3 : end;
    for (; p < stop; p++)
      if (*p != '\n')
        *p = ' ';
  }
}

/* Reads the next record at or after *pos. Returns 0 at the end. */
static int next_record(const char *buf, const char **pos, struct record *r) {
  const char *s = strstr(*pos, "<Sentence "), *tag_end, *next, *p;
  memset(r, 0, sizeof *r);
  if (!s)
    return 0;
  tag_end = strchr(s, '>');
  if (!tag_end)
    return 0;
  next = strstr(tag_end, "<Sentence ");
  if (!next)
    next = tag_end + strlen(tag_end);
  r->line = line_of(buf, s);
  attr(s, tag_end, "id", r->id, sizeof r->id);
  if (!attr(s, tag_end, "category", r->category, sizeof r->category))
    attr(s, tag_end, "source", r->category, sizeof r->category);
  attr(s, tag_end, "date", r->date, sizeof r->date);
  if (!strcmp(r->category, "ERROR"))
    r->excluded = EX_ERROR;
  for (p = tag_end; (p = strstr(p, "<EventCoding")) && p < next;) {
    const char *e = strchr(p, '>');
    struct triple *t;
    char noev[16];
    if (!e || e > next)
      break;
    if (attr(p, e, "noevents", noev, sizeof noev)) {
      p = e;
      continue;
    }
    if (r->nwant < MAX_TRIPLES) {
      t = &r->want[r->nwant++];
      attr(p, e, "eventcode", t->code, sizeof t->code);
      attr(p, e, "sourcecode", t->src, sizeof t->src);
      attr(p, e, "targetcode", t->tgt, sizeof t->tgt);
      if (!r->excluded) {
        if (strchr(t->code, '"') || strchr(t->src, ' ') || strchr(t->tgt, ' '))
          r->excluded = EX_QUOTED;
        else if (strchr(t->src, '/') || strchr(t->tgt, '/') ||
                 strchr(t->code, '/'))
          r->excluded = EX_SLASH;
        else if (strstr(t->src, "+++") || strstr(t->tgt, "+++") ||
                 strstr(t->code, "+++"))
          r->excluded = EX_PLUS;
      }
    }
    p = e;
  }
  r->dyad_after = -1;
  for (p = tag_end; (p = strstr(p, "<Config")) && p < next;) {
    const char *e = strchr(p, '>');
    char opt[64], val[16];
    if (!e || e > next)
      break;
    if (attr(p, e, "option", opt, sizeof opt) && !strcmp(opt, "require_dyad") &&
        attr(p, e, "value", val, sizeof val))
      r->dyad_after = val[0] == 't' || val[0] == 'T';
    p = e;
  }
  if ((p = strstr(tag_end, "<Parse>")) && p < next) {
    r->parse = p + 7;
    r->parse_end = strstr(r->parse, "</Parse>");
    if (!r->parse_end || r->parse_end > next)
      r->parse_end = next;
  }
  if ((p = strstr(tag_end, "<Text>")) && p < next) {
    r->text = p + 6;
    r->text_end = strstr(r->text, "</Text>");
    if (!r->text_end || r->text_end > next)
      r->text_end = next;
  }
  *pos = next;
  return 1;
}

static int triple_cmp(const void *a, const void *b) {
  const struct triple *x = a, *y = b;
  int c = strcmp(x->src, y->src);
  if (!c)
    c = strcmp(x->tgt, y->tgt);
  return c ? c : strcmp(x->code, y->code);
}

/* Sorts and removes duplicates. */
static size_t triple_set(struct triple *t, size_t n) {
  size_t i, m = 0;
  qsort(t, n, sizeof *t, triple_cmp);
  for (i = 0; i < n; i++)
    if (!m || triple_cmp(&t[m - 1], &t[i]))
      t[m++] = t[i];
  return m;
}

static int same_set(const struct triple *a, size_t na, const struct triple *b,
                    size_t nb) {
  size_t i;
  if (na != nb)
    return 0;
  for (i = 0; i < na; i++)
    if (triple_cmp(&a[i], &b[i]))
      return 0;
  return 1;
}

/* The CoNLL-U document for a record: its id and date, then the parse. */
static char *record_conllu(const struct record *r, size_t *len) {
  size_t n = (size_t)(r->parse_end - r->parse);
  char *buf = malloc(n + 256);
  const char *p = r->parse;
  size_t o;
  if (!buf)
    return NULL;
  o = (size_t)snprintf(buf, 256, "# newdoc id = %s\n# date = %s\n", r->id,
                       r->date);
  while (p < r->parse_end && (*p == '\n' || *p == ' ' || *p == '\r'))
    p++;
  memcpy(buf + o, p, (size_t)(r->parse_end - p));
  o += (size_t)(r->parse_end - p);
  while (o && (buf[o - 1] == ' ' || buf[o - 1] == '\n' || buf[o - 1] == '\r'))
    o--;
  memcpy(buf + o, "\n\n", 2);
  *len = o + 2;
  return buf;
}

/* The text s..e with every run of white space (line breaks included) made
 * one space and the ends trimmed. Owned by the caller (free). */
static char *one_paragraph(const char *s, const char *e, size_t *len) {
  char *out = malloc((size_t)(e - s) + 1);
  size_t n = 0;
  if (!out)
    return NULL;
  for (; s < e; s++) {
    int blank = *s == ' ' || *s == '\t' || *s == '\n' || *s == '\r';
    if (!blank)
      out[n++] = *s;
    else if (n && out[n - 1] != ' ')
      out[n++] = ' ';
  }
  while (n && out[n - 1] == ' ')
    n--;
  out[n] = '\0';
  *len = n;
  return out;
}

static size_t coded_triples(const sr_doc *d, int require_dyad,
                            struct triple *out, size_t cap) {
  size_t i, n = 0;
  for (i = 0; i < sr_doc_event_count(d); i++) {
    const sr_event *e = sr_doc_event(d, i);
    size_t a, b, na = e->actor_count ? e->actor_count : 1,
                 nb = e->recipient_count ? e->recipient_count : 1;
    for (a = 0; a < na; a++)
      for (b = 0; b < nb && n < cap; b++) {
        const char *src =
            e->actor_count && e->actors[a].code ? e->actors[a].code : "---";
        const char *tgt = e->recipient_count && e->recipients[b].code
                              ? e->recipients[b].code
                              : "---";
        /* PETRARCH codes an event only with both sides known, unless
           the file's require_dyad option is off */
        if (!strcmp(src, "---") || (require_dyad && !strcmp(tgt, "---")))
          continue;
        snprintf(out[n].src, MAX_CODE, "%s", src);
        snprintf(out[n].tgt, MAX_CODE, "%s", tgt);
        snprintf(out[n].code, MAX_CODE, "%s", e->cameo);
        n++;
      }
  }
  return n;
}

static void print_triples(const char *label, const struct triple *t, size_t n) {
  size_t i;
  printf("  %s:", label);
  if (!n)
    printf(" (none)");
  for (i = 0; i < n; i++)
    printf(" %s %s %s;", t[i].src, t[i].tgt, t[i].code);
  putchar('\n');
}

static const char usage_petrarch[] =
    "Usage: sitrep eval petrarch [OPTION...] FILE.xml\n"
    "\n"
    "Codes the records of a PETRARCH validation file (UniversalPetrarch's\n"
    "unit tests or GSR records in UD form) and prints the share whose set of\n"
    "(source, target, CAMEO) triples equals the expected set. Records of\n"
    "category ERROR and records whose expectations hold quoted free text,\n"
    "slash-joined codes or +++ are left out and counted. Events with an\n"
    "uncoded side are not compared, as PETRARCH does not output them.\n"
    "\n"
    "Options: the dictionary options of 'sitrep code' (--actors, --agents,\n"
    "--verbs, --discards, --dict, --strict), and\n"
    "  --parse               ignore the given parses: analyse the text with\n"
    "                        sitrep's own models\n"
    "  --models DIR          models for --parse\n"
    "  --show-errors N       print the first N records coded wrongly\n"
    "  --min-exact X         exit 1 if the exact share is below X percent\n";

int cli_eval_petrarch(int argc, char **argv) {
  struct cli_dict_opts dopt;
  const char *file = NULL, *models = NULL;
  int i, own_parse = 0, show = 0, rc = EXIT_OK, quiet = 1;
  int dyad = 1, dyad_now = 1, dyad_next = 1; /* the require_dyad option */
  double min_exact = 0;
  sr_engine *e = NULL;
  sr_dict *dict = NULL;
  sr_config cfg;
  sr_error err;
  char *buf = NULL;
  size_t len, counts[EX_COUNT] = {0}, total = 0, exact = 0, shown = 0;
  const char *pos;
  struct record rec;
  cli_dict_init(&dopt);
  for (i = 1; i < argc; i++) {
    int r = cli_dict_option(&dopt, argc, argv, &i);
    if (r < 0)
      return EXIT_USAGE;
    if (r)
      continue;
    if (!strcmp(argv[i], "-h") || !strcmp(argv[i], "--help")) {
      fputs(usage_petrarch, stdout);
      return EXIT_OK;
    } else if (!strcmp(argv[i], "--parse")) {
      own_parse = 1;
    } else if (!strcmp(argv[i], "--models") && i + 1 < argc) {
      models = argv[++i];
    } else if (!strcmp(argv[i], "--show-errors") && i + 1 < argc) {
      show = (int)strtol(argv[++i], NULL, 10);
    } else if (!strcmp(argv[i], "--min-exact") && i + 1 < argc) {
      min_exact = strtod(argv[++i], NULL);
    } else if (argv[i][0] == '-') {
      fprintf(stderr, "sitrep eval petrarch: unknown option '%s'\n", argv[i]);
      return EXIT_USAGE;
    } else {
      file = argv[i];
    }
  }
  if (!file) {
    fputs(usage_petrarch, stderr);
    return EXIT_USAGE;
  }
  memset(&cfg, 0, sizeof cfg);
  cfg.analyze = own_parse;
  cfg.model_dir = models;
  cfg.warn = cli_print_warning;
  cfg.warn_user = &quiet;
  if (sr_engine_open(&cfg, &e, &err) != SR_OK) {
    fprintf(stderr, "sitrep: %s\n", err.msg);
    return EXIT_FATAL;
  }
  quiet = 0; /* dictionary warnings are shown */
  if ((rc = cli_dict_load(&dopt, e, &dict)) != EXIT_OK) {
    sr_engine_close(e);
    return rc;
  }
  quiet = 1;
  {
    FILE *fp = fopen(file, "rb");
    long sz;
    if (!fp || fseek(fp, 0, SEEK_END) || (sz = ftell(fp)) < 0 ||
        fseek(fp, 0, SEEK_SET) || !(buf = malloc((size_t)sz + 1)) ||
        fread(buf, 1, (size_t)sz, fp) != (size_t)sz) {
      fprintf(stderr, "sitrep eval petrarch: %s: cannot read\n", file);
      if (fp)
        fclose(fp);
      free(buf);
      sr_dict_free(dict);
      sr_engine_close(e);
      return EXIT_USAGE;
    }
    fclose(fp);
    len = (size_t)sz;
    buf[len] = '\0';
  }
  blank_comments(buf, len);
  pos = buf;
  while (next_record(buf, &pos, &rec)) {
    sr_doc_options opt;
    sr_doc *d = NULL;
    struct triple got[MAX_TRIPLES];
    size_t ngot, nwant;
    char *doc_text;
    size_t doc_len;
    sr_status st;
    if (rec.dyad_after >= 0)
      dyad_next = rec.dyad_after;
    dyad = dyad_now;
    dyad_now = dyad_next;
    if (rec.excluded) {
      counts[rec.excluded]++;
      continue;
    }
    if (!rec.parse && !own_parse)
      continue;
    memset(&opt, 0, sizeof opt);
    opt.raw = 1;
    opt.id = rec.id;
    if (own_parse) {
      char date[11];
      if (!rec.text)
        continue;
      opt.format = SR_FORMAT_TEXT;
      opt.analyze = 1;
      if (strlen(rec.date) == 8) {
        snprintf(date, sizeof date, "%.4s-%.2s-%.2s", rec.date, rec.date + 4,
                 rec.date + 6);
        opt.date = date;
      }
      /* the record's text is wrapped for display, and XML whitespace
         means nothing: one paragraph, else a wrapped line looks like a
         headline to the sentence splitter */
      doc_text = one_paragraph(rec.text, rec.text_end, &doc_len);
      if (!doc_text) {
        rc = EXIT_FATAL;
        break;
      }
      st = sr_doc_parse(e, doc_text, doc_len, &opt, &d, &err);
      free(doc_text);
    } else {
      opt.format = SR_FORMAT_CONLLU;
      doc_text = record_conllu(&rec, &doc_len);
      if (!doc_text) {
        rc = EXIT_FATAL;
        break;
      }
      st = sr_doc_parse(e, doc_text, doc_len, &opt, &d, &err);
      free(doc_text);
    }
    total++;
    if (st == SR_OK)
      st = sr_code_doc(dict, d, NULL, &err);
    if (st != SR_OK) {
      fprintf(stderr, "%s:%zu: record %s: %s\n", file, rec.line, rec.id,
              err.msg);
      sr_doc_free(d);
      continue;
    }
    ngot = triple_set(got, coded_triples(d, dyad, got, MAX_TRIPLES));
    nwant = triple_set(rec.want, rec.nwant);
    if (same_set(got, ngot, rec.want, nwant)) {
      exact++;
    } else if ((int)shown < show) {
      shown++;
      printf("%s:%zu: %s (%s)\n", file, rec.line, rec.id, rec.category);
      print_triples("expected", rec.want, nwant);
      print_triples("coded   ", got, ngot);
    }
    sr_doc_free(d);
  }
  printf("records coded: %zu, exact: %zu (%.1f%%)\n", total, exact,
         total ? 100.0 * (double)exact / (double)total : 0.0);
  for (i = 1; i < EX_COUNT; i++)
    printf("left out, %s: %zu\n", exclusion_names[i], counts[i]);
  if (min_exact > 0 && total &&
      100.0 * (double)exact / (double)total < min_exact) {
    printf("FAIL: exact %.1f%% is below the floor %.1f%%\n",
           100.0 * (double)exact / (double)total, min_exact);
    if (rc == EXIT_OK)
      rc = EXIT_SKIPPED;
  }
  free(buf);
  sr_dict_free(dict);
  sr_engine_close(e);
  return rc;
}
