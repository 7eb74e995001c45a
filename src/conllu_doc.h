/*
 * conllu_doc.h - documents built from CoNLL-U sentences (conllu_doc.c).
 */
#ifndef SR_CONLLU_DOC_H
#define SR_CONLLU_DOC_H

#include "internal.h"

/* Fills d (whose path is set) from the CoNLL-U text bytes[0..len), the
 * sentences of one document; `first_line` is the line of bytes[0] in its
 * file, for messages. Sets the input text, tokens and sentences (with the
 * given columns), the id from "# newdoc id" and the date from "# date".
 * Errors: SR_EPARSE with "PATH:LINE: reason", SR_ENOMEM. */
sr_status sr__ingest_conllu(sr_doc *d, const char *bytes, size_t len,
                            size_t first_line, sr_error *err);

#endif
