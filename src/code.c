/*
 * code.c - the event coder: from dependency trees and dictionaries to
 * events (DESIGN.md, "Code").
 *
 * For each sentence, after the discard check:
 *   1. every verb whose lemma or form a verb block lists is a candidate;
 *      its patterns are matched against the words it governs (after it:
 *      particles, object, complements, prepositional phrases; before it:
 *      its own dependents) and the most specific match gives the CAMEO
 *      code, else the block's default;
 *   2. the actor is the subject (nsubj; for passives the "by" phrase),
 *      inherited through xcomp, conj, acl and advcl when the verb has
 *      none; the recipient is the object, else a prepositional phrase; a
 *      pattern's '+' and '$' place them explicitly; conj expands either
 *      side into a list;
 *   3. a participant's code comes from the actor and agent tries over its
 *      noun phrase: actor code (by the sentence date for dated roles) plus
 *      agent code ("Russian troops" -> RUS + MIL), "---" + agent without
 *      an actor; a phrase no dictionary knows keeps its text, code NULL;
 *   4. event nouns ("the strike on Kyiv") are coded from their possessor
 *      or adjective and their "on" / "against" phrase;
 *   5. flags: negated (a "not" on the verb, or a denial verb above it),
 *      hypothetical (would / could / might / may, "if"), reported_by (the
 *      subject of a speech verb that governs the event's clause, or
 *      "according to X");
 *   6. PETRARCH's semantics where its dictionaries rely on them: a
 *      negation the coding ontology (PICO) defines gives the opposite code
 *      ("did not clash" 110 -> 050), a default-coded verb and its coded
 *      infinitive combine ("wants to help" 033), the verb dictionary's
 *      transformations ("~ a (b . ATTACK) SAY = a b 112") turn a verb and
 *      its complement clause into one event; a coded verb covers the
 *      clauses it governs, which are not coded apart.
 * UD v1 labels in given parses (dobj, nsubjpass, nmod, name) are read as
 * their v2 equivalents.
 */
#include "cameo.h"
#include "dict.h"
#include "resolve.h"
#include "when.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_LOWER 128 /* longer words are cut for matching */
#define MAX_PARTS 16  /* participants on one side of an event */
#define MAX_NP 64     /* tokens of one noun phrase considered */
#define MAX_CLIMB 6   /* steps up the tree to find a subject */
#define MAX_AGENTS 4  /* agents joined into one code ("DNKMUSMED") */

/* A sentence prepared for matching. */
struct sent {
  const sr_doc *doc;
  const sr_dict *dict;
  const sr_token *tok; /* the sentence's tokens */
  size_t n;
  size_t offset;            /* index of tok[0] in the document */
  size_t sentence;          /* index of the sentence */
  uint32_t date;            /* YYYYMMDD or 0 */
  char (*form)[MAX_LOWER];  /* lower-cased forms */
  char (*lemma)[MAX_LOWER]; /* lower-cased lemmas */
  size_t *head;             /* 0-based head, or SIZE_MAX for the root */
  const char **rel;         /* normalised relation */
  unsigned char *used;      /* 1: an event noun's trigger; 2: a coded verb;
                              3: a verb another verb's event covers */
  /* computed once per sentence, asked for often: */
  const char **case_word; /* first case/mark dependent's lemma, or "" */
  unsigned char *passive; /* has nsubj:pass or aux:pass */
  unsigned char *np_stop; /* its relation ends a noun phrase (conj, acl..) */
  size_t *depth;          /* steps to the root */
  struct sr_when *when;   /* the dates of the sentence (when.c) */
  size_t *form_len, *lemma_len;     /* strlen of form[] and lemma[] */
  uint64_t *form_hash, *lemma_hash; /* their sr__word_hash */
  uint64_t bloom[SR_BLOOM_WORDS];   /* the forms and lemmas present */
};

/* Can pattern p match in sentence s: are all the words it requires
 * (as far as the Bloom filter tells) in the sentence? */
static int may_match(const struct sent *s, const struct sr_pattern *p) {
  size_t i;
  for (i = 0; i < SR_BLOOM_WORDS; i++)
    if ((p->need[i] & s->bloom[i]) != p->need[i])
      return 0;
  return 1;
}

/* A participant under construction. */
struct part {
  size_t head;        /* token */
  size_t first, last; /* token span of the phrase */
  size_t actor_tok;   /* the head-most token of the actor's name */
  const struct sr_actor *actor;
  const struct sr_agent *agent[MAX_AGENTS]; /* in sentence order */
  unsigned char agent_count;
  unsigned char head_agent; /* the agent on the head word, or MAX_AGENTS */
  const char *code;         /* built code, in the doc arena, or NULL */
  const char *sector;
};

struct side {
  struct part p[MAX_PARTS];
  size_t n;
};

/* ------------------------------------------------------------------------ */
/* Relations                                                                */
/* ------------------------------------------------------------------------ */

/* UD v1 names to v2; everything else as it is. */
static const char *normal_rel(const char *r) {
  static const char *const map[][2] = {{"dobj", "obj"},
                                       {"nsubjpass", "nsubj:pass"},
                                       {"csubjpass", "csubj:pass"},
                                       {"auxpass", "aux:pass"},
                                       {"name", "flat"},
                                       {"neg", "advmod:neg"},
                                       {"mwe", "fixed"}};
  size_t i;
  if (!r)
    return "dep";
  for (i = 0; i < sizeof map / sizeof *map; i++)
    if (r[0] == map[i][0][0] && !strcmp(r, map[i][0]))
      return map[i][1];
  return r;
}

static int rel_is(const char *rel, const char *base) {
  size_t n;
  if (rel[0] != base[0])
    return 0;
  n = strlen(base);
  return !strncmp(rel, base, n) && (rel[n] == '\0' || rel[n] == ':');
}

static int is_nominal(const sr_token *t) {
  return t->upos && (!strcmp(t->upos, "NOUN") || !strcmp(t->upos, "PROPN") ||
                     !strcmp(t->upos, "PRON") || !strcmp(t->upos, "NUM") ||
                     !strcmp(t->upos, "X"));
}

static int is_verb(const struct sent *s, size_t i) {
  const char *r = s->rel[i];
  if (!s->tok[i].upos || strcmp(s->tok[i].upos, "VERB"))
    return 0;
  return !rel_is(r, "aux") && !rel_is(r, "cop");
}

/* Is token j inside the subtree of token i? */
static int under(const struct sent *s, size_t j, size_t i) {
  size_t steps = 0;
  while (j != SIZE_MAX && steps++ <= s->n) {
    if (j == i)
      return 1;
    j = s->head[j];
  }
  return 0;
}

/* The case/mark word of a nominal dependent ("by", "with"), or "". */
static const char *case_of(const struct sent *s, size_t i) {
  return s->case_word[i];
}

static int is_oblique(const struct sent *s, size_t j) {
  const char *r = s->rel[j];
  if (!strcmp(r, "obl:tmod") || !strcmp(r, "nmod:tmod") ||
      !strcmp(r, "obl:npmod") || !strcmp(r, "nmod:npmod") ||
      !strcmp(r, "nmod:poss"))
    return 0;
  return rel_is(r, "obl") || rel_is(r, "nmod");
}

static int is_passive(const struct sent *s, size_t v) { return s->passive[v]; }

/* ------------------------------------------------------------------------ */
/* Participants: actor and agent codes of a noun phrase                     */
/* ------------------------------------------------------------------------ */

/* Does token j's form or lemma equal word w? */
static int word_eq(const struct sent *s, size_t j, const char *w) {
  return (s->form[j][0] == w[0] && !strcmp(s->form[j], w)) ||
         (s->lemma[j][0] == w[0] && !strcmp(s->lemma[j], w));
}

/* The longest phrase of trie t starting at token `at` over the tokens
 * idx[k..m) (consecutive in the sentence). Returns the payload and sets
 * *len, or -1. Each token may match by form or by lemma. */
static int32_t trie_match(const struct sent *s, const struct sr_trie *t,
                          const size_t *idx, size_t k, size_t m, size_t *len) {
  /* two candidate nodes per step: via form and via lemma */
  uint32_t nodes[2] = {0, 0};
  size_t nn = 1, step;
  int32_t best = -1;
  *len = 0;
  for (step = 0; k + step < m && nn; step++) {
    size_t j = idx[k + step], a;
    uint32_t next[2];
    size_t nx = 0;
    if (step && idx[k + step] != idx[k + step - 1] + 1)
      break;
    for (a = 0; a < nn; a++) {
      uint32_t c = sr__trie_step_hashed(t, nodes[a], s->form[j], s->form_len[j],
                                        s->form_hash[j]);
      if (c != SR_TRIE_NONE && nx < 2)
        next[nx++] = c;
      if (s->lemma_hash[j] != s->form_hash[j] ||
          strcmp(s->form[j], s->lemma[j])) {
        c = sr__trie_step_hashed(t, nodes[a], s->lemma[j], s->lemma_len[j],
                                 s->lemma_hash[j]);
        if (c != SR_TRIE_NONE && nx < 2 && (nx == 0 || next[0] != c))
          next[nx++] = c;
      }
    }
    nn = nx;
    for (a = 0; a < nn; a++) {
      nodes[a] = next[a];
      if (t->payload[next[a]] >= 0) {
        best = t->payload[next[a]];
        *len = step + 1;
      }
    }
  }
  return best;
}

/* Collects the tokens of the noun phrase headed by h, in sentence order:
 * its subtree without clauses, conjuncts and punctuation. */
static size_t np_tokens(const struct sent *s, size_t h, size_t *out) {
  size_t j, n = 0;
  for (j = 0; j < s->n && n < MAX_NP; j++) {
    size_t a = j, steps = 0;
    int in = 0;
    while (a != SIZE_MAX && steps++ <= s->n) {
      if (a == h) {
        in = 1;
        break;
      }
      if (s->np_stop[a])
        break;
      a = s->head[a];
    }
    if (in)
      out[n++] = j;
  }
  return n;
}

/* The text of tokens first..last as written (they are contiguous in the
 * document's text), or the first token's when the span is implausible. */
static const char *span_text(const struct sent *s, sr_doc *d, size_t first,
                             size_t last) {
  const sr_token *a = &s->tok[first], *b = &s->tok[last];
  size_t len = b->form >= a->form ? (size_t)(b->form + b->form_len - a->form)
                                  : a->form_len;
  return sr__doc_strdup(d, a->form, len);
}

