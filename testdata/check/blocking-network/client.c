/* Sockets in loop callbacks: blocking only when the socket is known to be
 * blocking; synchronous client libraries always block. */
#include <fcntl.h>
#include <netinet/in.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/epoll.h>
#include <unistd.h>
#include <uv.h>

/* Synchronous client libraries, declared as their headers do. */
typedef struct pg_conn PGconn;
typedef struct pg_result PGresult;
PGresult *PQexec(PGconn *conn, const char *query);
typedef void CURL;
int curl_easy_perform(CURL *curl);

struct backend {
	int fd;
	int nb_fd;
	PGconn *db;
	CURL *http;
};

static struct backend be;

static void connect_backend(const struct sockaddr_in *sa)
{
	int fd = socket(AF_INET, SOCK_STREAM, 0);
	connect(fd, (const struct sockaddr *)sa, sizeof *sa); /* expect: blocking-network */
	int nfd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0); /* expect: handle-leak */
	connect(nfd, (const struct sockaddr *)sa, sizeof *sa); /* clean: SOCK_NONBLOCK */
	be.fd = fd;
}

static void on_timer(uv_timer_t *t)
{
	(void)t;
	struct sockaddr_in sa;
	memset(&sa, 0, sizeof sa);
	connect_backend(&sa);
	char buf[64];
	recv(be.fd, buf, sizeof buf, 0);      /* expect: blocking-network */
	send(be.nb_fd, "x", 1, 0);            /* clean: made non-blocking in main */
	recv(be.fd, buf, sizeof buf, MSG_DONTWAIT); /* clean: MSG_DONTWAIT */
	PQexec(be.db, "SELECT 1");            /* expect: blocking-network */
	curl_easy_perform(be.http);           /* expect: blocking-network */
	struct epoll_event ev[4];
	epoll_wait(3, ev, 4, 0);   /* clean: only polls */
	epoll_wait(3, ev, 4, 500); /* expect: blocking-network */
}

static void on_poll(uv_poll_t *p, int status, int events) /* expect: unchecked-status */
{
	(void)status; (void)events;
	int fd;
	uv_fileno((uv_handle_t *)p, &fd);
	char buf[64];
	recv(fd, buf, sizeof buf, 0); /* clean: an fd of unknown mode, woken by readiness */
}

int main(void)
{
	be.nb_fd = socket(AF_INET, SOCK_STREAM, 0);
	int fl = fcntl(be.nb_fd, F_GETFL, 0);
	fcntl(be.nb_fd, F_SETFL, fl | O_NONBLOCK);
	uv_loop_t *loop = uv_default_loop();
	static uv_timer_t t;
	static uv_poll_t p;
	uv_timer_init(loop, &t);
	uv_timer_start(&t, on_timer, 10, 10);
	uv_poll_init(loop, &p, be.nb_fd);
	uv_poll_start(&p, UV_READABLE, on_poll); /* expect: ignored-error */
	PQexec(be.db, "SELECT 1"); /* clean: main */
	return uv_run(loop, UV_RUN_DEFAULT);
}
