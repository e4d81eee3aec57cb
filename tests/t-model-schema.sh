#!/bin/sh
# t-model-schema.sh — models are checked against the format of
# rules/README.md: every wrong section, key, type, argument index,
# condition and rule id is "FILE:LINE:COL: PATH: problem", exit 2; an
# unknown key is a warning with a suggestion; a model reusing a shipped
# model's name is said. Each bad model is tried next to a good one that
# differs only in the fault, which must still load and find its call.
cd "$(dirname "$0")/.." || exit 2
. tests/lib.sh
. tests/check-project.sh

P=$TMP/p
make_project "$P"
cat >>"$P/main.c" <<'EOC'
void my_sleep(int s);
static void on_idle(uv_idle_t *h)
{
	(void)h;
	my_sleep(1);
}
void start_idle(uv_loop_t *loop, uv_idle_t *h)
{
	uv_idle_init(loop, h);
	uv_idle_start(h, on_idle);
}
EOC
run() { (cd "$P" && $LOOPSCOPE check --no-cache --no-config --color never "$@" >"$TMP/out" 2>"$TMP/err"); echo $? >"$TMP/rc"; }
rc() { cat "$TMP/rc"; }
good='{call: my_sleep, rule: blocking-sleep}'

# model NAME ENTRY: a model file whose blocking list holds ENTRY.
model() { printf 'model: inhouse\nblocking:\n  - %s\n' "$2" >"$TMP/$1.yml"; }
# both WHAT ENTRY MESSAGE-REGEX: ENTRY is rejected naming line 3, the good
# entry in its place is accepted and finds my_sleep.
both() {
	model bad "$2"
	run --model "$TMP/bad.yml"
	expect_eq "$1: exit 2" "$(rc)" 2
	expect_grep "$1: FILE:LINE:COL: path: problem" "bad.yml:3:[0-9]*: blocking\[0\]$3" "$TMP/err"
	model good "$good"
	run --model "$TMP/good.yml"
	expect_eq "$1, fixed: exit 1 (findings)" "$(rc)" 1
	expect_grep "$1, fixed: the model's call found" "'my_sleep' sleeps" "$TMP/out"
	expect_eq "$1, fixed: no message" "$(cat "$TMP/err")" ""
}
both "call: 5" '{call: 5, rule: blocking-sleep}' '.call: expected a string, not an integer'
both "no call" '{rule: blocking-sleep}' ": 'call' is missing"
both "unknown rule" '{call: my_sleep, rule: blocking-slep}' ".rule: 'blocking-slep' is not a rule of the catalog (did you mean 'blocking-sleep'?)"
both "rule of the wrong type" '{call: my_sleep, rule: [blocking-sleep]}' '.rule: expected a rule id, not a list'
both "arg: \"q\"" '{call: my_sleep, rule: blocking-sleep, when: {arg: "q", value: 1}}' ".when.arg: expected an argument index (0 is the first, -1 the last), not 'q'"
both "arg out of range" '{call: my_sleep, rule: blocking-sleep, when: {arg: 500, value: 1}}' '.when.arg: an argument index must lie between -127 and 126'
both "when: {bogus: 1}" '{call: my_sleep, rule: blocking-sleep, when: {bogus: 1}}' ".when.bogus: unknown key 'bogus'"
both "a condition without a test" '{call: my_sleep, rule: blocking-sleep, unless: {arg: 0}}' '.unless: a condition needs a test'
both "a condition with two tests" '{call: my_sleep, rule: blocking-sleep, unless: [{arg: 0, value: 1, nonzero: true}]}' '\.unless\[0\]: a condition tests one thing'
both "except: a string" '{call: my_sleep, rule: blocking-sleep, except: my_sleep2}' ".except: expected a list, not 'my_sleep2'"

