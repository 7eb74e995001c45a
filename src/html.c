/*
 * html.c - part of the ingest stage: the visible text of a saved HTML page.
 *
 * libxml2's forgiving HTML parser builds the tree; we keep the text a
 * reader sees in the article (inside <article> when the page has one, else
 * <body>), and drop scripts, styles, navigation, headers, footers, asides,
 * forms and elements whose class or id says advert, share, social,
 * newsletter, comment, related, promo, cookie or subscribe. Block elements
 * become paragraph breaks so the segmenter sees paragraphs.
 *
 * libxml2 does not say where a text node sits in the source, and tokens
 * must point at the bytes of the page. So each text node is aligned with
 * the source: from a cursor that only moves forward, we look for the place
 * where the source, with tags skipped and entities decoded, spells the
 * node's text. Entities become anchors in the offset map. A node that
 * cannot be aligned (a page in a legacy encoding that libxml2 converted)
 * is mapped to the cursor, and the document gets one warning.
 */
#include <ctype.h>
#include <limits.h>
#include <string.h>
#include <strings.h>

#include <libxml/HTMLparser.h>
#include <libxml/tree.h>

#include "ingest.h"
#include "text.h"

struct html_ctx {
  sr_doc *d;
  char *out; /* body being built */
  size_t len, cap;
  size_t cursor;  /* source position after the last aligned text */
  int misaligned; /* nodes that could not be aligned */
  int oom;
};

static int reserve(struct html_ctx *h, size_t more) {
  size_t cap;
  char *p;
  if (h->cap - h->len >= more)
    return 1;
  cap = h->cap ? h->cap : 4096;
  while (cap - h->len < more)
    cap *= 2;
  p = sr__arena_grow(&h->d->arena, h->out, h->len, cap);
  if (!p) {
    h->oom = 1;
    return 0;
  }
  h->out = p;
  h->cap = cap;
  return 1;
}

static void anchor(struct html_ctx *h, size_t src) {
  if (sr__offmap_add(&h->d->body_map, &h->d->arena, h->len, src) != SR_OK)
    h->oom = 1;
}

/* Appends a paragraph break unless the body already ends with one. */
static void para_break(struct html_ctx *h) {
  if (!h->len ||
      (h->len >= 2 && h->out[h->len - 1] == '\n' && h->out[h->len - 2] == '\n'))
    return;
  if (!reserve(h, 2))
    return;
  anchor(h, h->cursor);
  while (h->len && h->out[h->len - 1] == ' ')
    h->len--;
  h->out[h->len++] = '\n';
  if (h->len < 2 || h->out[h->len - 2] != '\n')
    h->out[h->len++] = '\n';
  anchor(h, h->cursor);
}

static void line_break(struct html_ctx *h) {
  if (!h->len || h->out[h->len - 1] == '\n' || !reserve(h, 1))
    return;
  anchor(h, h->cursor);
  h->out[h->len++] = '\n';
  anchor(h, h->cursor);
}

/* ---- entities ----------------------------------------------------------- */

static const struct {
  const char *name;
  uint32_t cp;
} entities[] = {
    {"amp", '&'},       {"lt", '<'},       {"gt", '>'},       {"quot", '"'},
    {"apos", '\''},     {"nbsp", 0xA0},    {"rsquo", 0x2019}, {"lsquo", 0x2018},
    {"rdquo", 0x201D},  {"ldquo", 0x201C}, {"mdash", 0x2014}, {"ndash", 0x2013},
    {"hellip", 0x2026}, {"copy", 0xA9},    {"reg", 0xAE},     {"trade", 0x2122},
    {"laquo", 0xAB},    {"raquo", 0xBB},   {"bull", 0x2022},  {"middot", 0xB7},
    {"eacute", 0xE9},   {"egrave", 0xE8},  {"aacute", 0xE1},  {"iacute", 0xED},
    {"oacute", 0xF3},   {"uacute", 0xFA},  {"ccedil", 0xE7},  {"ntilde", 0xF1},
    {"ouml", 0xF6},     {"uuml", 0xFC},    {"auml", 0xE4},    {"szlig", 0xDF},
    {"euro", 0x20AC},   {"pound", 0xA3},   {"deg", 0xB0},     {"shy", 0xAD},
    {"thinsp", 0x2009}, {"ensp", 0x2002},  {"emsp", 0x2003},  {"zwnj", 0x200C},
    {"zwj", 0x200D},    {"sbquo", 0x201A}, {"bdquo", 0x201E}, {"prime", 0x2032},
    {"times", 0xD7},    {NULL, 0}};

