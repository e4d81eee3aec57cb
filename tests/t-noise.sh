#!/bin/sh
# t-noise.sh — what the noise fixtures (testdata/check/noise-*) cannot say
# with expect marks: the fix line of a finding belongs to the model of the
# resource, and --format json carries notes with their level and reason.
. tests/lib.sh
$LOOPSCOPE check --no-config --no-cache --format json testdata/check/noise-libevent/*.c -- \
	>"$TMP/out.json" 2>"$TMP/err"
fix=$(jq -r '.findings[] | select(.rule == "handle-leak") | .fix' "$TMP/out.json")
expect_grep "FILE * leak in a libevent TU: the posix fix" 'fclose' "$TMP/out.json"
case $fix in
*event_free*) fail "FILE * leak told to call event_free: $fix" ;;
*fclose*) ok "FILE * leak: fix names fclose" ;;
*) fail "FILE * leak: unexpected fix: $fix" ;;
esac
notes=$(jq '[.findings[] | select(.severity == "note" and .rule == "ignored-error" and .demoted != null)] | length' "$TMP/out.json")
expect_eq "json keeps the OOM-only ignored-error notes, with the reason" "$notes" 5
done_testing
