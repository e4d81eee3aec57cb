/* kvserver — a tiny libuv key-value server, bundled as loopscope's demo. */
#ifndef KV_H
#define KV_H
#include <stddef.h>
#include <uv.h>

void kv_handle_command(uv_stream_t *client, const char *line, size_t len);
int kv_save_snapshot(const char *path);
void kv_set(const char *key, const char *value);
const char *kv_get(const char *key);

#endif
