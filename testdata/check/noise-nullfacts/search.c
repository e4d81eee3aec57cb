/* noise-nullfacts: a pointer just dereferenced (p->f, *p, p[i], p->a[i]) and not
 * written since is not null, so a later `p == NULL` test on that path takes
 * only its false side. A search loop that breaks out on success, with the
 * entry it dereferenced, and tests the cursor for NULL after the loop to
 * tell "found" from "ran off the end" does not leak what it opened on the
 * success path. The look-alikes are reported: the cursor written between
 * the dereference and the test, a dereference on one branch only, one
 * inside a condition's second operand, one under sizeof or &, a pointer
 * whose address is taken, and the leak of the loop that runs off its end.
 * Passing &p where the models say a call fills it in (getaddrinfo's
 * result) is a store to p, not its address taken. */
#include <netdb.h>
#include <stddef.h>
#include <stdio.h>
#include <sys/socket.h>
#include <unistd.h>

struct entry {
	int family, type, proto;
	int ports[4];
	struct sockaddr *addr;
	socklen_t addrlen;
	struct entry *next;
};

extern struct entry *lookup(const char *host);
extern void release(struct entry *list);
extern struct entry *advance(struct entry *e);
extern void touch(struct entry **e);
extern int verbose;
extern void use_port(int port);

/* clean: the break leaves with e dereferenced; e is NULL after the loop
 * only when its condition `(e = e->next) != NULL` fails */
int connect_first(const char *host)
{
	struct entry *e, *list;
	int fd;
	if ((list = e = lookup(host)) == NULL)
		return -1;
	do {
		fd = socket(e->family, e->type, e->proto);
		if (fd < 0)
			continue;
		if (connect(fd, e->addr, e->addrlen) == 0)
			break;
		close(fd);
	} while ((e = e->next) != NULL);
	release(list);
	if (e == NULL)
		return -1;
	return fd;
}

/* clean: the same over getaddrinfo's list, which getaddrinfo stores in res */
int open_resolved(const char *host, const char *port)
{
	struct addrinfo hints = {0}, *res, *first;
	int fd = -1;
	hints.ai_socktype = SOCK_STREAM;
	if (getaddrinfo(host, port, &hints, &res) != 0)
		return -1;
	first = res;
	do {
		fd = socket(res->ai_family, res->ai_socktype, res->ai_protocol);
		if (fd < 0)
			continue;
		if (connect(fd, res->ai_addr, res->ai_addrlen) == 0)
			break;
		close(fd);
	} while ((res = res->ai_next) != NULL);
	freeaddrinfo(first);
	if (res == NULL)
		return -1;
	return fd;
}

/* clean: the same with a for loop and `!e` */
int connect_first_for(const char *host)
{
	struct entry *list = lookup(host), *e;
	int fd = -1;
	for (e = list; e; e = e->next) {
		fd = socket(e->family, e->type, e->proto);
		if (fd < 0)
			continue;
		if (connect(fd, e->addr, e->addrlen) == 0)
			break;
		close(fd);
	}
	release(list);
	if (!e)
		return -1;
	return fd;
}

/* clean: a subscript and a unary * count as dereferences too */
int open_counted(int *count, const char *path)
{
	int fd = socket(AF_INET, SOCK_STREAM, 0);
	if (fd < 0)
		return -1;
	count[0] = 0;
	(*count)++;
	if (count == NULL)
		return -1;
	close(fd);
	return path != NULL;
}

/* clean: an element of an array inside *e is read through e */
int open_port(struct entry *e)
{
	int fd = socket(AF_INET, SOCK_STREAM, 0);
	if (fd < 0)
		return -1;
	use_port(e->ports[1]);
	if (!e)
		return -1;
	close(fd);
	return 0;
}

/* reported: naming the array inside *e reads nothing */
int open_ports(struct entry *e)
{
	int fd = socket(AF_INET, SOCK_STREAM, 0); /* expect: handle-leak */
	int *ports = e->ports;
	if (fd < 0)
		return -1;
	if (!e)
		return ports != NULL;
	close(fd);
	return 0;
}

/* reported: the search runs off the end of the list, and e is NULL there */
int open_matching(struct entry *list, int want)
{
	struct entry *e;
	for (e = list; e; e = e->next)
		if (e->family == want)
			break;
	int fd = socket(AF_INET, SOCK_STREAM, 0); /* expect: handle-leak */
	if (fd < 0)
		return -1;
	if (e == NULL)
		return -1;
	close(fd);
	return 0;
}

/* reported: the loop runs off its end with a descriptor still open when
 * the last connect fails, and e is NULL there */
int connect_last(const char *host)
{
	struct entry *e, *list;
	int fd = -1;
	if ((list = e = lookup(host)) == NULL)
		return -1;
	do {
		fd = socket(e->family, e->type, e->proto); /* expect: handle-leak */
		if (fd < 0)
			continue;
		if (connect(fd, e->addr, e->addrlen) == 0)
			break;
	} while ((e = e->next) != NULL);
	release(list);
	if (e == NULL)
		return -1;
	return fd;
}

/* reported: e is written between the dereference and the test */
int connect_advanced(struct entry *list)
{
	struct entry *e = list;
	int fd = socket(e->family, e->type, e->proto); /* expect: handle-leak */
	if (fd < 0)
		return -1;
	e = advance(e);
	if (e == NULL)
		return -1;
	return fd;
}

/* reported: the same with the parameter itself */
int connect_advanced_param(struct entry *e)
{
	int fd = socket(e->family, e->type, e->proto); /* expect: handle-leak */
	if (fd < 0)
		return -1;
	e = advance(e);
	if (e == NULL)
		return -1;
	return fd;
}

/* reported: e is dereferenced on one branch only */
int connect_maybe(struct entry *e)
{
	int fd = socket(AF_INET, SOCK_STREAM, 0); /* expect: handle-leak */
	if (fd < 0)
		return -1;
	if (verbose)
		(void)connect(fd, e->addr, e->addrlen);
	if (!e)
		return -1;
	return fd;
}

/* reported: the dereference is a condition's second operand, not always
 * evaluated */
int connect_shortcut(struct entry *e, int want)
{
	int fd = socket(AF_INET, SOCK_STREAM, 0); /* expect: handle-leak */
	int ok = want && e->family == AF_INET;
	if (fd < 0)
		return -1;
	if (e == NULL)
		return -ok;
	return fd;
}

/* reported: neither sizeof nor & reads through e */
int connect_sized(struct entry *e)
{
	int fd = socket(AF_INET, SOCK_STREAM, (int)sizeof e->family); /* expect: handle-leak */
	struct sockaddr **where = &e->addr;
	if (fd < 0)
		return -1;
	if (e == NULL)
		return where != NULL;
	return fd;
}

/* reported: e's address is handed out, so a call may write it */
int connect_touched(struct entry *e)
{
	int fd = socket(e->family, e->type, e->proto); /* expect: handle-leak */
	if (fd < 0)
		return -1;
	touch(&e);
	if (e == NULL)
		return -1;
	return fd;
}

/* reported: getaddrinfo stores to res again between the dereference and
 * the test */
int open_reresolved(const char *host, const char *port)
{
	struct addrinfo *res;
	if (getaddrinfo(host, port, NULL, &res) != 0)
		return -1;
	int fd = socket(res->ai_family, res->ai_socktype, res->ai_protocol); /* expect: handle-leak */
	freeaddrinfo(res);
	if (fd < 0)
		return -1;
	(void)getaddrinfo(host, "0", NULL, &res);
	if (res == NULL)
		return -1;
	freeaddrinfo(res);
	return fd;
}
