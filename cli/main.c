/*
 * main.c - the `sitrep` command.
 *
 * Subcommands map one to one onto pipeline stages and their dumps
 * (DESIGN.md, "Command line"): today `tokenize` (CoNLL-U with sentences and
 * tokens), `inspect` (what sitrep reads in the shipped examples) and `eval`
 * (accuracy against a treebank). Everything goes through the public API.
 * Errors about one input are printed and the run goes on; the exit status
 * says whether anything was skipped.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif
#include <unistd.h>

#include "cli.h"

static const char *prog = "sitrep";

static const char usage_main[] =
    "Usage: sitrep COMMAND [OPTION...] [FILE...]\n"
    "\n"
    "sitrep turns news articles into political event data. It reads plain\n"
    "text, JSONL (one article per line), HTML pages, gzip- and zstd-\n"
    "compressed files, directories (recursively, in name order) and - for\n"
    "standard input.\n"
    "\n"
    "Commands:\n"
    "  tokenize   print sentences and tokens as CoNLL-U, with byte offsets\n"
    "  parse      the same with lemmas, tags, dependency trees and entities\n"
    "  code       code events: who did what to whom, as JSONL or TSV\n"
    "  ingest     code articles and keep them in a store (a SQLite file)\n"
    "  timeline   events by day, from a store\n"
    "  actors     actors by number of events, or one actor's profile\n"
    "  events     event mentions with their sentences\n"
    "  quotes     who said what\n"
    "  search     full-text search of the stored sentences\n"
    "  export     a store as JSONL, CSV or PETRARCH-style TSV\n"
    "  geocode    resolve place descriptions to coordinates, as JSON lines\n"
    "  demo       ingest the shipped examples and show their timeline\n"
    "  inspect    show what sitrep reads in a folder of articles\n"
    "  eval       measure accuracy: treebanks, PETRARCH and PLOVER gold "
    "records\n"
    "\n"
    "Run 'sitrep COMMAND --help' for a command's options.\n"
    "\n"
    "Options:\n"
    "  -h, --help     this help\n"
    "  -V, --version  print the version\n"
    "\n"
    "Exit status:\n"
    "  0  everything was read\n"
    "  1  some input could not be read; each case was reported on stderr\n"
    "     (FILE:LINE: reason) and skipped, the rest was processed\n"
    "  2  the command line is wrong\n"
    "  3  sitrep could not go on (output error, out of memory)\n";

static const char usage_tokenize[] =
    "Usage: sitrep tokenize [OPTION...] [FILE...]\n"
    "\n"
    "Splits articles into sentences and UD English-EWT style tokens and\n"
    "prints them as CoNLL-U. Before each article: '# newdoc id = ...' and,\n"
    "when known, '# date = YYYY-MM-DD'. Per sentence '# sent_id' and\n"
    "'# text'; per token its number and form, '_' in columns 3-9, and in\n"
    "MISC 'SpaceAfter=No' where no space follows and 'TokenRange=START:END',\n"
    "the byte range in the input file (for JSONL, in the record's text).\n"
    "With no FILE, or FILE '-', reads standard input.\n"
    "\n"
    "Metadata of a text file, first found wins: the options below; a header\n"
    "block of 'Key: value' lines (date, title, source, url, author) ended by\n"
    "a blank line; a leading ' date YYYY-MM-DD ' marker; a date in the file\n"
    "name (2023-06-24, 20230624). Boilerplate lines (advertisement markers,\n"
    "comment forms, share prompts, photo credits) are left out of the\n"
    "sentences.\n"
    "\n"
    "Options:\n"
    "  --raw                 input is body text only: no metadata, no\n"
    "                        boilerplate removal\n"
    "  --input FORMAT        auto (default), text, jsonl, html or conllu\n"
    "                        (auto: by file name, then content)\n"
    "  --date YYYY-MM-DD     publication date for every article read\n"
    "  --title T, --source S, --url U   metadata for every article read\n"
    "  --max-doc-bytes N     largest article or JSONL line (default 16 MiB)\n"
    "  --quiet               do not print warnings (errors still print)\n"
    "  -h, --help            this help\n"
    "\n"
    "Exit status: 0 all read, 1 some input skipped (see stderr), 2 usage,\n"
    "3 fatal.\n";

static const char usage_parse[] =
    "Usage: sitrep parse [OPTION...] [FILE...]\n"
    "\n"
    "Reads articles as 'sitrep tokenize' does and prints full CoNLL-U: LEMMA,\n"
    "UPOS, XPOS, HEAD and DEPREL from the models in data/models, and in MISC\n"
    "the named entity (NE=B-PER, I-LOC, ...) when an entity model is there,\n"
    "with SpaceAfter=No and TokenRange as in tokenize.\n"
    "\n"
    "CoNLL-U input (--input conllu, a .conllu file, or text that starts like\n"
    "CoNLL-U) keeps the given words and sentences and predicts the rest;\n"
    "each '# newdoc' starts a document, '# date' gives its date, and the\n"
    "text is rebuilt from the word forms, which TokenRange then points into.\n"
    "\n"
    "Options: those of 'sitrep tokenize', and\n"
    "  --models DIR          the folder with tagger.bin, lemma.txt,\n"
    "                        parser.bin and ner.bin (default: $SITREP_MODELS,\n"
    "                        else the data/models sitrep was built from)\n";

static const char usage_inspect[] =
    "Usage: sitrep inspect [DIR...]\n"
    "\n"
    "Reads the articles in DIR (default: examples) and prints, for each, its\n"
    "metadata, its sentence and token counts and the boilerplate lines it\n"
    "recognised, then totals.\n";

void cli_print_warning(void *user, const sr_error *w) {
  if (user && *(int *)user)
    return; /* --quiet */
  fprintf(stderr, "%s: warning: %s\n", prog, w->msg);
}

