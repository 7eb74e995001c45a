/*
 * cameo.h - the CAMEO event codebook as a static table: every event code
 * of CAMEO 1.1b3 (2-digit roots, 3-digit codes and 4-digit subcodes, 311 in
 * all) with its name, quad class, Goldstein value and PLOVER equivalent.
 * The coder (code.c) assigns CAMEO codes from the verb dictionary; this
 * table turns a code into what an event record carries beside it.
 *
 * Conventions, stated once here (the sources are in cameo.c):
 *
 * - quad is decided by the root alone, as in GDELT's QuadClass field:
 *   1 verbal cooperation (roots 01-05), 2 material cooperation (06-08),
 *   3 verbal conflict (09-13), 4 material conflict (14-20). Other schemes
 *   exist (Phoenix puts 01 and 02 in a fifth, neutral class; the PLOVER
 *   README groups by PLOVER type, so INVESTIGATE is material cooperation
 *   and PROTEST material conflict); we do not use them.
 * - goldstein is the value GDELT publishes for the code
 *   (CAMEO.goldsteinscale.txt): Goldstein's (1992) conflict-cooperation
 *   scale for WEIS, carried over to CAMEO, from -10 (most conflictual) to
 *   +10 (most cooperative). Every code has one, 4-digit codes included.
 * - plover and plover_mode come from the CAMEO2PLOVER table of the PLOVER
 *   manual, draft 0.8, 2021 (CC BY-SA 4.0). CAMEO 01 and 02 have no PLOVER
 *   type (PLOVER dropped them), so their plover is NULL; plover_mode is
 *   NULL wherever that table leaves the mode empty.
 *
 * Everything here is static and read-only, so any thread may call these
 * functions at any time.
 */
#ifndef SR_CAMEO_H
#define SR_CAMEO_H

#include <stddef.h>

typedef struct sr_cameo_code {
  const char *code;        /* "195": 2 to 4 ASCII digits */
  const char *name;        /* "Employ aerial weapons" */
  int quad;                /* 1..4, from the root (see above) */
  double goldstein;        /* -10..10 */
  const char *plover;      /* "ASSAULT", or NULL for roots 01 and 02 */
  const char *plover_mode; /* "heavy-weapons", or NULL */
} sr_cameo_code;

/* The entry for the CAMEO code code[0..len) ("195", "0874"), or NULL if no
 * code is exactly that (including len 0, and codes with trailing bytes
 * such as "195 "). Binary search over the table. The result is static. */
const sr_cameo_code *sr__cameo_lookup(const char *code, size_t len);

/* The entry of the longest known prefix of code[0..len), trying at most
 * four bytes: "1951" falls back to "195", "1959" to "195", "199" to "19".
 * NULL if not even the first two bytes are a known root ("21", "x1", or
 * len < 2). Use it for codes from other CAMEO versions or extensions
 * (ICEWS's 1951, PLOVER's 1213), which then inherit their parent's quad,
 * Goldstein value and PLOVER type. The result is static. */
const sr_cameo_code *sr__cameo_lookup_prefix(const char *code, size_t len);

/* The whole table, sorted by code in byte order (so each code comes right
 * before its subcodes: "02", "020", "021", "0211", ...), without
 * duplicates. Sets *count to its length. Static. */
const sr_cameo_code *sr__cameo_table(size_t *count);

#endif
