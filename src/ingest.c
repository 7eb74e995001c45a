/*
 * ingest.c - the ingest stage: bytes -> documents with metadata.
 *
 * Users point sitrep at whatever they scraped: a folder of .txt files, a
 * JSONL dump, saved HTML pages, compressed archives, a pipe. This file
 * reads all of them (DESIGN.md, "Documents and metadata"): it recognises
 * compression by magic bytes (gzip 1f 8b, zstd 28 b5 2f fd) and the format
 * by name and content, walks directories in name order, streams JSONL line
 * by line so memory stays flat however large the file, and finds each
 * article's metadata. Metadata precedence: command-line options, then a
 * header block of `Key: value` lines, then the seeds' ` date YYYY-MM-DD `
 * marker, then a date in the file name.
 *
 * Nothing is dropped silently: every record that cannot be read comes back
 * from sr_source_next() as an error that names the file and the line (or
 * byte), and the next call goes on with the rest.
 */
#include "ingest.h"

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include <cJSON.h>
#include <zlib.h>
#include <zstd.h>

#include "conllu_doc.h"
#include "text.h"

/* ---- dates -------------------------------------------------------------- */

/* Publication dates: 1800 to 2200. */
static int valid_ymd(int y, int m, int d) {
  if (y < 1800 || y > 2200 || m < 1 || m > 12 || d < 1)
    return 0;
  return d <= sr__month_days(y, m);
}

static int digits_at(const char *s, size_t n, size_t at, size_t count,
                     int *value) {
  size_t i;
  int v = 0;
  if (at + count > n)
    return 0;
  for (i = 0; i < count; i++) {
    if (!isdigit((unsigned char)s[at + i]))
      return 0;
    v = v * 10 + (s[at + i] - '0');
  }
  *value = v;
  return 1;
}

static int month_from_name(const char *s, size_t n, size_t *used) {
  static const char *const names[] = {
      "january", "february", "march",     "april",   "may",      "june",
      "july",    "august",   "september", "october", "november", "december"};
  size_t len = 0;
  int m;
  while (len < n && isalpha((unsigned char)s[len]))
    len++;
  for (m = 0; m < 12; m++) {
    size_t full = strlen(names[m]);
    if ((len == full || (len >= 3 && len < full) || (m == 8 && len == 4)) &&
        !strncasecmp(s, names[m], len)) {
      *used = len;
      if (len < full && len != 3 && !(m == 8 && len == 4))
        continue; /* "Ju" is not a month */
      return m + 1;
    }
  }
  return 0;
}

int sr__parse_date(const char *s, size_t n, char out[11]) {
  int y, m, d;
  size_t i = 0, used;
  while (n && isspace((unsigned char)s[n - 1]))
    n--;
  while (i < n && isspace((unsigned char)s[i]))
    i++;
  s += i;
  n -= i;
  /* 2023-06-24, 2023/06/24, 2023.06.24, optionally followed by a time */
  if (digits_at(s, n, 0, 4, &y) && n >= 10 &&
      (s[4] == '-' || s[4] == '/' || s[4] == '.') && s[7] == s[4] &&
      digits_at(s, n, 5, 2, &m) && digits_at(s, n, 8, 2, &d) &&
      (n == 10 || !isdigit((unsigned char)s[10]))) {
    if (!valid_ymd(y, m, d))
      return 0;
    sr__put_ymd(out, y, m, d);
    return 1;
  }
  /* 20230624 and 20230624T120000Z */
  if (digits_at(s, n, 0, 4, &y) && digits_at(s, n, 4, 2, &m) &&
      digits_at(s, n, 6, 2, &d) && (n == 8 || !isdigit((unsigned char)s[8]))) {
    if (!valid_ymd(y, m, d))
      return 0;
    sr__put_ymd(out, y, m, d);
    return 1;
  }
  /* skip a weekday: "Sat, 24 Jun 2023" / "Saturday, June 24, 2023" */
  i = 0;
  while (i < n && isalpha((unsigned char)s[i]))
    i++;
  if (i >= 3 && i < n && s[i] == ',' && !month_from_name(s, n, &used)) {
    i++;
    while (i < n && isspace((unsigned char)s[i]))
      i++;
    s += i;
    n -= i;
  }
  /* "June 24, 2023" */
  if ((m = month_from_name(s, n, &used)) != 0) {
    i = used;
    if (i < n && s[i] == '.')
      i++;
    while (i < n && isspace((unsigned char)s[i]))
      i++;
    if (digits_at(s, n, i, 2, &d) || digits_at(s, n, i, 1, &d)) {
      i += d >= 10 || (i + 1 < n && isdigit((unsigned char)s[i + 1])) ? 2 : 1;
      while (i < n && (isalpha((unsigned char)s[i])))
        i++; /* 24th */
      if (i < n && s[i] == ',')
        i++;
      while (i < n && isspace((unsigned char)s[i]))
        i++;
      if (digits_at(s, n, i, 4, &y) && valid_ymd(y, m, d)) {
        sr__put_ymd(out, y, m, d);
        return 1;
      }
    }
    return 0;
  }
  /* "24 June 2023", "24 Jun 2023 10:00:00 GMT" */
  if (digits_at(s, n, 0, 2, &d) || digits_at(s, n, 0, 1, &d)) {
    i = (n > 1 && isdigit((unsigned char)s[1])) ? 2 : 1;
    while (i < n && isalpha((unsigned char)s[i]) && i < 4 &&
           !month_from_name(s + i, n - i, &used))
      i++; /* 24th */
    while (i < n && isspace((unsigned char)s[i]))
      i++;
    if ((m = month_from_name(s + i, n - i, &used)) != 0) {
      i += used;
      if (i < n && s[i] == '.')
        i++;
      if (i < n && s[i] == ',')
        i++;
      while (i < n && isspace((unsigned char)s[i]))
        i++;
      if (digits_at(s, n, i, 4, &y) && valid_ymd(y, m, d)) {
        sr__put_ymd(out, y, m, d);
        return 1;
      }
    }
  }
  return 0;
}

int sr__filename_date(const char *path, char out[11]) {
  const char *base = strrchr(path, '/');
  size_t i, n;
  base = base ? base + 1 : path;
  n = strlen(base);
  for (i = 0; i < n; i++) {
    int y, m, d;
    if (i > 0 && isdigit((unsigned char)base[i - 1]))
      continue;
    if (digits_at(base, n, i, 4, &y) && i + 10 <= n && base[i + 4] == '-' &&
        base[i + 7] == '-' && digits_at(base, n, i + 5, 2, &m) &&
        digits_at(base, n, i + 8, 2, &d) &&
        (i + 10 == n || !isdigit((unsigned char)base[i + 10])) &&
        valid_ymd(y, m, d)) {
      sr__put_ymd(out, y, m, d);
      return 1;
    }
    if (digits_at(base, n, i, 4, &y) && digits_at(base, n, i + 4, 2, &m) &&
        digits_at(base, n, i + 6, 2, &d) &&
        (i + 8 == n || !isdigit((unsigned char)base[i + 8])) &&
        valid_ymd(y, m, d)) {
      sr__put_ymd(out, y, m, d);
      return 1;
    }
  }
  return 0;
}

