/*
 * test_cfg.c — Check suite for the intraprocedural CFG (analyzer/cfg.c)
 * and the resource rules built on it (analyzer/resource.c): snippets are
 * parsed with libclang from memory, the graph's shape is asserted for
 * goto cleanup, switch fallthrough, short-circuit and noreturn calls, and
 * the rules are run on small libuv/POSIX functions, found and clean.
 */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "analyzer/cfg.h"
#include "analyzer/intra.h"
#include "analyzer/resource.h"
#include "analyzer/rules/resources.h"
#include "common/catalog.h"

static CXIndex idx;
static CXTranslationUnit tu;

static void parse(const char *src)
{
	struct CXUnsavedFile f = {"t.c", src, (unsigned long)strlen(src)};
	const char *args[] = {"-std=c17"};
	idx = clang_createIndex(0, 0);
	tu = clang_parseTranslationUnit(idx, "t.c", args, 1, &f, 1,
					CXTranslationUnit_DetailedPreprocessingRecord);
	ck_assert_ptr_nonnull(tu);
}

static void unparse(void)
{
	clang_disposeTranslationUnit(tu);
	clang_disposeIndex(idx);
}

struct find {
	const char *name;
	CXCursor fn;
};

static enum CXChildVisitResult find_fn(CXCursor c, CXCursor p, CXClientData d)
{
	struct find *f = d;
	if (clang_getCursorKind(c) == CXCursor_FunctionDecl && clang_isCursorDefinition(c)) {
		CXString s = clang_getCursorSpelling(c);
		if (!strcmp(clang_getCString(s), f->name))
			f->fn = c;
		clang_disposeString(s);
	}
	return CXChildVisit_Continue;
}

static struct ls_cfg *cfg_of(const char *name)
{
	struct find f = {name, clang_getNullCursor()};
	clang_visitChildren(clang_getTranslationUnitCursor(tu), find_fn, &f);
	ck_assert(!clang_Cursor_isNull(f.fn));
	return ls_cfg_build(tu, f.fn);
}

static unsigned count_flag(const struct ls_cfg *g, unsigned flag)
{
	unsigned n = 0;
	for (unsigned b = 0; b < g->nblocks; b++)
		n += (g->blocks[b].flags & flag) != 0;
	return n;
}

static unsigned count_edges(const struct ls_cfg *g, enum ls_cfg_edge_kind k)
{
	unsigned n = 0;
	for (unsigned b = 0; b < g->nblocks; b++)
		for (unsigned e = 0; e < g->blocks[b].nsucc; e++)
			n += g->blocks[b].succ[e].kind == k;
	return n;
}

/* Is `to` reachable from `from`? */
static int reaches(const struct ls_cfg *g, unsigned from, unsigned to)
{
	unsigned char *seen = calloc(g->nblocks, 1);
	unsigned *stack = malloc(g->nblocks * sizeof *stack), sp = 0;
	stack[sp++] = from;
	seen[from] = 1;
	int found = 0;
	while (sp && !found) {
		unsigned v = stack[--sp];
		found = v == to;
		for (unsigned e = 0; e < g->blocks[v].nsucc; e++)
			if (!seen[g->blocks[v].succ[e].to]) {
				seen[g->blocks[v].succ[e].to] = 1;
				stack[sp++] = g->blocks[v].succ[e].to;
			}
	}
	free(seen);
	free(stack);
	return found;
}