/* The text of the noun phrase headed by h, without its leading
 * preposition ("NBC News", not "according to NBC News"). */
static const char *phrase_text(const struct sent *s, sr_doc *d, size_t h) {
  size_t idx[MAX_NP], n = np_tokens(s, h, idx), k = 0;
  if (!n)
    return span_text(s, d, h, h);
  while (k + 1 < n && idx[k] != h &&
         (rel_is(s->rel[idx[k]], "case") || rel_is(s->rel[idx[k]], "fixed") ||
          rel_is(s->rel[idx[k]], "mark")))
    k++;
  return span_text(s, d, idx[k], idx[n - 1]);
}

/* Joins codes: actor "RUS" + agents "MUS", "MED" -> "RUSMUSMED", in
 * sentence order, as PETRARCH joins them; prefix agents ("NGO~") go
 * before the actor; a code already in the actor's ("MIL" of "RUSMIL") or
 * given by an earlier agent is not added twice. */
static const char *join_code(sr_doc *d, const char *actor,
                             const struct sr_agent *const *agent, size_t n) {
  char buf[96], pre[48];
  size_t i, bl, pl = 0;
  if (!n)
    return actor;
  bl = (size_t)snprintf(buf, sizeof buf, "%s", actor ? actor : "---");
  pre[0] = '\0';
  for (i = 0; i < n; i++) {
    const char *c = agent[i]->code;
    size_t al = strlen(c), a;
    for (a = 0; a < al; a += 3) { /* three letters at a time */
      size_t cl = al - a < 3 ? al - a : 3, k;
      int have = 0;
      for (k = 3; k + cl <= bl && !have; k += 3)
        have = !memcmp(buf + k, c + a, cl);
      for (k = 0; k + cl <= pl && !have; k += 3)
        have = !memcmp(pre + k, c + a, cl);
      if (have)
        continue;
      if (agent[i]->prefix && pl + cl < sizeof pre) {
        memcpy(pre + pl, c + a, cl);
        pre[pl += cl] = '\0';
      } else if (!agent[i]->prefix && bl + cl < sizeof buf) {
        memcpy(buf + bl, c + a, cl);
        buf[bl += cl] = '\0';
      }
    }
  }
  if (pl) {
    char out[sizeof buf + sizeof pre];
    snprintf(out, sizeof out, "%s%s", pre, buf);
    return sr__doc_strdup(d, out, strlen(out));
  }
  return sr__doc_strdup(d, buf, bl);
}

/* p's code from its actor (by the sentence date) and its agents. */
static void part_code(const struct sent *s, sr_doc *d, struct part *p) {
  const char *code = p->actor ? sr__actor_code(p->actor, s->date) : NULL;
  if (p->actor && !code)
    code = "---";
  p->code = join_code(d, code, p->agent, p->agent_count);
}

/* Is token j inside a prepositional modifier of h ("a figure among these
 * fighters")? An agent there describes that phrase, not h. */
static int in_modifier(const struct sent *s, size_t j, size_t h) {
  size_t steps = 0;
  for (; j != h && j != SIZE_MAX && steps++ <= s->n; j = s->head[j])
    if (is_oblique(s, j) && s->case_word[j][0])
      return 1;
  return 0;
}

/* Fills p for the phrase headed by h: its actor and its agents, those of
 * a prepositional modifier only when h has none of its own. */
static void resolve(const struct sent *s, sr_doc *d, size_t h, struct part *p) {
  size_t idx[MAX_NP], n = np_tokens(s, h, idx), k;
  const struct sr_agent *nested = NULL;
  const struct sr_actor *actor = NULL;
  size_t actor_dist = SIZE_MAX;
  memset(p, 0, sizeof *p);
  /* "fighters who attacked": a relative pronoun stands for its noun */
  if (s->head[h] != SIZE_MAX && s->head[s->head[h]] != SIZE_MAX &&
      sr__is_relative(&s->tok[h], s->form[h], s->rel[h], s->rel[s->head[h]],
                      &s->tok[s->head[s->head[h]]])) {
    h = s->head[s->head[h]];
    n = np_tokens(s, h, idx);
  }
  p->head = h;
  p->actor_tok = SIZE_MAX;
  p->head_agent = MAX_AGENTS;
  p->first = n ? idx[0] : h;
  p->last = n ? idx[n - 1] : h;
  for (k = 0; k < n;) {
    size_t len, len2;
    int32_t a = trie_match(s, &s->dict->actor_trie, idx, k, n, &len);
    int32_t g = trie_match(s, &s->dict->agent_trie, idx, k, n, &len2);
    if (a >= 0) {
      /* the actor nearest the head wins ("Russia's ally Belarus") */
      size_t last = idx[k + len - 1];
      size_t dist = last > h ? last - h : h - last;
      if (!actor || dist < actor_dist) {
        size_t m;
        actor = &s->dict->actors[a];
        actor_dist = dist;
        p->actor_tok = idx[k];
        for (m = k; m < k + len; m++) /* the token whose head is outside */
          if (s->head[idx[m]] == SIZE_MAX || s->head[idx[m]] < idx[k] ||
              s->head[idx[m]] > idx[k + len - 1])
            p->actor_tok = idx[m];
      }
    }
    if (g >= 0 && (a < 0 || len2 > len)) {
      if (in_modifier(s, idx[k + len2 - 1], h)) {
        if (!nested)
          nested = &s->dict->agents[g];
      } else if (p->agent_count < MAX_AGENTS) {
        if (idx[k] <= h && h <= idx[k + len2 - 1])
          p->head_agent = p->agent_count;
        p->agent[p->agent_count++] = &s->dict->agents[g];
      }
      k += len2;
      continue;
    }
    k += a >= 0 ? len : 1;
  }
  if (!p->agent_count && nested) /* "the ministers of Arnor" */
    p->agent[p->agent_count++] = nested;
  for (k = 0; !actor && k < n; k++) { /* "Prighozin": resolve.c */
    int32_t a = sr__resolve_spelling(s->dict, &s->tok[idx[k]], s->form[idx[k]]);
    if (a >= 0) {
      actor = &s->dict->actors[a];
      p->actor_tok = idx[k];
    }
  }
  p->actor = actor;
  part_code(s, d, p);
}

static int has_conj(const struct sent *s, size_t h) {
  size_t j;
  for (j = h + 1; j < s->n; j++)
    if (s->head[j] == h && rel_is(s->rel[j], "conj"))
      return 1;
  return 0;
}

/* Adds the phrase headed by h and its conjuncts to side. */
static void add_side(const struct sent *s, sr_doc *d, size_t h,
                     struct side *side) {
  size_t j, actor_tok = SIZE_MAX, first = side->n, own;
  if (side->n < MAX_PARTS) {
    resolve(s, d, h, &side->p[side->n]);
    actor_tok = side->p[side->n++].actor_tok;
  }
  /* "ties with Gondor and Osgiliath", "the ministers of Arnor and
     Gondor": conjuncts of an actor inside, with the phrase's agents */
  if (actor_tok != SIZE_MAX && actor_tok != h) {
    for (j = 0; j < s->n; j++)
      if (s->head[j] == actor_tok && rel_is(s->rel[j], "conj") &&
          is_nominal(&s->tok[j])) {
        size_t at = side->n;
        add_side(s, d, j, side);
        if (at < side->n && side->p[at].actor && !side->p[at].agent_count) {
          struct part *q = &side->p[at];
          memcpy(q->agent, side->p[first].agent, sizeof q->agent);
          q->agent_count = side->p[first].agent_count;
          part_code(s, d, q);
        }
      }
  }
  own = side->n; /* h's parts: side->p[first .. own) */
  for (j = 0; j < s->n; j++) {
    size_t at = side->n, k;
    struct part q;
    if (s->head[j] != h || !is_nominal(&s->tok[j]))
      continue;
    if (rel_is(s->rel[j], "appos")) {
      /* "Mordor, the awful Arnor, and good Gondor": in a list, an
         apposition naming another actor is one more member */
      if (!has_conj(s, h) || !side->p[first].actor)
        continue;
      add_side(s, d, j, side);
      if (at < side->n &&
          (!side->p[at].actor || side->p[at].actor == side->p[first].actor))
        side->n = at;
      continue;
    }
    if (!rel_is(s->rel[j], "conj"))
      continue;
    add_side(s, d, j, side);
    /* "lawmakers and officials in Arnor", "Danish media and government":
       UD hangs what the conjuncts share on the first; a conjunct that
       names only a sector takes the first one's actors and modifiers */
    if (at >= side->n || side->p[at].actor || !side->p[at].agent_count ||
        !side->p[first].actor)
      continue;
    q = side->p[at];
    side->n = at;
    for (k = first; k < own && side->n < MAX_PARTS; k++) {
      const struct part *f = &side->p[k];
      struct part *r = &side->p[side->n];
      size_t m, c = 0;
      if (!f->actor)
        continue;
      *r = q;
      r->actor = f->actor;
      for (m = 0; m < side->p[first].agent_count; m++)
        if (m != side->p[first].head_agent)
          r->agent[c++] = side->p[first].agent[m];
      for (m = 0; m < q.agent_count && c < MAX_AGENTS; m++)
        r->agent[c++] = q.agent[m];
      r->agent_count = (unsigned char)c;
      part_code(s, d, r);
      side->n++;
    }
  }
}

static size_t coded_count(const struct side *side) {
  size_t i, n = 0;
  for (i = 0; i < side->n; i++)
    n += side->p[i].code != NULL;
  return n;
}

static int side_coded(const struct side *side) {
  size_t i;
  for (i = 0; i < side->n; i++)
    if (side->p[i].code)
      return 1;
  return 0;
}

/* The subject of verb v: its nsubj (or for passives its "by" phrase),
 * else inherited from the verb it depends on. */