/* Decodes the entity at s[i] ('&'). Returns its length in the source and
 * sets *cp (0 for an entity we do not know, which then matches any one
 * character). Returns 0 when s[i] does not start an entity. */
static size_t decode_entity(const char *s, size_t n, size_t i, uint32_t *cp) {
  size_t j = i + 1, k;
  if (j < n && s[j] == '#') {
    uint32_t v = 0;
    int hex = 0, digits = 0;
    j++;
    if (j < n && (s[j] == 'x' || s[j] == 'X')) {
      hex = 1;
      j++;
    }
    while (
        j < n && digits < 8 &&
        (hex ? isxdigit((unsigned char)s[j]) : isdigit((unsigned char)s[j]))) {
      int dv = isdigit((unsigned char)s[j])
                   ? s[j] - '0'
                   : (tolower((unsigned char)s[j]) - 'a' + 10);
      v = v * (hex ? 16 : 10) + (uint32_t)dv;
      j++;
      digits++;
    }
    if (!digits)
      return 0;
    if (j < n && s[j] == ';')
      j++;
    *cp = v;
    return j - i;
  }
  while (j < n && j - i <= 32 && isalnum((unsigned char)s[j]))
    j++;
  if (j == i + 1)
    return 0;
  for (k = 0; entities[k].name; k++)
    if (strlen(entities[k].name) == j - i - 1 &&
        !strncmp(s + i + 1, entities[k].name, j - i - 1))
      break;
  *cp = entities[k].name ? entities[k].cp : 0;
  if (j < n && s[j] == ';')
    j++;
  else if (!entities[k].name)
    return 0; /* "&foo" without ';' and unknown: a literal ampersand */
  return j - i;
}

static size_t utf8_encode(uint32_t cp, unsigned char *out) {
  if (cp < 0x80) {
    out[0] = (unsigned char)cp;
    return 1;
  }
  if (cp < 0x800) {
    out[0] = (unsigned char)(0xC0 | (cp >> 6));
    out[1] = (unsigned char)(0x80 | (cp & 0x3F));
    return 2;
  }
  if (cp < 0x10000) {
    out[0] = (unsigned char)(0xE0 | (cp >> 12));
    out[1] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
    out[2] = (unsigned char)(0x80 | (cp & 0x3F));
    return 3;
  }
  out[0] = (unsigned char)(0xF0 | (cp >> 18));
  out[1] = (unsigned char)(0x80 | ((cp >> 12) & 0x3F));
  out[2] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
  out[3] = (unsigned char)(0x80 | (cp & 0x3F));
  return 4;
}

/* ---- alignment ----------------------------------------------------------- */

/* Does the source at `pos` spell text[0..tn)? On success returns 1 and the
 * source end in *end. With `h` set, records anchors and appends the text
 * (whitespace as spaces) to the body. */
static int match_at(struct html_ctx *h, const char *src, size_t n, size_t pos,
                    const unsigned char *text, size_t tn, size_t *end,
                    int record) {
  size_t i = pos, j = 0;
  while (j < tn) {
    if (i >= n || src[i] == '<')
      return 0;
    if (src[i] == '&') {
      uint32_t cp;
      size_t el = decode_entity(src, n, i, &cp);
      if (el) {
        unsigned char enc[4];
        size_t cl, tl;
        uint32_t tcp;
        tl = sr__utf8_decode(text + j, tn - j, &tcp);
        if (!tl)
          tl = 1;
        if (cp) {
          cl = utf8_encode(cp, enc);
          if (cl != tl || memcmp(enc, text + j, cl))
            return 0;
        }
        if (record) {
          size_t k;
          anchor(h, i);
          if (!reserve(h, tl))
            return 0;
          for (k = 0; k < tl; k++)
            h->out[h->len++] = (char)text[j + k];
          anchor(h, i + el);
        }
        i += el;
        j += tl;
        continue;
      }
    }
    if (src[i] == '\r' && text[j] == '\n') {
      i++; /* libxml2 turns CR LF into LF */
      if (record)
        anchor(h, i);
      continue;
    }
    if ((unsigned char)src[i] != text[j])
      return 0;
    if (record) {
      if (!reserve(h, 1))
        return 0;
      h->out[h->len++] = (text[j] == '\n' || text[j] == '\r' || text[j] == '\t')
                             ? ' '
                             : (char)text[j];
    }
    i++;
    j++;
  }
  *end = i;
  return 1;
}