void sr__doc_set_date(sr_doc *d, const char *value, size_t n,
                      const char *origin) {
  char date[11];
  if (sr__parse_date(value, n, date)) {
    memcpy(d->date, date, sizeof date);
    d->date_origin = origin;
  } else {
    sr__warn(d, SIZE_MAX, "cannot read the date '%.*s' (%s); left unset",
             (int)(n > 60 ? 60 : n), value, origin);
  }
}

/* ---- format recognition -------------------------------------------------- */

static int name_has_ext(const char *name, size_t n, const char *ext) {
  size_t m = strlen(ext);
  return n > m && !strncasecmp(name + n - m, ext, m);
}

/* Does the text start like CoNLL-U: "#" comment lines, then a word line
 * (a numeric ID, then nine more tab-separated columns)? */
static int looks_conllu(const char *bytes, size_t n) {
  size_t i = 0, tabs = 0;
  while (i < n && bytes[i] == '#') { /* skip comment lines */
    const char *nl = memchr(bytes + i, '\n', n - i);
    if (!nl)
      return 0;
    i = (size_t)(nl - bytes) + 1;
  }
  if (i >= n || !isdigit((unsigned char)bytes[i]))
    return 0;
  while (i < n && (isdigit((unsigned char)bytes[i]) || bytes[i] == '-' ||
                   bytes[i] == '.'))
    i++;
  if (i >= n || bytes[i] != '\t')
    return 0;
  for (; i < n && bytes[i] != '\n'; i++)
    tabs += bytes[i] == '\t';
  return tabs == 9;
}

sr_format sr__sniff_format(const char *name, const char *bytes, size_t n) {
  size_t i = 0;
  if (name) {
    size_t len = strlen(name);
    static const char *const compressed[] = {".gz", ".gzip", ".zst", ".zstd",
                                             NULL};
    size_t k;
    for (k = 0; compressed[k]; k++)
      if (name_has_ext(name, len, compressed[k])) {
        len -= strlen(compressed[k]);
        break;
      }
    if (name_has_ext(name, len, ".jsonl") ||
        name_has_ext(name, len, ".ndjson") || name_has_ext(name, len, ".json"))
      return SR_FORMAT_JSONL;
    if (name_has_ext(name, len, ".html") || name_has_ext(name, len, ".htm") ||
        name_has_ext(name, len, ".xhtml"))
      return SR_FORMAT_HTML;
    if (name_has_ext(name, len, ".txt") || name_has_ext(name, len, ".text"))
      return SR_FORMAT_TEXT;
    if (name_has_ext(name, len, ".conllu") || name_has_ext(name, len, ".conll"))
      return SR_FORMAT_CONLLU;
  }
  {
    /* binary bytes that happen to start with '{' or a digit are still
     * binary: as text they get one "binary file" error, not one per line */
    char why[64];
    if (sr__looks_binary(bytes, n, why, sizeof why))
      return SR_FORMAT_TEXT;
  }
  if (looks_conllu(bytes, n))
    return SR_FORMAT_CONLLU;
  if (n >= 3 && !memcmp(bytes, "\xEF\xBB\xBF", 3))
    i = 3;
  while (i < n && isspace((unsigned char)bytes[i]))
    i++;
  if (i < n && bytes[i] == '{')
    return SR_FORMAT_JSONL;
  if (i < n && bytes[i] == '<') {
    static const char *const tags[] = {
        "<!doctype html", "<html", "<head", "<body", "<!--", "<meta",
        "<article",       "<div",  "<p>",   "<p ",   NULL};
    size_t k;
    for (k = 0; tags[k]; k++)
      if (n - i >= strlen(tags[k]) &&
          !strncasecmp(bytes + i, tags[k], strlen(tags[k])))
        return SR_FORMAT_HTML;
  }
  return SR_FORMAT_TEXT;
}

int sr__looks_binary(const char *bytes, size_t n, char *why, size_t cap) {
  size_t i, control = 0, invalid = 0, nul = 0, look = n < 65536 ? n : 65536;
  const unsigned char *s = (const unsigned char *)bytes;
  for (i = 0; i < look;) {
    uint32_t cp;
    size_t len;
    if (s[i] < 0x80) {
      if (s[i] == 0)
        nul++;
      if ((s[i] < 0x20 && (s[i] == 0 || !strchr("\t\n\r\f\v\x1b", s[i]))) ||
          s[i] == 0x7f)
        control++;
      i++;
      continue;
    }
    len = sr__utf8_decode(s + i, look - i, &cp);
    if (!len) {
      if (look - i < 4 && look < n)
        break; /* a sequence cut by the window */
      invalid++;
      len = 1;
    }
    i += len;
  }
  if (!look)
    return 0;
  if (control * 100 > look * 5) {
    if (nul * 100 > look * 20)
      snprintf(why, cap, "%zu%% NUL bytes; UTF-16 or binary", nul * 100 / look);
    else
      snprintf(why, cap, "%zu%% control bytes", control * 100 / look);
    return 1;
  }
  if (invalid * 100 > look * 30) {
    snprintf(why, cap, "%zu%% invalid UTF-8", invalid * 100 / look);
    return 1;
  }
  return 0;
}

/* ---- plain-text metadata --------------------------------------------------
 */

static const char *const header_keys[] = {
    "date",      "title",    "source",   "url",      "author",  "published",
    "id",        "byline",   "lang",     "language", "section", "headline",
    "publisher", "dateline", "pub_date", "link",     NULL};

static int is_header_key(const char *k, size_t n) {
  size_t i;
  for (i = 0; header_keys[i]; i++)
    if (strlen(header_keys[i]) == n && !strncasecmp(k, header_keys[i], n))
      return 1;
  return 0;
}

/* Parses "Key: value" at s[0..n) (one line). Sets the key and value
 * ranges; returns 0 when the line is not of that shape. */
static int header_line(const char *s, size_t n, size_t *klen, size_t *vstart,
                       size_t *vend) {
  size_t i = 0;
  if (!n || !isalpha((unsigned char)s[0]))
    return 0;
  while (i < n && i <= 30 &&
         (isalnum((unsigned char)s[i]) || s[i] == '_' || s[i] == '-' ||
          s[i] == ' '))
    i++;
  if (i >= n || s[i] != ':')
    return 0;
  *klen = i;
  while (*klen && s[*klen - 1] == ' ')
    (*klen)--;
  i++;
  while (i < n && (s[i] == ' ' || s[i] == '\t'))
    i++;
  *vstart = i;
  *vend = n;
  while (*vend > *vstart && isspace((unsigned char)s[*vend - 1]))
    (*vend)--;
  return 1;
}

