/*
 * fuzz_baseline.c — the baseline reader (analyzer/baseline.c): the input
 * is the file given to --baseline; one that loads then filters a few
 * findings, as check does.
 */
#include "tests/fuzz/fuzz.h"

#include "analyzer/baseline.h"

static json_t *findings;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	fuzz_quiet();
	findings = json_pack("[{s:s, s:s, s:s, s:s, s:i}, {s:s, s:s, s:s, s:s, s:i}, {s:s}]",
			     "rule", "blocking-sleep", "file", "a.c", "function", "on_timer",
			     "fingerprint", "0123456789abcdef", "line", 3, "rule", "handle-leak",
			     "file", "b.c", "function", "f", "fingerprint", "x", "line", 9, "rule",
			     "missing-await");
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct ls_base b;
	if (ls_base_load(&b, fuzz_file("baseline.json", data, size)) == 0) {
		int matched = 0;
		json_decref(ls_base_filter(&b, findings, &matched));
		ls_base_free(&b);
	}
	return 0;
}
