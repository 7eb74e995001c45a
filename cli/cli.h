/*
 * cli.h - what the files of the `sitrep` command share. The command is a
 * thin client of include/sitrep.h: it parses options, prints, and maps
 * statuses to exit codes; the work happens in the library.
 */
#ifndef SITREP_CLI_H
#define SITREP_CLI_H

#include "sitrep.h"

#include <stdio.h>

/* Exit codes, documented in `sitrep --help`. */
enum {
  EXIT_OK = 0,      /* everything read */
  EXIT_SKIPPED = 1, /* some input was reported and skipped */
  EXIT_USAGE = 2,   /* bad command line */
  EXIT_FATAL = 3    /* could not go on: output error, out of memory */
};

/* Common options of the commands that read articles (main.c). */
struct read_opts {
  sr_doc_options doc;
  sr_config cfg;
  int quiet;
  int own_progress; /* the command prints its own progress line */
};

/* Parses a read option at argv[*i]: --raw, --quiet, --models, --input,
 * --date, --title, --source, --url, --max-doc-bytes. Returns 1 if used
 * (advancing *i past its value), 0 if not a read option, -1 on error
 * (printed). */
int cli_read_option(struct read_opts *o, int argc, char **argv, int *i);

/* Called for each document; nonzero stops the run (an output error). */
typedef int (*cli_doc_fn)(void *user, sr_doc *d);

/* Opens an engine with o->cfg and calls fn for every document of the
 * inputs (standard input when there are none). Errors about one input are
 * printed and counted; a progress line goes to a terminal. Returns an exit
 * code. */
int cli_for_each_doc(struct read_opts *o, char **inputs, int ninputs,
                     cli_doc_fn fn, void *user);

/* Dictionary options shared by `code` and `eval petrarch` (code.c). */
#define CLI_MAX_DICT_FILES 64
struct cli_dict_opts {
  const char *dir; /* --dict, or NULL */
  const char *file[CLI_MAX_DICT_FILES];
  sr_dict_kind kind[CLI_MAX_DICT_FILES];
  int nfiles;
  int strict;
};

void cli_dict_init(struct cli_dict_opts *o);

/* Parses --dict, --actors, --agents, --verbs, --discards, --strict at
 * argv[*i]; returns 1 if used, 0 if not one of them, -1 on error. */
int cli_dict_option(struct cli_dict_opts *o, int argc, char **argv, int *i);

/* Loads the files named, else the folder (--dict, $SITREP_DICT, the
 * shipped data/dict). Errors are printed. Returns an exit code. */
int cli_dict_load(const struct cli_dict_opts *o, const sr_engine *e,
                  sr_dict **out);

/* Sets the read options for coding (analysis on), opens a plain engine
 * for the dictionaries' warnings and loads the dictionaries. On success
 * the caller closes both. Returns an exit code. */
int cli_coder_open(struct read_opts *o, const struct cli_dict_opts *dopt,
                   sr_engine **plain, sr_dict **dict);

/* `sitrep ingest`, `timeline`, `actors`, `events`, `quotes`, `search`,
 * `export` and `demo` (store.c). */
int cli_ingest(int argc, char **argv);
int cli_query(const char *command, int argc, char **argv);
int cli_export(int argc, char **argv);
int cli_demo(int argc, char **argv);

/* Makes a file-size limit a write error instead of a fatal signal. */
void cli_ignore_file_size_signal(void);

/* Process-wide SQLite settings for speed; call first thing in main(). */
void cli_tune_sqlite(void);

/* `sitrep eval petrarch ...` (eval_petrarch.c). */
int cli_eval_petrarch(int argc, char **argv);

/* `sitrep eval plover ...` (eval_plover.c). */
int cli_eval_plover(int argc, char **argv);

/* `sitrep code ...` (code.c). */
int cli_code(int argc, char **argv);

/* `sitrep geocode ...` (geocode.c). */
int cli_geocode(int argc, char **argv);

/* Prints a location as a JSON object, or null (code.c). */
void cli_json_location(FILE *fp, const sr_location *l);

/* `sitrep eval ...` (eval.c). */
int cli_eval(int argc, char **argv);

/* Prints a warning from the library to stderr. */
void cli_print_warning(void *user, const sr_error *w);

#endif
