/*
 * unwind.c — see unwind.h. The design follows perf's
 * util/unwind-libunwind-local.c: a libunwind address space whose
 * accessors serve registers from the sample, stack reads from the copied
 * stack, and unwind tables from the module files, with find_proc_info
 * handing libunwind the module's .eh_frame_hdr search table as a
 * "remote table". libunwind's global cache keeps what it decoded per
 * address, so a module's CFI is parsed once per run, not once per sample.
 */
#include "sampler/unwind.h"

#include <errno.h>
#include <libunwind.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/uio.h>

#include "common/util.h"

/* Exported by libunwind but not declared in its public header. */
extern int UNW_OBJ(dwarf_search_unwind_table)(unw_addr_space_t as, unw_word_t ip,
					      unw_dyn_info_t *di, unw_proc_info_t *pi,
					      int need_unwind_info, void *arg);

struct ls_unw {
	unw_addr_space_t as;
	pid_t pid;
	struct ls_maps *maps;
	struct ls_sym_cache *syms;
	unsigned maps_gen;
	const struct ls_unw_snapshot *snap; /* during ls_unw_stack only */
	int refreshed;                      /* maps reloaded in this unwind */
};

/* The mapping of addr; reloads the maps once per unwind when addr falls
 * outside every mapping (a dlopen since the last read). */
static const struct ls_map *find_map(struct ls_unw *u, uint64_t addr)
{
	const struct ls_map *map = ls_maps_find(u->maps, addr);
	if (!map && u->pid && !u->refreshed) {
		u->refreshed = 1;
		if (ls_maps_load(u->maps, u->pid) == 0)
			map = ls_maps_find(u->maps, addr);
	}
	return map;
}

static struct ls_sym_module *find_module(struct ls_unw *u, uint64_t addr, uint64_t *bias,
					 const struct ls_map **mapp)
{
	const struct ls_map *map = find_map(u, addr);
	if (mapp)
		*mapp = map;
	if (!map || !ls_maps_is_file(map))
		return NULL;
	char *host = ls_maps_host_path(u->maps, map);
	struct ls_sym_module *m = ls_sym_module_get(u->syms, map->path, host);
	free(host);
	if (m)
		*bias = ls_sym_bias(m, map);
	return m;
}

static int read_target(struct ls_unw *u, uint64_t addr, void *buf, size_t n)
{
	if (!u->pid)
		return -1;
	struct iovec local = {buf, n}, remote = {(void *)(uintptr_t)addr, n};
	return process_vm_readv(u->pid, &local, 1, &remote, 1, 0) == (ssize_t)n ? 0 : -1;
}

static int read_mem(struct ls_unw *u, uint64_t addr, void *buf, size_t n)
{
	const struct ls_unw_snapshot *s = u->snap;
	if (s && addr >= s->stack_addr && addr + n <= s->stack_addr + s->stack_len) {
		memcpy(buf, s->stack + (addr - s->stack_addr), n);
		return 0;
	}
	uint64_t bias;
	struct ls_sym_module *m = find_module(u, addr, &bias, NULL);
	if (m && ls_sym_read(m, addr - bias, buf, n) == 0)
		return 0;
	/* Not in the copy, not in a file: the heap of a coroutine stack
	 * beyond the copy, or .data — read the live process. */
	return read_target(u, addr, buf, n);
}

static int acc_find_proc_info(unw_addr_space_t as, unw_word_t ip, unw_proc_info_t *pi,
			      int need_unwind_info, void *arg)
{
	struct ls_unw *u = arg;
	uint64_t bias, hdr, table, count, lo, hi;
	struct ls_sym_module *m = find_module(u, ip, &bias, NULL);
	if (!m || ls_sym_eh_frame_hdr(m, &hdr, &table, &count) < 0)
		return -UNW_ENOINFO;
	ls_sym_text_range(m, &lo, &hi);
	unw_dyn_info_t di;
	memset(&di, 0, sizeof di);
	di.format = UNW_INFO_FORMAT_REMOTE_TABLE;
	di.start_ip = bias + lo;
	di.end_ip = bias + hi;
	di.u.rti.segbase = bias + hdr;
	di.u.rti.table_data = bias + table;
	/* Entries are two 32-bit words; table_len counts unw_word_t units. */
	di.u.rti.table_len = count * 8 / sizeof(unw_word_t);
	return UNW_OBJ(dwarf_search_unwind_table)(as, ip, &di, pi, need_unwind_info, arg);
}

static void acc_put_unwind_info(unw_addr_space_t as, unw_proc_info_t *pi, void *arg)
{
	/* dwarf_search_unwind_table allocates the unwind info it returns. */
	free(pi->unwind_info);
	pi->unwind_info = NULL;
}

static int acc_get_dyn_info_list_addr(unw_addr_space_t as, unw_word_t *dil, void *arg)
{
	return -UNW_ENOINFO; /* no JIT-registered code */
}

