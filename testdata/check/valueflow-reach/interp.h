/* A small interpreter: libraries register tables of C functions, which
 * end up in closures that one dispatch calls through a field. */
#ifndef INTERP_H
#define INTERP_H

struct state;
typedef int (*cfunc)(struct state *);

struct reg {
	const char *name;
	cfunc func;
};

struct closure {
	cfunc f;
};

struct state {
	struct closure fns[32];
	int n;
};

void interp_register(struct state *s, const struct reg *l);
int interp_call(struct state *s, int i);

int open_netlib(struct state *s);
int open_filelib(struct state *s);
void open_all_libs(struct state *s);

#endif
