/*
 * geocode.c - `sitrep geocode`: resolves place descriptions as analysts
 * write them ("Chuhuiv, south of Kharkiv", "near Bakhmut", "Kozinka,
 * Belgorod region") with the shipped gazetteer (sr_geocode) and prints one
 * JSON object per description. Descriptions come from the command line,
 * else one per line from standard input.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

static const char usage_geocode[] =
    "Usage: sitrep geocode [--country CC] [--gazetteer FILE] [TEXT...]\n"
    "       sitrep geocode --doc [OPTION...] [FILE...]\n"
    "\n"
    "Resolves place descriptions to coordinates: each TEXT argument (else\n"
    "each line of standard input) gives one JSON line:\n"
    "  {\"query\":..., \"name\":..., \"country\":\"UA\", \"admin1\":...,\n"
    "   \"lat\":..., \"lon\":..., \"geonameid\":..., \"population\":...,\n"
    "   \"precision\":\"city|admin1|country\"}\n"
    "The first place named is the answer; the others are its context\n"
    "(\"Kozinka, Belgorod region\" is the Kozinka in Belgorod Oblast). Old\n"
    "and alternate names are known (\"Krasnyy Liman\" is Lyman). Among\n"
    "places of the same name, larger places, capitals and places the\n"
    "context supports come first.\n"
    "\n"
    "With --doc, reads articles as 'sitrep parse' does (its options apply)\n"
    "and prints every place they name, one JSON line each, with doc_id and\n"
    "the byte range of the words in the input. In articles sitrep is\n"
    "strict: names that are also ordinary words (\"March\", \"Police\")\n"
    "need a place right after them, small places need the document to name\n"
    "their country, and names the tagger takes for people are left out.\n"
    "\n"
    "Options:\n"
    "  --doc            find the places in articles\n"
    "  --country CC     only places in this country (ISO2 or ISO3: UA, RUS)\n"
    "  --gazetteer F    the gazetteer file (default: $SITREP_GAZETTEER, else\n"
    "                   the shipped data/gazetteer/gazetteer.bin)\n"
    "\n"
    "Exit status: 0 every description resolved, 1 some did not (reported on\n"
    "stderr, and printed with \"name\":null), 2 usage or unreadable\n"
    "gazetteer, 3 output error.\n";

static void json_text(const char *s, size_t n) {
  size_t i;
  putchar('"');
  for (i = 0; i < n; i++) {
    unsigned char c = (unsigned char)s[i];
    if (c == '"' || c == '\\')
      printf("\\%c", c);
    else if (c < 0x20)
      printf("\\u%04x", c);
    else
      putchar(c);
  }
  putchar('"');
}

/* Resolves one description; returns 1 when a place was found, 0 when
 * not, -1 on a fatal error (printed). */
static int geocode_one(const sr_gazetteer *g, const char *text, size_t len,
                       const char *country) {
  sr_location loc;
  sr_error err;
  if (sr_geocode(g, text, len, country, &loc, &err) != SR_OK) {
    fprintf(stderr, "sitrep geocode: %s\n", err.msg);
    return -1;
  }
  fputs("{\"query\":", stdout);
  json_text(text, len);
  if (!loc.name) {
    fputs(",\"name\":null}\n", stdout);
    fprintf(stderr, "sitrep geocode: no place found in '%.*s'%s%s\n",
            (int)(len > 200 ? 200 : len), text, country ? " in " : "",
            country ? country : "");
    return 0;
  }
  fputs(",\"name\":", stdout);
  json_text(loc.name, strlen(loc.name));
  fputs(",\"country\":", stdout);
  json_text(loc.country, strlen(loc.country));
  fputs(",\"admin1\":", stdout);
  if (loc.admin1)
    json_text(loc.admin1, strlen(loc.admin1));
  else
    fputs("null", stdout);
  printf(",\"lat\":%.5f,\"lon\":%.5f,\"geonameid\":", loc.lat, loc.lon);
  if (loc.geonameid)
    printf("%u", (unsigned)loc.geonameid);
  else
    fputs("null", stdout);
  printf(",\"population\":%u,\"precision\":\"%s\",\"matched\":",
         (unsigned)loc.population, loc.precision);
  json_text(text + loc.start, loc.end - loc.start);
  fputs("}\n", stdout);
  return 1;
}

struct doc_run {
  sr_gazetteer *g;
  size_t failed;
};

static int places_of_doc(void *user, sr_doc *d) {
  struct doc_run *run = user;
  sr_error err;
  size_t i;
  if (sr_where_doc(run->g, d, &err) != SR_OK) {
    fprintf(stderr, "sitrep geocode: %s\n", err.msg);
    run->failed++;
    return err.code == SR_ENOMEM ? -1 : 0;
  }
  for (i = 0; i < sr_doc_place_count(d); i++) {
    const sr_location *l = sr_doc_place(d, i);
    fputs("{\"doc_id\":", stdout);
    json_text(sr_doc_id(d), strlen(sr_doc_id(d)));
    printf(",\"start\":%zu,\"end\":%zu,\"place\":", l->start, l->end);
    cli_json_location(stdout, l);
    fputs("}\n", stdout);
  }
  return ferror(stdout) ? -1 : 0;
}