static int parse_size(const char *s, size_t *out) {
  char *end;
  unsigned long long v;
  errno = 0;
  v = strtoull(s, &end, 10);
  if (errno || end == s || v == 0)
    return 0;
  if (*end == 'k' || *end == 'K')
    v <<= 10, end++;
  else if (*end == 'm' || *end == 'M')
    v <<= 20, end++;
  else if (*end == 'g' || *end == 'G')
    v <<= 30, end++;
  if (*end)
    return 0;
  *out = (size_t)v;
  return 1;
}

/* Parses a read option at argv[*i]. Returns 1 if used, 0 if not a read
 * option, -1 on error (printed). */
int cli_read_option(struct read_opts *o, int argc, char **argv, int *i) {
  const char *a = argv[*i];
  const char **target = NULL;
  if (!strcmp(a, "--raw")) {
    o->doc.raw = 1;
    return 1;
  }
  if (!strcmp(a, "--quiet") || !strcmp(a, "-q")) {
    o->quiet = 1;
    return 1;
  }
  if (!strcmp(a, "--models")) {
    if (*i + 1 >= argc) {
      fprintf(stderr, "%s: %s needs a value\n", prog, a);
      return -1;
    }
    o->cfg.model_dir = argv[++*i];
    return 1;
  }
  if (!strcmp(a, "--input") || !strcmp(a, "--date") || !strcmp(a, "--title") ||
      !strcmp(a, "--source") || !strcmp(a, "--url") ||
      !strcmp(a, "--max-doc-bytes")) {
    const char *v;
    if (*i + 1 >= argc) {
      fprintf(stderr, "%s: %s needs a value\n", prog, a);
      return -1;
    }
    v = argv[++*i];
    if (!strcmp(a, "--input")) {
      if (!strcmp(v, "auto"))
        o->doc.format = SR_FORMAT_AUTO;
      else if (!strcmp(v, "text"))
        o->doc.format = SR_FORMAT_TEXT;
      else if (!strcmp(v, "jsonl"))
        o->doc.format = SR_FORMAT_JSONL;
      else if (!strcmp(v, "html"))
        o->doc.format = SR_FORMAT_HTML;
      else if (!strcmp(v, "conllu"))
        o->doc.format = SR_FORMAT_CONLLU;
      else {
        fprintf(stderr,
                "%s: --input must be auto, text, jsonl, html or conllu, not "
                "'%s'\n",
                prog, v);
        return -1;
      }
      return 1;
    }
    if (!strcmp(a, "--max-doc-bytes")) {
      if (!parse_size(v, &o->cfg.max_doc_bytes)) {
        fprintf(stderr,
                "%s: --max-doc-bytes wants a positive size such as 16M, not "
                "'%s'\n",
                prog, v);
        return -1;
      }
      return 1;
    }
    target = !strcmp(a, "--date")     ? &o->doc.date
             : !strcmp(a, "--title")  ? &o->doc.title
             : !strcmp(a, "--source") ? &o->doc.source
                                      : &o->doc.url;
    *target = v;
    return 1;
  }
  return 0;
}

