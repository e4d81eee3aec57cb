/*
 * svg.c — see svg.h. The flame graph is a trie of the stall samples'
 * stacks (outermost frame first); each node is a rectangle as wide as its
 * sample count, with a <title> for the full name and count on hover.
 */
#include "sampler/svg.h"

#include <stdlib.h>
#include <string.h>

#include "common/util.h"

#define WIDTH 1200.0
#define ROW 16.0
#define TIMELINE_ROW 18.0

struct node {
	char *name;
	size_t count;
	struct node *kids;
	size_t nkids;
};

static struct node *child(struct node *n, const char *name)
{
	for (size_t i = 0; i < n->nkids; i++)
		if (!strcmp(n->kids[i].name, name))
			return &n->kids[i];
	n->kids = ls_xrealloc(n->kids, (n->nkids + 1) * sizeof *n->kids);
	struct node *k = &n->kids[n->nkids++];
	memset(k, 0, sizeof *k);
	k->name = ls_xstrdup(name);
	return k;
}

static void free_node(struct node *n)
{
	for (size_t i = 0; i < n->nkids; i++)
		free_node(&n->kids[i]);
	free(n->kids);
	free(n->name);
}

static int depth(const struct node *n)
{
	int d = 0;
	for (size_t i = 0; i < n->nkids; i++) {
		int k = depth(&n->kids[i]);
		if (k > d)
			d = k;
	}
	return d + 1;
}

static void escape(FILE *f, const char *s)
{
	for (; *s; s++) {
		switch (*s) {
		case '<': fputs("&lt;", f); break;
		case '>': fputs("&gt;", f); break;
		case '&': fputs("&amp;", f); break;
		case '"': fputs("&quot;", f); break;
		default: fputc(*s, f);
		}
	}
}

/* A warm colour from the name, so one function keeps its colour. */
static void colour(const char *name, char *buf, size_t len)
{
	unsigned long long h = ls_hash64(name, strlen(name), 0);
	snprintf(buf, len, "rgb(%d,%d,%d)", 205 + (int)(h % 50), 80 + (int)((h >> 8) % 120),
		 (int)((h >> 16) % 55));
}

static void draw(FILE *f, const struct node *n, double x, int level, double per, double base)
{
	double w = (double)n->count * per;
	if (level >= 0 && w >= 0.5) {
		char c[32];
		colour(n->name, c, sizeof c);
		double y = base - (level + 1) * ROW;
		fprintf(f, "<g><title>");
		escape(f, n->name);
		fprintf(f, " (%zu samples)</title><rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" "
			   "fill=\"%s\" rx=\"2\"/>", n->count, x, y, w, ROW - 1, c);
		size_t chars = (size_t)(w / 7);
		if (chars > 3) {
			fprintf(f, "<text x=\"%.1f\" y=\"%.1f\">", x + 3, y + ROW - 4);
			size_t len = strlen(n->name);
			if (len > chars) {
				char *cut = ls_xstrndup(n->name, chars - 2);
				escape(f, cut);
				fputs("..", f);
				free(cut);
			} else {
				escape(f, n->name);
			}
			fputs("</text>", f);
		}
		fputs("</g>\n", f);
	}
	for (size_t i = 0; i < n->nkids; i++) {
		draw(f, &n->kids[i], x, level + 1, per, base);
		x += (double)n->kids[i].count * per;
	}
}

int ls_svg_write(struct ls_session *s, FILE *f)
{
	struct node root = {ls_xstrdup("all"), 0, NULL, 0};
	for (size_t i = 0; i < s->nstalls; i++) {
		const struct ls_session_stall *st = &s->stalls[i];
		for (size_t j = 0; j < st->nstacks; j++) {
			int id = st->stacks[j];
			struct node *n = &root;
			n->count++;
			for (int k = s->stacks[id].n; k-- > 0;) {
				struct ls_unw_frame fr;
				char name[256];
				ls_session_frame(s, id, k, 0, &fr);
				n = child(n, ls_unw_frame_name(&fr, name, sizeof name));
				n->count++;
			}
		}
	}
	size_t nloops = 0;
	for (size_t i = 0; i < s->nthreads; i++)
		nloops += s->threads[i].confirmed || s->threads[i].forced;
	int levels = root.count ? depth(&root) : 1;
	double top = 40 + (double)nloops * (TIMELINE_ROW + 4) + 30;
	double height = top + levels * ROW + 20;
	fprintf(f, "<?xml version=\"1.0\" standalone=\"no\"?>\n"
		   "<svg version=\"1.1\" width=\"%.0f\" height=\"%.0f\" xmlns=\"http://www.w3.org/2000/svg\" "
		   "font-family=\"Verdana, sans-serif\" font-size=\"11\">\n"
		   "<rect width=\"100%%\" height=\"100%%\" fill=\"#f8f8f0\"/>\n"
		   "<text x=\"10\" y=\"20\" font-size=\"15\">loopscope: PID %d, %.1f s, %zu stall%s over %.0f ms</text>\n",
		WIDTH + 20, height, (int)s->pid, s->elapsed, s->nstalls, s->nstalls == 1 ? "" : "s",
		s->opts.threshold_ms);
	/* Timeline: one row per loop thread; busy stretches grey, stalls red. */
	double y = 40, scale = s->elapsed > 0 ? WIDTH / s->elapsed : 0;
	for (size_t i = 0; i < s->nthreads; i++) {
		const struct ls_session_thread *th = &s->threads[i];
		if (!(th->confirmed || th->forced))
			continue;
		fprintf(f, "<text x=\"10\" y=\"%.1f\">thread %d (", y - 2, (int)th->tid);
		escape(f, th->name);
		fprintf(f, ")</text>\n<rect x=\"10\" y=\"%.1f\" width=\"%.0f\" height=\"%.0f\" fill=\"#e0e8e0\"/>\n",
			y, WIDTH, TIMELINE_ROW - 6);
		for (size_t k = 0; k < th->seg.nbusy; k++) {
			const struct ls_stall_span *sp = &th->seg.busy[k];
			double w = (sp->end - sp->start) * scale;
			fprintf(f, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.0f\" fill=\"#999\"/>\n",
				10 + sp->start * scale, y, w < 0.5 ? 0.5 : w, TIMELINE_ROW - 6);
		}
		for (size_t k = 0; k < s->nstalls; k++) {
			const struct ls_session_stall *st = &s->stalls[k];
			if (st->tid != th->tid)
				continue;
			fprintf(f, "<g><title>%.0f ms %s in ", (st->end - st->start) * 1e3,
				ls_session_kind_name(st->kind));
			escape(f, st->callback);
			fprintf(f, "</title><rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.0f\" fill=\"#d33\"/></g>\n",
				10 + st->start * scale, y, (st->end - st->start) * scale, TIMELINE_ROW - 6);
		}
		y += TIMELINE_ROW + 4;
	}
	if (root.count) {
		fprintf(f, "<text x=\"10\" y=\"%.1f\">stall stacks (%zu samples)</text>\n", top - 8, root.count);
		draw(f, &root, 10, -1, WIDTH / (double)root.count, height - 10);
	} else {
		fprintf(f, "<text x=\"10\" y=\"%.1f\">no stall</text>\n", top);
	}
	int rc = fputs("</svg>\n", f) < 0 ? -1 : 0;
	free_node(&root);
	return rc;
}
