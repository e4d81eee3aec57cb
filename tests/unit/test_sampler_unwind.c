/*
 * test_sampler_unwind.c — Check suite for sampler/unwind.c and
 * sampler/symbols.c on a snapshot of this very test: registers from
 * getcontext() and a copy of the stack, unwound with no live target (pid
 * 0: every read comes from the copy or the module files), then symbolized
 * with file:line. A known call chain must come back in order.
 */
#include <check.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <ucontext.h>
#include <unistd.h>

#include "common/util.h"
#include "sampler/maps.h"
#include "sampler/symbols.h"
#include "sampler/unwind.h"

#define COPY (64 * 1024)

struct snap {
	struct ls_unw_snapshot s;
	unsigned char *stack;
	struct ls_maps maps;
};

/* Registers and stack of the calling thread, as a sample would take them. */
__attribute__((noinline)) static void take_snapshot(struct snap *out)
{
	ucontext_t uc;
	getcontext(&uc);
	memset(&out->s.regs, 0, sizeof out->s.regs);
	const greg_t *g = uc.uc_mcontext.gregs;
	out->s.regs.rip = (unsigned long long)g[REG_RIP];
	out->s.regs.rsp = (unsigned long long)g[REG_RSP];
	out->s.regs.rbp = (unsigned long long)g[REG_RBP];
	out->s.regs.rbx = (unsigned long long)g[REG_RBX];
	out->s.regs.r12 = (unsigned long long)g[REG_R12];
	out->s.regs.r13 = (unsigned long long)g[REG_R13];
	out->s.regs.r14 = (unsigned long long)g[REG_R14];
	out->s.regs.r15 = (unsigned long long)g[REG_R15];
	char *text = ls_read_file("/proc/self/maps", NULL);
	ck_assert_ptr_nonnull(text);
	ck_assert_int_eq(ls_maps_parse(&out->maps, text), 0);
	free(text);
	/* pid stays 0: a snapshot, opened by plain path */
	const struct ls_map *st = ls_maps_find(&out->maps, out->s.regs.rsp);
	ck_assert_ptr_nonnull(st);
	size_t n = st->end - out->s.regs.rsp < COPY ? st->end - out->s.regs.rsp : COPY;
	out->stack = ls_xmalloc(n);
	memcpy(out->stack, (void *)(uintptr_t)out->s.regs.rsp, n);
	out->s.stack_addr = out->s.regs.rsp;
	out->s.stack = out->stack;
	out->s.stack_len = n;
}

__attribute__((noinline)) static void chain_inner(struct snap *out)
{
	take_snapshot(out);
	__asm__ volatile("" ::: "memory"); /* keep the call from being a tail call */
}

__attribute__((noinline)) static void chain_outer(struct snap *out)
{
	chain_inner(out);
	__asm__ volatile("" ::: "memory");
}

START_TEST(unwind_own_snapshot)
{
	struct snap sn = {0};
	chain_outer(&sn);
	struct ls_sym_cache syms;
	ls_sym_cache_init(&syms, "");
	struct ls_unw *u = ls_unw_new(0, &sn.maps, &syms);
	ck_assert_ptr_nonnull(u);
	uint64_t ips[64];
	int n = ls_unw_stack(u, &sn.s, ips, 64);
	ck_assert_int_ge(n, 4);
	const char *want[] = {"take_snapshot", "chain_inner", "chain_outer",
			      "unwind_own_snapshot_fn" /* START_TEST names it so */};
	size_t w = 0;
	int line_seen = 0;
	for (int i = 0; i < n && w < LS_ARRAY_LEN(want); i++) {
		struct ls_unw_frame f;
		ls_unw_frame_info(u, ips[i], i > 0, 1, &f);
		if (f.function && !strcmp(f.function, want[w])) {
			w++;
			ck_assert_str_eq(f.module, "test_sampler_unwind");
			if (f.file && strstr(f.file, "test_sampler_unwind.c") && f.line > 0)
				line_seen++;
		}
	}
	ck_assert_msg(w == LS_ARRAY_LEN(want), "chain broken after %s", w ? want[w - 1] : "(start)");
	ck_assert_int_eq(line_seen, 4);
	/* the frames beyond the test go through libc and the Check runner;
	 * CFI must carry the walk well past our own four frames */
	ck_assert_int_gt(n, 6);
	ls_unw_free(u);
	ls_sym_cache_free(&syms);
	ls_maps_free(&sn.maps);
	free(sn.stack);
}
END_TEST

