/*
 * arena.h - per-document memory: a bump allocator over a list of chunks.
 *
 * Everything derived from one article is allocated here and released at
 * once by sr__arena_free() (STYLE.md section 4). Chunks come from the
 * engine's pluggable allocator, so an allocation failure anywhere in a
 * stage surfaces as NULL and then SR_ENOMEM, never an abort.
 */
#ifndef SR_ARENA_H
#define SR_ARENA_H

#include "sitrep.h"

#include <stddef.h>

struct sr_arena_chunk;

typedef struct sr_arena {
  const sr_allocator *alloc;    /* where chunks come from (borrowed) */
  struct sr_arena_chunk *chunk; /* current chunk, linked to older ones */
  size_t next_size;             /* size of the next chunk to allocate */
  void *last;                   /* last allocation, for sr__arena_grow */
  size_t last_size;             /* its size */
  size_t total;                 /* bytes obtained from the allocator */
} sr_arena;

/* Prepares an empty arena; allocates nothing yet. */
void sr__arena_init(sr_arena *a, const sr_allocator *alloc);

/* Returns `size` bytes aligned for any type, or NULL when out of memory.
 * A size of 0 returns a valid unique pointer. */
void *sr__arena_alloc(sr_arena *a, size_t size);

/* Like sr__arena_alloc but zero-filled. Checks n * size for overflow. */
void *sr__arena_calloc(sr_arena *a, size_t n, size_t size);

/* Grows a block from old_size to new_size bytes, keeping its contents. In
 * place when `p` is the arena's last allocation and there is room, else by
 * copying (the old block is then wasted until the arena is freed). `p` may
 * be NULL. Returns NULL when out of memory; `p` is then still valid. */
void *sr__arena_grow(sr_arena *a, void *p, size_t old_size, size_t new_size);

/* Releases every chunk. The arena may be reused after sr__arena_init. */
void sr__arena_free(sr_arena *a);

#endif
