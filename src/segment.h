/*
 * segment.h - what the segment stage offers the engine: sentences and
 * UD English-EWT style tokens over the cleaned text, each with its byte
 * range in the original input.
 */
#ifndef SR_SEGMENT_H
#define SR_SEGMENT_H

#include "internal.h"

/* Splits d->clean (skipping d's boilerplate lines) into tokens and
 * sentences; fills d->tokens, d->sentences and d->boilerplate with offsets
 * mapped through clean_map and body_map to the original input. Returns
 * SR_ENOMEM on allocation failure. */
sr_status sr__segment(sr_doc *d, sr_error *err);

/* Sets t->norm, the token's matching key: t->form with typographic quotes,
 * dashes and ellipses mapped to ASCII (t->form itself when it has none).
 * Returns SR_ENOMEM on allocation failure. */
sr_status sr__token_norm(sr_doc *d, sr_token *t);

#endif
