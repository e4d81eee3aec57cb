#ifndef SERVER_H
#define SERVER_H
#include <uv.h>

void load_config(const char *path);
void log_request(const char *what);
void render_page(uv_stream_t *client);
void compute_stats(void);

#endif