struct progress {
  int enabled;
  time_t last;
  size_t docs;
  uint64_t bytes;
};

static void show_progress(struct progress *p, int final) {
  time_t now = time(NULL);
  if (!p->enabled || (!final && now == p->last))
    return;
  p->last = now;
  fprintf(stderr, "\r%s: %zu documents, %.1f MB%s", prog, p->docs,
          (double)p->bytes / 1e6, final ? "\n" : "");
}

int cli_for_each_doc(struct read_opts *o, char **inputs, int ninputs,
                     cli_doc_fn fn, void *user) {
  sr_engine *e = NULL;
  sr_error err;
  int k, skipped = 0, rc = EXIT_OK;
  static char *stdin_only[] = {"-"};
  struct progress prog_state = {0};
  prog_state.enabled = isatty(2) && !o->quiet && !o->own_progress;
  o->cfg.warn = cli_print_warning;
  o->cfg.warn_user = &o->quiet;
  if (sr_engine_open(&o->cfg, &e, &err) != SR_OK) {
    fprintf(stderr, "%s: %s\n", prog, err.msg);
    return EXIT_FATAL;
  }
  if (!ninputs) {
    inputs = stdin_only;
    ninputs = 1;
  }
  for (k = 0; k < ninputs && rc == EXIT_OK; k++) {
    sr_source *src;
    if (sr_source_open(e, inputs[k], &o->doc, &src, &err) != SR_OK) {
      fprintf(stderr, "%s: %s\n", prog, err.msg);
      rc = err.code == SR_EINVAL ? EXIT_USAGE : EXIT_FATAL;
      break;
    }
    for (;;) {
      sr_doc *d = NULL;
      sr_status st = sr_source_next(src, &d, &err);
      if (st == SR_ENOMEM) {
        fprintf(stderr, "%s: error: %s\n", prog, err.msg);
        rc = EXIT_FATAL;
        break;
      }
      if (st != SR_OK) {
        fprintf(stderr, "%s: error: %s\n", prog, err.msg);
        skipped++;
        continue;
      }
      if (!d)
        break;
      prog_state.docs++;
      prog_state.bytes = sr_source_bytes_read(src);
      show_progress(&prog_state, 0);
      if (fn(user, d) != 0) {
        sr_doc_free(d);
        rc = EXIT_FATAL;
        break;
      }
      sr_doc_free(d);
    }
    sr_source_close(src);
  }
  if (prog_state.enabled && prog_state.docs)
    show_progress(&prog_state, 1);
  sr_engine_close(e);
  if (rc == EXIT_OK && skipped) {
    fprintf(stderr, "%s: %d input(s) skipped, see the errors above\n", prog,
            skipped);
    rc = EXIT_SKIPPED;
  }
  return rc;
}

/* ---- tokenize ----------------------------------------------------------- */

static void print_comment_value(const char *s) {
  for (; *s; s++)
    putchar(*s == '\n' || *s == '\r' || *s == '\t' ? ' ' : *s);
}

