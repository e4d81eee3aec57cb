/*
 * fuzz_elf.c — the ELF/DWARF symbolizer (sampler/symbols.c) on mutated
 * modules: the sampler opens whatever binaries its target maps, and a
 * root user attaching to a container's process reads files that process
 * controls. The input is the module; the debug-file search is confined
 * to the harness's own directory (the target's root, as /proc/PID/root
 * would be). A module that opens is symbolized, with file:line, at its
 * edges and in between, and its .eh_frame_hdr read as the unwinder does.
 */
#include "tests/fuzz/fuzz.h"

#include "sampler/symbols.h"

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	fuzz_quiet();
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *host = fuzz_file("mod", data, size);
	struct ls_sym_cache c;
	ls_sym_cache_init(&c, fuzz_tmpdir());
	struct ls_sym_module *m = ls_sym_module_get(&c, "/mod", host);
	if (m) {
		ls_sym_module_has_symtab(m);
		uint64_t lo, hi, hdr, table, count;
		ls_sym_text_range(m, &lo, &hi);
		uint64_t probe[] = {lo, hi - 1, lo + (hi - lo) / 2, 0, UINT64_MAX, 0x1000};
		for (size_t i = 0; i < LS_ARRAY_LEN(probe); i++) {
			struct ls_sym_info info;
			ls_sym_lookup(m, probe[i], i < 3, &info);
			if (info.function)
				(void)strlen(info.function);
			if (info.file)
				(void)strlen(info.file);
			unsigned char buf[16];
			ls_sym_read(m, probe[i], buf, sizeof buf);
		}
		if (ls_sym_eh_frame_hdr(m, &hdr, &table, &count) == 0) {
			unsigned char buf[8];
			ls_sym_read(m, hdr, buf, sizeof buf);
			for (uint64_t k = 0; k < count && k < 4; k++)
				ls_sym_read(m, table + 8 * k, buf, sizeof buf);
		}
		struct ls_map map = {0x555555554000, 0x555555558000, 0, 1, "/mod"};
		ls_sym_bias(m, &map);
		map.pgoff = 0x1000;
		ls_sym_bias(m, &map);
	}
	ls_sym_cache_free(&c);
	return 0;
}
