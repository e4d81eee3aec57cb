#!/bin/sh
# t-catalog.sh — the rule catalog as users see it: `loopscope rules` in its
# three formats agrees with itself and with the models, every rule is
# complete (summary, description, fix, an example), `explain` prints a
# rule and rejects an unknown one with a one-line error and exit 2, and a
# broken catalog is an error that names file and line.
cd "$(dirname "$0")/.." || exit 2
. tests/lib.sh
$LOOPSCOPE --version >/dev/null 2>&1 || { echo "FAIL: $LOOPSCOPE does not run"; exit 1; }

command -v jq >/dev/null || { echo "FAIL: jq is needed to read the JSON (tools/install-deps.sh installs it)"; exit 1; }

# --- rules --format json: every rule complete ------------------------------
if $LOOPSCOPE rules --format json >"$TMP/rules.json" 2>"$TMP/err"; then ok "rules --format json exits 0"
else fail "rules --format json: exit $?"; cat "$TMP/err"; fi

jq -r '
  def bad(m): "BAD " + m;
  if (type != "array" or length == 0) then bad("not a non-empty array") else
  ( (group_by(.id)[] | select(length > 1) | bad(.[0].id + ": duplicate id")),
    (.[] | (.id // "?") as $id |
      (if (.severity | IN("error", "warning", "note")) then empty else bad($id + ": severity " + (.severity | tostring)) end),
      (if (.kind | IN("check", "sampler", "both")) then empty else bad($id + ": kind " + (.kind | tostring)) end),
      (if ((.summary // "") == "" or ((.summary | rtrimstr("\n")) | contains("\n"))) then bad($id + ": summary missing or not one line") else empty end),
      (if ((.description // "") | length) < 200 then bad($id + ": description missing or too short") else empty end),
      (if (.fix | type) == "object" then
         (if ((.fix.default // "") == "") then bad($id + ": no default fix") else empty end),
         (.fix | to_entries[] | select((.value | type) != "string" or (.value | length) < 20) | bad($id + ": fix " + .key + " empty"))
       elif ((.fix | type) == "string" and .fix != "") then empty
       else bad($id + ": no fix") end),
      (if ((.examples // []) | length) == 0 then bad($id + ": no example") else empty end),
      ((.examples // [])[] |
         if ((.framework // "") == "" or (.bad // "") == "" or (.good // "") == "") then bad($id + ": example without framework, bad or good")
         elif .bad == .good then bad($id + ": " + .framework + " bad and good are the same")
         else empty end),
      (if (keys | any(startswith("@"))) then bad($id + ": loader bookkeeping in output") else empty end),
      (if (tojson | contains("@line")) then bad($id + ": @line leaked into JSON") else empty end)
    ) ),
  ("IDS " + (map(.id // "?") | join(" ")))
  end' "$TMP/rules.json" >"$TMP/check.out" 2>&1
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