static void find_source(const struct sent *s, sr_doc *d, size_t v,
                        struct side *out) {
  size_t j, steps;
  for (steps = 0; steps < MAX_CLIMB && v != SIZE_MAX; steps++) {
    int passive = is_passive(s, v);
    for (j = 0; j < s->n; j++) {
      if (s->head[j] != v)
        continue;
      if (passive ? (is_oblique(s, j) && !strcmp(case_of(s, j), "by")) ||
                        !strcmp(s->rel[j], "obl:agent") ||
                        !strcmp(s->rel[j], "nmod:agent")
                  : !strcmp(s->rel[j], "nsubj"))
        add_side(s, d, j, out);
    }
    /* "Ethiopia indicated it would act": a pronoun takes the subject of
       the clause above */
    if (out->n == 1 && !out->p[0].code && s->tok[out->p[0].head].upos &&
        !strcmp(s->tok[out->p[0].head].upos, "PRON") &&
        s->head[v] != SIZE_MAX &&
        (rel_is(s->rel[v], "ccomp") || rel_is(s->rel[v], "advcl"))) {
      out->n = 0;
      v = s->head[v];
      continue;
    }
    if (out->n)
      return;
    if (passive) { /* "was shot dead in Osgiliath": the place */
      for (j = 0; j < s->n && !side_coded(out); j++)
        if (s->head[j] == v && is_oblique(s, j)) {
          out->n = 0;
          add_side(s, d, j, out);
        }
      if (!side_coded(out))
        out->n = 0;
      return;
    }
    {
      const char *r = s->rel[v];
      size_t h = s->head[v];
      if (h == SIZE_MAX)
        return;
      if (rel_is(r, "acl")) { /* "crowds trashed": the noun itself */
        add_side(s, d, h, out);
        return;
      }
      if (!rel_is(r, "xcomp") && !rel_is(r, "conj") && !rel_is(r, "advcl") &&
          !rel_is(r, "ccomp"))
        return;
      if (rel_is(r, "xcomp") && is_passive(s, h)) { /* "was seen to break" */
        for (j = 0; j < s->n; j++)
          if (s->head[j] == h && !strcmp(s->rel[j], "nsubj:pass"))
            add_side(s, d, j, out);
        if (out->n)
          return;
      }
      if (rel_is(r, "xcomp")) { /* "urged Kyiv to talk": object control */
        for (j = 0; j < s->n; j++)
          if (s->head[j] == h && !strcmp(s->rel[j], "obj") &&
              side_coded(out) == 0) {
            struct side tmp;
            tmp.n = 0;
            add_side(s, d, j, &tmp);
            if (side_coded(&tmp)) {
              *out = tmp;
              return;
            }
          }
      }
      v = h;
    }
  }
}

/* Is token j inside a statement that verb v reports (a ccomp or parataxis
 * below v, not an embedded question: "question whether he has a future
 * with the Orcs" is about the Orcs)? */
static int in_clause(const struct sent *s, size_t j, size_t v) {
  size_t steps = 0;
  for (; j != v && j != SIZE_MAX && steps++ <= s->n; j = s->head[j])
    if ((rel_is(s->rel[j], "ccomp") && strcmp(case_of(s, j), "whether") &&
         strcmp(case_of(s, j), "if")) ||
        rel_is(s->rel[j], "parataxis"))
      return 1;
  return 0;
}

/* Is every coded participant of side coded only by a sector word that
 * modifies a head naming no one ("military exercises")? */
static int sector_word_only(const struct side *side) {
  size_t i;
  for (i = 0; i < side->n; i++)
    if (side->p[i].code &&
        (side->p[i].actor || side->p[i].head_agent != MAX_AGENTS))
      return 0;
  return 1;
}

/* The recipient of verb v: its object, else its prepositional phrases. */
static void find_target(const struct sent *s, sr_doc *d, size_t v,
                        struct side *out) {
  size_t j;
  int passive = is_passive(s, v);
  for (j = 0; j < s->n; j++)
    if (s->head[j] == v && (!strcmp(s->rel[j], "obj") ||
                            (passive && !strcmp(s->rel[j], "nsubj:pass"))))
      add_side(s, d, j, out);
  if (side_coded(out) && !sector_word_only(out))
    return;
  /* "conducting military exercises in Alaska": an object that only a
     sector adjective codes yields to a named actor in a phrase */
  for (j = 0; j < s->n; j++) {
    struct side pp;
    if (s->head[j] != v || !is_oblique(s, j) ||
        (passive && !strcmp(case_of(s, j), "by")))
      continue;
    pp.n = 0;
    add_side(s, d, j, &pp);
    if (side_coded(&pp) && (!side_coded(out) || !sector_word_only(&pp))) {
      *out = pp;
      return;
    }
  }
  if (side_coded(out))
    return;
  out->n = 0;
  /* "believes Dagolath can cope": the subject of its complement clause;
     not of a report that comes first ("Arnor will contribute ..., an
     official said": the official speaks about Arnor, not to it) */
  for (j = v + 1; j < s->n; j++)
    if (s->head[j] == v &&
        (rel_is(s->rel[j], "ccomp") || rel_is(s->rel[j], "xcomp"))) {
      size_t k;
      for (k = 0; k < s->n; k++)
        if (s->head[k] == j && rel_is(s->rel[k], "nsubj")) {
          add_side(s, d, k, out);
          if (side_coded(out))
            return;
          out->n = 0;
        }
    }
  /* deeper: "cordoned off the roads leading into Mordor", but not into
     a clause it reports ("said such a step enjoyed support from Moscow":
     Moscow is not whom Washington spoke to) */
  for (j = v + 1; j < s->n; j++) {
    if (!is_nominal(&s->tok[j]) || !under(s, j, v) ||
        rel_is(s->rel[j], "nsubj") || strstr(s->rel[j], "tmod") ||
        rel_is(s->rel[j], "compound") || rel_is(s->rel[j], "flat") ||
        in_clause(s, j, v))
      continue;
    add_side(s, d, j, out);
    if (side_coded(out))
      return;
    out->n = 0;
  }
}

/* The first coded phrase whose head is a nominal at or after token `from`
 * within verb v's domain (and under `within` when not SIZE_MAX). */
static void phrase_at(const struct sent *s, sr_doc *d, size_t v, size_t from,
                      size_t upto, size_t within, struct side *out) {
  size_t j;
  for (j = from; j < upto && j < s->n; j++) {
    if (!is_nominal(&s->tok[j]) || j == v)
      continue;
    if (within != SIZE_MAX && !under(s, j, within))
      continue;
    if (rel_is(s->rel[j], "compound") || rel_is(s->rel[j], "flat") ||
        rel_is(s->rel[j], "amod"))
      continue;
    out->n = 0;
    add_side(s, d, j, out);
    if (side_coded(out))
      return;
  }
  out->n = 0;
}

/* ------------------------------------------------------------------------ */
/* Pattern matching                                                         */
/* ------------------------------------------------------------------------ */

struct match {
  size_t target_at, source_at; /* token positions, SIZE_MAX: none */
  size_t target_within;        /* the PP head the '+' was in */
  int compound, compound_ok;   /* '%' matched; the subject is a list */
  size_t last_pp_head;         /* head noun of the last matched (PREP ...) */
  int extra;                   /* words set members matched beyond one */
};

static int set_match(const struct sent *s, int32_t set, const size_t *dom,
                     size_t k, size_t m, size_t *len, int depth);

/* Does item `it` match at dom[k]? Sets *len (tokens used). */
static int item_match(const struct sent *s, const struct sr_item *it,
                      const size_t *dom, size_t k, size_t m, size_t *len) {
  size_t w;
  if (it->kind == SR_ITEM_SET)
    return it->set >= 0 && set_match(s, it->set, dom, k, m, len, 0);
  if (k + it->word_count > m)
    return 0;
  /* in PETRARCH's patterns a bare word is not the verb of an infinitive
     ("wants to help" is no "* HELP"): those are written "(TO LEAVE)" */
  if (it->petrarch && !it->pp && is_verb(s, dom[k]) &&
      !strcmp(case_of(s, dom[k]), "to"))
    return 0;
  for (w = 0; w < it->word_count; w++) {
    size_t j = dom[k + w];
    if (w && j != dom[k + w - 1] + 1)
      return 0;
    if (!word_eq(s, j, it->words[w]))
      return 0;
  }
  *len = it->word_count;
  return 1;
}

/* Does the member `words` (n words) of a set match at dom[k]? */
static int member_at(const struct sent *s, const char **words, size_t n,
                     const size_t *dom, size_t k, size_t m) {
  size_t w;
  if (k + n > m)
    return 0;
  for (w = 0; w < n; w++) {
    size_t j = dom[k + w];
    if ((w && j != dom[k + w - 1] + 1) || !word_eq(s, j, words[w]))
      return 0;
  }
  return 1;
}

/* The longest member of set `set` at dom[k] ("AUSTRIAN GOLD FLORIN"
 * before "FLORIN"): returns 1 and sets *len, or 0. The token's form and
 * lemma are looked up in the set's first-word index. */
static int set_match(const struct sent *s, int32_t set, const size_t *dom,
                     size_t k, size_t m, size_t *len, int depth) {
  const struct sr_set *st = &s->dict->sets[set];
  size_t i, best = 0, pass, j0 = dom[k];
  for (i = 0; i < st->subset_count && depth < 3; i++) {
    const char *name = st->members[st->subsets[i]][0] + 1;
    int32_t sub = sr__dict_set(s->dict, name, strlen(name));
    size_t sub_len;
    if (sub >= 0 && set_match(s, sub, dom, k, m, &sub_len, depth + 1) &&
        sub_len > best)
      best = sub_len;
  }
  for (pass = 0; pass < 2 && st->index_cap; pass++) {
    const char *w = pass ? s->lemma[j0] : s->form[j0];
    size_t mask = st->index_cap - 1, slot;
    if (pass && !strcmp(w, s->form[j0]))
      break;
    slot = (size_t)(pass ? s->lemma_hash[j0] : s->form_hash[j0]) & mask;
    for (; st->index[slot]; slot = (slot + 1) & mask) {
      size_t mi = st->index[slot] - 1, n = st->member_len[mi];
      const char **words = st->members[mi];
      if (n > best && words[0][0] == w[0] && !strcmp(words[0], w) &&
          member_at(s, words, n, dom, k, m))
        best = n;
    }
  }
  *len = best;
  return best > 0;
}

static int is_prep_token(const struct sent *s, size_t j) {
  const char *r = s->rel[j];
  return rel_is(r, "case") || rel_is(r, "mark") || rel_is(r, "compound") ||
         (s->tok[j].upos &&
          (!strcmp(s->tok[j].upos, "ADP") || !strcmp(s->tok[j].upos, "PART") ||
           !strcmp(s->tok[j].upos, "SCONJ")));
}