static void lower_key(char *dst, const char *src, size_t n) {
  size_t i;
  for (i = 0; i < n; i++)
    dst[i] = src[i] == ' ' || src[i] == '-'
                 ? '_'
                 : (char)tolower((unsigned char)src[i]);
  dst[n] = '\0';
}

/* Tries the header block; returns the body offset, or 0 when there is no
 * header block. */
static size_t read_header_block(sr_doc *d, size_t start, sr_status *st) {
  const char *s = d->input;
  size_t n = d->input_len, i = start, lines = 0, known = 0;
  *st = SR_OK;
  /* first pass: check the shape */
  while (i < n) {
    size_t e = i, klen, vs, ve;
    while (e < n && s[e] != '\n')
      e++;
    if (e == i || (e == i + 1 && s[i] == '\r'))
      break; /* blank line ends the block */
    if (!header_line(s + i, e - i, &klen, &vs, &ve) || lines >= 40)
      return 0;
    known += is_header_key(s + i, klen);
    lines++;
    if (e >= n)
      return 0; /* no blank line: not a header */
    i = e + 1;
  }
  if (i >= n || !lines || !known)
    return 0;
  /* second pass: store */
  i = start;
  while (i < n) {
    size_t e = i, klen, vs, ve;
    char key[40];
    while (e < n && s[e] != '\n')
      e++;
    if (e == i || (e == i + 1 && s[i] == '\r'))
      break;
    header_line(s + i, e - i, &klen, &vs, &ve);
    lower_key(key, s + i, klen);
    if (!strcmp(key, "date") || !strcmp(key, "published") ||
        !strcmp(key, "pub_date")) {
      if (!d->date[0] || strcmp(key, "date") == 0)
        sr__doc_set_date(d, s + i + vs, ve - vs, "header");
    }
    if (!strcmp(key, "link"))
      memcpy(key, "url", 4);
    if (!strcmp(key, "headline"))
      memcpy(key, "title", 6);
    if (!strcmp(key, "publisher"))
      memcpy(key, "source", 7);
    if (sr__doc_set_meta(d, key, strlen(key), s + i + vs, ve - vs, 1) !=
        SR_OK) {
      *st = SR_ENOMEM;
      return 0;
    }
    i = e + 1;
  }
  while (i < n && (s[i] == '\n' || s[i] == '\r'))
    i++;
  return i;
}

/* The seeds' marker: optional spaces, "date", spaces, YYYY-MM-DD, a space. */
static size_t read_date_marker(sr_doc *d, size_t start) {
  const char *s = d->input;
  size_t n = d->input_len, i = start;
  while (i < n && (s[i] == ' ' || s[i] == '\t'))
    i++;
  if (n - i < 15 || strncasecmp(s + i, "date", 4) || s[i + 4] != ' ')
    return 0;
  i += 4;
  while (i < n && s[i] == ' ')
    i++;
  if (i + 10 > n || !sr__parse_date(s + i, 10, d->date) ||
      (i + 10 < n && !isspace((unsigned char)s[i + 10]))) {
    d->date[0] = '\0';
    return 0;
  }
  d->date_origin = "marker";
  i += 10;
  while (i < n && (s[i] == ' ' || s[i] == '\t'))
    i++;
  return i;
}

sr_status sr__ingest_text(sr_doc *d, sr_error *err) {
  size_t start = 0, body = 0;
  sr_status st = SR_OK;
  if (d->input_len >= 3 && !memcmp(d->input, "\xEF\xBB\xBF", 3))
    start = 3;
  if (!d->raw) {
    body = read_header_block(d, start, &st);
    if (st != SR_OK)
      return sr__error(err, st, SIZE_MAX, 0, "out of memory");
    if (!body)
      body = read_date_marker(d, start);
    if (!d->date[0] && d->path && sr__filename_date(d->path, d->date))
      d->date_origin = "filename";
  }
  d->body = d->input + body;
  d->body_len = d->input_len - body;
  sr__offmap_init(&d->body_map, body);
  return SR_OK;
}

/* ---- JSONL records ------------------------------------------------------- */

static const char *const text_keys[] = {"text", "body", "content", NULL};
static const char *const date_keys[] = {"date", "published", "pub_date", NULL};

static const cJSON *first_key(const cJSON *obj, const char *const *keys,
                              const char **which) {
  size_t i;
  for (i = 0; keys[i]; i++) {
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, keys[i]);
    if (v) {
      *which = keys[i];
      return v;
    }
  }
  return NULL;
}

/* Column (1-based, in bytes) of position p in line[0..n). */
static size_t column_of(const char *line, size_t n, const char *p) {
  if (!p || p < line || p > line + n)
    return 1;
  return (size_t)(p - line) + 1;
}

sr_status sr__ingest_jsonl(sr_doc *d, const char *line, size_t n,
                           sr_error *err) {
  const char *end = NULL, *which = NULL, *where = d->path ? d->path : "-";
  cJSON *root, *item;
  const cJSON *text, *date;
  size_t ln = d->line ? d->line : 1;
  sr_status st = SR_OK;

  root = cJSON_ParseWithLengthOpts(line, n, &end, 0);
  if (!root)
    return sr__error(err, SR_EPARSE, end ? (size_t)(end - line) : 0, ln,
                     "%s:%zu:%zu: malformed JSON; record skipped", where, ln,
                     column_of(line, n, end));
  if (end) {
    const char *p = end;
    while (p < line + n && isspace((unsigned char)*p))
      p++;
    if (p < line + n) {
      cJSON_Delete(root);
      return sr__error(err, SR_EPARSE, (size_t)(p - line), ln,
                       "%s:%zu:%zu: text after the JSON object; record "
                       "skipped",
                       where, ln, column_of(line, n, p));
    }
  }
  if (!cJSON_IsObject(root)) {
    cJSON_Delete(root);
    return sr__error(err, SR_EPARSE, 0, ln,
                     "%s:%zu: not a JSON object; record skipped", where, ln);
  }
  text = first_key(root, text_keys, &which);
  if (!text || !cJSON_IsString(text)) {
    cJSON_Delete(root);
    return sr__error(err, SR_EPARSE, 0, ln,
                     text ? "%s:%zu: \"%s\" is not a string; record skipped"
                          : "%s:%zu: no text (keys text, body or content); "
                            "record skipped",
                     where, ln, which ? which : "");
  }
  {
    size_t tl = strlen(text->valuestring);
    char *copy = sr__doc_strdup(d, text->valuestring, tl);
    if (!copy) {
      cJSON_Delete(root);
      return sr__error(err, SR_ENOMEM, SIZE_MAX, ln, "out of memory");
    }
    d->input = copy;
    d->input_len = tl;
    d->body = copy;
    d->body_len = tl;
    sr__offmap_init(&d->body_map, 0);
  }
  date = first_key(root, date_keys, &which);
  if (date && cJSON_IsString(date))
    sr__doc_set_date(d, date->valuestring, strlen(date->valuestring), "json");
  else if (date && cJSON_IsNumber(date)) {
    char buf[32];
    snprintf(buf, sizeof buf, "%.0f", date->valuedouble);
    sr__doc_set_date(d, buf, strlen(buf), "json");
  }
  /* every other key is kept as metadata, under its canonical name */
  cJSON_ArrayForEach(item, root) {
    const char *key = item->string;
    char *value;
    if (!key || item == text)
      continue;
    if (!strcmp(key, "publisher"))
      key = "source";
    else if (!strcmp(key, "published") || !strcmp(key, "pub_date"))
      key = "date";
    else if (!strcmp(key, "headline"))
      key = "title";
    else if (!strcmp(key, "link"))
      key = "url";
    if (cJSON_IsString(item)) {
      if (sr__doc_set_meta(d, key, strlen(key), item->valuestring,
                           strlen(item->valuestring), 1) != SR_OK)
        st = SR_ENOMEM;
    } else if (!cJSON_IsNull(item)) {
      value = cJSON_PrintUnformatted(item);
      if (!value || sr__doc_set_meta(d, key, strlen(key), value, strlen(value),
                                     1) != SR_OK)
        st = SR_ENOMEM;
      cJSON_free(value);
    }
    if (!strcmp(key, "id") && !d->id) {
      const char *v = sr_doc_meta(d, "id");
      d->id = v ? sr__doc_strdup(d, v, strlen(v)) : NULL;
      if (v && !d->id)
        st = SR_ENOMEM;
    }
  }
  cJSON_Delete(root);
  if (st != SR_OK)
    return sr__error(err, st, SIZE_MAX, ln, "out of memory");
  return SR_OK;
}

