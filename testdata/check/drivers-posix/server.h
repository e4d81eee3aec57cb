#ifndef SERVER_H
#define SERVER_H
struct conn {
	int fd;
	void (*on_event)(struct conn *c);
};
void backend_init(void);
int process_events(struct conn *conns, int timeout_ms);
int read_exact(int fd, char *buf, int len);
#endif