/* `sitrep geocode --doc ...`: the places of articles. */
static int geocode_docs(int argc, char **argv, const char *path) {
  struct read_opts o;
  struct doc_run run;
  sr_error err;
  char **inputs = calloc((size_t)argc + 1, sizeof *inputs);
  int i, n = 0, rc;
  if (!inputs)
    return EXIT_FATAL;
  memset(&o, 0, sizeof o);
  memset(&run, 0, sizeof run);
  for (i = 1; i < argc; i++) {
    int r;
    if (!strcmp(argv[i], "--doc"))
      continue;
    if (!strcmp(argv[i], "--gazetteer")) {
      i++;
      continue;
    }
    r = cli_read_option(&o, argc, argv, &i);
    if (r < 0 || (!r && argv[i][0] == '-' && argv[i][1])) {
      if (!r)
        fprintf(stderr, "sitrep geocode: unknown option '%s' (see --help)\n",
                argv[i]);
      free(inputs);
      return EXIT_USAGE;
    }
    if (!r)
      inputs[n++] = argv[i];
  }
  if (sr_gazetteer_open(path, &run.g, &err) != SR_OK) {
    fprintf(stderr, "sitrep geocode: %s\n", err.msg);
    free(inputs);
    return err.code == SR_ENOMEM ? EXIT_FATAL : EXIT_USAGE;
  }
  o.cfg.analyze = 1;
  o.doc.analyze = 1;
  rc = cli_for_each_doc(&o, inputs, n, places_of_doc, &run);
  if (fflush(stdout) != 0 && rc == EXIT_OK) {
    fprintf(stderr, "sitrep geocode: cannot write output: %s\n",
            strerror(errno));
    rc = EXIT_FATAL;
  }
  if (rc == EXIT_OK && run.failed)
    rc = EXIT_SKIPPED;
  sr_gazetteer_free(run.g);
  free(inputs);
  return rc;
}

int cli_geocode(int argc, char **argv) {
  const char *country = NULL, *path = NULL;
  sr_gazetteer *g;
  sr_error err;
  int i, first = 0, queries = 0, missed = 0, r = 1, docs = 0;
  for (i = 1; i < argc; i++) /* --doc anywhere switches mode */
    if (!strcmp(argv[i], "--doc"))
      docs = 1;
    else if (!strcmp(argv[i], "--gazetteer") && i + 1 < argc)
      path = argv[++i];
  if (docs)
    return geocode_docs(argc, argv, path);
  for (i = 1; i < argc; i++) {
    if (!strcmp(argv[i], "-h") || !strcmp(argv[i], "--help")) {
      fputs(usage_geocode, stdout);
      return EXIT_OK;
    }
    if ((!strcmp(argv[i], "--country") || !strcmp(argv[i], "--gazetteer"))) {
      if (i + 1 >= argc) {
        fprintf(stderr, "sitrep geocode: %s needs a value\n", argv[i]);
        return EXIT_USAGE;
      }
      if (argv[i][2] == 'c')
        country = argv[++i];
      else
        path = argv[++i];
      continue;
    }
    if (!strcmp(argv[i], "--")) {
      first = i + 1;
      break;
    }
    if (argv[i][0] == '-' && argv[i][1]) {
      fprintf(stderr, "sitrep geocode: unknown option '%s' (see --help)\n",
              argv[i]);
      return EXIT_USAGE;
    }
    first = i;
    break;
  }
  if (sr_gazetteer_open(path, &g, &err) != SR_OK) {
    fprintf(stderr, "sitrep geocode: %s\n", err.msg);
    return err.code == SR_ENOMEM ? EXIT_FATAL : EXIT_USAGE;
  }
  if (first > 0 && first < argc) {
    for (i = first; i < argc && r >= 0; i++, queries++)
      if ((r = geocode_one(g, argv[i], strlen(argv[i]), country)) == 0)
        missed++;
  } else {
    char *line = NULL;
    size_t cap = 0;
    ssize_t n;
    while (r >= 0 && (n = getline(&line, &cap, stdin)) >= 0) {
      while (n > 0 && (line[n - 1] == '\n' || line[n - 1] == '\r'))
        n--;
      if (!n)
        continue;
      queries++;
      if ((r = geocode_one(g, line, (size_t)n, country)) == 0)
        missed++;
    }
    free(line);
  }
  sr_gazetteer_free(g);
  if (r < 0)
    return EXIT_USAGE; /* a bad --country */
  if (fflush(stdout) != 0) {
    fprintf(stderr, "sitrep geocode: cannot write output: %s\n",
            strerror(errno));
    return EXIT_FATAL;
  }
  if (!queries) {
    fputs("sitrep geocode: no description given (see --help)\n", stderr);
    return EXIT_USAGE;
  }
  return missed ? EXIT_SKIPPED : EXIT_OK;
}
