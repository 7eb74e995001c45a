/*
 * ingest.h - what the ingest stage offers the engine: turning input bytes
 * (a text article, an HTML page, a JSONL record) into a document with its
 * metadata and body, and the date and format rules they share.
 */
#ifndef SR_INGEST_H
#define SR_INGEST_H

#include "internal.h"

/* Decides the format of an input from its file name (".jsonl", ".ndjson",
 * ".html", ".htm", ".xhtml"; compression suffixes ignored), then from its
 * first bytes ('{' opens JSONL; "<!doctype html", "<html" or a leading
 * HTML tag opens HTML); otherwise text. `name` may be NULL. */
sr_format sr__sniff_format(const char *name, const char *bytes, size_t n);

/* Is this a binary file rather than text? Looks at the first 64 KiB. On
 * yes, writes a short reason ("12% control bytes") into why[0..cap). */
int sr__looks_binary(const char *bytes, size_t n, char *why, size_t cap);

/* Parses a date as news metadata writes it: 2023-06-24 (with an optional
 * time after it), 2023/06/24, 20230624, "June 24, 2023", "24 June 2023",
 * "Sat, 24 Jun 2023 10:00:00 GMT". Writes "YYYY-MM-DD" into out and returns
 * 1, or returns 0 when it is not a valid calendar date. */
int sr__parse_date(const char *s, size_t n, char out[11]);

/* Finds a date in the last component of a file path: 2023-06-24, 20230624
 * or 20230624T120000Z, not inside a longer run of digits. */
int sr__filename_date(const char *path, char out[11]);

/* Reads the metadata of a plain-text article whose bytes are d->input: a
 * leading header block of `Key: value` lines ended by a blank line, else a
 * leading " date YYYY-MM-DD " marker; sets the body after it. */
sr_status sr__ingest_text(sr_doc *d, sr_error *err);

/* Reads one JSONL record `line[0..n)` (line `lineno` of its file) into d:
 * the text value becomes d->input, the other keys metadata. Errors say
 * where: "PATH:LINE:COLUMN: reason". */
sr_status sr__ingest_jsonl(sr_doc *d, const char *line, size_t n,
                           sr_error *err);

/* Extracts the visible text of the HTML page in d->input into d->body with
 * its offset map, and its title, date, outlet and URL (html.c). */
sr_status sr__ingest_html(sr_doc *d, sr_error *err);

/* Sets the date from a metadata value, warning when it cannot be read. */
void sr__doc_set_date(sr_doc *d, const char *value, size_t n,
                      const char *origin);

#endif
