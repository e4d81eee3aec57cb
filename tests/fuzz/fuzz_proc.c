/*
 * fuzz_proc.c — the /proc parsers the sampler trusts on every tick
 * (sampler/proc.c, sampler/maps.c): the input is read as each of
 * /proc/PID/maps, task/TID/syscall, status, stat, and, line by line, as
 * the names in task/. A maps file that parses must be sorted with
 * disjoint ranges, and is then searched as the unwinder searches it.
 */
#include "tests/fuzz/fuzz.h"

#include "sampler/maps.h"
#include "sampler/proc.h"

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	fuzz_quiet();
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = fuzz_str(data, size);
	struct ls_maps m = {0};
	if (ls_maps_parse(&m, text) == 0) {
		for (size_t i = 0; i < m.n; i++) {
			/* what ls_maps_find's bisection relies on */
			if (m.v[i].start >= m.v[i].end || (i && m.v[i - 1].end > m.v[i].start))
				abort();
			const uint64_t probe[] = {m.v[i].start, m.v[i].end - 1, m.v[i].end,
						  m.v[i].start - 1};
			for (size_t k = 0; k < LS_ARRAY_LEN(probe); k++) {
				const struct ls_map *hit = ls_maps_find(&m, probe[k]);
				if (hit && (probe[k] < hit->start || probe[k] >= hit->end))
					abort(); /* found a mapping that does not hold it */
			}
			ls_maps_is_file(&m.v[i]);
			ls_maps_basename(m.v[i].path);
		}
	}
	ls_maps_free(&m);

	struct ls_proc_sc sc;
	if (ls_proc_parse_syscall(text, &sc) == 0) {
		char buf[32];
		ls_proc_syscall_name(sc.nr, buf, sizeof buf);
	}
	ls_proc_parse_tracer(text);
	ls_proc_parse_state(text);
	for (char *line = text, *nl; line; line = nl ? nl + 1 : NULL) {
		nl = strchr(line, '\n');
		if (nl)
			*nl = '\0';
		pid_t pid;
		if (ls_proc_parse_pid(line, &pid) == 0 && pid <= 0)
			abort(); /* a PID out of 1..INT_MAX accepted */
	}
	free(text);
	return 0;
}