static int acc_access_mem(unw_addr_space_t as, unw_word_t addr, unw_word_t *valp, int write,
			  void *arg)
{
	if (write)
		return -UNW_EREADONLYREG;
	if (read_mem(arg, addr, valp, sizeof *valp) < 0) {
		*valp = 0;
		return -UNW_EINVAL;
	}
	return 0;
}

static int reg_value(const struct user_regs_struct *r, int reg, uint64_t *v)
{
	switch (reg) {
	case UNW_X86_64_RAX: *v = r->rax; break;
	case UNW_X86_64_RDX: *v = r->rdx; break;
	case UNW_X86_64_RCX: *v = r->rcx; break;
	case UNW_X86_64_RBX: *v = r->rbx; break;
	case UNW_X86_64_RSI: *v = r->rsi; break;
	case UNW_X86_64_RDI: *v = r->rdi; break;
	case UNW_X86_64_RBP: *v = r->rbp; break;
	case UNW_X86_64_RSP: *v = r->rsp; break;
	case UNW_X86_64_R8: *v = r->r8; break;
	case UNW_X86_64_R9: *v = r->r9; break;
	case UNW_X86_64_R10: *v = r->r10; break;
	case UNW_X86_64_R11: *v = r->r11; break;
	case UNW_X86_64_R12: *v = r->r12; break;
	case UNW_X86_64_R13: *v = r->r13; break;
	case UNW_X86_64_R14: *v = r->r14; break;
	case UNW_X86_64_R15: *v = r->r15; break;
	case UNW_X86_64_RIP: *v = r->rip; break;
	default: return -1;
	}
	return 0;
}

static int acc_access_reg(unw_addr_space_t as, unw_regnum_t reg, unw_word_t *valp, int write,
			  void *arg)
{
	struct ls_unw *u = arg;
	uint64_t v;
	if (write)
		return -UNW_EREADONLYREG;
	if (!u->snap || reg_value(&u->snap->regs, reg, &v) < 0)
		return -UNW_EBADREG;
	*valp = v;
	return 0;
}

static int acc_access_fpreg(unw_addr_space_t as, unw_regnum_t reg, unw_fpreg_t *val,
			    int write, void *arg)
{
	return -UNW_EINVAL;
}

static int acc_resume(unw_addr_space_t as, unw_cursor_t *c, void *arg)
{
	return -UNW_EINVAL;
}

static int acc_get_proc_name(unw_addr_space_t as, unw_word_t addr, char *buf, size_t len,
			     unw_word_t *offp, void *arg)
{
	return -UNW_ENOINFO; /* symbols come from symbols.c */
}

static unw_accessors_t accessors = {
	.find_proc_info = acc_find_proc_info,
	.put_unwind_info = acc_put_unwind_info,
	.get_dyn_info_list_addr = acc_get_dyn_info_list_addr,
	.access_mem = acc_access_mem,
	.access_reg = acc_access_reg,
	.access_fpreg = acc_access_fpreg,
	.resume = acc_resume,
	.get_proc_name = acc_get_proc_name,
};

struct ls_unw *ls_unw_new(pid_t pid, struct ls_maps *maps, struct ls_sym_cache *syms)
{
	struct ls_unw *u = ls_xcalloc(1, sizeof *u);
	u->pid = pid;
	u->maps = maps;
	u->syms = syms;
	u->maps_gen = maps->generation;
	u->as = unw_create_addr_space(&accessors, 0);
	if (!u->as) {
		free(u);
		return NULL;
	}
	unw_set_caching_policy(u->as, UNW_CACHE_GLOBAL);
	return u;
}

void ls_unw_preload(struct ls_unw *u)
{
	for (size_t i = 0; i < u->maps->n; i++) {
		const struct ls_map *map = &u->maps->v[i];
		uint64_t bias;
		if (map->exec && ls_maps_is_file(map))
			find_module(u, map->start, &bias, NULL);
	}
}

void ls_unw_free(struct ls_unw *u)
{
	if (!u)
		return;
	unw_destroy_addr_space(u->as);
	free(u);
}

int ls_unw_stack_fp(struct ls_unw *u, const struct ls_unw_snapshot *s, uint64_t *ips, int max)
{
	const struct ls_unw_snapshot *saved = u->snap;
	u->snap = s;
	int n = 0;
	if (max > 0 && s->regs.rip)
		ips[n++] = s->regs.rip;
	uint64_t fp = s->regs.rbp, prev = 0;
	/* Each frame: [fp] = caller's fp, [fp + 8] = return address. Frames
	 * must move up the stack, which also ends cycles. */
	while (n < max && fp > prev && !(fp & 7)) {
		uint64_t pair[2];
		if (read_mem(u, fp, &pair[0], 8) < 0 || read_mem(u, fp + 8, &pair[1], 8) < 0)
			break;
		if (!pair[1])
			break;
		ips[n++] = pair[1];
		prev = fp;
		fp = pair[0];
	}
	u->snap = saved;
	return n;
}

