/**
 * Redis pub/sub push wake-ups for instances that follow a shared flag store: {@link
 * dev.flags.redis.RedisFlags#push}.
 */
@NullMarked
package dev.flags.redis;

import org.jspecify.annotations.NullMarked;