/* The head of the noun phrase token j modifies ("new" -> "relations"). */
static size_t np_head(const struct sent *s, size_t j) {
  size_t steps = 0;
  while (s->head[j] != SIZE_MAX && steps++ < MAX_NP) {
    const char *r = s->rel[j];
    if (!rel_is(r, "amod") && !rel_is(r, "compound") && !rel_is(r, "flat") &&
        !rel_is(r, "det") && !rel_is(r, "nummod") && !rel_is(r, "advmod") &&
        !rel_is(r, "nmod:poss") && !rel_is(r, "fixed"))
      break;
    j = s->head[j];
  }
  return j;
}

/* Matches items[0..n) in order over dom[0..m) with gaps allowed. */
static int match_items(const struct sent *s, const struct sr_item *items,
                       size_t n, const size_t *dom, size_t m,
                       struct match *mt) {
  size_t i, k = 0, pp_head = SIZE_MAX;
  size_t group_head = SIZE_MAX; /* the noun phrase of the current {group} */
  size_t prev_end = SIZE_MAX;   /* sentence position after the last match */
  unsigned prev_group = 0, prev_pp = 0;
  int prev_set = 0; /* the last matched item was a set */
  for (i = 0; i < n; i++) {
    const struct sr_item *it = &items[i];
    size_t len = 0;
    if (it->kind == SR_ITEM_TARGET || it->kind == SR_ITEM_SOURCE ||
        it->kind == SR_ITEM_SKIP || it->kind == SR_ITEM_COMPOUND) {
      size_t pos = k < m ? dom[k] : s->n;
      if (it->kind == SR_ITEM_TARGET) {
        mt->target_at = pos;
        mt->target_within = it->pp ? pp_head : SIZE_MAX;
      } else if (it->kind == SR_ITEM_SOURCE) {
        mt->source_at = pos;
      } else if (it->kind == SR_ITEM_SKIP) {
        /* skips the next noun phrase */
        size_t j, end = SIZE_MAX;
        for (j = k; j < m && end == SIZE_MAX; j++)
          if (is_nominal(&s->tok[dom[j]])) {
            size_t idx[MAX_NP], cnt = np_tokens(s, dom[j], idx);
            end = cnt ? idx[cnt - 1] : dom[j];
          }
        while (end != SIZE_MAX && k < m && dom[k] <= end)
          k++;
        continue;
      } else if (it->kind == SR_ITEM_COMPOUND) {
        if (!mt->compound_ok)
          return 0;
        mt->compound = 1;
      }
      continue;
    }
    for (; k < m; k++) {
      size_t j = dom[k];
      /* words of one {group} are in one noun phrase (its head and the
         words modifying it, not a conjunct's), in order; other
         modifiers may come between them ("{NEW &TIETYPES RELATIONS}" in
         "new global economic relations"), except after a set: a set
         names the kind of the word it classifies, which follows it
         ("economic relations", not "economic trade relations") */
      if (it->group && it->group == prev_group && prev_end != SIZE_MAX &&
          (!under(s, j, group_head) || in_modifier(s, j, group_head) ||
           (prev_set && j != prev_end)))
        return 0;
      if (it->pp && !it->pp_first && it->pp == prev_pp && pp_head != SIZE_MAX &&
          !under(s, j, pp_head))
        continue;
      if (it->pp_first && !is_prep_token(s, j))
        continue;
      if (item_match(s, it, dom, k, m, &len) &&
          (!it->group || it->group != prev_group ||
           np_head(s, j) == group_head)) {
        if (it->kind == SR_ITEM_SET) /* a longer member is more specific */
          mt->extra += (int)len - 1;
        break;
      }
    }
    if (k == m)
      return 0;
    if (it->group && it->group != prev_group)
      group_head = np_head(s, dom[k]);
    if (it->pp_first) {
      size_t h = s->head[dom[k]];
      pp_head = h == SIZE_MAX ? dom[k] : h;
      mt->last_pp_head = pp_head;
    }
    prev_group = it->group;
    prev_set = it->kind == SR_ITEM_SET;
    prev_pp = it->pp;
    prev_end = dom[k + len - 1] + 1;
    k += len;
  }
  return 1;
}

/* Is adverbial clause v marked as what its verb is about ("accused him
 * of attempting", "praised for", "clashed over", "asked to help")? */
static int complement_mark(const struct sent *s, size_t v) {
  const char *m = case_of(s, v);
  return !strcmp(m, "of") || !strcmp(m, "for") || !strcmp(m, "over") ||
         !strcmp(m, "to");
}

/* The tokens a verb's pattern is matched over: after the verb, its
 * subtree without subjects and without the clauses it reports ("allowed
 * that Mordor isn't the neatest place": a pattern's {THE NEATEST PLACE}
 * is about allow's object, not the reported clause); before it, its
 * subject and auxiliaries (PETRARCH's words before '*' describe the
 * source phrase: "CABINETS *", "WILL *"; "recently allowed" does not
 * match "RECENTLY *"). */
static size_t verb_domain(const struct sent *s, size_t v, int after,
                          size_t *dom) {
  size_t j, m = 0;
  for (j = after ? v + 1 : 0; j < (after ? s->n : v); j++) {
    size_t a = j, steps = 0;
    int in = 0;
    while (a != SIZE_MAX && steps++ <= s->n) {
      if (s->head[a] == v) {
        const char *r = s->rel[a];
        in = after ? !rel_is(r, "nsubj") && !rel_is(r, "ccomp") &&
                         !rel_is(r, "parataxis") &&
                         !(rel_is(r, "advcl") && !complement_mark(s, a))
                   : rel_is(r, "nsubj") || rel_is(r, "aux");
        break;
      }
      if (a == v)
        break;
      a = s->head[a];
    }
    if (in)
      dom[m++] = j;
  }
  return m;
}

struct candidate {
  const struct sr_pattern *pattern; /* best so far */
  const char *code, *rcode;
  int weight;
  size_t order;
  struct match mt;
  const struct sent *s;
  size_t v;
  size_t *pre, npre, *post, npost;
  int compound_ok; /* the verb's subject is a list */
};

static int try_pattern(struct candidate *c, const struct sr_pattern *p,
                       struct match *mt) {
  memset(mt, 0, sizeof *mt);
  mt->compound_ok = c->compound_ok;
  mt->target_at = mt->source_at = mt->target_within = SIZE_MAX;
  mt->last_pp_head = SIZE_MAX;
  return match_items(c->s, p->pre, p->pre_count, c->pre, c->npre, mt) &&
         match_items(c->s, p->post, p->post_count, c->post, c->npost, mt);
}

static int same_item_list(const struct sr_item *a, const struct sr_item *b,
                          size_t n) {
  size_t i, w;
  for (i = 0; i < n; i++) {
    if (a[i].kind != b[i].kind || a[i].group != b[i].group ||
        a[i].pp != b[i].pp || a[i].word_count != b[i].word_count ||
        (a[i].kind == SR_ITEM_SET && a[i].set != b[i].set))
      return 0;
    for (w = 0; a[i].kind == SR_ITEM_WORD && w < a[i].word_count; w++)
      if (strcmp(a[i].words[w], b[i].words[w]))
        return 0;
  }
  return 1;
}

/* Do patterns a and b require the same words in the same places? Of two
 * such, the later one is the dictionary's revision of the earlier ("- *
 * SUPPORT [051]", later "- * SUPPORT [060]"); of two different patterns
 * that match equally well, the first listed wins. */
static int same_items(const struct sr_pattern *a, const struct sr_pattern *b) {
  return a && b && a->pre_count == b->pre_count &&
         a->post_count == b->post_count &&
         same_item_list(a->pre, b->pre, a->pre_count) &&
         same_item_list(a->post, b->post, a->post_count);
}

static void consider(struct candidate *c, const struct sr_pattern *p,
                     int weight, size_t order, const char *code,
                     const char *rcode, const struct match *mt) {
  /* "+++", "###", "xxy": a pattern that codes nothing; "---" blocks */
  if ((code && code[0] != '-' && (code[0] < '0' || code[0] > '9')) ||
      (rcode && (rcode[0] < '0' || rcode[0] > '9')))
    return;
  if (weight > c->weight ||
      (weight == c->weight &&
       (same_items(p, c->pattern) ? order > c->order : order < c->order))) {
    c->pattern = p;
    c->weight = weight;
    c->order = order;
    c->code = code;
    c->rcode = rcode;
    c->mt = *mt;
  }
}

static void verb_entry(void *user, const struct sr_verb *verb) {
  struct candidate *c = user;
  const sr_dict *d = c->s->dict;
  const struct sr_verb_block *b = &d->blocks[verb->block];
  struct match mt;
  uint32_t i;
  int base = 0;
  if (verb->form) {
    if (!may_match(c->s, verb->form) || !try_pattern(c, verb->form, &mt))
      return;
    base = verb->form->weight;
    if (verb->form->code || verb->form->rcode)
      consider(c, verb->form, base, (size_t)(verb->form - d->patterns),
               verb->form->code, verb->form->rcode, &mt);
  }
  if (b->code || b->rcode) { /* the block's default, below any pattern */
    memset(&mt, 0, sizeof mt);
    mt.target_at = mt.source_at = mt.target_within = mt.last_pp_head = SIZE_MAX;
    consider(c, NULL, base - 1, SIZE_MAX - 1, b->code, b->rcode, &mt);
  }
  for (i = 0; i < b->pattern_count; i++) {
    const struct sr_pattern *p = &d->patterns[b->first_pattern + i];
    if (may_match(c->s, p) && try_pattern(c, p, &mt))
      consider(c, p, base + p->weight + mt.compound + mt.extra,
               b->first_pattern + i, p->code, p->rcode, &mt);
  }
}

/* ------------------------------------------------------------------------ */
/* Flags                                                                    */
/* ------------------------------------------------------------------------ */

static int is_speech(const char *lemma) {
  static const char *const verbs[] = {
      "say",     "tell",    "report",  "claim",    "announce", "state",
      "write",   "add",     "insist",  "allege",   "confirm",  "note",
      "quote",   "post",    "declare", "assert",   "suggest",  "warn",
      "explain", "believe", "think",   "reiterate"};
  size_t i;
  for (i = 0; i < sizeof verbs / sizeof *verbs; i++)
    if (!strcmp(lemma, verbs[i]))
      return 1;
  return 0;
}