int ls_unw_stack(struct ls_unw *u, const struct ls_unw_snapshot *s, uint64_t *ips, int max)
{
	if (u->maps_gen != u->maps->generation) {
		/* A module may now sit where another was: drop cached CFI. */
		unw_flush_cache(u->as, 0, 0);
		u->maps_gen = u->maps->generation;
	}
	u->snap = s;
	u->refreshed = 0;
	unw_cursor_t c;
	int n = 0;
	if (unw_init_remote(&c, u->as, u) == 0) {
		while (n < max) {
			unw_word_t ip;
			if (unw_get_reg(&c, UNW_REG_IP, &ip) < 0 || !ip)
				break;
			ips[n++] = ip;
			if (unw_step(&c) <= 0)
				break;
		}
	}
	u->snap = NULL;
	if (n < 3) {
		/* CFI gave out at once (code with no .eh_frame, a JIT, a
		 * damaged table): frame pointers may still go further. */
		uint64_t fp_ips[128];
		int m = ls_unw_stack_fp(u, s, fp_ips, max < 128 ? max : 128);
		if (m > n) {
			memcpy(ips, fp_ips, (size_t)m * sizeof *ips);
			n = m;
		}
	}
	if (u->maps_gen != u->maps->generation) {
		unw_flush_cache(u->as, 0, 0);
		u->maps_gen = u->maps->generation;
	}
	return n;
}

void ls_unw_frame_info(struct ls_unw *u, uint64_t ip, int ret_addr, int want_line,
		       struct ls_unw_frame *out)
{
	memset(out, 0, sizeof *out);
	out->ip = ip;
	uint64_t addr = ret_addr && ip ? ip - 1 : ip;
	uint64_t bias = 0;
	const struct ls_map *map;
	u->refreshed = 0;
	struct ls_sym_module *m = find_module(u, addr, &bias, &map);
	/* Names must outlive a maps reload, so only static strings or the
	 * symbol cache's own. */
	if (!map)
		out->module = "[unknown]";
	else if (map->path && !strcmp(map->path, "[vdso]"))
		out->module = "[vdso]";
	else
		out->module = "[anon]";
	const char *unreadable = map && !m ? ls_sym_unreadable(u->syms, map->path) : NULL;
	if (unreadable) {
		/* A file that could not be opened (deleted, and map_files
		 * refused): named by its maps path, mark included. */
		out->path = unreadable;
		out->module = ls_maps_basename(unreadable);
	}
	if (!m)
		return;
	out->mod = m;
	out->path = ls_sym_module_path(m);
	out->module = ls_maps_module_name(u->maps, out->path);
	struct ls_sym_info si;
	out->modaddr = addr - bias;
	ls_sym_lookup(m, addr - bias, want_line, &si);
	if (!si.function && addr != ip) {
		/* A return address set up by hand (makecontext's trampoline)
		 * is a function's first byte, not the byte after a call. */
		out->modaddr = ip - bias;
		ls_sym_lookup(m, ip - bias, want_line, &si);
	}
	out->function = si.function;
	out->file = si.file;
	out->line = si.line;
}

const char *ls_unw_frame_name(const struct ls_unw_frame *f, char *buf, size_t len)
{
	if (f->function)
		snprintf(buf, len, "%s", f->function);
	else if (f->modaddr)
		snprintf(buf, len, "%s+0x%llx", f->module, (unsigned long long)f->modaddr);
	else
		snprintf(buf, len, "0x%llx", (unsigned long long)f->ip);
	return buf;
}

const char *ls_unw_blame_name(struct ls_unw *u, const uint64_t *ips, int n, int b, char *buf,
			      size_t len)
{
	struct ls_unw_frame f, g;
	if (b < 0 || b >= n) {
		snprintf(buf, len, "?");
		return buf;
	}
	ls_unw_frame_info(u, ips[b], b > 0, 0, &f);
	if (f.function || !f.mod)
		return ls_unw_frame_name(&f, buf, len);
	/* Unnamed (a static function of a stripped program): the nearest
	 * named frame it called in the same module stands for it, so stalls
	 * through the same code still group, under a name a person knows. */
	for (int k = b - 1; k >= 0; k--) {
		ls_unw_frame_info(u, ips[k], k > 0, 0, &g);
		if (g.mod == f.mod && g.function) {
			snprintf(buf, len, "%s (via %s+0x%llx)", g.function, f.module,
				 (unsigned long long)f.modaddr);
			return buf;
		}
	}
	return ls_unw_frame_name(&f, buf, len);
}

ssize_t ls_unw_read_stack(pid_t pid, const struct ls_maps *maps, uint64_t sp,
			  unsigned char *buf, size_t max)
{
	const struct ls_map *map = ls_maps_find(maps, sp);
	size_t n = max;
	if (map && map->end - sp < n)
		n = map->end - sp;
	struct iovec local = {buf, n}, remote = {(void *)(uintptr_t)sp, n};
	ssize_t got = process_vm_readv(pid, &local, 1, &remote, 1, 0);
	return got;
}