START_TEST(cfg_goto_cleanup)
{
	parse("int f(int a, int b) {\n"
	      "  int r = 0;\n"
	      "  if (a) goto err;\n"
	      "  if (b) goto err;\n"
	      "  return 0;\n"
	      "err:\n"
	      "  r = -1;\n"
	      "  return r;\n"
	      "}\n");
	struct ls_cfg *g = cfg_of("f");
	ck_assert_uint_eq(count_flag(g, LS_CFG_RETURN), 2);
	/* both gotos reach the same label block: it has two predecessors */
	unsigned label = 0;
	for (unsigned b = 0; b < g->nblocks; b++)
		/* two gotos plus the (unreachable) fallthrough after return 0 */
		if (g->blocks[b].nelems && g->blocks[b].npred == 3 &&
		    clang_getCursorKind(g->blocks[b].elems[0]) == CXCursor_BinaryOperator)
			label = b;
	ck_assert_uint_ne(label, 0);
	ck_assert(reaches(g, label, g->exit));
	ck_assert_uint_eq(count_edges(g, LS_CFG_EDGE_TRUE), 2);
	ck_assert_uint_eq(count_edges(g, LS_CFG_EDGE_FALSE), 2);
	ls_cfg_free(g);
	unparse();
}
END_TEST

START_TEST(cfg_switch_fallthrough)
{
	parse("int f(int x) {\n"
	      "  int y = 0;\n"
	      "  switch (x) { case 1: y = 1; case 2: y = 2; break; default: y = 3; }\n"
	      "  return y;\n"
	      "}\n"
	      "int g(int x) { switch (x) { case 1: return 1; } return 0; }\n");
	struct ls_cfg *g = cfg_of("f");
	ck_assert_uint_eq(count_edges(g, LS_CFG_EDGE_CASE), 2);
	ck_assert_uint_eq(count_edges(g, LS_CFG_EDGE_DEFAULT), 1);
	/* case 1 falls into case 2 */
	unsigned c1 = 0, c2 = 0;
	for (unsigned b = 0; b < g->nblocks; b++)
		for (unsigned e = 0; e < g->blocks[b].nsucc; e++)
			if (g->blocks[b].succ[e].kind == LS_CFG_EDGE_CASE)
				(c1 ? (c2 = g->blocks[b].succ[e].to) : (c1 = g->blocks[b].succ[e].to));
	ck_assert(reaches(g, c1, c2));
	ls_cfg_free(g);
	/* no default: an implicit default edge with a null label */
	g = cfg_of("g");
	ck_assert_uint_eq(count_edges(g, LS_CFG_EDGE_DEFAULT), 1);
	for (unsigned b = 0; b < g->nblocks; b++)
		for (unsigned e = 0; e < g->blocks[b].nsucc; e++)
			if (g->blocks[b].succ[e].kind == LS_CFG_EDGE_DEFAULT)
				ck_assert(clang_Cursor_isNull(g->blocks[b].succ[e].label));
	ls_cfg_free(g);
	unparse();
}
END_TEST

START_TEST(cfg_short_circuit_and_noreturn)
{
	parse("#include <stdlib.h>\n"
	      "_Noreturn void die(void);\n"
	      "void g(int *p);\n"
	      "void f(int *p, int q) {\n"
	      "  if (p && q) g(p);\n"
	      "  q || (g(p), 0);\n"
	      "  if (!p) abort();\n"
	      "  if (q > 3) die();\n"
	      "  for (int i = 0; i < q; i++) { if (i == 2) continue; if (i == 5) break; }\n"
	      "  while (1) { if (q) break; }\n"
	      "}\n");
	struct ls_cfg *g = cfg_of("f");
	/* p && q: two condition blocks; q || g(p): one; !p, q > 3, i < q,
	 * i == 2, i == 5, q: six more (while (1) is constant) */
	ck_assert_uint_eq(count_edges(g, LS_CFG_EDGE_TRUE), 9);
	ck_assert_uint_eq(count_flag(g, LS_CFG_NORETURN), 2);
	for (unsigned b = 0; b < g->nblocks; b++)
		if (g->blocks[b].flags & LS_CFG_NORETURN)
			ck_assert_uint_eq(g->blocks[b].nsucc, 0);
	char buf[16];
	/* the && condition's first edge is tested on `p` alone */
	unsigned *rpo, n = ls_cfg_rpo(g, &rpo);
	ck_assert_uint_gt(n, 5);
	free(rpo);
	for (unsigned b = 0; b < g->nblocks; b++) {
		const struct ls_cfg_block *blk = &g->blocks[b];
		if (clang_getCursorKind(blk->term) == CXCursor_BinaryOperator) {
			const char *op = ls_cfg_operator(tu, blk->term, buf);
			ck_assert_ptr_nonnull(op);
			ck_assert(!strcmp(op, "&&") || !strcmp(op, "||"));
		}
	}
	ls_cfg_free(g);
	unparse();
}
END_TEST