/* Does verb v carry its own "not" / "never" / "n't"? */
static int has_not(const struct sent *s, size_t v) {
  size_t j;
  for (j = 0; j < s->n; j++)
    if (s->head[j] == v &&
        (!strcmp(s->rel[j], "advmod:neg") ||
         (rel_is(s->rel[j], "advmod") &&
          (!strcmp(s->lemma[j], "not") || !strcmp(s->lemma[j], "never") ||
           !strcmp(s->form[j], "n't")))))
      return 1;
  return 0;
}

/* CAMEO codes with their values in PETRARCH's internal coding ontology,
 * PICO (UniversalPetrarch's PETR.Internal.Coding.Ontology.txt; NOTICE).
 * A value's high nibble says what kind of act it is (1 say, 2 appeal,
 * 3 intend, 4 demand, 6 threaten, A investigate, B consult ...), its low
 * bits what the act is about (0x40 aid, 0x70 material cooperation, 0x80
 * diplomatic cooperation, 0xA0 fighting ...), and a negation subtracts
 * 0xFFFF: "intend" + "aid" is 033, "not" + 110 is 050. */
static const struct {
  const char *code;
  long value;
} pico[] = {
    {"010", 0x1000},   {"011", -0xEFFF},  {"012", 0x100C},   {"013", 0x1001},
    {"015", 0x10A0},   {"016", -0xEF5F},  {"017", 0x1003},   {"018", 0x1004},
    {"019", 0x1005},   {"020", 0x2000},   {"021", 0x2070},   {"0211", 0x2075},
    {"0212", 0x2076},  {"0213", 0x2078},  {"0214", 0x207A},  {"022", 0x2080},
    {"023", 0x2040},   {"0231", 0x2045},  {"0232", 0x2046},  {"0233", 0x2047},
    {"0234", 0x2049},  {"024", 0x2060},   {"0241", 0x2061},  {"0242", 0x2062},
    {"0243", 0x2063},  {"0244", 0x2064},  {"025", 0x2200},   {"0251", 0x220B},
    {"0252", 0x220C},  {"0253", 0x220D},  {"0254", 0x2205},  {"0255", 0x220E},
    {"0256", 0x220F},  {"026", 0x2010},   {"027", 0x2020},   {"028", 0x2030},
    {"030", 0x3000},   {"031", 0x3070},   {"0311", 0x3075},  {"0312", 0x3076},
    {"0313", 0x3078},  {"0314", 0x307A},  {"032", 0x3080},   {"033", 0x3040},
    {"0331", 0x3045},  {"0332", 0x3046},  {"0333", 0x3047},  {"0334", 0x3049},
    {"034", 0x3060},   {"0341", 0x3061},  {"0342", 0x3062},  {"0343", 0x3063},
    {"0344", 0x3064},  {"035", 0x3200},   {"0351", 0x320B},  {"0352", 0x320C},
    {"0353", 0x320D},  {"0354", 0x3205},  {"0355", 0x320E},  {"0356", 0x320F},
    {"036", 0x3010},   {"037", 0x3020},   {"038", 0x3230},   {"039", 0x3030},
    {"040", 0xB000},   {"041", 0xB001},   {"042", 0xB002},   {"043", 0xB003},
    {"044", 0xB010},   {"045", 0xB030},   {"046", 0xB010},   {"050", 0x80},
    {"051", 0x81},     {"052", 0x82},     {"053", 0x83},     {"054", 0x84},
    {"055", 0x85},     {"056", 0x86},     {"057", 0x87},     {"060", 0x70},
    {"061", 0x75},     {"062", 0x76},     {"063", 0x78},     {"064", 0x7A},
    {"070", 0x40},     {"071", 0x45},     {"072", 0x46},     {"073", 0x47},
    {"074", 0x49},     {"075", 0x4E},     {"080", 0x200},    {"081", 0x20B},
    {"0811", 0x203},   {"0812", 0x201},   {"0813", 0x204},   {"0814", 0x206},
    {"082", 0x20C},    {"083", 0x260},    {"0831", 0x261},   {"0832", 0x262},
    {"0833", 0x263},   {"0834", 0x264},   {"084", 0x250},    {"0841", 0x20C},
    {"0842", 0x20C},   {"085", 0x205},    {"086", 0x20E},    {"0861", 0x209},
    {"0862", 0x20A},   {"0863", 0x207},   {"087", 0x2C0},    {"0871", 0x2C9},
    {"0872", 0x2C1},   {"0873", 0x2C6},   {"0874", 0x2C2},   {"090", 0xA000},
    {"091", 0xA001},   {"092", 0xA002},   {"093", 0xA003},   {"094", 0xA004},
    {"100", 0x4000},   {"101", 0x4070},   {"1011", 0x4075},  {"1012", 0x4076},
    {"1013", 0x4078},  {"1014", 0x407A},  {"102", 0x4080},   {"103", 0x4040},
    {"1031", 0x4045},  {"1032", 0x4046},  {"1033", 0x4047},  {"1034", 0x4049},
    {"104", 0x4060},   {"1041", 0x4061},  {"1042", 0x4062},  {"1043", 0x4063},
    {"1044", 0x4064},  {"105", 0x4200},   {"1051", 0x420B},  {"1052", 0x420C},
    {"1053", 0x420D},  {"1054", 0x4205},  {"1055", 0x420E},  {"1056", 0x420F},
    {"106", 0x4010},   {"107", 0x4020},   {"108", 0x4030},   {"110", 0x1007F},
    {"111", 0x7001},   {"112", 0x70A0},   {"1121", 0x70A1},  {"1122", 0x70A2},
    {"1123", 0x70A3},  {"1124", 0x70A4},  {"1125", 0x70A5},  {"113", 0x7002},
    {"114", 0x7003},   {"115", 0x7008},   {"116", 0x7005},   {"120", -0xFFFF},
    {"121", -0xFF8F},  {"1211", -0xFF8A}, {"1212", -0xFF89}, {"122", -0xDCBF},
    {"1221", -0xDCBA}, {"1222", -0xDCB9}, {"1223", -0xDCB8}, {"1224", -0xDCB6},
    {"123", -0xDC9F},  {"1231", -0xDC9E}, {"1232", -0xDC9D}, {"1233", -0xDC9C},
    {"1234", -0xDC9B}, {"124", -0xFDFF},  {"1241", -0xFDF4}, {"1242", -0xFDF3},
    {"1243", -0xFDF2}, {"1244", -0xFDFA}, {"1245", -0xFDF1}, {"1246", -0xFD3F},
    {"125", -0xFFEF},  {"126", -0xFFCF},  {"127", -0xFFDF},  {"128", -0xFFFD},
    {"129", -0xFFFE},  {"130", 0x6000},   {"131", 0x6100},   {"1311", 0x6140},
    {"1312", 0x6105},  {"1313", 0x6180},  {"132", 0x600B},   {"1321", 0x6003},
    {"1322", 0x6001},  {"1323", 0x6004},  {"1324", 0x6006},  {"133", 0x600C},
    {"134", 0x6010},   {"135", 0x6030},   {"136", 0x600E},   {"137", 0x6004},
    {"138", 0x60A0},   {"1381", 0x60A1},  {"1382", 0x60A2},  {"1383", 0x60A3},
    {"1384", 0x60A4},  {"1385", 0x60B0},  {"139", 0x6005},   {"140", 0x5000},
    {"145", 0x50A0},   {"150", 0x8000},   {"151", 0x8001},   {"152", 0x8002},
    {"153", 0x8003},   {"154", 0x8004},   {"160", 0x100},    {"161", 0x180},
    {"162", 0x140},    {"1621", 0x145},   {"1622", 0x146},   {"1623", 0x147},
    {"163", 0xB},      {"164", 0x110},    {"165", 0x130},    {"166", 0x150},
    {"1661", 0x159},   {"1662", 0x15A},   {"1663", 0x15E},   {"170", 0x10086},
    {"171", 0x9010},   {"1711", 0x9011},  {"1712", 0x9012},  {"172", 0x900B},
    {"1721", 0x9003},  {"1722", 0x9001},  {"1723", 0x9004},  {"1724", 0x9006},
    {"173", 0x9020},   {"174", 0x9030},   {"175", 0x9040},   {"180", 0x90},
    {"181", 0x91},     {"182", 0x92},     {"1821", 0x93},    {"1822", 0x94},
    {"1823", 0x95},    {"1824", 0x96},    {"183", 0x97},     {"1831", 0x98},
    {"1832", 0x99},    {"1833", 0x9A},    {"1834", 0x9B},    {"184", 0x9C},
    {"185", 0x9D},     {"186", 0x9E},     {"190", 0xA0},     {"191", 0xA1},
    {"192", 0xA2},     {"193", 0xA3},     {"194", 0xA4},     {"195", 0xA5},
    {"1951", 0xA6},    {"1952", 0xA7},    {"196", 0xA8},     {"200", 0xB0},
};

static int pico_value(const char *code, long *value) {
  size_t i;
  for (i = 0; code && i < sizeof pico / sizeof *pico; i++)
    if (pico[i].code[1] == code[1] && !strcmp(pico[i].code, code)) {
      *value = pico[i].value;
      return 1;
    }
  return 0;
}

/* The first CAMEO code with PICO value v, or NULL. */
static const char *pico_code(long v) {
  size_t i;
  for (i = 0; i < sizeof pico / sizeof *pico; i++)
    if (pico[i].value == v)
      return pico[i].code;
  return NULL;
}

/* The code a negation turns `code` into, or NULL: the code whose PICO
 * value is code's minus 0xFFFF ("did not clash", 110, is 050; "would not
 * provide support", 060, is 121; a refused comment is 011). A negation
 * the ontology does not define leaves the code as it is, with the event's
 * negated flag set. */
static const char *negation_of(const char *code) {
  long v;
  return pico_value(code, &v) ? pico_code(v - 0xFFFF) : NULL;
}

/* The code of an act of kind `outer` about the act `inner` ("wants to
 * help": intend 030 + aid 070 = 033; "asked Obama to help": appeal + aid
 * = 023), or NULL when the ontology has none: outer must be a bare kind
 * of act, inner a bare object. */
static const char *compose(const char *outer, const char *inner) {
  long o, i;
  if (!pico_value(outer, &o) || !pico_value(inner, &i) || o <= 0 ||
      o > 0xFFFF || (o & 0xFFF) || i <= 0 || (i & 0xF000))
    return NULL;
  return pico_code(o + i);
}