int main(void);

START_TEST(symbols_of_a_module)
{
	struct ls_sym_cache syms;
	ls_sym_cache_init(&syms, "");
	char exe[4096];
	ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
	ck_assert_int_gt(n, 0);
	exe[n] = '\0';
	struct ls_sym_module *m = ls_sym_module_get(&syms, exe, exe);
	ck_assert_ptr_nonnull(m);
	ck_assert_int_eq(ls_sym_module_has_symtab(m), 1);
	/* same module twice: cached */
	ck_assert_ptr_eq(ls_sym_module_get(&syms, exe, exe), m);
	ck_assert_ptr_null(ls_sym_module_get(&syms, "/nonexistent", "/nonexistent"));
	ck_assert_ptr_null(ls_sym_module_get(&syms, "/nonexistent", "/nonexistent"));
	uint64_t hdr, table, count;
	ck_assert_int_eq(ls_sym_eh_frame_hdr(m, &hdr, &table, &count), 0);
	ck_assert_uint_gt(count, 10);
	ck_assert_uint_eq(table, hdr + 12);
	unsigned char version;
	ck_assert_int_eq(ls_sym_read(m, hdr, &version, 1), 0);
	ck_assert_uint_eq(version, 1);
	/* a read that would wrap the address space is refused, not done
	 * before the image (found by tests/fuzz/fuzz_elf) */
	unsigned char buf[16];
	ck_assert_int_eq(ls_sym_read(m, UINT64_MAX - 3, buf, sizeof buf), -1);
	ck_assert_int_eq(ls_sym_read(m, hdr, buf, SIZE_MAX), -1);
	/* names and lines of this very program (built -g, not stripped) */
	ck_assert_int_eq(ls_sym_module_source(m), LS_SYM_SYMTAB);
	const char *id = ls_sym_module_build_id(m);
	ck_assert_ptr_nonnull(id);
	ck_assert_uint_ge(strlen(id), 16);
	ck_assert_uint_eq(strspn(id, "0123456789abcdef"), strlen(id));
	struct ls_maps maps = {0};
	ck_assert_int_eq(ls_maps_load(&maps, getpid()), 0);
	uint64_t pc = (uint64_t)(uintptr_t)&main;
	const struct ls_map *map = ls_maps_find(&maps, pc);
	ck_assert_ptr_nonnull(map);
	struct ls_sym_info si;
	ls_sym_lookup(m, pc - ls_sym_bias(m, map), 1, &si);
	ck_assert_ptr_nonnull(si.function);
	ck_assert_str_eq(si.function, "main");
	ck_assert_uint_eq(si.offset, 0);
	ck_assert_ptr_nonnull(si.file);
	ck_assert_ptr_nonnull(strstr(si.file, "test_sampler_unwind.c"));
	ck_assert_int_gt(si.line, 0);
	/* the program is shown by its own name; the hint names its build-id */
	ck_assert_str_eq(ls_maps_module_name(&maps, ls_sym_module_path(m)), ls_maps_basename(exe));
	char *hint = ls_sym_missing_hint(&syms, m);
	ck_assert_ptr_nonnull(strstr(hint, id + 2));
	ck_assert_ptr_nonnull(strstr(hint, "DEBUGINFOD_URLS"));
	free(hint);
	ls_maps_free(&maps);
	ls_sym_cache_free(&syms);
}
END_TEST