START_TEST(cfg_macros_and_loops)
{
	parse("#include <assert.h>\n"
	      "#include <stdlib.h>\n"
	      "#define CHECK(e) do { if (!(e)) abort(); } while (0)\n"
	      "int f(int *p, int n) {\n"
	      "  assert(p != NULL);\n"
	      "  CHECK(n > 0);\n"
	      "  int s = 0;\n"
	      "  for (;;) { if (s > n) break; s++; }\n"
	      "  for (int i = 0; i < n; i++) s += p[i];\n"
	      "  do { s--; } while (s > 100);\n"
	      "  return s;\n"
	      "}\n");
	struct ls_cfg *g = cfg_of("f");
	/* assert's failure branch and CHECK's abort() end paths */
	ck_assert_uint_eq(count_flag(g, LS_CFG_NORETURN), 2);
	/* do { } while (0) of the macro has no back edge: only the three real
	 * loops have heads */
	ck_assert_uint_eq(count_flag(g, LS_CFG_LOOP_HEAD), 3);
	/* exit is reachable from entry and only through the return */
	ck_assert(reaches(g, g->entry, g->exit));
	ck_assert_uint_eq(g->blocks[g->exit].npred, 2); /* return + fall-off end */
	unsigned *rpo, n = ls_cfg_rpo(g, &rpo);
	ck_assert_uint_eq(rpo[0], g->entry);
	free(rpo);
	(void)n;
	ls_cfg_free(g);
	unparse();
}
END_TEST

/* ---- the resource rules ------------------------------------------------- */

static json_t *run_rules(const char *src)
{
	struct ls_catalog cat;
	setenv("LOOPSCOPE_DATA", "rules", 1);
	ck_assert_int_eq(ls_catalog_load(&cat, NULL, 0), 0);
	parse(src);
	struct ls_intra in = {tu, &cat, json_array(), json_object(), NULL};
	CXCursor root = clang_getTranslationUnitCursor(tu);
	unsigned n;
	CXCursor *kids = ls_cfg_children(root, &n);
	for (unsigned i = 0; i < n; i++) {
		if (clang_getCursorKind(kids[i]) != CXCursor_FunctionDecl || !clang_isCursorDefinition(kids[i]) ||
		    !clang_Location_isFromMainFile(clang_getCursorLocation(kids[i])))
			continue;
		CXString s = clang_getCursorSpelling(kids[i]);
		ls_rule_resources(&in, kids[i], clang_getCString(s), "");
		clang_disposeString(s);
	}
	free(kids);
	json_t *out = in.findings;
	json_decref(in.facts);
	ls_res_reset();
	unparse();
	ls_catalog_free(&cat);
	return out;
}

static int has(json_t *fs, const char *rule, int line, const char *msgpart)
{
	size_t i;
	json_t *f;
	json_array_foreach(fs, i, f) {
		if (strcmp(json_string_value(json_object_get(f, "rule")), rule) ||
		    json_integer_value(json_object_get(f, "line")) != line)
			continue;
		if (!msgpart || strstr(json_string_value(json_object_get(f, "message")), msgpart))
			return 1;
	}
	return 0;
}

