/*
 * error.c - status codes as text, and the one helper that fills an
 * sr_error (after SQLite's sqlite3ErrorMsg and curl's Curl_failf: a single
 * line, no CR or LF, in a buffer the caller owns).
 */
#include "internal.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

const char *sr_strerror(sr_status s) {
  switch (s) {
  case SR_OK:
    return "success";
  case SR_ENOMEM:
    return "out of memory";
  case SR_EINVAL:
    return "invalid argument";
  case SR_EIO:
    return "input/output error";
  case SR_EPARSE:
    return "malformed input";
  case SR_EDICT:
    return "malformed dictionary";
  case SR_EDB:
    return "database error";
  case SR_ELIMIT:
    return "input exceeds a configured limit";
  case SR_EFORMAT:
    return "unsupported input format";
  }
  return "unknown status";
}

static void one_line(char *s) {
  for (; *s; s++)
    if (*s == '\n' || *s == '\r')
      *s = ' ';
}

sr_status sr__error(sr_error *err, sr_status code, size_t offset, size_t line,
                    const char *fmt, ...) {
  va_list ap;
  if (!err)
    return code;
  err->code = code;
  err->offset = offset;
  err->line = line;
  va_start(ap, fmt);
  vsnprintf(err->msg, sizeof err->msg, fmt, ap);
  va_end(ap);
  one_line(err->msg);
  return code;
}

void sr__warn(const sr_doc *d, size_t offset, const char *fmt, ...) {
  sr_error w;
  va_list ap;
  int n;
  if (!d->engine->warn)
    return;
  w.code = SR_OK;
  w.offset = offset;
  w.line = d->line;
  n = snprintf(w.msg, sizeof w.msg, "%s: ", d->id ? d->id : "(document)");
  if (n < 0 || (size_t)n >= sizeof w.msg)
    n = 0;
  va_start(ap, fmt);
  vsnprintf(w.msg + n, sizeof w.msg - (size_t)n, fmt, ap);
  va_end(ap);
  one_line(w.msg);
  d->engine->warn(d->engine->warn_user, &w);
}
