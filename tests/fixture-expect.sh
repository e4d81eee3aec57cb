#!/bin/sh
# fixture-expect.sh DIR — compare `loopscope check` on a fixture directory
# with the /* expect: RULE[, RULE] */ marks in its sources, both ways:
# every mark must be found on its line, and nothing else may be reported.
# `expect:` is a warning or error (shown by default); `expect-note:` a
# note (listed only with --show-notes).
# A mark is a site: it is checked twice, against the sites of the grouped
# findings (the default report, read from its JSON "sites") and against
# the text report of --each-site, so a site lost or invented by grouping
# fails as surely as one lost by a rule.
# Prints the differences; exits 0 when they agree.
# FLAGS in DIR: one compiler flag per line; "pkg: NAME..." adds pkg-config --cflags.
set -u
dir=${1%/}
bin=${LOOPSCOPE:-./loopscope}
flags="-I$dir -Itestdata/check/include"
if [ -f "$dir/FLAGS" ]; then
	while IFS= read -r line; do
		case $line in
		pkg:*) flags="$flags $(pkg-config --cflags ${line#pkg:})" ;;
		'' | '#'*) ;;
		*) flags="$flags $line" ;;
		esac
	done <"$dir/FLAGS"
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
# shellcheck disable=SC2086
"$bin" check --color never --show-notes --each-site -j 2 "$dir"/*.c -- $flags >"$tmp/out" 2>"$tmp/err"
rc=$?
if [ "$rc" -ge 2 ] || grep -q 'error' "$tmp/err"; then
	echo "$dir: loopscope check failed (exit $rc):"
	cat "$tmp/err"
	exit 1
fi
# shellcheck disable=SC2086
"$bin" check --format json -j 2 "$dir"/*.c -- $flags >"$tmp/json" 2>"$tmp/err"
rc2=$?
if [ "$rc2" != "$rc" ]; then
	echo "$dir: exit $rc with --each-site, $rc2 grouped"
	exit 1
fi
# Reported: file:line:rule, with " (note)" for notes
sed -n -e 's/^\([^ :]*\):\([0-9]*\):[0-9]*: note: .* \[\([a-z0-9-]*\)\]$/\1:\2:\3 (note)/p' \
	-e 's/^\([^ :]*\):\([0-9]*\):[0-9]*: [a-z]*: .* \[\([a-z0-9-]*\)\]$/\1:\2:\3/p' "$tmp/out" |
	sort -u >"$tmp/got"
jq -r '.findings[] | .rule as $r | (if .severity == "note" then " (note)" else "" end) as $n |
	.sites[] | "\(.file):\(.line):\($r)\($n)"' "$tmp/json" | sort -u >"$tmp/got-grouped"
# Expected: from the marks
for f in "$dir"/*.c "$dir"/*.h; do
	[ -f "$f" ] || continue
	for kind in expect expect-note; do
		suffix=; [ $kind = expect-note ] && suffix=' (note)'
		grep -n "$kind: " "$f" | while IFS= read -r hit; do
			line=${hit%%:*}
			rules=$(printf '%s\n' "$hit" | sed "s/.*$kind: \([a-z0-9, -]*\).*/\1/")
			for r in $(printf '%s' "$rules" | tr ',' ' '); do
				echo "$f:$line:$r$suffix"
			done
		done
	done
done | sort -u >"$tmp/want"
status=0
for mode in each-site grouped; do
	g=$tmp/got; [ $mode = grouped ] && g=$tmp/got-grouped
	missing=$(comm -13 "$g" "$tmp/want")
	unexpected=$(comm -23 "$g" "$tmp/want")
	[ -n "$missing" ] && printf '%s: missing (expected, not reported):\n%s\n' "$mode" "$missing"
	[ -n "$unexpected" ] && printf '%s: unexpected (reported, not expected):\n%s\n' "$mode" "$unexpected"
	[ -z "$missing$unexpected" ] || status=1
done
n=$(wc -l <"$tmp/want")
if [ "$status" -eq 0 ]; then
	echo "$dir: $n expected finding(s), all found, nothing else reported (each site and grouped)"
	exit 0
fi
echo "--- report (--each-site):"
cat "$tmp/out"
exit 1
