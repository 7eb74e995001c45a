/*
 * cli.h - what the files of the `sitrep` command share. The command is a
 * thin client of include/sitrep.h: it parses options, prints, and maps
 * statuses to exit codes; the work happens in the library.
 */
#ifndef SITREP_CLI_H
#define SITREP_CLI_H

#include "sitrep.h"

/* Exit codes, documented in `sitrep --help`. */
enum {
  EXIT_OK = 0,      /* everything read */
  EXIT_SKIPPED = 1, /* some input was reported and skipped */
  EXIT_USAGE = 2,   /* bad command line */
  EXIT_FATAL = 3    /* could not go on: output error, out of memory */
};

/* `sitrep eval ...` (eval.c). */
int cli_eval(int argc, char **argv);

/* Prints a warning from the library to stderr. */
void cli_print_warning(void *user, const sr_error *w);

#endif
