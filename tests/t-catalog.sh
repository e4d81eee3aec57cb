#!/bin/sh
# t-catalog.sh — the rule catalog as users see it: `loopscope rules` in its
# three formats agrees with itself and with the models, every rule is
# complete (summary, description, fix, an example), `explain` prints a
# rule and rejects an unknown one with a one-line error and exit 2, and a
# broken catalog is an error that names file and line.
cd "$(dirname "$0")/.." || exit 2
. tests/lib.sh
$LOOPSCOPE --version >/dev/null 2>&1 || { echo "FAIL: $LOOPSCOPE does not run"; exit 1; }

command -v python3 >/dev/null || { echo "skip: python3 is needed to read the JSON"; exit 77; }

# --- rules --format json: every rule complete ------------------------------
if $LOOPSCOPE rules --format json >"$TMP/rules.json" 2>"$TMP/err"; then ok "rules --format json exits 0"
else fail "rules --format json: exit $?"; cat "$TMP/err"; fi

python3 - "$TMP/rules.json" >"$TMP/check.out" 2>&1 <<'EOF'
import json, sys
rules = json.load(open(sys.argv[1]))
bad = []
if not isinstance(rules, list) or len(rules) == 0:
    bad.append("not a non-empty array")
seen = set()
for r in rules:
    rid = r.get("id", "?")
    if rid in seen: bad.append(f"{rid}: duplicate id")
    seen.add(rid)
    if r.get("severity") not in ("error", "warning", "note"): bad.append(f"{rid}: severity {r.get('severity')!r}")
    if r.get("kind") not in ("check", "sampler", "both"): bad.append(f"{rid}: kind {r.get('kind')!r}")
    if not r.get("summary") or "\n" in r["summary"].strip(): bad.append(f"{rid}: summary missing or not one line")
    if len(r.get("description", "")) < 200: bad.append(f"{rid}: description missing or too short")
    fix = r.get("fix")
    if isinstance(fix, dict):
        if not fix.get("default"): bad.append(f"{rid}: no default fix")
        for k, v in fix.items():
            if not isinstance(v, str) or len(v) < 20: bad.append(f"{rid}: fix {k} empty")
    elif not isinstance(fix, str) or not fix: bad.append(f"{rid}: no fix")
    ex = r.get("examples") or []
    if not ex: bad.append(f"{rid}: no example")
    for e in ex:
        if not e.get("framework") or not e.get("bad") or not e.get("good"):
            bad.append(f"{rid}: example without framework, bad or good")
        elif e["bad"] == e["good"]: bad.append(f"{rid}: {e['framework']} bad and good are the same")
    if any(k.startswith("@") for k in r.keys()): bad.append(f"{rid}: loader bookkeeping in output")
    if "@line" in json.dumps(r): bad.append(f"{rid}: @line leaked into JSON")
for b in bad: print("BAD", b)
print("IDS", " ".join(r.get("id", "?") for r in rules))
EOF
if grep -q '^BAD' "$TMP/check.out" || ! grep -q '^IDS' "$TMP/check.out"; then
	fail "catalog entries incomplete:"; grep -v '^IDS' "$TMP/check.out"
else ok "every rule has severity, kind, summary, description, fixes and examples"; fi
json_ids=$(sed -n 's/^IDS //p' "$TMP/check.out")

# Every rule the issues name is in the catalog.
for id in blocking-sleep blocking-file-io blocking-dns blocking-subprocess blocking-sync-wait \
	blocking-network uv-sync-fs nested-loop-run handle-leak close-then-free buffer-leak \
	missing-await missing-finish unchecked-status ignored-error thread-affinity \
	cpu-bound-callback blocked-callback; do
	case " $json_ids " in *" $id "*) ;; *) fail "rule $id missing from the catalog" ;; esac
done
ok "all rules of the issues are in the catalog"