static int negated(const struct sent *s, size_t v) {
  if (has_not(s, v))
    return 1;
  /* "denied attacking": the verb is the complement of a denial */
  if (s->head[v] != SIZE_MAX &&
      (rel_is(s->rel[v], "xcomp") || rel_is(s->rel[v], "ccomp")) &&
      (!strcmp(s->lemma[s->head[v]], "deny") ||
       !strcmp(s->lemma[s->head[v]], "refute")))
    return 1;
  return 0;
}

static int hypothetical(const struct sent *s, size_t v) {
  static const char *const modals[] = {"would", "could",  "might",
                                       "may",   "should", "if"};
  size_t j, k;
  for (j = 0; j < s->n; j++) {
    if (s->head[j] != v ||
        !(rel_is(s->rel[j], "aux") || rel_is(s->rel[j], "mark")))
      continue;
    for (k = 0; k < sizeof modals / sizeof *modals; k++)
      if (!strcmp(s->lemma[j], modals[k]) || !strcmp(s->form[j], modals[k]))
        return 1;
  }
  return 0;
}

/* The text of the subject of speech verb h, or of "according to X". */
static const char *reporter(const struct sent *s, sr_doc *d, size_t v) {
  size_t j, h = s->head[v];
  size_t sp = SIZE_MAX;
  /* "X attacked Y, the governor said": the clause under a speech verb
     (parsers also make it an advcl with no subordinating word) */
  if (h != SIZE_MAX && is_speech(s->lemma[h]) &&
      (rel_is(s->rel[v], "ccomp") || rel_is(s->rel[v], "parataxis") ||
       (rel_is(s->rel[v], "advcl") && !case_of(s, v)[0])))
    sp = h;
  for (j = 0; sp == SIZE_MAX && j < s->n; j++)
    if (s->head[j] == v && rel_is(s->rel[j], "parataxis") &&
        is_speech(s->lemma[j]))
      sp = j;
  for (j = 0; sp != SIZE_MAX && j < s->n; j++)
    if (s->head[j] == sp && rel_is(s->rel[j], "nsubj"))
      return phrase_text(s, d, j);
  /* "according to NBC News": "according" hangs from the source's noun */
  for (j = 0; j + 1 < s->n; j++)
    if (!strcmp(s->lemma[j], "accord") && !strcmp(s->lemma[j + 1], "to") &&
        s->head[j] != SIZE_MAX && is_nominal(&s->tok[s->head[j]]))
      return phrase_text(s, d, s->head[j]);
  return NULL;
}

/* ------------------------------------------------------------------------ */
/* Events                                                                   */
/* ------------------------------------------------------------------------ */

struct event_list {
  sr_event *items;
  size_t n, cap;
  struct side scratch; /* recipients without the actors' own codes */
};

/* Does a participant of side a carry code `code`? */
static int has_code(const struct side *a, const char *code) {
  size_t i;
  for (i = 0; i < a->n; i++)
    if (a->p[i].code && !strcmp(a->p[i].code, code))
      return 1;
  return 0;
}

/* Does a recipient named by the dictionary have an actor's code (Gondor
 * acting on Gondor)? PETRARCH's events are between two parties. Codes of
 * a sector alone ("---MIL") name nobody in particular and may differ. */
static int self_code(const struct side *src, const char *code) {
  return code && strncmp(code, "---", 3) && has_code(src, code);
}

static int overlap(const struct side *src, const struct side *tgt) {
  size_t i;
  for (i = 0; i < tgt->n; i++)
    if (self_code(src, tgt->p[i].code))
      return 1;
  return 0;
}

static sr_status fill_parts(const struct sent *s, sr_doc *d,
                            const struct side *side, sr_participant **out,
                            size_t *count) {
  size_t i;
  sr_participant *p;
  *out = NULL;
  *count = 0;
  if (!side || !side->n)
    return SR_OK;
  p = sr__arena_calloc(&d->arena, side->n, sizeof *p);
  if (!p)
    return SR_ENOMEM;
  for (i = 0; i < side->n; i++) {
    const struct part *pt = &side->p[i];
    const sr_token *a = &s->tok[pt->first], *b = &s->tok[pt->last];
    p[i].text = span_text(s, d, pt->first, pt->last);
    p[i].start = a->start;
    p[i].end = b->end > a->start ? b->end : a->end;
    p[i].code = pt->code;
    if (pt->code && strlen(pt->code) >= 3) {
      p[i].country =
          strncmp(pt->code, "---", 3) ? sr__doc_strdup(d, pt->code, 3) : NULL;
      p[i].sector = pt->code[3] ? pt->code + 3 : NULL;
    }
    p[i].name = pt->actor ? pt->actor->name : NULL;
    if (!p[i].text)
      return SR_ENOMEM;
  }
  *out = p;
  *count = side->n;
  return SR_OK;
}

static sr_status emit(const struct sent *s, sr_doc *d, struct event_list *L,
                      const char *code, const struct sr_pattern *p,
                      const struct side *src, const struct side *tgt,
                      size_t trigger, int weight) {
  sr_event *e;
  const sr_cameo_code *info;
  sr_participant *parts;
  size_t count;
  sr_status st;
  if (!code || !code[0] || code[0] == '-' || code[0] == '#')
    return SR_OK;
  if (tgt && src && src->n > 1 && overlap(src, tgt)) {
    /* "Arnor and Gondor ... Gondor": one event per actor, so that Arnor
       keeps Gondor as recipient */
    struct side one;
    size_t i;
    one.n = 1;
    for (i = 0; i < src->n; i++) {
      one.p[0] = src->p[i];
      if ((st = emit(s, d, L, code, p, &one, tgt, trigger, weight)) != SR_OK)
        return st;
    }
    return SR_OK;
  }
  if (L->n == L->cap) {
    size_t ncap = L->cap ? L->cap * 2 : 16;
    sr_event *ne = sr__arena_grow(&d->arena, L->items, L->cap * sizeof *ne,
                                  ncap * sizeof *ne);
    if (!ne)
      return SR_ENOMEM;
    L->items = ne;
    L->cap = ncap;
  }
  e = &L->items[L->n];
  memset(e, 0, sizeof *e);
  e->sentence = s->sentence;
  e->cameo = code;
  info = sr__cameo_lookup_prefix(code, strlen(code));
  if (info) {
    e->event = info->plover;
    e->mode = info->plover_mode;
    e->quad = info->quad;
    e->goldstein = info->goldstein;
  }
  if (p && p->plover) {
    e->event = p->plover;
    e->mode = p->mode;
  }
  if ((st = fill_parts(s, d, src, &parts, &count)) != SR_OK)
    return st;
  e->actors = parts;
  e->actor_count = count;
  if (tgt && src && overlap(src, tgt)) { /* nobody acts on itself */
    struct side *own = &L->scratch;
    size_t i;
    own->n = 0;
    for (i = 0; i < tgt->n; i++)
      if (!self_code(src, tgt->p[i].code))
        own->p[own->n++] = tgt->p[i];
    tgt = own;
  }
  if ((st = fill_parts(s, d, tgt, &parts, &count)) != SR_OK)
    return st;
  e->recipients = parts;
  e->recipient_count = count;
  e->trigger_token = s->offset + trigger;
  e->trigger_start = s->tok[trigger].start;
  e->trigger_end = s->tok[trigger].end;
  e->negated = negated(s, trigger);
  e->hypothetical = hypothetical(s, trigger);
  e->reported_by = reporter(s, d, trigger);
  if ((st = sr__when_event(s->when, trigger, &e->date, &e->date_precision)) !=
      SR_OK)
    return st;
  e->confidence = weight <= 0 ? 0.5 : weight == 1 ? 0.7 : 0.8;
  if (!side_coded(src) || !side_coded(tgt))
    e->confidence -= 0.2;
  L->n++;
  return SR_OK;
}

/* Does verb w have a subject of its own? */
static int has_own_subject(const struct sent *s, size_t w) {
  size_t j;
  for (j = 0; j < s->n; j++)
    if (s->head[j] == w &&
        (rel_is(s->rel[j], "nsubj") || rel_is(s->rel[j], "csubj")))
      return 1;
  return 0;
}

/* Is verb v the complement of a coded verb ("accused Kyiv of attacking",
 * "vowed to wage war")? Then that verb's event covers it. */
static int claimed(const struct sent *s, size_t v) {
  size_t h = s->head[v];
  const char *r = s->rel[v];
  if (s->used[v] == 3)
    return 1;
  /* "claimed that ISIL had attacked Iraq and taken Mosul": a conjunct of a
     covered verb is covered too */
  if (h != SIZE_MAX && s->used[h] == 3 && rel_is(r, "conj"))
    return 1;
  /* "urged Eriador to respond" parsed with the infinitive on the object */
  if (h != SIZE_MAX && rel_is(r, "acl") && rel_is(s->rel[h], "obj") &&
      s->head[h] != SIZE_MAX && s->used[s->head[h]] >= 2 &&
      !strcmp(case_of(s, v), "to") && !has_own_subject(s, v))
    return 1;
  if (h == SIZE_MAX || s->used[h] < 2)
    return 0;
  if (rel_is(r, "xcomp") || rel_is(r, "ccomp"))
    return 1;
  if (rel_is(r, "advcl") || rel_is(r, "acl")) {
    const char *m = case_of(s, v);
    /* "asked Obama to help Iran", "faces pressure to help Iran": an
       infinitive without a subject of its own is what the verb is about */
    return complement_mark(s, v) && (strcmp(m, "to") || !has_own_subject(s, v));
  }
  return 0;
}

/* emit() for a verb's event; a negated verb whose code the ontology can
 * negate gets the opposite code, and then no negated flag (it would negate
 * the event twice). */
static sr_status emit_verb(const struct sent *s, sr_doc *d,
                           struct event_list *L, const char *code,
                           const struct sr_pattern *p, const struct side *src,
                           const struct side *tgt, size_t v, int weight,
                           int neg) {
  const char *opposite = neg ? negation_of(code) : NULL;
  sr_status st;
  size_t at = L->n;
  st = emit(s, d, L, opposite ? opposite : code, p, src, tgt, v, weight);
  for (; st == SR_OK && opposite && at < L->n; at++)
    L->items[at].negated = 0;
  return st;
}