/* Prints one document as CoNLL-U; `full` adds the analysis columns. */
static int tokenize_doc(void *user, sr_doc *d) {
  size_t i, j, n = sr_doc_sentence_count(d);
  const char *title = sr_doc_meta(d, "title");
  int full = user != NULL;
  if (!n) {
    fprintf(stderr, "%s: warning: %s: no text to tokenize\n", prog,
            sr_doc_id(d));
    return 0;
  }
  fputs("# newdoc id = ", stdout);
  print_comment_value(sr_doc_id(d));
  putchar('\n');
  if (sr_doc_date(d))
    printf("# date = %s\n", sr_doc_date(d));
  if (title) {
    fputs("# title = ", stdout);
    print_comment_value(title);
    putchar('\n');
  }
  for (i = 0; i < n; i++) {
    const sr_sentence *s = sr_doc_sentence(d, i);
    const char *text = sr_doc_sentence_text(d, i, NULL);
    fputs("# sent_id = ", stdout);
    print_comment_value(sr_doc_id(d));
    printf("-%zu\n# text = %s\n", i + 1, text ? text : "");
    for (j = 0; j < s->token_count; j++) {
      const sr_token *t = sr_doc_token(d, s->first_token + j);
      int last = j + 1 == s->token_count;
      if (full && t->upos)
        printf("%zu\t%.*s\t%s\t%s\t%s\t_\t%zu\t%s\t_\t%s%s%s%s"
               "TokenRange=%zu:%zu\n",
               j + 1, (int)t->form_len, t->form, t->lemma, t->upos, t->xpos,
               t->head, t->deprel, t->ner && strcmp(t->ner, "O") ? "NE=" : "",
               t->ner && strcmp(t->ner, "O") ? t->ner : "",
               t->ner && strcmp(t->ner, "O") ? "|" : "",
               !t->space_after && !last ? "SpaceAfter=No|" : "", t->start,
               t->end);
      else
        printf("%zu\t%.*s\t_\t_\t_\t_\t_\t_\t_\t%sTokenRange=%zu:%zu\n", j + 1,
               (int)t->form_len, t->form,
               !t->space_after && !last ? "SpaceAfter=No|" : "", t->start,
               t->end);
    }
    putchar('\n');
  }
  return ferror(stdout) ? -1 : 0;
}

static int cmd_tokenize(int argc, char **argv, int full) {
  struct read_opts o;
  char **inputs;
  int i, n = 0, rc;
  memset(&o, 0, sizeof o);
  inputs = calloc((size_t)argc + 1, sizeof *inputs);
  if (!inputs)
    return EXIT_FATAL;
  for (i = 1; i < argc; i++) {
    int r = cli_read_option(&o, argc, argv, &i);
    if (r < 0) {
      free(inputs);
      return EXIT_USAGE;
    }
    if (r)
      continue;
    if (!strcmp(argv[i], "-h") || !strcmp(argv[i], "--help")) {
      fputs(full ? usage_parse : usage_tokenize, stdout);
      free(inputs);
      return EXIT_OK;
    }
    if (argv[i][0] == '-' && argv[i][1]) {
      fprintf(stderr, "%s tokenize: unknown option '%s' (see --help)\n", prog,
              argv[i]);
      free(inputs);
      return EXIT_USAGE;
    }
    inputs[n++] = argv[i];
  }
  if (full) {
    o.cfg.analyze = 1;
    o.doc.analyze = 1;
  }
  rc = cli_for_each_doc(&o, inputs, n, tokenize_doc, full ? &o : NULL);
  if (fflush(stdout) != 0 && rc == EXIT_OK) {
    fprintf(stderr, "%s: cannot write output: %s\n", prog, strerror(errno));
    rc = EXIT_FATAL;
  }
  free(inputs);
  return rc;
}

/* ---- inspect ---------------------------------------------------------------
 */

struct inspect_totals {
  size_t docs, sentences, tokens, boilerplate, dated;
};

static const char *format_name(sr_format f) {
  switch (f) {
  case SR_FORMAT_JSONL:
    return "jsonl";
  case SR_FORMAT_HTML:
    return "html";
  case SR_FORMAT_CONLLU:
    return "conllu";
  default:
    return "text";
  }
}