# --- rules (text): the same ids, in order, aligned --------------------------
$LOOPSCOPE rules >"$TMP/rules.txt" 2>"$TMP/err" || fail "rules: exit $?"
text_ids=$(awk '{print $1}' "$TMP/rules.txt" | tr '\n' ' ' | sed 's/ $//')
expect_eq "rules and rules --format json list the same ids" "$text_ids" "$json_ids"
expect_grep "text shows severity and summary" '^blocking-sleep  *warning  *a sleep in a loop callback' "$TMP/rules.txt"
cols=$(awk '{ print index($0, $2) }' "$TMP/rules.txt" | sort -u | wc -l)
expect_eq "severity column aligned" "$cols" 1

# --- the man page lists the same ids ----------------------------------------
$LOOPSCOPE rules --format man >"$TMP/rules.7" 2>"$TMP/err" || fail "rules --format man: exit $?"
man_ids=$(sed -n 's/^\.Ss //p' "$TMP/rules.7" | tr '\n' ' ' | sed 's/ $//')
expect_eq "man page has a section per rule, same ids" "$man_ids" "$json_ids"
if [ -f man/loopscope-rules.7 ]; then
	built_ids=$(sed -n 's/^\.Ss //p' man/loopscope-rules.7 | tr '\n' ' ' | sed 's/ $//')
	expect_eq "built man/loopscope-rules.7 matches the catalog" "$built_ids" "$json_ids"
fi

# --- every rule a model refers to exists ------------------------------------
grep -ho 'rule: *[A-Za-z0-9_-]*' rules/models/*.yml | sed 's/rule: *//' | sort -u >"$TMP/model-rules"
[ -s "$TMP/model-rules" ] || fail "no rule: keys found in rules/models/*.yml"
missing=""
while read -r id; do
	case " $json_ids " in *" $id "*) ;; *) missing="$missing $id" ;; esac
done <"$TMP/model-rules"
expect_eq "every rule named in rules/models/*.yml is in the catalog" "$missing" ""

# --- explain ----------------------------------------------------------------
for id in $json_ids; do
	$LOOPSCOPE explain "$id" >"$TMP/explain.out" 2>"$TMP/err" || fail "explain $id: exit $?"
	grep -q "^$id: " "$TMP/explain.out" || fail "explain $id: no heading"
	grep -q '^fix:' "$TMP/explain.out" || fail "explain $id: no fix"
	grep -q ', reported:$' "$TMP/explain.out" || fail "explain $id: no reported example"
	grep -q ', fixed:$' "$TMP/explain.out" || fail "explain $id: no fixed example"
done
ok "explain prints heading, fix and examples for every rule"

$LOOPSCOPE explain blocking-sleep >"$TMP/e.out" 2>"$TMP/e.err"
expect_eq "explain blocking-sleep exit" "$?" 0
expect_grep "explain: description" 'An event loop runs every callback on one thread' "$TMP/e.out"
expect_grep "explain: libuv fix" '^  libuv  *Replace the sleep with uv_timer_start' "$TMP/e.out"
expect_grep "explain: glib fix" 'g_timeout_add' "$TMP/e.out"
expect_grep "explain: libuv example" '^libuv, reported:' "$TMP/e.out"
expect_grep "explain: glib example" '^glib, fixed:' "$TMP/e.out"
expect_eq "explain: nothing on stderr" "$(cat "$TMP/e.err")" ""
expect_grep "explain: calls from the models" '^  posix  *sleep, usleep, nanosleep' "$TMP/e.out"
$LOOPSCOPE explain --framework glib blocking-sleep >"$TMP/e.out" 2>&1
expect_grep "--framework glib: glib calls" '^  glib  *g_usleep' "$TMP/e.out"
expect_nogrep "--framework glib: no posix calls" '^  posix ' "$TMP/e.out"

