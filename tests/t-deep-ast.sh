#!/bin/sh
# t-deep-ast.sh — the extract walk has no depth limit: an else-if chain of
# 1000 blocking calls in a loop callback (an AST about 1000 levels deep)
# gives 1000 sites (one grouped finding), as a chain of 3 gives 3. The walk used to stop at
# depth 512 without a word (510 findings).
cd "$(dirname "$0")/.." || exit 2
. tests/lib.sh

# chain DIR N: on_tick is a libuv timer callback with `if ... else if ...`
# over N blocking usleep calls.
chain() {
	mkdir -p "$1"
	{
		printf '#include <unistd.h>\n#include <uv.h>\nstatic uv_timer_t timer;\n'
		printf 'static void on_tick(uv_timer_t *t)\n{\n\tint n = (int)(long)t->data;\n'
		printf '\tif (n == 0)\n\t\tusleep(200000);\n'
		i=1
		while [ "$i" -lt "$2" ]; do
			printf '\telse if (n == %d)\n\t\tusleep(200000);\n' "$i"
			i=$((i + 1))
		done
		printf '}\n\nint main(void)\n{\n\tuv_loop_t *loop = uv_default_loop();\n'
		printf '\tuv_timer_init(loop, &timer);\n\tuv_timer_start(&timer, on_tick, 10, 10);\n'
		printf '\treturn uv_run(loop, UV_RUN_DEFAULT);\n}\n'
	} >"$1/chain.c"
	printf '[{"directory": "%s", "file": "chain.c", "arguments": ["cc", "-c", "chain.c"]}]\n' "$1" \
		>"$1/compile_commands.json"
}
count() { (cd "$1" && $LOOPSCOPE check --no-cache --no-config --format json) >"$TMP/out" 2>"$TMP/err"
	echo "$? $(jq '[.findings[] | select(.rule == "blocking-sleep") | .sites[]] | length' "$TMP/out")"; }

chain "$TMP/short" 3
expect_eq "a chain of 3: 3 findings, exit 1" "$(count "$TMP/short")" "1 3"
chain "$TMP/deep" 1000
expect_eq "a chain of 1000: 1000 findings, exit 1" "$(count "$TMP/deep")" "1 1000"
expect_eq "a chain of 1000: nothing on stderr" "$(cat "$TMP/err")" ""
done_testing
