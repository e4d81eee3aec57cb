# lib-tus.sh — shared part of the bench/ scripts that time clang's own parse
# against loopscope check over the same translation units. Sourced, not
# run; the caller sets -eu and defines die().
#
#   tus_prepare DB DIR   from the compile database DB, write into DIR:
#     DIR/tus       one TU per line:  tu 'DIR' 'FILE' COMMAND-WORDS...
#     DIR/lib.sh    defines tu(), which reruns a line's command with $CLANG
#                   in place of the compiler and $MODE (-fsyntax-only or -E)
#                   added, without -o/-MF/-MT/-MQ/-M* (as loopscope drops them)
#     DIR/parse.sh  lib.sh plus every line of tus: env MODE=... CLANG=... sh
#                   DIR/parse.sh parses every TU in turn
#   and print the number of TUs.
#
# The TUs are the ones loopscope's job list takes (analyzer/jobs.c): the
# first compile command of each file, C sources (.c .h .i) only.

tus_prepare() {
	# A small JSON scanner in awk (no python needed): for each entry it takes
	# "directory", "file" and either "command" (a shell command line, used as
	# is) or "arguments" (each word single-quoted). Only the first entry of a
	# file is kept, and only C sources (.c .h .i), as in analyzer/jobs.c. Each
	# output line is:   tu 'DIR' 'FILE' COMMAND-WORDS...
	awk -v q="'" '
	function shq(s) { gsub(q, q "\\" q q, s); return q s q }
	function unesc(s,   out, i, c, n) {
		out = ""
		for (i = 1; i <= length(s); i++) {
			c = substr(s, i, 1)
			if (c != "\\") { out = out c; continue }
			n = substr(s, ++i, 1)
			if (n == "n") out = out "\n"; else if (n == "t") out = out "\t"
			else if (n == "u") { out = out "?"; i += 4 } else out = out n
		}
		return out
	}
	function emit() {
		if (file == "") return
		path = file ~ /^\// ? file : directory "/" file
		if (!(path in seen) && path ~ /\.[chi]$/ && (cmd != "" || args != "")) {
			seen[path] = 1
			print "tu " shq(directory) " " shq(path) " " (cmd != "" ? cmd : args)
		}
	}
	{ text = text $0 "\n" }
	END {
		n = length(text); depth = 0; key = ""; inargs = 0
		for (i = 1; i <= n; i++) {
			c = substr(text, i, 1)
			if (c == "\"") {
				j = i + 1; s = ""
				while (j <= n) {
					d = substr(text, j, 1)
					if (d == "\\") { s = s d substr(text, j + 1, 1); j += 2; continue }
					if (d == "\"") break
					s = s d; j++
				}
				i = j; s = unesc(s)
				if (inargs) { args = args (args == "" ? "" : " ") shq(s); continue }
				if (depth == 2 && key == "") {
					# A key: remember it until its value is read.
					k = i + 1
					while (substr(text, k, 1) ~ /[ \t\n]/) k++
					if (substr(text, k, 1) == ":") { key = s; i = k; continue }
				}
				if (key == "directory") directory = s
				else if (key == "file") file = s
				else if (key == "command") cmd = s
				key = ""
				continue
			}
			if (c == "{") { depth++; if (depth == 2) { directory = file = cmd = args = ""; key = "" } }
			else if (c == "}") { if (depth == 2) emit(); depth-- }
			else if (c == "[") { if (depth == 2 && key == "arguments") inargs = 1; else depth++ }
			else if (c == "]") { if (inargs) { inargs = 0; key = "" } else depth-- }
			else if (c == "," && depth == 2) key = ""
		}
	}' "$1" > "$2/tus"
	[ -s "$2/tus" ] || die "$1: no C translation units found"

	# tu DIR FILE COMPILER ARGS... — rerun a compile command with $CLANG in
	# place of the compiler, without -o/-MF/-MT/-MQ/-M* (as loopscope drops
	# them). MODE is -fsyntax-only or -E.
	cat > "$2/lib.sh" <<-'EOF'
	tu() {
		(
			cd "$1" || exit 1
			shift 2
			shift # the compiler
			skip=0
			for a do
				shift
				if [ "$skip" = 1 ]; then skip=0; continue; fi
				case $a in
				-o|-MF|-MT|-MQ) skip=1; continue ;;
				-MD|-MMD|-M|-MM|-MP) continue ;;
				esac
				set -- "$@" "$a"
			done
			exec "$CLANG" "$MODE" "$@"
		)
	}
	EOF
	{ echo ". '$2/lib.sh'"; cat "$2/tus"; } > "$2/parse.sh"
	wc -l < "$2/tus" | tr -d ' '
}