# A section of the wrong type, and one that does not exist.
printf 'model: inhouse\nblocking: {call: my_sleep, rule: blocking-sleep}\n' >"$TMP/bad.yml"
run --model "$TMP/bad.yml"
expect_eq "a section of the wrong type: exit 2" "$(rc)" 2
expect_grep "a section of the wrong type: named" "bad.yml:2:1: blocking: expected a list, not a mapping" "$TMP/err"
printf 'model: inhouse\nblockng:\n  - %s\nblocking:\n  - %s\n' "$good" "$good" >"$TMP/typo.yml"
run --model "$TMP/typo.yml"
expect_eq "an unknown section: still exit 1 (findings)" "$(rc)" 1
expect_grep "an unknown section: a warning with a suggestion" "warning: .*typo.yml:2:1: unknown key 'blockng' ignored (did you mean 'blocking'?)" "$TMP/err"
printf 'model: inhouse\nsampler: {on_cpu_rule: cpu-bound-callback, syscall_rules: [{syscall: read, fd: disk, rule: blocking-file-io}]}\n' >"$TMP/bad.yml"
run --model "$TMP/bad.yml"
expect_eq "a value outside its set: exit 2" "$(rc)" 2
expect_grep "a value outside its set: named" "sampler.syscall_rules\[0\].fd: expected one of file, socket, pipe, anon, not 'disk'" "$TMP/err"
# loop_waits: names, or entries with conditions; nothing else.
printf 'model: inhouse\nloop_waits: [poll, 5, {call: ppoll, unless: {arg: 1}}]\n' >"$TMP/bad.yml"
run --model "$TMP/bad.yml"
expect_eq "loop_waits: a number and a condition without a test: exit 2" "$(rc)" 2
expect_grep "loop_waits: a number named" "bad.yml:2:[0-9]*: loop_waits\[1\]: expected a string or a mapping, not an integer" "$TMP/err"
expect_grep "loop_waits: an entry's condition checked" "bad.yml:2:[0-9]*: loop_waits\[2\].unless: a condition needs a test" "$TMP/err"
printf 'model: inhouse\nloop_waits: [poll, {call: ppoll, unless: {arg: 1, value: 1}}]\nblocking:\n  - %s\n' "$good" >"$TMP/good.yml"
run --model "$TMP/good.yml"
expect_eq "loop_waits: names and entries, fixed: exit 1 (findings)" "$(rc)" 1
expect_eq "loop_waits: names and entries, fixed: no message" "$(cat "$TMP/err")" ""
printf 'model: inhouse\nobjects: [{call: my_open, kind: mine, from: 0}]\n' >"$TMP/bad.yml"
run --model "$TMP/bad.yml"
expect_eq "an object entry with kind and from: exit 2" "$(rc)" 2
expect_grep "an object entry with kind and from: named" "objects\[0\]: an object entry has a kind or a from" "$TMP/err"
printf 'model: inhouse\nblocking: [{call: my_sleep, rule: blocking-sleep, when: {arg: 0, string: 7}}]\n' >"$TMP/bad.yml"
run --model "$TMP/bad.yml"
expect_eq "string: a number: exit 2" "$(rc)" 2
printf 'model: inhouse\nobjects: [{call: my_open, kind: mine, only: mine}]\n' >"$TMP/bad.yml"
run --model "$TMP/bad.yml"
expect_eq "only without from: exit 2" "$(rc)" 2
expect_grep "only without from: named" "objects\[0\]: an object entry's only .* needs a from" "$TMP/err"
printf 'model: inhouse\nblocking: [{call: my_sleep, rule: blocking-sleep, when: {made: mine}}]\n' >"$TMP/bad.yml"
run --model "$TMP/bad.yml"
expect_eq "a condition without arg or result: exit 2" "$(rc)" 2
expect_grep "a condition without arg or result: named" "names the argument it tests (arg: N) or the call's value (result: true)" "$TMP/err"
printf 'model: inhouse\nblocking: [{call: my_sleep, rule: blocking-sleep, when: {arg: 0, result: true, used: read}}]\n' >"$TMP/bad.yml"
run --model "$TMP/bad.yml"
expect_eq "a condition with arg and result: exit 2" "$(rc)" 2
printf 'model: inhouse\nobject_uses: [{call: my_read, arg: 0}]\n' >"$TMP/bad.yml"
run --model "$TMP/bad.yml"
expect_eq "an object_uses entry without use: exit 2" "$(rc)" 2
printf 'model: 7\n' >"$TMP/bad.yml"
run --model "$TMP/bad.yml"
expect_eq "model: 7: exit 2" "$(rc)" 2
expect_grep "model: 7: named" "bad.yml:1:1: a model file needs a top-level 'model: NAME'" "$TMP/err"

# Argument indexes against the callee's declared arity (my_sleep takes 1).
model bad '{call: my_sleep, rule: blocking-sleep, when: {arg: 2, value: 1}}'
run --model "$TMP/bad.yml"
expect_eq "an index beyond the arity: exit 2" "$(rc)" 2
expect_grep "an index beyond the arity: model position and call site" "bad.yml:3:[0-9]*: arg: argument index 2 is out of range: my_sleep takes 1 argument (main.c:[0-9]*)" "$TMP/err"
expect_eq "an index beyond the arity: said once" "$(grep -c 'out of range' "$TMP/err")" 1
model bad '{call: my_sleep, rule: blocking-sleep, unless: {arg: -2, value: 1}}'
run --model "$TMP/bad.yml"
expect_eq "a negative index beyond the arity: exit 2" "$(rc)" 2
model good '{call: my_sleep, rule: blocking-sleep, unless: {arg: -1, value: 7}}'
run --model "$TMP/good.yml"
expect_eq "an index within the arity: exit 1 (findings)" "$(rc)" 1
expect_eq "an index within the arity: no message" "$(cat "$TMP/err")" ""
model good '{call: "my_*", rule: blocking-sleep, when: {arg: 3, value: 1}}'
run --model "$TMP/good.yml"
expect_eq "a glob entry is not held to one callee's arity: exit 1 (findings)" "$(rc)" 1
expect_eq "a glob entry is not held to one callee's arity: no message" "$(cat "$TMP/err")" ""

# A shipped model's name.
printf 'model: libuv\nblocking:\n  - %s\n' "$good" >"$TMP/libuv.yml"
run --model "$TMP/libuv.yml"
expect_eq "a shipped model's name: exit 1 (findings)" "$(rc)" 1
expect_grep "a shipped model's name: said" "libuv.yml:1:1: model 'libuv' has the name of the model in .*rules/models/libuv.yml" "$TMP/err"

# The shipped models load without a word.
$LOOPSCOPE rules >/dev/null 2>"$TMP/err"
expect_eq "shipped models: rules exits 0" "$?" 0
expect_eq "shipped models: no message" "$(cat "$TMP/err")" ""
done_testing