/* ---- readers: plain, gzip, zstd ----------------------------------------- */

enum { RD_PLAIN, RD_GZIP, RD_ZSTD };

#define RD_CHUNK (64 * 1024)

struct reader {
  int kind;
  FILE *fp;                 /* NULL when reading memory */
  int own_fp;               /* close fp at the end (not for stdin) */
  const unsigned char *mem; /* memory input */
  size_t mem_len, mem_pos;
  unsigned char *in; /* compressed input buffer */
  size_t in_len, in_pos;
  int in_eof;          /* no more raw input */
  uint64_t raw_offset; /* raw bytes consumed, for error messages */
  z_stream z;
  int z_init, z_ended; /* a gzip member ended and no more followed */
  ZSTD_DStream *zs;
  size_t zs_last; /* last ZSTD_decompressStream hint; 0: frame done */
  int failed;
};

/* Fills r->in from the file or memory. */
static int raw_fill(struct reader *r, sr_error *err, const char *path) {
  size_t got;
  if (r->in_pos < r->in_len || r->in_eof)
    return 1;
  r->in_pos = 0;
  if (!r->fp) {
    got =
        r->mem_len - r->mem_pos < RD_CHUNK ? r->mem_len - r->mem_pos : RD_CHUNK;
    if (got && r->mem)
      memcpy(r->in, r->mem + r->mem_pos, got);
    r->mem_pos += got;
  } else {
    got = fread(r->in, 1, RD_CHUNK, r->fp);
    if (!got && ferror(r->fp)) {
      sr__error(err, SR_EIO, (size_t)r->raw_offset, 0,
                "%s: read error at byte %llu: %s", path,
                (unsigned long long)r->raw_offset, strerror(errno));
      r->failed = 1;
      return 0;
    }
  }
  r->in_len = got;
  if (!got)
    r->in_eof = 1;
  return 1;
}

/* Reads up to cap decompressed bytes. Returns bytes read (0 at the end)
 * or (size_t)-1 with err set. */
static size_t reader_read(struct reader *r, unsigned char *buf, size_t cap,
                          sr_error *err, const char *path) {
  if (r->failed)
    return (size_t)-1;
  for (;;) {
    if (!raw_fill(r, err, path))
      return (size_t)-1;
    if (r->kind == RD_PLAIN) {
      size_t n = r->in_len - r->in_pos;
      if (!n)
        return 0;
      if (n > cap)
        n = cap;
      memcpy(buf, r->in + r->in_pos, n);
      r->in_pos += n;
      r->raw_offset += n;
      return n;
    }
    if (r->kind == RD_GZIP) {
      int zr;
      size_t before_in, out;
      if (r->in_pos == r->in_len) {
        if (r->z_ended)
          return 0;
        sr__error(err, SR_EIO, (size_t)r->raw_offset, 0,
                  "%s: truncated gzip data: the stream ends at compressed "
                  "byte %llu before its end marker",
                  path, (unsigned long long)r->raw_offset);
        r->failed = 1;
        return (size_t)-1;
      }
      if (r->z_ended) { /* another gzip member follows */
        if (inflateReset(&r->z) != Z_OK)
          goto gz_bad;
        r->z_ended = 0;
      }
      r->z.next_in = r->in + r->in_pos;
      r->z.avail_in = (uInt)(r->in_len - r->in_pos);
      r->z.next_out = buf;
      r->z.avail_out = (uInt)cap;
      before_in = r->z.avail_in;
      zr = inflate(&r->z, Z_NO_FLUSH);
      r->in_pos += before_in - r->z.avail_in;
      r->raw_offset += before_in - r->z.avail_in;
      out = cap - r->z.avail_out;
      if (zr == Z_STREAM_END)
        r->z_ended = 1;
      else if (zr != Z_OK && zr != Z_BUF_ERROR)
        goto gz_bad;
      if (out)
        return out;
      continue;
    gz_bad:
      sr__error(err, SR_EIO, (size_t)r->raw_offset, 0,
                "%s: corrupt gzip data near compressed byte %llu: %s", path,
                (unsigned long long)r->raw_offset,
                r->z.msg ? r->z.msg : "inflate failed");
      r->failed = 1;
      return (size_t)-1;
    }
    /* zstd */
    {
      ZSTD_inBuffer in;
      ZSTD_outBuffer out;
      size_t ret;
      if (r->in_pos == r->in_len) {
        if (r->zs_last == 0)
          return 0;
        sr__error(err, SR_EIO, (size_t)r->raw_offset, 0,
                  "%s: truncated zstd data: the frame ends at compressed "
                  "byte %llu before it is complete",
                  path, (unsigned long long)r->raw_offset);
        r->failed = 1;
        return (size_t)-1;
      }
      in.src = r->in;
      in.size = r->in_len;
      in.pos = r->in_pos;
      out.dst = buf;
      out.size = cap;
      out.pos = 0;
      ret = ZSTD_decompressStream(r->zs, &out, &in);
      r->raw_offset += in.pos - r->in_pos;
      r->in_pos = in.pos;
      if (ZSTD_isError(ret)) {
        sr__error(err, SR_EIO, (size_t)r->raw_offset, 0,
                  "%s: corrupt zstd data near compressed byte %llu: %s", path,
                  (unsigned long long)r->raw_offset, ZSTD_getErrorName(ret));
        r->failed = 1;
        return (size_t)-1;
      }
      r->zs_last = ret;
      if (out.pos)
        return out.pos;
    }
  }
}

