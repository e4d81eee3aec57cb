/* noise-hiredis: a hiredis context made with redisConnectNonBlock or the
 * async API does not block the loop; one made with redisConnect does, and
 * every command on it waits for the server. */
#include <stddef.h>
#include <hiredis/hiredis.h>
#include <hiredis/async.h>
#include <event2/event.h>

struct link {
	redisContext *sync;   /* made blocking */
	redisContext *nb;     /* made non-blocking */
	redisAsyncContext *ac;
};

static struct link lk;

static void on_reply(redisAsyncContext *ac, void *reply, void *priv)
{
	(void)ac;
	(void)reply;
	(void)priv;
	redisReply *r = redisCommand(lk.sync, "INCR replies"); /* expect: blocking-network */
	if (r)
		freeReplyObject(r);
}

/* clean: non-blocking and async contexts */
static void on_tick(evutil_socket_t fd, short what, void *arg)
{
	(void)fd;
	(void)what;
	(void)arg;
	void *reply = NULL;
	redisAppendCommand(lk.nb, "PING");
	redisBufferWrite(lk.nb, NULL);
	redisBufferRead(lk.nb);
	if (redisGetReply(lk.nb, &reply) == REDIS_OK && reply)
		freeReplyObject(reply);
	redisAsyncCommand(lk.ac, on_reply, NULL, "PING");
}

/* reported: a blocking context on the loop */
static void on_flush(evutil_socket_t fd, short what, void *arg)
{
	(void)fd;
	(void)what;
	(void)arg;
	redisContext *c = redisConnect("127.0.0.1", 6379); /* expect: blocking-network */
	if (c)
		redisFree(c);
}

int main(void)
{
	struct event_base *b = event_base_new();
	if (!b)
		return 1;
	lk.sync = redisConnect("127.0.0.1", 6379);
	lk.nb = redisConnectNonBlock("127.0.0.1", 6379);
	lk.ac = redisAsyncConnect("127.0.0.1", 6379);
	struct event *t = event_new(b, -1, EV_PERSIST, on_tick, NULL);
	struct event *f = event_new(b, -1, EV_PERSIST, on_flush, NULL);
	if (!t || !f || event_add(t, NULL) < 0 || event_add(f, NULL) < 0)
		return 1;
	event_base_dispatch(b);
	event_free(t);
	event_free(f);
	event_base_free(b);
	return 0;
}
