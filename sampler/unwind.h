/*
 * unwind.h — call stacks from a register set and a copy of the stack,
 * taken while the thread was stopped for a few microseconds. libunwind
 * walks the copy with DWARF CFI (.eh_frame, through .eh_frame_hdr read
 * from the module's file), so libc and code built without frame pointers
 * unwind; a frame-pointer walk is the fallback when CFI gives out early.
 * Memory outside the copy is read from the module files and, for a live
 * target, with process_vm_readv. Works on a saved snapshot (pid 0) too.
 */
#ifndef LS_SAMPLER_UNWIND_H
#define LS_SAMPLER_UNWIND_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>
#include <sys/user.h>

#include "sampler/maps.h"
#include "sampler/symbols.h"

/* The registers and stack bytes [sp, sp + len) of one stopped thread. */
struct ls_unw_snapshot {
	struct user_regs_struct regs;
	uint64_t stack_addr;
	const unsigned char *stack;
	size_t stack_len;
};

/* One resolved frame; strings point into the symbol cache or are static. */
struct ls_unw_frame {
	uint64_t ip;
	const char *function; /* NULL when unknown */
	const char *module;   /* basename of the module, "[anon]" ... */
	const char *path;     /* the module's full path, NULL if none */
	const struct ls_sym_module *mod; /* NULL if none, or path could not be read */
	const char *file;
	int line;
	uint64_t modaddr;     /* address within the module (link-time), 0 if none */
};

struct ls_unw;

/* An unwinder for pid (0: snapshot only, no reads from a live process)
 * over the given maps and symbol cache, which it refreshes (maps) when an
 * address falls outside every known mapping. */
struct ls_unw *ls_unw_new(pid_t pid, struct ls_maps *maps, struct ls_sym_cache *syms);
void ls_unw_free(struct ls_unw *u);
/* Open every executable module of the maps now (symbols, debug files,
 * debuginfod downloads), so that none of that delays a later sample. */
void ls_unw_preload(struct ls_unw *u);

/* Unwind: fills ips[0..n) (ips[0] the pc, the rest return addresses);
 * returns n (>= 1 when the pc is nonzero). */
int ls_unw_stack(struct ls_unw *u, const struct ls_unw_snapshot *s, uint64_t *ips, int max);
/* The frame-pointer walk alone (exposed for tests and as the fallback). */
int ls_unw_stack_fp(struct ls_unw *u, const struct ls_unw_snapshot *s, uint64_t *ips, int max);

/* Symbolize one address; ret_addr says it is a return address (looked up
 * at ip - 1 so a call at the end of a function names that function). */
void ls_unw_frame_info(struct ls_unw *u, uint64_t ip, int ret_addr, int want_line,
		       struct ls_unw_frame *out);

/* "function" or, unnamed, "module+0xOFFSET" into buf; returns buf. */
const char *ls_unw_frame_name(const struct ls_unw_frame *f, char *buf, size_t len);

/* The name a stall blamed on frame b of ips[0..n) is headed and grouped
 * by: the frame's own name; or, when its module has no name for it, the
 * nearest named frame it called in the same module, as "name (via
 * module+0xOFF)"; else "module+0xOFF". Returns buf. */
const char *ls_unw_blame_name(struct ls_unw *u, const uint64_t *ips, int n, int b, char *buf,
			      size_t len);

/* Capture a snapshot of a stopped thread's stack: up to max bytes from sp,
 * clipped to its mapping. Returns bytes read, -1 on failure. */
ssize_t ls_unw_read_stack(pid_t pid, const struct ls_maps *maps, uint64_t sp,
			  unsigned char *buf, size_t max);

#endif
