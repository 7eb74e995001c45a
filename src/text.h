/*
 * text.h - what the text stage offers the engine: a clean, valid, NFC copy
 * of the article body that keeps a map back to the original bytes, and the
 * list of boilerplate lines that later stages must not code.
 */
#ifndef SR_TEXT_H
#define SR_TEXT_H

#include "internal.h"

/* Fills d->clean, d->clean_map and d->repairs from d->body: each byte of
 * an invalid UTF-8 sequence becomes one U+FFFD, NUL and other C0 control
 * bytes become spaces, a BOM, soft hyphens and zero-width spaces are
 * dropped, and runs holding
 * combining characters are put in NFC. When nothing needs repair, clean
 * points at body (no copy). Unless d->raw, also finds boilerplate lines.
 * Returns SR_ENOMEM on allocation failure. */
sr_status sr__text_clean(sr_doc *d, sr_error *err);

/* If the line [s, s+n) (no line break inside) is boilerplate, returns the
 * static reason ("advertisement", "comment-form", "share-prompt",
 * "subscribe-prompt", "photo-credit", "related-link", "site-chrome"),
 * else NULL. Exposed for the unit tests. */
const char *sr__boilerplate_reason(const char *s, size_t n);

/* Decodes one UTF-8 sequence at s[0..n). Returns its length (1-4) and sets
 * *cp, or returns 0 when the bytes are not valid UTF-8 (overlong forms,
 * surrogates and values past U+10FFFF are invalid). */
size_t sr__utf8_decode(const unsigned char *s, size_t n, uint32_t *cp);

#endif