static void reader_close(struct reader *r, const sr_allocator *a) {
  if (!r)
    return;
  if (r->z_init)
    inflateEnd(&r->z);
  if (r->zs)
    ZSTD_freeDStream(r->zs);
  if (r->fp && r->own_fp)
    fclose(r->fp);
  a->release(a->ctx, r->in);
  a->release(a->ctx, r);
}

/* Opens a reader over a file (or memory when fp is NULL) and recognises
 * compression from the first bytes. */
static sr_status reader_open(const sr_allocator *a, FILE *fp, int own_fp,
                             const void *mem, size_t mem_len, const char *path,
                             struct reader **out, sr_error *err) {
  struct reader *r = a->alloc(a->ctx, sizeof *r);
  if (!r) {
    if (own_fp)
      fclose(fp);
    return sr__error(err, SR_ENOMEM, SIZE_MAX, 0, "out of memory");
  }
  memset(r, 0, sizeof *r);
  r->fp = fp;
  r->own_fp = own_fp;
  r->mem = mem;
  r->mem_len = mem_len;
  r->in = a->alloc(a->ctx, RD_CHUNK);
  if (!r->in) {
    reader_close(r, a);
    return sr__error(err, SR_ENOMEM, SIZE_MAX, 0, "out of memory");
  }
  if (!raw_fill(r, err, path)) {
    reader_close(r, a);
    return SR_EIO;
  }
  if (r->in_len >= 2 && r->in[0] == 0x1f && r->in[1] == 0x8b) {
    r->kind = RD_GZIP;
    if (inflateInit2(&r->z, 15 + 16) != Z_OK) {
      reader_close(r, a);
      return sr__error(err, SR_ENOMEM, SIZE_MAX, 0, "out of memory");
    }
    r->z_init = 1;
  } else if (r->in_len >= 4 && r->in[0] == 0x28 && r->in[1] == 0xb5 &&
             r->in[2] == 0x2f && r->in[3] == 0xfd) {
    r->kind = RD_ZSTD;
    r->zs = ZSTD_createDStream();
    if (!r->zs || ZSTD_isError(ZSTD_initDStream(r->zs))) {
      reader_close(r, a);
      return sr__error(err, SR_ENOMEM, SIZE_MAX, 0, "out of memory");
    }
    r->zs_last = 1;
  }
  *out = r;
  return SR_OK;
}

/* ---- sources --------------------------------------------------------------
 */

struct sr_source {
  const sr_engine *e;
  sr_doc_options opt;   /* copy; strings below are owned */
  char *opt_strings[5]; /* id, date, title, source, url */
  char **stack;         /* paths still to read, last = next */
  size_t nstack, capstack;
  const void *mem; /* memory source */
  size_t mem_len;
  int mem_pending; /* the memory input is still to be opened */
  char *mem_name;

  /* the file being read */
  char *path; /* as given or joined from a directory walk */
  struct reader *rd;
  sr_format format;
  size_t line_no; /* JSONL: lines read so far */

  unsigned char *buf; /* decompressed bytes not yet consumed */
  size_t buf_len, buf_pos;
  char *line; /* JSONL line or whole-file buffer */
  size_t line_len, line_cap;
  uint64_t bytes_read;
  int walked; /* a directory was expanded: paths now come from it */

  /* CoNLL-U: the lines of the document being gathered */
  char *doc;
  size_t doc_len, doc_cap;
  size_t doc_line;  /* file line of doc[0] */
  int doc_words;    /* it has a word line */
  int doc_skipping; /* it was reported as unreadable: drop its lines */
};

static char *xstrdup(const sr_allocator *a, const char *s) {
  size_t n = strlen(s) + 1;
  char *p = a->alloc(a->ctx, n);
  if (p)
    memcpy(p, s, n);
  return p;
}

static int push_path(sr_source *src, const char *path) {
  const sr_allocator *a = &src->e->alloc;
  char *copy;
  if (src->nstack == src->capstack) {
    size_t cap = src->capstack ? src->capstack * 2 : 16;
    char **ns = a->alloc(a->ctx, cap * sizeof *ns);
    if (!ns)
      return 0;
    if (src->nstack)
      memcpy(ns, src->stack, src->nstack * sizeof *ns);
    a->release(a->ctx, src->stack);
    src->stack = ns;
    src->capstack = cap;
  }
  copy = xstrdup(a, path);
  if (!copy)
    return 0;
  src->stack[src->nstack++] = copy;
  return 1;
}

static sr_status source_new(const sr_engine *e, const sr_doc_options *opt,
                            sr_source **out, sr_error *err) {
  const sr_allocator *a = &e->alloc;
  sr_source *src = a->alloc(a->ctx, sizeof *src);
  const char *strs[5];
  size_t i;
  *out = NULL;
  if (!src) {
    sr__error(err, SR_ENOMEM, SIZE_MAX, 0, "out of memory");
    return SR_ENOMEM;
  }
  memset(src, 0, sizeof *src);
  src->e = e;
  if (opt)
    src->opt = *opt;
  strs[0] = src->opt.id;
  strs[1] = src->opt.date;
  strs[2] = src->opt.title;
  strs[3] = src->opt.source;
  strs[4] = src->opt.url;
  for (i = 0; i < 5; i++) {
    if (strs[i] && !(src->opt_strings[i] = xstrdup(a, strs[i]))) {
      sr_source_close(src);
      sr__error(err, SR_ENOMEM, SIZE_MAX, 0, "out of memory");
      return SR_ENOMEM;
    }
  }
  src->opt.id = src->opt_strings[0];
  src->opt.date = src->opt_strings[1];
  src->opt.title = src->opt_strings[2];
  src->opt.source = src->opt_strings[3];
  src->opt.url = src->opt_strings[4];
  src->buf = a->alloc(a->ctx, RD_CHUNK);
  if (!src->buf) {
    sr_source_close(src);
    sr__error(err, SR_ENOMEM, SIZE_MAX, 0, "out of memory");
    return SR_ENOMEM;
  }
  *out = src;
  return SR_OK;
}