/* Skips a tag, comment or declaration starting at src[i] == '<'. */
static size_t skip_markup(const char *src, size_t n, size_t i) {
  if (n - i >= 4 && !memcmp(src + i, "<!--", 4)) {
    const char *e = NULL;
    size_t k;
    for (k = i + 4; k + 2 < n; k++)
      if (src[k] == '-' && src[k + 1] == '-' && src[k + 2] == '>') {
        e = src + k + 3;
        break;
      }
    return e ? (size_t)(e - src) : n;
  }
  while (i < n && src[i] != '>') {
    if (src[i] == '"' || src[i] == '\'') {
      char q = src[i++];
      while (i < n && src[i] != q)
        i++;
    }
    if (i < n)
      i++;
  }
  return i < n ? i + 1 : n;
}

static void append_text(struct html_ctx *h, const unsigned char *text,
                        size_t tn) {
  const char *src = h->d->input;
  size_t n = h->d->input_len, i = h->cursor, end;
  size_t k;
  int blank = 1;
  for (k = 0; k < tn; k++)
    if (!isspace(text[k])) {
      blank = 0;
      break;
    }
  if (blank) { /* whitespace between elements: one space at most */
    if (h->len && h->out[h->len - 1] != ' ' && h->out[h->len - 1] != '\n' &&
        reserve(h, 1)) {
      anchor(h, h->cursor);
      h->out[h->len++] = ' ';
    }
    return;
  }
  while (i < n) {
    if (src[i] == '<') {
      i = skip_markup(src, n, i);
      continue;
    }
    if (match_at(h, src, n, i, text, tn, &end, 0)) {
      anchor(h, i);
      match_at(h, src, n, i, text, tn, &end, 1);
      anchor(h, end);
      h->cursor = end;
      return;
    }
    i++;
  }
  /* not found in the source: keep the text, point it at the cursor */
  h->misaligned++;
  if (!reserve(h, tn))
    return;
  anchor(h, h->cursor);
  for (k = 0; k < tn; k++)
    h->out[h->len++] = (text[k] == '\n' || text[k] == '\t' || text[k] == '\r')
                           ? ' '
                           : (char)text[k];
  anchor(h, h->cursor);
}

/* ---- the tree ----------------------------------------------------------- */

static const char *const skipped_elements[] = {
    "script",   "style",  "noscript", "template", "head",   "nav",    "footer",
    "aside",    "form",   "iframe",   "svg",      "button", "select", "option",
    "menu",     "canvas", "object",   "embed",    "audio",  "video",  "input",
    "textarea", "label",  "dialog",   NULL};

static const char *const block_elements[] = {
    "p",       "div",        "h1",         "h2",      "h3", "h4",    "h5",
    "h6",      "li",         "ul",         "ol",      "tr", "table", "section",
    "article", "blockquote", "figcaption", "figure",  "dd", "dt",    "dl",
    "pre",     "header",     "main",       "address", "hr", "td",    "th",
    "caption", "summary",    "details",    "body",    NULL};

static const char *const furniture_words[] = {
    "advert", "share",  "social",    "newsletter", "comment",    "related",
    "promo",  "cookie", "subscribe", "sidebar",    "breadcrumb", "paywall",
    "popup",  "modal",  "outbrain",  "taboola",    "recommend",  NULL};

static int name_in(const xmlChar *name, const char *const *list) {
  for (; *list; list++)
    if (!strcasecmp((const char *)name, *list))
      return 1;
  return 0;
}

static int attr_has_word(xmlNodePtr node, const char *attr) {
  xmlChar *v = xmlGetProp(node, (const xmlChar *)attr);
  size_t i;
  int hit = 0;
  if (!v)
    return 0;
  for (i = 0; furniture_words[i] && !hit; i++) {
    const char *p = (const char *)v;
    size_t wl = strlen(furniture_words[i]);
    for (; *p && !hit; p++)
      if (!strncasecmp(p, furniture_words[i], wl))
        hit = 1;
  }
  xmlFree(v);
  return hit;
}

