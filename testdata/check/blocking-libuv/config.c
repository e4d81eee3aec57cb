/* Helpers: some block, and are reached from callbacks in main.c. */
#include <stdio.h>
#include <string.h>
#include <netdb.h>
#include <pthread.h>

#include "server.h"

static pthread_mutex_t stats_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t stats_ready = PTHREAD_COND_INITIALIZER;

void load_config(const char *path)
{
	FILE *f = fopen(path, "r"); /* expect: blocking-file-io */
	char line[256];
	while (f && fgets(line, sizeof line, f)) /* expect: blocking-file-io */
		;
	if (f)
		fclose(f); /* clean: opened only for reading, nothing to write back */
}

void log_request(const char *what)
{
	fprintf(stderr, "%s\n", what); /* clean: logging to stderr is not flagged */
	fflush(stderr);                /* clean: stderr */
}

static void resolve_backend(void)
{
	struct addrinfo *res;
	if (getaddrinfo("backend", "80", NULL, &res) == 0) /* expect: blocking-dns */
		freeaddrinfo(res);
}

void render_page(uv_stream_t *client)
{
	(void)client;
	log_request("page");
	load_config("/etc/templates.conf");
	resolve_backend();
}

void compute_stats(void)
{
	pthread_mutex_lock(&stats_lock); /* clean: short critical sections are fine */
	pthread_cond_wait(&stats_ready, &stats_lock); /* expect: blocking-sync-wait */
	pthread_mutex_unlock(&stats_lock);
}