sr_status sr_source_open(const sr_engine *e, const char *path,
                         const sr_doc_options *opt, sr_source **out,
                         sr_error *err) {
  sr_status st;
  if (!out)
    return sr__error(err, SR_EINVAL, SIZE_MAX, 0, "no output handle");
  *out = NULL;
  if (!e || !path || !*path)
    return sr__error(err, SR_EINVAL, SIZE_MAX, 0, "no engine or no path");
  if (opt && opt->date) {
    char tmp[11];
    if (!sr__parse_date(opt->date, strlen(opt->date), tmp))
      return sr__error(err, SR_EINVAL, SIZE_MAX, 0,
                       "--date '%s' is not a date (use YYYY-MM-DD)", opt->date);
  }
  st = source_new(e, opt, out, err);
  if (st != SR_OK)
    return st;
  if (!push_path(*out, path)) {
    sr_source_close(*out);
    *out = NULL;
    return sr__error(err, SR_ENOMEM, SIZE_MAX, 0, "out of memory");
  }
  return SR_OK;
}

sr_status sr_source_open_memory(const sr_engine *e, const char *name,
                                const void *bytes, size_t len,
                                const sr_doc_options *opt, sr_source **out,
                                sr_error *err) {
  sr_status st;
  if (!out)
    return sr__error(err, SR_EINVAL, SIZE_MAX, 0, "no output handle");
  *out = NULL;
  if (!e || (!bytes && len))
    return sr__error(err, SR_EINVAL, SIZE_MAX, 0, "no engine or no input");
  st = source_new(e, opt, out, err);
  if (st != SR_OK)
    return st;
  (*out)->mem = bytes ? bytes : "";
  (*out)->mem_len = len;
  (*out)->mem_pending = 1;
  (*out)->mem_name = xstrdup(&e->alloc, name ? name : "(memory)");
  if (!(*out)->mem_name) {
    sr_source_close(*out);
    *out = NULL;
    return sr__error(err, SR_ENOMEM, SIZE_MAX, 0, "out of memory");
  }
  return SR_OK;
}

static void close_current(sr_source *src) {
  const sr_allocator *a = &src->e->alloc;
  reader_close(src->rd, a);
  src->rd = NULL;
  a->release(a->ctx, src->path);
  src->path = NULL;
  src->buf_len = src->buf_pos = 0;
  src->line_no = 0;
  src->doc_len = src->doc_line = 0;
  src->doc_words = src->doc_skipping = 0;
}

void sr_source_close(sr_source *src) {
  const sr_allocator *a;
  size_t i;
  if (!src)
    return;
  a = &src->e->alloc;
  close_current(src);
  for (i = 0; i < src->nstack; i++)
    a->release(a->ctx, src->stack[i]);
  a->release(a->ctx, src->stack);
  for (i = 0; i < 5; i++)
    a->release(a->ctx, src->opt_strings[i]);
  a->release(a->ctx, src->mem_name);
  a->release(a->ctx, src->line);
  a->release(a->ctx, src->buf);
  a->release(a->ctx, src->doc);
  a->release(a->ctx, src);
}

uint64_t sr_source_bytes_read(const sr_source *src) {
  return src ? src->bytes_read : 0;
}