static int inspect_doc(void *user, sr_doc *d) {
  struct inspect_totals *t = user;
  size_t i, nb = sr_doc_boilerplate_count(d), ntok = sr_doc_token_count(d);
  size_t in_len;
  const char *input = sr_doc_input(d, &in_len);
  const char *title = sr_doc_meta(d, "title");
  const char *source = sr_doc_meta(d, "source");
  printf("%s  [%s]\n", sr_doc_id(d), format_name(sr_doc_format(d)));
  if (sr_doc_date(d))
    printf("  date     %s (from %s)\n", sr_doc_date(d), sr_doc_date_origin(d));
  else
    printf("  date     unknown\n");
  if (title)
    printf("  title    %s\n", title);
  if (source)
    printf("  source   %s\n", source);
  printf("  text     %zu sentences, %zu tokens\n", sr_doc_sentence_count(d),
         ntok);
  if (sr_doc_sentence_count(d)) {
    const char *first = sr_doc_sentence_text(d, 0, NULL);
    printf("  first    %.100s%s\n", first,
           first && strlen(first) > 100 ? "..." : "");
  }
  for (i = 0; i < nb; i++) {
    const sr_boilerplate *b = sr_doc_boilerplate(d, i);
    printf("  dropped  %-16s \"%.*s\"\n", b->reason,
           (int)(b->end - b->start > 70 ? 70 : b->end - b->start),
           input + b->start);
  }
  putchar('\n');
  t->docs++;
  t->sentences += sr_doc_sentence_count(d);
  t->tokens += ntok;
  t->boilerplate += nb;
  t->dated += sr_doc_date(d) != NULL;
  return ferror(stdout) ? -1 : 0;
}

static int cmd_inspect(int argc, char **argv) {
  struct read_opts o;
  struct inspect_totals t = {0};
  static char *default_dir[] = {"examples"};
  int rc;
  memset(&o, 0, sizeof o);
  if (argc > 1 && (!strcmp(argv[1], "-h") || !strcmp(argv[1], "--help"))) {
    fputs(usage_inspect, stdout);
    return EXIT_OK;
  }
  rc = cli_for_each_doc(&o, argc > 1 ? argv + 1 : default_dir,
                        argc > 1 ? argc - 1 : 1, inspect_doc, &t);
  printf("%zu articles (%zu with a date), %zu sentences, %zu tokens, "
         "%zu boilerplate lines left out\n",
         t.docs, t.dated, t.sentences, t.tokens, t.boilerplate);
  return rc;
}

/* ---- main --------------------------------------------------------------- */

/* Each document lives in its own arena of a few hundred KB. glibc would
 * serve such blocks with fresh mmap()s, or trim them off the heap on free,
 * so every document would pay its page faults again (half the run time in
 * `make bench`). Keeping freed memory in the process avoids that. */
static void tune_malloc(void) {
#ifdef __GLIBC__
  mallopt(M_MMAP_THRESHOLD, 64 << 20);
  mallopt(M_TRIM_THRESHOLD, 256 << 20);
#endif
}

int main(int argc, char **argv) {
  const char *cmd;
  tune_malloc();
  cli_ignore_file_size_signal();
  cli_tune_sqlite();
  if (argc < 2) {
    fputs(usage_main, stderr);
    return EXIT_USAGE;
  }
  cmd = argv[1];
  if (!strcmp(cmd, "-h") || !strcmp(cmd, "--help") || !strcmp(cmd, "help")) {
    fputs(usage_main, stdout);
    return EXIT_OK;
  }
  if (!strcmp(cmd, "-V") || !strcmp(cmd, "--version")) {
    printf("sitrep %s\n", sr_version());
    return EXIT_OK;
  }
  if (!strcmp(cmd, "tokenize"))
    return cmd_tokenize(argc - 1, argv + 1, 0);
  if (!strcmp(cmd, "parse"))
    return cmd_tokenize(argc - 1, argv + 1, 1);
  if (!strcmp(cmd, "inspect"))
    return cmd_inspect(argc - 1, argv + 1);
  if (!strcmp(cmd, "demo"))
    return cli_demo(argc - 1, argv + 1);
  if (!strcmp(cmd, "ingest"))
    return cli_ingest(argc - 1, argv + 1);
  if (!strcmp(cmd, "timeline") || !strcmp(cmd, "actors") ||
      !strcmp(cmd, "events") || !strcmp(cmd, "quotes") ||
      !strcmp(cmd, "search"))
    return cli_query(cmd, argc - 1, argv + 1);
  if (!strcmp(cmd, "export"))
    return cli_export(argc - 1, argv + 1);
  if (!strcmp(cmd, "code"))
    return cli_code(argc - 1, argv + 1);
  if (!strcmp(cmd, "geocode"))
    return cli_geocode(argc - 1, argv + 1);
  if (!strcmp(cmd, "eval"))
    return cli_eval(argc - 1, argv + 1);
  fprintf(stderr, "%s: unknown command '%s'; run 'sitrep --help'\n", prog, cmd);
  return EXIT_USAGE;
}
