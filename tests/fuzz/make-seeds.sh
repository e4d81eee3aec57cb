#!/bin/sh
# make-seeds.sh [DIR] — regenerate the fuzzers' seed corpora into DIR
# (default tests/fuzz/corpus, what the tree carries: small files only),
# from rules/models, the test projects, a check run, this machine's /proc
# and small binaries compiled here. `make-seeds.sh --big DIR` adds the
# sampler fixtures' binaries (too big for the tree; e.g. build/fuzz/seeds).
set -eu
cd "$(dirname "$0")/../.."
big=0
[ "${1:-}" = --big ] && { big=1; shift; }
out=${1:-tests/fuzz/corpus}
LOOPSCOPE=${LOOPSCOPE:-./loopscope}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$out/yaml" "$out/baseline" "$out/compdb" "$out/proc" "$out/elf" "$out/summary"

# yaml: every shipped model, and configurations using every key.
for m in rules/models/*.yml; do cp "$m" "$out/yaml/model-$(basename "$m")"; done
cat >"$out/yaml/config-all.yml" <<'Y'
rules: ["blocking-*", -blocking-sleep]
severity:
  blocking-sleep: note
  "handle-*": error
fail_on: warning
baseline: base.json
models: [extra.yml]
loop_callbacks: ["on_*"]
worker_functions: [worker_main]
exclude: ["third_party/**", "*.gen.c"]
Y
printf 'rules: "blocking-*,-blocking-sleep"\nfail_on: none\n' >"$out/yaml/config-string.yml"
printf 'a: &x [1, 2, {b: *x}]\nc: !!str 5\nd: ~\ne: "q"\n...\n---\nf: 1\n' >"$out/yaml/anchors.yml"

# compdb: both forms libclang reads, relative paths, and a broken one.
cat >"$out/compdb/commands.json" <<'J'
[{"directory": "/tmp/p", "command": "cc -Iinclude -DX=1 -c -o a.o a.c", "file": "a.c"},
 {"directory": "/tmp/p", "arguments": ["clang", "-MMD", "-MF", "b.d", "-c", "b.c"], "file": "b.c", "output": "b.o"},
 {"directory": ".", "command": "gcc -c sub/c.c", "file": "sub/c.c"},
 {"directory": "/tmp/p", "command": "cc -c a.c", "file": "a.c"}]
J
printf '[{"directory": "/tmp/p", "command": "cc -c a.c", "file": "a.c"}, {"directory": ' >"$out/compdb/truncated.json"
printf '[]\n' >"$out/compdb/empty.json"

# baseline: what --write-baseline writes for a small project.
. tests/check-project.sh
make_project "$tmp/p" >/dev/null
(cd "$tmp/p" && "$OLDPWD/$LOOPSCOPE" check --no-cache --write-baseline "$tmp/base.json" >/dev/null 2>&1) || true
cp "$tmp/base.json" "$out/baseline/written.json"
printf '{"tool": "loopscope", "version": "0", "baseline_version": 1, "findings": []}\n' >"$out/baseline/empty.json"

# summary: the per-TU records `check --summaries-out` writes.
(cd "$tmp/p" && "$OLDPWD/$LOOPSCOPE" check --no-cache --summaries-out "$tmp/sums" >/dev/null 2>&1) || true
for s in "$tmp"/sums/*; do [ -f "$s" ] && cp "$s" "$out/summary/$(basename "$s")"; done

# proc: this process's own files, and the odd shapes the kernel writes.
cp /proc/self/maps "$out/proc/maps"
cp /proc/self/status "$out/proc/status"
cp /proc/self/stat "$out/proc/stat"
printf '7 0x3 0x7ffd10 0x40 0x0 0x0 0x0 0x7ffd00 0x7f12345678\n' >"$out/proc/syscall"
printf 'running\n' >"$out/proc/syscall-running"
printf -- '-1 0x7ffd00 0x7f12345678\n' >"$out/proc/syscall-fault"
printf '4242 (a b) c) T 1 4242 4242 0 -1\n' >"$out/proc/stat-comm"
printf '4242\n4243\n4250\n' >"$out/proc/task"
# maps out of order (sorted on parse) and overlapping (refused)
printf '7f0000003000-7f0000004000 r-xp 00000000 08:01 2 /c.so\n7f0000001000-7f0000002000 r-xp 00000000 08:01 1 /a.so (deleted)\n' >"$out/proc/maps-unsorted"
printf '1000-3000 r-xp 0 08:01 1 /a\n2000-4000 r-xp 0 08:01 2 /b\n' >"$out/proc/maps-overlap"

# elf: a small program with DWARF, the same stripped, and a shared object.
cat >"$tmp/m.c" <<'C'
static int counter;
__attribute__((noinline)) int bump(int x) { return counter += x; }
int main(int argc, char **argv) { (void)argv; return bump(argc) > 3; }
C
cc -g -O1 -o "$out/elf/prog-g" "$tmp/m.c"
cc -O1 -s -o "$out/elf/prog-stripped" "$tmp/m.c"
cc -g -O1 -shared -fPIC -o "$out/elf/lib.so" "$tmp/m.c"
if [ "$big" = 1 ]; then
	make -s -C testdata/sampler OUT="$PWD/build/sampler-fixtures" >/dev/null
	for b in build/sampler-fixtures/*; do [ -x "$b" ] && cp "$b" "$out/elf/"; done
fi
du -sh "$out"