static int cmp_names(const void *a, const void *b) {
  return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Pushes the entries of a directory so that they pop in name order. */
static sr_status push_directory(sr_source *src, const char *path,
                                sr_error *err) {
  const sr_allocator *a = &src->e->alloc;
  DIR *dir = opendir(path);
  struct dirent *ent;
  char **names = NULL;
  size_t n = 0, cap = 0, i;
  sr_status st = SR_OK;
  if (!dir)
    return sr__error(err, SR_EIO, SIZE_MAX, 0, "%s: cannot open directory: %s",
                     path, strerror(errno));
  while ((ent = readdir(dir)) != NULL) {
    size_t len;
    char *full;
    if (ent->d_name[0] == '.')
      continue; /* hidden files, "." and ".." */
    if (n == cap) {
      size_t nc = cap ? cap * 2 : 64;
      char **nn = a->alloc(a->ctx, nc * sizeof *nn);
      if (!nn) {
        st = SR_ENOMEM;
        break;
      }
      if (n)
        memcpy(nn, names, n * sizeof *nn);
      a->release(a->ctx, names);
      names = nn;
      cap = nc;
    }
    len = strlen(path) + strlen(ent->d_name) + 2;
    full = a->alloc(a->ctx, len);
    if (!full) {
      st = SR_ENOMEM;
      break;
    }
    snprintf(full, len, "%s%s%s", path,
             path[strlen(path) - 1] == '/' ? "" : "/", ent->d_name);
    names[n++] = full;
  }
  closedir(dir);
  if (st == SR_OK && n)
    qsort(names, n, sizeof *names, cmp_names);
  for (i = n; i-- > 0;) {
    if (st == SR_OK && !push_path(src, names[i]))
      st = SR_ENOMEM;
    a->release(a->ctx, names[i]);
  }
  a->release(a->ctx, names);
  if (st != SR_OK)
    return sr__error(err, st, SIZE_MAX, 0, "out of memory");
  return SR_OK;
}

/* Refills src->buf from the reader. Returns 1 with data, 0 at the end,
 * -1 on error. */
static int fill_buf(sr_source *src, sr_error *err) {
  size_t got;
  if (src->buf_pos < src->buf_len)
    return 1;
  if (!src->rd)
    return 0;
  got = reader_read(src->rd, src->buf, RD_CHUNK, err, src->path);
  if (got == (size_t)-1)
    return -1;
  src->buf_pos = 0;
  src->buf_len = got;
  src->bytes_read += got;
  return got ? 1 : 0;
}

static int line_reserve(sr_source *src, size_t need) {
  const sr_allocator *a = &src->e->alloc;
  size_t cap;
  char *nl;
  if (need <= src->line_cap)
    return 1;
  cap = src->line_cap ? src->line_cap : 4096;
  while (cap < need)
    cap *= 2;
  nl = a->alloc(a->ctx, cap);
  if (!nl)
    return 0;
  if (src->line_len)
    memcpy(nl, src->line, src->line_len);
  a->release(a->ctx, src->line);
  src->line = nl;
  src->line_cap = cap;
  return 1;
}

/* Reads the rest of the current file into src->line. */
static sr_status read_whole(sr_source *src, sr_error *err) {
  size_t max = src->e->max_doc_bytes;
  src->line_len = 0;
  for (;;) {
    int r = fill_buf(src, err);
    size_t n;
    if (r < 0)
      return err ? err->code : SR_EIO;
    if (!r)
      break;
    n = src->buf_len - src->buf_pos;
    if (src->line_len + n > max)
      return sr__error(err, SR_ELIMIT, max, 0,
                       "%s: larger than the %zu-byte document limit "
                       "(--max-doc-bytes); file skipped",
                       src->path, max);
    if (!line_reserve(src, src->line_len + n + 1))
      return sr__error(err, SR_ENOMEM, SIZE_MAX, 0, "out of memory");
    memcpy(src->line + src->line_len, src->buf + src->buf_pos, n);
    src->line_len += n;
    src->buf_pos = src->buf_len;
  }
  return SR_OK;
}

/* Reads the next JSONL line into src->line. Returns 1 with a line, 0 at
 * the end of the file, or -1 with err set (a line over the limit is
 * consumed and reported). */
static int read_line(sr_source *src, sr_error *err) {
  size_t max = src->e->max_doc_bytes;
  int too_long = 0, any = 0, oom = 0;
  src->line_len = 0;
  for (;;) {
    int r = fill_buf(src, err);
    unsigned char *p, *nl;
    size_t n, take;
    if (r < 0)
      return -1;
    if (!r)
      break;
    p = src->buf + src->buf_pos;
    n = src->buf_len - src->buf_pos;
    nl = memchr(p, '\n', n);
    take = nl ? (size_t)(nl - p) : n;
    any = 1;
    if (!too_long && !oom) {
      if (src->line_len + take > max) {
        too_long = 1;
      } else if (!line_reserve(src, src->line_len + take + 1)) {
        oom = 1; /* consume the line anyway, so the next call goes on */
      } else {
        memcpy(src->line + src->line_len, p, take);
        src->line_len += take;
      }
    }
    src->buf_pos += take + (nl ? 1 : 0);
    if (nl)
      break;
  }
  if (!any)
    return 0;
  src->line_no++;
  if (oom) {
    sr__error(err, SR_ENOMEM, SIZE_MAX, src->line_no,
              "%s:%zu: out of memory reading the line; record skipped",
              src->path, src->line_no);
    return -1;
  }
  if (too_long) {
    sr__error(err, SR_ELIMIT, SIZE_MAX, src->line_no,
              "%s:%zu: line longer than the %zu-byte document limit "
              "(--max-doc-bytes); record skipped",
              src->path, src->line_no, max);
    return -1;
  }
  if (src->line_len && src->line[src->line_len - 1] == '\r')
    src->line_len--;
  src->line[src->line_len] = '\0';
  return 1;
}

/* Builds a document from the whole current file (text or HTML). */
static sr_status whole_file_doc(sr_source *src, sr_doc **out, sr_error *err) {
  sr_doc_options opt = src->opt;
  sr_status st;
  sr_doc *d;
  char why[64];
  st = read_whole(src, err);
  if (st != SR_OK)
    return st;
  if (sr__looks_binary(src->line, src->line_len, why, sizeof why))
    return sr__error(err, SR_EFORMAT, 0, 0,
                     "%s: looks like a binary file (%s); skipped", src->path,
                     why);
  st = sr__doc_new(src->e, &d, err);
  if (st != SR_OK)
    return st;
  d->format = src->format;
  d->raw = opt.raw;
  d->path = sr__doc_strdup(d, src->path, strlen(src->path));
  d->id = d->path;
  d->input = sr__doc_strdup(d, src->line ? src->line : "", src->line_len);
  d->input_len = src->line_len;
  if (!d->path || !d->input) {
    sr_doc_free(d);
    return sr__error(err, SR_ENOMEM, SIZE_MAX, 0, "out of memory");
  }
  if (!strcmp(d->path, "-"))
    d->id = "stdin";
  st = src->format == SR_FORMAT_HTML ? sr__ingest_html(d, err)
                                     : sr__ingest_text(d, err);
  if (st == SR_OK)
    st = sr__doc_finish(d, &opt, err);
  if (st != SR_OK) {
    sr_doc_free(d);
    return st;
  }
  *out = d;
  return SR_OK;
}

/* Builds a document from a record that starts at line `line` of the
 * current file: a JSONL line or the lines of one CoNLL-U document. Without
 * an id of its own it is called "FILE:LINE". */
static sr_status record_doc(sr_source *src, sr_format format, size_t line,
                            const char *bytes, size_t len, sr_doc **out,
                            sr_error *err) {
  sr_doc_options opt = src->opt;
  sr_status st;
  sr_doc *d;
  st = sr__doc_new(src->e, &d, err);
  if (st != SR_OK)
    return st;
  d->format = format;
  d->raw = opt.raw;
  d->line = line;
  d->path = sr__doc_strdup(d, src->path, strlen(src->path));
  if (!d->path) {
    sr_doc_free(d);
    return sr__error(err, SR_ENOMEM, SIZE_MAX, 0, "out of memory");
  }
  st = format == SR_FORMAT_CONLLU ? sr__ingest_conllu(d, bytes, len, line, err)
                                  : sr__ingest_jsonl(d, bytes, len, err);
  if (st == SR_OK && !d->id) {
    char id[64];
    const char *base = strrchr(d->path, '/');
    snprintf(id, sizeof id, "%.40s:%zu", base ? base + 1 : d->path, line);
    d->id = sr__doc_strdup(d, id, strlen(id));
    if (!d->id)
      st = sr__error(err, SR_ENOMEM, SIZE_MAX, 0, "out of memory");
  }
  if (st == SR_OK)
    st = sr__doc_finish(d, &opt, err);
  if (st != SR_OK) {
    sr_doc_free(d);
    return st;
  }
  *out = d;
  return SR_OK;
}

/* ---- CoNLL-U: one document per "# newdoc" ------------------------------- */

static int is_newdoc(const char *line, size_t n) {
  size_t i = 1;
  if (!n || line[0] != '#')
    return 0;
  while (i < n && line[i] == ' ')
    i++;
  return n - i >= 6 && !memcmp(line + i, "newdoc", 6);
}

/* Appends src->line and a newline to the document being gathered. */
static int doc_append(sr_source *src) {
  const sr_allocator *a = &src->e->alloc;
  size_t need = src->doc_len + src->line_len + 2;
  if (!src->doc_len)
    src->doc_line = src->line_no;
  if (need > src->doc_cap) {
    size_t cap = src->doc_cap ? src->doc_cap : 4096;
    char *nd;
    while (cap < need)
      cap *= 2;
    nd = a->alloc(a->ctx, cap);
    if (!nd)
      return 0;
    if (src->doc_len)
      memcpy(nd, src->doc, src->doc_len);
    a->release(a->ctx, src->doc);
    src->doc = nd;
    src->doc_cap = cap;
  }
  memcpy(src->doc + src->doc_len, src->line, src->line_len);
  src->doc_len += src->line_len;
  src->doc[src->doc_len++] = '\n';
  if (src->line_len && isdigit((unsigned char)src->line[0]))
    src->doc_words = 1;
  return 1;
}

/* Makes a document of the gathered lines, if any, and empties them. */
static sr_status conllu_emit(sr_source *src, sr_doc **out, sr_error *err) {
  int emit = src->doc_words && !src->doc_skipping;
  size_t len = src->doc_len;
  src->doc_len = 0;
  src->doc_words = src->doc_skipping = 0;
  if (!emit)
    return SR_OK;
  return record_doc(src, SR_FORMAT_CONLLU, src->doc_line, src->doc, len, out,
                    err);
}

/* The next document of a CoNLL-U file: its lines run from one "# newdoc"
 * comment to the next (or to the end of the file). Sets *out, or leaves it
 * NULL with the file closed when the file has no more documents. A
 * document that cannot be read is reported once and skipped. */
static sr_status conllu_next(sr_source *src, sr_doc **out, sr_error *err) {
  size_t max = src->e->max_doc_bytes;
  sr_status st;
  for (;;) {
    int r = read_line(src, err);
    if (r < 0) {
      if (src->rd && src->rd->failed) {
        close_current(src); /* a broken stream cannot go on */
      } else {
        src->doc_skipping = 1; /* the line was too long: drop the doc */
        src->doc_words = 1;
      }
      return err ? err->code : SR_EIO;
    }
    if (r == 0) {
      st = conllu_emit(src, out, err);
      close_current(src);
      return st;
    }
    if (is_newdoc(src->line, src->line_len) && src->doc_words) {
      st = conllu_emit(src, out, err);
      if (!doc_append(src))
        return sr__error(err, SR_ENOMEM, SIZE_MAX, 0, "out of memory");
      if (st != SR_OK || *out)
        return st;
      continue;
    }
    if (src->doc_skipping)
      continue;
    if (src->doc_len + src->line_len + 1 > max) {
      src->doc_skipping = 1;
      src->doc_words = 1;
      return sr__error(err, SR_ELIMIT, SIZE_MAX, src->line_no,
                       "%s:%zu: document starting at line %zu is larger than "
                       "the %zu-byte limit (--max-doc-bytes); skipped up to "
                       "the next '# newdoc'",
                       src->path, src->line_no, src->doc_line, max);
    }
    if (!doc_append(src))
      return sr__error(err, SR_ENOMEM, SIZE_MAX, 0, "out of memory");
  }
}

/* Opens the next file on the stack (or the memory input). Returns SR_OK
 * with src->rd set, SR_OK with nothing left (src->rd NULL and *done), or
 * an error for a file that cannot be read. */
static sr_status open_next(sr_source *src, int *done, sr_error *err) {
  const sr_allocator *a = &src->e->alloc;
  struct stat sb;
  sr_status st;
  FILE *fp;
  *done = 0;
  for (;;) {
    if (src->mem_pending) {
      src->mem_pending = 0;
      src->path = xstrdup(a, src->mem_name);
      if (!src->path)
        return sr__error(err, SR_ENOMEM, SIZE_MAX, 0, "out of memory");
      st = reader_open(a, NULL, 0, src->mem, src->mem_len, src->path, &src->rd,
                       err);
      if (st != SR_OK) {
        close_current(src);
        return st;
      }
      break;
    }
    if (!src->nstack) {
      *done = 1;
      return SR_OK;
    }
    src->path = src->stack[--src->nstack];
    if (!strcmp(src->path, "-")) {
      st = reader_open(a, stdin, 0, NULL, 0, src->path, &src->rd, err);
      if (st != SR_OK) {
        close_current(src);
        return st;
      }
      break;
    }
    if (stat(src->path, &sb) != 0) {
      sr__error(err, SR_EIO, SIZE_MAX, 0, "%s: cannot read: %s", src->path,
                strerror(errno));
      close_current(src);
      return SR_EIO;
    }
    if (S_ISDIR(sb.st_mode)) {
      struct stat lsb;
      if (src->walked && lstat(src->path, &lsb) == 0 && S_ISLNK(lsb.st_mode)) {
        /* a link inside a walk could loop back to an ancestor */
        sr__error(err, SR_EFORMAT, SIZE_MAX, 0,
                  "%s: symbolic link to a directory inside a directory; not "
                  "followed (name it on the command line to read it)",
                  src->path);
        close_current(src);
        return SR_EFORMAT;
      }
      src->walked = 1;
      st = push_directory(src, src->path, err);
      close_current(src);
      if (st != SR_OK)
        return st;
      continue;
    }
    if (!S_ISREG(sb.st_mode) && !S_ISFIFO(sb.st_mode)) {
      sr__error(err, SR_EFORMAT, SIZE_MAX, 0, "%s: not a regular file; skipped",
                src->path);
      close_current(src);
      return SR_EFORMAT;
    }
    fp = fopen(src->path, "rb");
    if (!fp) {
      sr__error(err, SR_EIO, SIZE_MAX, 0, "%s: cannot open: %s", src->path,
                strerror(errno));
      close_current(src);
      return SR_EIO;
    }
    st = reader_open(a, fp, 1, NULL, 0, src->path, &src->rd, err);
    if (st != SR_OK) {
      src->rd = NULL;
      close_current(src);
      return st;
    }
    break;
  }
  /* the format: options, then name, then the first decompressed bytes */
  src->format = src->opt.format;
  if (src->format == SR_FORMAT_AUTO) {
    int r = fill_buf(src, err);
    if (r < 0) {
      close_current(src);
      return err ? err->code : SR_EIO;
    }
    src->format = sr__sniff_format(src->mem ? src->mem_name : src->path,
                                   (const char *)src->buf + src->buf_pos,
                                   src->buf_len - src->buf_pos);
  }
  return SR_OK;
}

sr_status sr_source_next(sr_source *src, sr_doc **out, sr_error *err) {
  sr_status st;
  if (!out)
    return sr__error(err, SR_EINVAL, SIZE_MAX, 0, "no output handle");
  *out = NULL;
  if (!src)
    return sr__error(err, SR_EINVAL, SIZE_MAX, 0, "no source");
  for (;;) {
    if (!src->rd) {
      int done;
      st = open_next(src, &done, err);
      if (st != SR_OK)
        return st;
      if (done)
        return SR_OK;
      if (src->format != SR_FORMAT_JSONL && src->format != SR_FORMAT_CONLLU) {
        st = whole_file_doc(src, out, err);
        close_current(src);
        return st;
      }
    }
    if (src->format == SR_FORMAT_CONLLU) {
      st = conllu_next(src, out, err);
      if (st != SR_OK || *out)
        return st;
      continue; /* the file is done */
    }
    /* JSONL: the next non-blank line */
    {
      int r = read_line(src, err);
      size_t i;
      if (r < 0) {
        if (src->rd && src->rd->failed)
          close_current(src); /* a broken stream cannot go on */
        return err ? err->code : SR_EIO;
      }
      if (r == 0) {
        close_current(src);
        continue;
      }
      for (i = 0; i < src->line_len; i++)
        if (!isspace((unsigned char)src->line[i]))
          break;
      if (i == src->line_len)
        continue; /* blank line: no record */
      return record_doc(src, SR_FORMAT_JSONL, src->line_no, src->line,
                        src->line_len, out, err);
    }
  }
}
