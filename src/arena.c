/*
 * arena.c - per-document bump allocator.
 *
 * Chunks double in size (from 16 KiB) so a document of n bytes costs
 * O(log n) calls to the underlying allocator, and a large request gets a
 * chunk of its own. See arena.h for the contract.
 */
#include "arena.h"

#include <stdint.h>
#include <string.h>

#define ARENA_ALIGN 16
#define ARENA_FIRST_CHUNK ((size_t)16 << 10)
#define ARENA_MAX_CHUNK ((size_t)64 << 20)

struct sr_arena_chunk {
  struct sr_arena_chunk *prev; /* older chunk */
  size_t size;                 /* usable bytes in data[] */
  size_t used;                 /* bytes handed out */
  _Alignas(ARENA_ALIGN) unsigned char data[];
};

static size_t align_up(size_t n) {
  return (n + (ARENA_ALIGN - 1)) & ~(size_t)(ARENA_ALIGN - 1);
}

void sr__arena_init(sr_arena *a, const sr_allocator *alloc) {
  memset(a, 0, sizeof *a);
  a->alloc = alloc;
  a->next_size = ARENA_FIRST_CHUNK;
}

static int new_chunk(sr_arena *a, size_t need) {
  size_t size = a->next_size;
  struct sr_arena_chunk *c;
  if (size < need)
    size = need;
  if (size > SIZE_MAX - sizeof *c)
    return 0;
  c = a->alloc->alloc(a->alloc->ctx, sizeof *c + size);
  if (!c)
    return 0;
  c->prev = a->chunk;
  c->size = size;
  c->used = 0;
  a->chunk = c;
  a->total += size;
  if (a->next_size < ARENA_MAX_CHUNK)
    a->next_size *= 2;
  return 1;
}

void *sr__arena_alloc(sr_arena *a, size_t size) {
  struct sr_arena_chunk *c = a->chunk;
  void *p;
  if (size > SIZE_MAX - ARENA_ALIGN)
    return NULL;
  size = align_up(size ? size : 1);
  if (!c || c->size - c->used < size) {
    if (!new_chunk(a, size))
      return NULL;
    c = a->chunk;
  }
  p = c->data + c->used;
  c->used += size;
  a->last = p;
  a->last_size = size;
  return p;
}

void *sr__arena_calloc(sr_arena *a, size_t n, size_t size) {
  void *p;
  if (size && n > SIZE_MAX / size)
    return NULL;
  p = sr__arena_alloc(a, n * size);
  if (p)
    memset(p, 0, n * size);
  return p;
}

void *sr__arena_grow(sr_arena *a, void *p, size_t old_size, size_t new_size) {
  struct sr_arena_chunk *c = a->chunk;
  void *q;
  if (new_size <= old_size && p)
    return p;
  if (p && p == a->last && c) {
    size_t grown = align_up(new_size);
    size_t start = (size_t)((unsigned char *)p - c->data);
    if (grown >= new_size && c->size - start >= grown) {
      c->used = start + grown;
      a->last_size = grown;
      return p;
    }
  }
  q = sr__arena_alloc(a, new_size);
  if (q && p && old_size)
    memcpy(q, p, old_size);
  return q;
}

void sr__arena_free(sr_arena *a) {
  struct sr_arena_chunk *c = a->chunk;
  while (c) {
    struct sr_arena_chunk *prev = c->prev;
    a->alloc->release(a->alloc->ctx, c);
    c = prev;
  }
  a->chunk = NULL;
  a->last = NULL;
  a->total = 0;
}
