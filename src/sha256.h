/*
 * sha256.h - SHA-256 of a buffer as 64 lower-case hex digits (sha256.c).
 */
#ifndef SR_SHA256_H
#define SR_SHA256_H

#include <stddef.h>
#include <stdint.h>

/* Writes the SHA-256 of data[0..len) to out as 64 hex digits and a NUL. */
void sr__sha256_hex(const void *data, size_t len, char out[65]);

#endif