/* Picks verb v's code (its most specific pattern, else its block's) and
 * its source. Returns 0 when no verb block knows v. */
static int choose(const struct sent *s, sr_doc *d, size_t v, size_t *pre,
                  size_t *post, struct candidate *c, struct side *src) {
  memset(c, 0, sizeof *c);
  c->weight = -1000;
  c->order = SIZE_MAX;
  c->s = s;
  c->v = v;
  c->pre = pre;
  c->post = post;
  c->npre = verb_domain(s, v, 0, pre);
  c->npost = verb_domain(s, v, 1, post);
  src->n = 0;
  find_source(s, d, v, src);
  c->compound_ok = src->n > 1;
  sr__dict_verbs(s->dict, s->lemma[v], strlen(s->lemma[v]), verb_entry, c);
  if (strcmp(s->lemma[v], s->form[v]))
    sr__dict_verbs(s->dict, s->form[v], strlen(s->form[v]), verb_entry, c);
  if (c->weight == -1000 || (!c->code && !c->rcode))
    return 0;
  if (c->mt.source_at != SIZE_MAX) {
    struct side at;
    at.n = 0;
    phrase_at(s, d, v, c->mt.source_at, s->n, SIZE_MAX, &at);
    if (at.n)
      *src = at;
  }
  return 1;
}

/* The recipient of verb v's event, where its pattern puts it, else its
 * object or phrases. */
static void place_target(const struct sent *s, sr_doc *d, size_t v,
                         const struct candidate *c, struct side *tgt) {
  size_t j;
  tgt->n = 0;
  if (c->mt.target_at != SIZE_MAX)
    phrase_at(s, d, v, c->mt.target_at, s->n, c->mt.target_within, tgt);
  /* with no '+', the object before a phrase the pattern named: "engaged
     Filipino peacekeepers (in firefight)" */
  for (j = 0; !tgt->n && c->mt.last_pp_head != SIZE_MAX && j < s->n; j++)
    if (s->head[j] == v && !strcmp(s->rel[j], "obj")) {
      add_side(s, d, j, tgt);
      if (!side_coded(tgt))
        tgt->n = 0;
    }
  if (!tgt->n && c->mt.last_pp_head != SIZE_MAX) {
    add_side(s, d, c->mt.last_pp_head, tgt);
    if (!side_coded(tgt))
      tgt->n = 0;
  }
  if (!tgt->n)
    find_target(s, d, v, tgt);
}

struct word_code {
  const sr_dict *dict;
  const char *code; /* OUT: the code the word's entry gives it */
};

static void word_code_entry(void *user, const struct sr_verb *verb) {
  struct word_code *w = user;
  const char *c = verb->form && verb->form->code
                      ? verb->form->code
                      : w->dict->blocks[verb->block].code;
  if (!w->code && c && c[0] >= '0' && c[0] <= '9')
    w->code = c;
}

/* Does a transformation's verb word stand for verb v coded `code`? The
 * word is the lemma itself, or its code covers v's: a root code ("190")
 * the whole root, another code itself and its subcodes. */
static int word_stands_for(const struct sent *s, const char *word, size_t v,
                           const char *code) {
  struct word_code w = {s->dict, NULL};
  size_t n;
  if (!strcmp(s->lemma[v], word) || !strcmp(s->form[v], word))
    return 1;
  if (!code || code[0] < '0' || code[0] > '9')
    return 0;
  sr__dict_verbs(s->dict, word, strlen(word), word_code_entry, &w);
  if (!w.code)
    return 0;
  n = strlen(w.code);
  if (n == 3 && w.code[2] == '0')
    n = 2;
  return !strncmp(code, w.code, n);
}

/* Does every coded participant of a appear in b? */
static int same_parts(const struct side *a, const struct side *b) {
  size_t i, k, found = 0;
  for (i = 0; i < a->n; i++) {
    if (!a->p[i].code)
      continue;
    for (k = 0; k < b->n; k++)
      if (b->p[k].code && !strcmp(a->p[i].code, b->p[k].code))
        break;
    if (k == b->n)
      return 0;
    found++;
  }
  return found > 0;
}

static int has_future(const struct sent *s, size_t w) {
  size_t j;
  for (j = 0; j < s->n; j++)
    if (s->head[j] == w && rel_is(s->rel[j], "aux") &&
        (!strcmp(s->lemma[j], "will") || !strcmp(s->lemma[j], "would") ||
         !strcmp(s->lemma[j], "shall") || !strcmp(s->form[j], "'ll")))
      return 1;
  return 0;
}

/* Applies the dictionary's transformations to verb v (coded c, source
 * src): "the US claimed that ISIL had attacked Iraq" is one event, the US
 * accusing ISIL (112), not a claim plus an attack. The complement's verb
 * is then consumed. Returns 1 when a transformation applied (*st says how
 * emitting went). */
static int transform(struct sent *s, sr_doc *d, struct event_list *L, size_t v,
                     const struct candidate *c, const struct side *src,
                     size_t *pre, size_t *post, sr_status *st) {
  const sr_dict *dict = s->dict;
  size_t r, w;
  for (r = 0; r < dict->transform_count; r++) {
    const struct sr_transform *t = &dict->transforms[r];
    if (!word_stands_for(s, t->outer, v, c->code))
      continue;
    for (w = 0; w < s->n; w++) {
      struct candidate c2;
      struct side src2, tgt2;
      const struct side *b;
      int same;
      if (s->head[w] != v ||
          !(rel_is(s->rel[w], "ccomp") || rel_is(s->rel[w], "xcomp")) ||
          !is_verb(s, w) || !choose(s, d, w, pre, post, &c2, &src2))
        continue;
      if (t->inner && !word_stands_for(s, t->inner, w, c2.code))
        continue;
      if (t->future && !has_future(s, w))
        continue;
      same = same_parts(&src2, src);
      if ((t->inner_src == SR_SLOT_SAME && !same) ||
          (t->inner_src == SR_SLOT_OTHER && (same || !side_coded(&src2))) ||
          (t->inner_src == SR_SLOT_NONE && (!same || has_own_subject(s, w))))
        continue;
      place_target(s, d, w, &c2, &tgt2);
      if (t->inner_tgt == SR_SLOT_OTHER && !side_coded(&tgt2))
        continue;
      b = t->b_is_src ? &src2 : &tgt2;
      s->used[v] = 2;
      s->used[w] = 3;
      if (t->code) {
        *st = emit(s, d, L, t->code, NULL, src, b, v, c2.weight);
      } else { /* a carried-over code keeps the clause's negation */
        size_t at = L->n;
        int neg = has_not(s, w);
        *st = emit_verb(s, d, L, c2.code, NULL, src, b, v, c2.weight, neg);
        for (; *st == SR_OK && neg && !negation_of(c2.code) && at < L->n; at++)
          L->items[at].negated = 1;
      }
      return 1;
    }
  }
  return 0;
}

/* "wants to help Israel", "asked Obama to help Iran": a verb coded by its
 * block's default whose infinitive complement is coded takes the code
 * the ontology gives the two together (compose) and the complement's
 * recipient. Returns 1 when it did (c and tgt changed). */
static int compose_complement(const struct sent *s, sr_doc *d, size_t v,
                              struct candidate *c, struct side *tgt,
                              size_t *pre, size_t *post) {
  size_t w, j;
  for (w = 0; w < s->n; w++) {
    struct candidate c2;
    struct side src2;
    const char *code;
    if (s->head[w] != v || !is_verb(s, w) ||
        !(rel_is(s->rel[w], "xcomp") ||
          ((rel_is(s->rel[w], "advcl") || rel_is(s->rel[w], "acl")) &&
           !strcmp(case_of(s, w), "to") && !has_own_subject(s, w))))
      continue;
    if (!choose(s, d, w, pre, post, &c2, &src2) ||
        !(code = compose(c->code, c2.code)))
      return 0;
    /* the one asked ("asked Obama to help Iran"), else whom the act is
       for ("wants to help Israel") */
    tgt->n = 0;
    for (j = 0; j < s->n; j++)
      if (s->head[j] == v && !strcmp(s->rel[j], "obj"))
        add_side(s, d, j, tgt);
    if (!side_coded(tgt))
      place_target(s, d, w, &c2, tgt);
    if (!side_coded(tgt))
      place_target(s, d, v, c, tgt);
    c->code = code;
    c->rcode = NULL;
    return 1;
  }
  return 0;
}

/* Does an event coded `code` cover the clauses of its verb? Any act but a
 * statement (01x), whose content is coded on its own; also when only the
 * paired code is one ("[---:100]": pressure from Congress on Obama). */
static int claims(const char *code) {
  return code && code[0] >= '0' && code[0] <= '9' && strncmp(code, "01", 2);
}

/* Codes verb v, if a verb block knows it. */
static sr_status code_verb(struct sent *s, sr_doc *d, struct event_list *L,
                           size_t v, size_t *pre, size_t *post) {
  struct candidate c;
  struct side src, tgt;
  sr_status st = SR_OK;
  int neg, tgt_known = 0;
  if (!choose(s, d, v, pre, post, &c, &src))
    return SR_OK;
  if (s->dict->transform_count &&
      transform(s, d, L, v, &c, &src, pre, post, &st))
    return st;
  if ((!c.pattern || !(c.pattern->pre_count + c.pattern->post_count)) &&
      compose_complement(s, d, v, &c, &tgt, pre, post))
    tgt_known = 1;
  /* a statement is not the act it is about; other verbs claim theirs */
  if (claims(c.code) || claims(c.rcode))
    s->used[v] = 2;
  if (!tgt_known)
    place_target(s, d, v, &c, &tgt);
  /* "Arnor and Gondor agreed", by a '%' pattern or, for consultation and
     cooperation (CAMEO 03-06) with no recipient, "the US, Russia and
     Switzerland met": each with the others */
  if (c.mt.compound ||
      (!side_coded(&tgt) && coded_count(&src) > 1 && c.code &&
       c.code[0] == '0' && c.code[1] >= '3' && c.code[1] <= '6')) {
    size_t a, b;
    for (a = 0; a < src.n; a++)
      for (b = 0; b < src.n; b++) {
        struct side one, other;
        if (a == b)
          continue;
        one.n = other.n = 1;
        one.p[0] = src.p[a];
        other.p[0] = src.p[b];
        if ((st = emit(s, d, L, c.code, c.pattern, &one, &other, v,
                       c.weight)) != SR_OK)
          return st;
      }
    if (src.n > 1)
      return SR_OK;
  }
  neg = has_not(s, v);
  if ((st = emit_verb(s, d, L, c.code, c.pattern, &src, &tgt, v, c.weight,
                      neg)) != SR_OK)
    return st;
  if (c.rcode)
    return emit_verb(s, d, L, c.rcode, c.pattern, &tgt, &src, v, c.weight, neg);
  return SR_OK;
}