static int is_hidden(xmlNodePtr node) {
  xmlChar *v;
  int hidden = xmlHasProp(node, (const xmlChar *)"hidden") != NULL;
  v = xmlGetProp(node, (const xmlChar *)"aria-hidden");
  if (v) {
    hidden |= !strcmp((const char *)v, "true");
    xmlFree(v);
  }
  v = xmlGetProp(node, (const xmlChar *)"style");
  if (v) {
    hidden |= strstr((const char *)v, "display:none") != NULL ||
              strstr((const char *)v, "display: none") != NULL;
    xmlFree(v);
  }
  return hidden;
}

static void walk(struct html_ctx *h, xmlNodePtr node, int in_article) {
  xmlNodePtr c;
  for (c = node->children; c && !h->oom; c = c->next) {
    if (c->type == XML_TEXT_NODE || c->type == XML_CDATA_SECTION_NODE) {
      if (c->content)
        append_text(h, c->content, strlen((const char *)c->content));
      continue;
    }
    if (c->type != XML_ELEMENT_NODE || !c->name)
      continue;
    if (name_in(c->name, skipped_elements) || is_hidden(c) ||
        (!strcasecmp((const char *)c->name, "header") && !in_article) ||
        attr_has_word(c, "class") || attr_has_word(c, "id"))
      continue;
    if (!strcasecmp((const char *)c->name, "br")) {
      line_break(h);
      continue;
    }
    if (name_in(c->name, block_elements)) {
      para_break(h);
      walk(h, c, in_article || !strcasecmp((const char *)c->name, "article"));
      para_break(h);
    } else {
      walk(h, c, in_article);
    }
  }
}

static xmlNodePtr find_element(xmlNodePtr node, const char *name) {
  xmlNodePtr c, hit;
  for (c = node; c; c = c->next) {
    if (c->type == XML_ELEMENT_NODE && c->name &&
        !strcasecmp((const char *)c->name, name))
      return c;
    if (c->children && (hit = find_element(c->children, name)))
      return hit;
  }
  return NULL;
}

/* Walks every <article> in document order; returns how many. */
static int walk_articles(struct html_ctx *h, xmlNodePtr node) {
  xmlNodePtr c;
  int count = 0;
  for (c = node; c; c = c->next) {
    if (c->type != XML_ELEMENT_NODE)
      continue;
    if (!strcasecmp((const char *)c->name, "article")) {
      para_break(h);
      walk(h, c, 1);
      para_break(h);
      count++;
    } else if (!name_in(c->name, skipped_elements) && c->children) {
      count += walk_articles(h, c->children);
    }
  }
  return count;
}

/* ---- metadata ----------------------------------------------------------- */

/* Reads title, date, outlet, URL and author from the page. Returns 0 when
 * an allocation failed. */