START_TEST(rules_handle_leak)
{
	json_t *fs = run_rules(
		"#include <stdlib.h>\n"
		"#include <uv.h>\n"
		"static void cb(uv_connect_t *r, int s) { (void)r; (void)s; }\n"
		"static void fr(uv_handle_t *h) { free(h); }\n"
		"int bad(uv_loop_t *l, const struct sockaddr *a, uv_connect_t *req) {\n"
		"  uv_tcp_t *c = malloc(sizeof *c);\n"
		"  if (!c) return -1;\n"
		"  uv_tcp_init(l, c);\n" /* line 8 */
		"  int r = uv_tcp_connect(req, c, a, cb);\n"
		"  if (r != 0) return r;\n"
		"  return 0;\n"
		"}\n"
		"int good(uv_loop_t *l, const struct sockaddr *a, uv_connect_t *req) {\n"
		"  uv_tcp_t *c = malloc(sizeof *c);\n"
		"  if (!c) return -1;\n"
		"  if (uv_tcp_init(l, c)) { free(c); return -1; }\n"
		"  int r = uv_tcp_connect(req, c, a, cb);\n"
		"  if (r != 0) { uv_close((uv_handle_t *)c, fr); return r; }\n"
		"  return 0;\n"
		"}\n");
	ck_assert_uint_eq(json_array_size(fs), 1);
	ck_assert(has(fs, "handle-leak", 8, "uv_tcp_t 'c' initialised by uv_tcp_init is not closed when uv_tcp_connect fails"));
	json_decref(fs);
}
END_TEST

START_TEST(rules_fd_goto_and_close_then_free)
{
	json_t *fs = run_rules(
		"#include <stdlib.h>\n"
		"#include <unistd.h>\n"
		"#include <sys/socket.h>\n"
		"#include <uv.h>\n"
		"int ok(int fail) {\n"
		"  int fd = socket(AF_INET, SOCK_STREAM, 0);\n"
		"  if (fd < 0) goto out;\n"
		"  if (fail) goto close_fd;\n"
		"  return fd;\n"
		"close_fd:\n"
		"  close(fd);\n"
		"out:\n"
		"  return -1;\n"
		"}\n"
		"int leak(int fail) {\n"
		"  int fd = socket(AF_INET, SOCK_STREAM, 0);\n" /* line 16 */
		"  if (fd == -1) return -1;\n"
		"  if (fail) return -1;\n"
		"  return fd;\n"
		"}\n"
		"void destroy(uv_tcp_t *t) {\n"
		"  uv_close((uv_handle_t *)t, NULL);\n"
		"  free(t);\n" /* line 23 */
		"}\n");
	ck_assert_uint_eq(json_array_size(fs), 2);
	ck_assert(has(fs, "handle-leak", 16, "fd 'fd' returned by socket is not closed"));
	ck_assert(has(fs, "close-then-free", 23, NULL));
	json_decref(fs);
}
END_TEST

START_TEST(rules_buffer_leak)
{
	json_t *fs = run_rules(
		"#include <stdlib.h>\n"
		"#include <uv.h>\n"
		"static void al(uv_handle_t *h, size_t n, uv_buf_t *b) { (void)h; b->base = malloc(n); b->len = n; }\n"
		"static void rd(uv_stream_t *s, ssize_t n, const uv_buf_t *b) {\n" /* line 4 */
		"  if (n < 0) { uv_close((uv_handle_t *)s, NULL); return; }\n"
		"  free(b->base);\n"
		"}\n"
		"int start(uv_stream_t *s) { return uv_read_start(s, al, rd); }\n");
	ck_assert_uint_eq(json_array_size(fs), 1);
	ck_assert(has(fs, "buffer-leak", 4, "when 'n < 0' is true"));
	json_decref(fs);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("cfg");
	TCase *tc = tcase_create("cfg");
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, cfg_goto_cleanup);
	tcase_add_test(tc, cfg_switch_fallthrough);
	tcase_add_test(tc, cfg_short_circuit_and_noreturn);
	tcase_add_test(tc, cfg_macros_and_loops);
	tcase_add_test(tc, rules_handle_leak);
	tcase_add_test(tc, rules_fd_goto_and_close_then_free);
	tcase_add_test(tc, rules_buffer_leak);
	suite_add_tcase(s, tc);
	SRunner *sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