/* Codes event nouns: "a Russian strike on Kyiv". */
static sr_status code_nouns(struct sent *s, sr_doc *d, struct event_list *L,
                            size_t *all) {
  size_t k, n = s->n;
  if (!s->dict->noun_count)
    return SR_OK;
  for (k = 0; k < n; k++)
    all[k] = k;
  for (k = 0; k < n;) {
    size_t len, h, j;
    int32_t pi = trie_match(s, &s->dict->noun_trie, all, k, n, &len);
    struct side src, tgt;
    const struct sr_pattern *p;
    sr_status st;
    if (pi < 0) {
      k++;
      continue;
    }
    p = &s->dict->patterns[pi];
    h = k + len - 1; /* the phrase's last word is its head */
    k += len;
    if (!is_nominal(&s->tok[h]) || s->used[h])
      continue;
    /* "Russia violated the ceasefire": the coded verb says it all */
    if (s->head[h] != SIZE_MAX && s->used[s->head[h]] == 2)
      continue;
    src.n = tgt.n = 0;
    for (j = 0; j < n; j++) {
      if (s->head[j] != h || j == h)
        continue;
      if ((rel_is(s->rel[j], "nmod:poss") || rel_is(s->rel[j], "amod") ||
           rel_is(s->rel[j], "compound")) &&
          !src.n) {
        add_side(s, d, j, &src);
        /* "Russian strike" names an actor; "military aid" does not */
        if (!side_coded(&src) ||
            (!src.p[0].actor && !rel_is(s->rel[j], "nmod:poss")))
          src.n = 0;
      } else if (is_oblique(s, j) && !tgt.n) {
        const char *c = case_of(s, j);
        if (!strcmp(c, "on") || !strcmp(c, "against") || !strcmp(c, "at") ||
            !strcmp(c, "in") || !strcmp(c, "of")) {
          add_side(s, d, j, &tgt);
          if (!side_coded(&tgt))
            tgt.n = 0;
        }
      }
    }
    /* the object of a verb: "Russia launched strikes": the verb's subject */
    if (!src.n && s->head[h] != SIZE_MAX && rel_is(s->rel[h], "obj"))
      find_source(s, d, s->head[h], &src);
    if (!src.n && !tgt.n)
      continue;
    if ((st = emit(s, d, L, p->code, p, &src, &tgt, h, 0)) != SR_OK)
      return st;
  }
  return SR_OK;
}

static int discarded(const struct sent *s, size_t *all, int *story) {
  size_t k, len;
  for (k = 0; k < s->n; k++)
    all[k] = k;
  for (k = 0; k < s->n; k++) {
    int32_t p = trie_match(s, &s->dict->discard_trie, all, k, s->n, &len);
    if (p >= 0) {
      *story = p == 1;
      return 1;
    }
  }
  return 0;
}

static uint32_t date_number(const char *iso) {
  if (!iso || strlen(iso) < 10)
    return 0;
  return (uint32_t)(strtoul(iso, NULL, 10) * 10000 +
                    strtoul(iso + 5, NULL, 10) * 100 +
                    strtoul(iso + 8, NULL, 10));
}

sr_status sr_code_doc(const sr_dict *dict, sr_doc *d,
                      const sr_code_options *opt, sr_error *err) {
  struct event_list L;
  struct sent s;
  struct sr_when when;
  size_t i, max = 0;
  sr_status st = SR_OK;
  void *scratch;
  memset(&L, 0, sizeof L);
  if (!dict || !d)
    return sr__error(err, SR_EINVAL, SIZE_MAX, 0, "sr_code_doc: NULL argument");
  if (!d->given_tree && !d->analyzed)
    return sr__error(err, SR_EINVAL, SIZE_MAX, 0,
                     "%s: coding needs parsed sentences (analyze the "
                     "document, or give CoNLL-U with trees)",
                     d->id ? d->id : "document");
  d->events = NULL;
  d->event_count = 0;
  for (i = 0; i < d->sentence_count; i++)
    if (d->sentences[i].token_count > max)
      max = d->sentences[i].token_count;
  /* per token: two lower-case strings; head, 3 index lists and depth;
     relation and case word; used, passive and np_stop flags */
  scratch =
      calloc(max + 1, 2 * MAX_LOWER + sizeof(size_t) * 7 +
                          sizeof(uint64_t) * 2 + sizeof(const char *) * 2 + 3);
  if (!scratch)
    return sr__error(err, SR_ENOMEM, SIZE_MAX, 0, "out of memory");
  memset(&s, 0, sizeof s);
  s.doc = d;
  s.dict = dict;
  s.date = date_number(opt && opt->date ? opt->date : d->date);
  sr__when_init(&when, d, d->date[0] ? d->date : opt ? opt->date : NULL);
  s.when = &when;
  for (i = 0; i < d->sentence_count && st == SR_OK; i++) {
    const sr_sentence *sen = &d->sentences[i];
    size_t j, *pre, *post, *all;
    int story = 0;
    char *p = scratch;
    s.tok = &d->tokens[sen->first_token];
    s.n = sen->token_count;
    s.offset = sen->first_token;
    s.sentence = i;
    s.form = (void *)p;
    p += (max + 1) * MAX_LOWER;
    s.lemma = (void *)p;
    p += (max + 1) * MAX_LOWER;
    s.head = (size_t *)(void *)p;
    pre = s.head + max + 1;
    post = pre + max + 1;
    all = post + max + 1;
    s.depth = all + max + 1;
    s.form_len = s.depth + max + 1;
    s.lemma_len = s.form_len + max + 1;
    s.form_hash = (uint64_t *)(void *)(s.lemma_len + max + 1);
    s.lemma_hash = s.form_hash + max + 1;
    s.rel = (const char **)(void *)(s.lemma_hash + max + 1);
    s.case_word = s.rel + max + 1;
    s.used = (unsigned char *)(s.case_word + max + 1);
    s.passive = s.used + max + 1;
    s.np_stop = s.passive + max + 1;
    for (j = 0; j < s.n; j++) {
      const sr_token *t = &s.tok[j];
      sr__lower(t->form, t->form_len, s.form[j], MAX_LOWER);
      if (t->lemma)
        sr__lower(t->lemma, strlen(t->lemma), s.lemma[j], MAX_LOWER);
      else
        memcpy(s.lemma[j], s.form[j], MAX_LOWER);
      s.head[j] = t->head && t->head <= s.n ? t->head - 1 : SIZE_MAX;
      s.rel[j] = normal_rel(t->deprel);
      s.used[j] = 0;
      s.passive[j] = 0;
      {
        const char *r = s.rel[j];
        s.np_stop[j] =
            (unsigned char)(rel_is(r, "conj") || rel_is(r, "cc") ||
                            rel_is(r, "punct") || rel_is(r, "acl") ||
                            rel_is(r, "advcl") || rel_is(r, "ccomp") ||
                            rel_is(r, "parataxis") || rel_is(r, "relcl") ||
                            rel_is(r, "dep") || rel_is(r, "nsubj") ||
                            rel_is(r, "csubj"));
      }
      s.case_word[j] = "";
    }
    memset(s.bloom, 0, sizeof s.bloom);
    for (j = 0; j < s.n; j++) {
      s.form_len[j] = strlen(s.form[j]);
      s.lemma_len[j] = strlen(s.lemma[j]);
      s.form_hash[j] = sr__word_hash(s.form[j], s.form_len[j]);
      s.lemma_hash[j] = sr__word_hash(s.lemma[j], s.lemma_len[j]);
      sr__bloom_hashed(s.bloom, s.form_hash[j]);
      sr__bloom_hashed(s.bloom, s.lemma_hash[j]);
    }
    for (j = s.n; j-- > 0;) { /* the first case/mark word wins */
      size_t h = s.head[j];
      if (h == SIZE_MAX)
        continue;
      if (rel_is(s.rel[j], "case") || rel_is(s.rel[j], "mark"))
        s.case_word[h] = s.lemma[j];
      if (!strcmp(s.rel[j], "nsubj:pass") || !strcmp(s.rel[j], "aux:pass"))
        s.passive[h] = 1;
    }
    for (j = 0; j < s.n; j++) {
      size_t a = j, dd = 0;
      while (s.head[a] != SIZE_MAX && dd <= s.n) {
        a = s.head[a];
        dd++;
      }
      s.depth[j] = dd;
    }
    sr__when_sentence(&when, s.tok, s.n);
    if (discarded(&s, all, &story)) {
      if (story) {
        L.n = 0;
        break;
      }
      continue;
    }
    /* verbs top-down, so that a coded verb can claim its complements */
    {
      size_t depth, found = 1;
      for (depth = 0; found && st == SR_OK; depth++) {
        found = 0;
        for (j = 0; j < s.n && st == SR_OK; j++) {
          if (s.depth[j] != depth)
            continue;
          found = 1;
          if (!is_verb(&s, j))
            continue;
          if (claimed(&s, j)) {
            s.used[j] = 3; /* covered: so are its conjuncts */
            continue;
          }
          st = code_verb(&s, d, &L, j, pre, post);
        }
      }
    }
    if (st == SR_OK)
      st = code_nouns(&s, d, &L, all);
  }
  free(scratch);
  if (st == SR_OK) /* pronouns, surnames, roles, unknown names */
    st = sr__resolve_doc(dict, d, L.items, L.n, s.date);
  if (st != SR_OK)
    return sr__error(err, st, SIZE_MAX, 0, "out of memory");
  d->events = L.items;
  d->event_count = L.n;
  if (opt && opt->gazetteer)
    return sr_where_doc(opt->gazetteer, d, err);
  return SR_OK;
}

size_t sr_doc_event_count(const sr_doc *d) { return d ? d->event_count : 0; }

const sr_event *sr_doc_event(const sr_doc *d, size_t i) {
  return d && i < d->event_count ? &d->events[i] : NULL;
}