static int meta_from_head(sr_doc *d, xmlNodePtr node) {
  xmlNodePtr c;
  int ok = 1;
  for (c = node; c; c = c->next) {
    if (c->type == XML_ELEMENT_NODE && c->name) {
      const char *name = (const char *)c->name;
      if (!strcasecmp(name, "meta")) {
        xmlChar *prop = xmlGetProp(c, (const xmlChar *)"property");
        xmlChar *nm = xmlGetProp(c, (const xmlChar *)"name");
        xmlChar *ip = xmlGetProp(c, (const xmlChar *)"itemprop");
        xmlChar *content = xmlGetProp(c, (const xmlChar *)"content");
        const char *key = prop ? (const char *)prop
                          : nm ? (const char *)nm
                          : ip ? (const char *)ip
                               : NULL;
        if (key && content) {
          const char *v = (const char *)content;
          size_t vl = strlen(v);
          if (!strcasecmp(key, "article:published_time") ||
              !strcasecmp(key, "og:published_time") ||
              !strcasecmp(key, "datePublished") || !strcasecmp(key, "date") ||
              !strcasecmp(key, "pubdate") || !strcasecmp(key, "publish-date") ||
              !strcasecmp(key, "dc.date") ||
              !strcasecmp(key, "dc.date.issued") ||
              !strcasecmp(key, "parsely-pub-date")) {
            if (!d->date[0])
              sr__doc_set_date(d, v, vl, "html");
          } else if (!strcasecmp(key, "og:title")) {
            ok &= SR_OK == sr__doc_set_meta(d, "title", 5, v, vl, 1);
          } else if (!strcasecmp(key, "og:site_name")) {
            ok &= SR_OK == sr__doc_set_meta(d, "source", 6, v, vl, 1);
          } else if (!strcasecmp(key, "og:url") && !sr_doc_meta(d, "url")) {
            ok &= SR_OK == sr__doc_set_meta(d, "url", 3, v, vl, 0);
          } else if (!strcasecmp(key, "author") && !sr_doc_meta(d, "author")) {
            ok &= SR_OK == sr__doc_set_meta(d, "author", 6, v, vl, 0);
          }
        }
        xmlFree(prop);
        xmlFree(nm);
        xmlFree(ip);
        xmlFree(content);
      } else if (!strcasecmp(name, "title") && !sr_doc_meta(d, "title")) {
        xmlChar *t = xmlNodeGetContent(c);
        if (t) {
          size_t a = 0, b = strlen((const char *)t);
          while (a < b && isspace(t[a]))
            a++;
          while (b > a && isspace(t[b - 1]))
            b--;
          if (b > a)
            ok &= SR_OK == sr__doc_set_meta(d, "title", 5, (const char *)t + a,
                                            b - a, 0);
          xmlFree(t);
        }
      } else if (!strcasecmp(name, "link")) {
        xmlChar *rel = xmlGetProp(c, (const xmlChar *)"rel");
        xmlChar *href = xmlGetProp(c, (const xmlChar *)"href");
        if (rel && href && !strcasecmp((const char *)rel, "canonical"))
          ok &= SR_OK == sr__doc_set_meta(d, "url", 3, (const char *)href,
                                          strlen((const char *)href), 1);
        xmlFree(rel);
        xmlFree(href);
      } else if (!strcasecmp(name, "time") && !d->date[0]) {
        xmlChar *dt = xmlGetProp(c, (const xmlChar *)"datetime");
        if (dt)
          sr__doc_set_date(d, (const char *)dt, strlen((const char *)dt),
                           "html");
        xmlFree(dt);
      }
      if (strcasecmp(name, "script") && strcasecmp(name, "style"))
        ok &= meta_from_head(d, c->children);
    }
  }
  return ok;
}

/* Does the page declare a legacy charset? Then let libxml2 convert it. */
static int declares_other_charset(const char *s, size_t n) {
  size_t i, look = n < 4096 ? n : 4096;
  for (i = 0; i + 8 < look; i++)
    if (!strncasecmp(s + i, "charset=", 8)) {
      const char *v = s + i + 8;
      if (*v == '"' || *v == '\'')
        v++;
      return strncasecmp(v, "utf-8", 5) && strncasecmp(v, "utf8", 4);
    }
  return 0;
}

sr_status sr__ingest_html(sr_doc *d, sr_error *err) {
  struct html_ctx h;
  htmlDocPtr doc;
  xmlNodePtr root, body;
  int opts = HTML_PARSE_RECOVER | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING |
             HTML_PARSE_NONET | HTML_PARSE_COMPACT;
  if (d->input_len > INT_MAX)
    return sr__error(err, SR_ELIMIT, SIZE_MAX, 0, "HTML page too large");
  memset(&h, 0, sizeof h);
  h.d = d;
  sr__offmap_init(&d->body_map, 0);
  doc = htmlReadMemory(
      d->input, (int)d->input_len, d->path ? d->path : "",
      declares_other_charset(d->input, d->input_len) ? NULL : "UTF-8", opts);
  if (!doc) {
    d->body = "";
    d->body_len = 0;
    sr__warn(d, 0, "no HTML content could be read");
    return SR_OK;
  }
  root = xmlDocGetRootElement(doc);
  if (root) {
    if (!meta_from_head(d, root))
      h.oom = 1;
    if (!walk_articles(&h, root)) {
      body = find_element(root, "body");
      walk(&h, body ? body : root, 0);
    }
  }
  xmlFreeDoc(doc);
  if (h.oom)
    return sr__error(err, SR_ENOMEM, SIZE_MAX, 0, "out of memory");
  if (!d->date[0] && d->path && sr__filename_date(d->path, d->date))
    d->date_origin = "filename";
  if (h.misaligned)
    sr__warn(d, SIZE_MAX,
             "%d text node(s) could not be located in the HTML source; "
             "their offsets are approximate",
             h.misaligned);
  d->body = h.out ? h.out : "";
  d->body_len = h.len;
  return SR_OK;
}