START_TEST(debuglink_names)
{
	ck_assert(ls_sym_debuglink_ok("prog.debug"));
	ck_assert(ls_sym_debuglink_ok("libc.so.6-2.36.debug"));
	char longest[256], overlong[257];
	memset(longest, 'a', sizeof longest - 1);
	longest[sizeof longest - 1] = '\0';
	memset(overlong, 'a', sizeof overlong - 1);
	overlong[sizeof overlong - 1] = '\0';
	ck_assert(ls_sym_debuglink_ok(longest));
	const char *bad[] = {"", ".", "..", "../prog.debug", "/etc/shadow", "a/b.debug", "prog.debug/",
			     overlong};
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++)
		ck_assert_msg(!ls_sym_debuglink_ok(bad[i]), "accepted: '%.40s'", bad[i]);
}
END_TEST

static void sh(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	char *cmd = NULL;
	ck_assert_int_ge(vasprintf(&cmd, fmt, ap), 0);
	va_end(ap);
	ck_assert_msg(system(cmd) == 0, "failed: %s", cmd);
	free(cmd);
}

/* A stripped copy of this program whose .gnu_debuglink climbs out of its
 * directory ("../dbg/prog.debug", CRC right, the file there) is not named
 * from that file; the same debug file under a plain name beside it is. */
START_TEST(debuglink_outside_refused)
{
	unsetenv("DEBUGINFOD_URLS");
	char exe[4096], dir[] = "/tmp/ls-debuglink-XXXXXX";
	ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
	ck_assert_int_gt(n, 0);
	exe[n] = '\0';
	ck_assert_ptr_nonnull(mkdtemp(dir));
	sh("mkdir -p %s/bin/.debug %s/dbg && objcopy --only-keep-debug %s %s/dbg/prog.debug "
	   "&& cp %s/dbg/prog.debug %s/bin/.debug/good.debug",
	   dir, dir, exe, dir, dir, dir);
	sh("cd %s/bin/.debug && objcopy --strip-all --add-gnu-debuglink=good.debug %s ../good", dir,
	   exe);
	/* the evil name keeps the CRC objcopy computed for the real file */
	sh("cd %s/dbg && objcopy --strip-all --add-gnu-debuglink=prog.debug %s ../bin/evil "
	   "&& objcopy --dump-section .gnu_debuglink=sec ../bin/evil "
	   "&& { printf '../dbg/prog.debug\\0\\0\\0'; tail -c 4 sec; } >evil-sec "
	   "&& objcopy --remove-section .gnu_debuglink --add-section .gnu_debuglink=evil-sec "
	   "../bin/evil",
	   dir, exe);
	struct ls_sym_cache syms;
	ls_sym_cache_init(&syms, "");
	char *good = ls_xasprintf("%s/bin/good", dir), *evil = ls_xasprintf("%s/bin/evil", dir);
	struct ls_sym_module *m = ls_sym_module_get(&syms, good, good);
	ck_assert_ptr_nonnull(m);
	ck_assert_int_eq(ls_sym_module_source(m), LS_SYM_DEBUGFILE);
	m = ls_sym_module_get(&syms, evil, evil);
	ck_assert_ptr_nonnull(m);
	ck_assert_int_lt(ls_sym_module_source(m), LS_SYM_SYMTAB);
	ls_sym_cache_free(&syms);
	free(good);
	free(evil);
	sh("rm -rf %s", dir);
}
END_TEST