$LOOPSCOPE explain --framework glib blocking-sleep >"$TMP/e.out" 2>&1
expect_eq "explain --framework exit" "$?" 0
expect_grep "--framework glib: glib fix" '^  glib  *Replace g_usleep' "$TMP/e.out"
expect_grep "--framework glib: glib example" '^glib, reported:' "$TMP/e.out"
expect_nogrep "--framework glib: no libuv example" '^libuv, ' "$TMP/e.out"
expect_nogrep "--framework glib: no libuv fix" 'uv_timer_start' "$TMP/e.out"
$LOOPSCOPE explain --framework sd-event buffer-leak >"$TMP/e.out" 2>&1
expect_grep "--framework without own fix falls back to default" '^  default  *Free buf->base' "$TMP/e.out"
expect_grep "--framework without example says so" 'no sd-event example for buffer-leak' "$TMP/e.out"

# Unknown rule: one line on stderr naming it, nothing on stdout, exit 2.
$LOOPSCOPE explain blocking-slep >"$TMP/e.out" 2>"$TMP/e.err"
expect_eq "unknown rule: exit 2" "$?" 2
expect_eq "unknown rule: one line" "$(wc -l <"$TMP/e.err" | tr -d ' ')" 1
expect_grep "unknown rule: names it and suggests" "unknown rule 'blocking-slep' (did you mean 'blocking-sleep'?)" "$TMP/e.err"
expect_eq "unknown rule: no stdout" "$(cat "$TMP/e.out")" ""
$LOOPSCOPE explain sleep 2>"$TMP/e.err" >/dev/null
expect_grep "a fragment suggests the rule containing it" "did you mean 'blocking-sleep'" "$TMP/e.err"
$LOOPSCOPE explain quux-frobnicate 2>"$TMP/e.err" >/dev/null
expect_eq "far-off name: exit 2" "$?" 2
expect_nogrep "far-off name: no suggestion" 'did you mean' "$TMP/e.err"
expect_grep "far-off name: names it" "unknown rule 'quux-frobnicate'" "$TMP/e.err"
$LOOPSCOPE explain >/dev/null 2>&1
expect_eq "explain without a rule: exit 2" "$?" 2
$LOOPSCOPE explain --framework nosuch blocking-sleep >/dev/null 2>"$TMP/e.err"
expect_eq "unknown framework: exit 2" "$?" 2
expect_grep "unknown framework named" "unknown framework 'nosuch'" "$TMP/e.err"
$LOOPSCOPE rules --format yaml >/dev/null 2>&1
expect_eq "rules --format yaml: exit 2" "$?" 2
$LOOPSCOPE rules blocking-sleep >/dev/null 2>&1
expect_eq "rules with a stray argument: exit 2" "$?" 2
$LOOPSCOPE help rules >"$TMP/h.out" 2>&1
expect_grep "help rules shows --format" '--format FORMAT' "$TMP/h.out"

# --- a broken catalog is an error naming file and line -----------------------
mkdir -p "$TMP/data/models"
printf 'rules:\n  - id: a\n    fix: [one\n  - id: b\n' >"$TMP/data/catalog.yml"
LOOPSCOPE_DATA=$TMP/data $LOOPSCOPE rules >"$TMP/b.out" 2>"$TMP/b.err"
expect_eq "broken catalog: exit 2" "$?" 2
expect_grep "broken catalog: file and line" "$TMP/data/catalog.yml:[0-9]*:[0-9]*: " "$TMP/b.err"
# ... and LOOPSCOPE_DATA is what is read.
printf 'rules:\n  - id: only-rule\n    severity: note\n    summary: from LOOPSCOPE_DATA\n' >"$TMP/data/catalog.yml"
LOOPSCOPE_DATA=$TMP/data $LOOPSCOPE rules >"$TMP/b.out" 2>"$TMP/b.err"
expect_eq "LOOPSCOPE_DATA catalog is used" "$(cat "$TMP/b.out")" "only-rule  note     from LOOPSCOPE_DATA"
LOOPSCOPE_DATA=$TMP/nonexistent $LOOPSCOPE rules >/dev/null 2>"$TMP/b.err"
expect_eq "LOOPSCOPE_DATA without a catalog: exit 2" "$?" 2
expect_grep "LOOPSCOPE_DATA without a catalog: says so" 'no catalog.yml there' "$TMP/b.err"

done_testing
