#!/bin/sh
# fixture-expect.sh DIR — compare `loopscope check` on a fixture directory
# with the /* expect: RULE[, RULE] */ marks in its sources, both ways:
# every mark must be found on its line, and nothing else may be reported.
# `expect:` is a warning or error (shown by default); `expect-note:` a
# note (listed only with --show-notes).
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
"$bin" check --color never --show-notes -j 2 "$dir"/*.c -- $flags >"$tmp/out" 2>"$tmp/err"
rc=$?
if [ "$rc" -ge 2 ] || grep -q 'error' "$tmp/err"; then
	echo "$dir: loopscope check failed (exit $rc):"
	cat "$tmp/err"
	exit 1
fi
# Reported: file:line:rule, with " (note)" for notes
sed -n -e 's/^\([^ :]*\):\([0-9]*\):[0-9]*: note: .* \[\([a-z0-9-]*\)\]$/\1:\2:\3 (note)/p' \
	-e 's/^\([^ :]*\):\([0-9]*\):[0-9]*: [a-z]*: .* \[\([a-z0-9-]*\)\]$/\1:\2:\3/p' "$tmp/out" |
	sort -u >"$tmp/got"
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
missing=$(comm -13 "$tmp/got" "$tmp/want")
unexpected=$(comm -23 "$tmp/got" "$tmp/want")
n=$(wc -l <"$tmp/want")
[ -n "$missing" ] && printf 'missing (expected, not reported):\n%s\n' "$missing"
[ -n "$unexpected" ] && printf 'unexpected (reported, not expected):\n%s\n' "$unexpected"
if [ -z "$missing$unexpected" ]; then
	echo "$dir: $n expected finding(s), all found, nothing else reported"
	exit 0
fi
echo "--- report:"
cat "$tmp/out"
exit 1