/* The family of the target's system, from os-release texts as shipped. */
START_TEST(distro_from_os_release)
{
	static const struct {
		const char *text;
		enum ls_sym_distro want;
	} cases[] = {
		{"PRETTY_NAME=\"Debian GNU/Linux 12 (bookworm)\"\nNAME=\"Debian GNU/Linux\"\n"
		 "VERSION_ID=\"12\"\nID=debian\nHOME_URL=\"https://www.debian.org/\"\n",
		 LS_DISTRO_DEBIAN},
		{"NAME=\"Ubuntu\"\nVERSION=\"22.04.3 LTS (Jammy Jellyfish)\"\nID=ubuntu\nID_LIKE=debian\n",
		 LS_DISTRO_DEBIAN},
		{"NAME=\"Linux Mint\"\nID=linuxmint\nID_LIKE=\"ubuntu debian\"\n", LS_DISTRO_DEBIAN},
		{"NAME=\"Fedora Linux\"\nVERSION=\"39 (Server Edition)\"\nID=fedora\nVERSION_ID=39\n",
		 LS_DISTRO_DNF},
		{"NAME=\"Red Hat Enterprise Linux\"\nVERSION=\"9.3 (Plow)\"\nID=\"rhel\"\n"
		 "ID_LIKE=\"fedora\"\nVERSION_ID=\"9.3\"\n",
		 LS_DISTRO_DNF},
		{"NAME=\"Rocky Linux\"\nID=\"rocky\"\nID_LIKE=\"rhel centos fedora\"\n", LS_DISTRO_DNF},
		{"NAME=\"CentOS Linux\"\nVERSION=\"7 (Core)\"\nID=\"centos\"\nID_LIKE=\"rhel fedora\"\n",
		 LS_DISTRO_DNF},
		{"NAME=\"Amazon Linux\"\nVERSION=\"2023\"\nID=\"amzn\"\nID_LIKE=\"fedora\"\n",
		 LS_DISTRO_DNF},
		{"NAME=\"openSUSE Leap\"\nVERSION=\"15.5\"\nID=\"opensuse-leap\"\n"
		 "ID_LIKE=\"suse opensuse\"\n",
		 LS_DISTRO_SUSE},
		{"NAME=\"SLES\"\nVERSION=\"15-SP5\"\nID=\"sles\"\nID_LIKE=\"suse\"\n", LS_DISTRO_SUSE},
		{"NAME=\"Alpine Linux\"\nID=alpine\nVERSION_ID=3.19.0\n", LS_DISTRO_UNKNOWN},
		{"NAME=\"Arch Linux\"\nID=arch\nBUILD_ID=rolling\n", LS_DISTRO_UNKNOWN},
		/* single quotes; ID wins over ID_LIKE; only whole words and keys */
		{"ID='debian'\n", LS_DISTRO_DEBIAN},
		{"ID=fedora\nID_LIKE=debian\n", LS_DISTRO_DNF},
		{"ID=\"debianish\"\nID_LIKE=\"notfedora\"\n", LS_DISTRO_UNKNOWN},
		{"# ID=fedora\nXID=debian\nID_LIKE_NOT=suse\n", LS_DISTRO_UNKNOWN},
		{"ID=\n", LS_DISTRO_UNKNOWN},
		{"", LS_DISTRO_UNKNOWN},
	};
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++)
		ck_assert_msg(ls_sym_distro_parse(cases[i].text) == cases[i].want, "case %zu: %d, want %d",
			      i, ls_sym_distro_parse(cases[i].text), cases[i].want);
	ck_assert_int_eq(ls_sym_distro_parse(NULL), LS_DISTRO_UNKNOWN);
}
END_TEST

/* Only the form of the target's system is offered. */
START_TEST(hint_fits_the_system)
{
	unsetenv("DEBUGINFOD_URLS");
	const char *lib = "/usr/lib64/libuv.so.1.0.0", *id = "f4c8e3456a6c9d4d";
	struct {
		enum ls_sym_distro d;
		const char *pkg;
		int other_root;
		const char *has, *hasnt;
	} cases[] = {
		{LS_DISTRO_DEBIAN, "libuv1", 0, "install libuv1-dbgsym", "dnf"},
		{LS_DISTRO_DEBIAN, NULL, 1, "`dpkg -S /usr/lib64/libuv.so.1.0.0`", "rpm"},
		{LS_DISTRO_DNF, "libuv", 0, "`dnf debuginfo-install libuv` (`debuginfo-install libuv` with yum)",
		 "dbgsym"},
		{LS_DISTRO_DNF, NULL, 1, "`dnf debuginfo-install $(rpm -qf /usr/lib64/libuv.so.1.0.0)` in the target's",
		 "dbgsym"},
		{LS_DISTRO_SUSE, "libuv1", 0, "`zypper install libuv1-debuginfo`", "dnf"},
		{LS_DISTRO_SUSE, NULL, 1, "rpm -qf --qf '%{NAME}-debuginfo' /usr/lib64/", "dbgsym"},
		/* a package found without a known system: no package form */
		{LS_DISTRO_UNKNOWN, "libuv1", 0, "put its debug file", "libuv1"},
		{LS_DISTRO_UNKNOWN, NULL, 1, "put its debug file", "install"},
		/* in the same root, a file no package owns: no package form */
		{LS_DISTRO_DNF, NULL, 0, "put its debug file", "dnf"},
	};
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		char *h = ls_sym_hint_format(cases[i].d, cases[i].pkg, cases[i].other_root, lib, id);
		ck_assert_msg(strstr(h, cases[i].has) && !strstr(h, cases[i].hasnt), "case %zu: %s", i, h);
		ck_assert_msg(strstr(h, "/usr/lib/debug/.build-id/f4/c8e3456a6c9d4d.debug"), "case %zu: %s", i, h);
		ck_assert_msg(strstr(h, "set DEBUGINFOD_URLS"), "case %zu: %s", i, h);
		free(h);
	}
	char *h = ls_sym_hint_format(LS_DISTRO_DNF, "libuv", 0, lib, NULL);
	ck_assert_ptr_nonnull(strstr(h, "no build-id"));
	ck_assert_ptr_null(strstr(h, ".build-id/"));
	free(h);
}
END_TEST

/* os-release is read in the target's root, its symlinks resolved there:
 * an absolute link to /usr/lib/os-release is the target's file, not ours. */
START_TEST(distro_of_the_target_root)
{
	char dir[] = "/tmp/ls-osrelease-XXXXXX";
	ck_assert_ptr_nonnull(mkdtemp(dir));
	sh("mkdir -p %s/etc %s/usr/lib && printf 'NAME=\"Fedora Linux\"\\nID=fedora\\n' "
	   ">%s/usr/lib/os-release && ln -s /usr/lib/os-release %s/etc/os-release",
	   dir, dir, dir, dir);
	struct ls_sym_cache c;
	ls_sym_cache_init(&c, dir);
	ck_assert_int_eq(c.distro, LS_DISTRO_DNF);
	ls_sym_cache_free(&c);
	/* no etc/os-release: usr/lib/os-release; neither, or not a file: unknown */
	sh("rm %s/etc/os-release", dir);
	ls_sym_cache_init(&c, dir);
	ck_assert_int_eq(c.distro, LS_DISTRO_DNF);
	ls_sym_cache_free(&c);
	sh("rm %s/usr/lib/os-release && mkfifo %s/etc/os-release", dir, dir);
	ls_sym_cache_init(&c, dir);
	ck_assert_int_eq(c.distro, LS_DISTRO_UNKNOWN);
	ls_sym_cache_free(&c);
	sh("rm -rf %s", dir);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("sampler-unwind");
	TCase *tc = tcase_create("core");
	tcase_add_test(tc, unwind_own_snapshot);
	tcase_add_test(tc, symbols_of_a_module);
	tcase_add_test(tc, debuglink_names);
	tcase_add_test(tc, debuglink_outside_refused);
	tcase_add_test(tc, distro_from_os_release);
	tcase_add_test(tc, hint_fits_the_system);
	tcase_add_test(tc, distro_of_the_target_root);
	suite_add_tcase(s, tc);
	SRunner *r = srunner_create(s);
	srunner_run_all(r, CK_NORMAL);
	int failed = srunner_ntests_failed(r);
	srunner_free(r);
	return failed ? 1 : 0;
}
