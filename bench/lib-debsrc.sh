# lib-debsrc.sh — shared part of the bench/prepare-* scripts: Debian source
# packages and their tools. Sourced, not run; the caller sets -eu and
# defines log() and die().
#
#   debsrc_as_root CMD...      run CMD as root (directly, or through sudo)
#   debsrc_apt ARGS...         apt-get as root, non-interactive, waiting for
#                              the dpkg lock that other jobs may hold
#   debsrc_enable              make sure apt has a deb-src entry: if none,
#                              write /etc/apt/sources.list.d/loopscope-src.sources,
#                              derived from the deb822 stanzas of
#                              /etc/apt/sources.list.d/debian.sources (same
#                              URIs/Suites/Components/Signed-By, Types:
#                              deb-src), or from one-line "deb" entries of
#                              /etc/apt/sources.list, then apt-get update
#   debsrc_tools CMD=PKG...    install PKG for each CMD not on PATH (CMD may
#                              also be an absolute path to test with -x)
#   debsrc_fetch SRCPKG WORK MARKER
#                              print the directory WORK/SRCPKG-*/ holding the
#                              file MARKER, running apt-get source SRCPKG in
#                              WORK first when there is none

debsrc_src_list=/etc/apt/sources.list.d/loopscope-src.sources
debsrc_main_list=/etc/apt/sources.list.d/debian.sources

debsrc_as_root() {
	if [ "$(id -u)" = 0 ]; then
		"$@"
	elif command -v sudo >/dev/null 2>&1; then
		sudo "$@"
	else
		die "need root for: $*"
	fi
}

debsrc_apt() {
	debsrc_as_root env DEBIAN_FRONTEND=noninteractive \
		apt-get -o DPkg::Lock::Timeout=600 "$@"
}

# True when some apt source already has a deb-src entry (one-line or deb822).
debsrc_have() {
	for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list; do
		[ -f "$f" ] && grep -Eq '^[[:space:]]*deb-src[[:space:]]' "$f" && return 0
	done
	for f in /etc/apt/sources.list.d/*.sources; do
		[ -f "$f" ] && grep -Eiq '^Types:.*deb-src' "$f" && return 0
	done
	return 1
}

# Print deb-src stanzas derived from the deb822 file $1: each stanza whose
# Types include "deb" is copied with Types: deb-src and its URIs, Suites,
# Components and Signed-By (comments and other fields dropped).
debsrc_derive_deb822() {
	awk '
	function flush() {
		if (isdeb && uris != "") {
			printf "%sTypes: deb-src\n%s", sep, uris
			if (suites != "") printf "%s", suites
			if (comps != "") printf "%s", comps
			if (signed != "") printf "%s", signed
			sep = "\n"
		}
		isdeb = 0; uris = suites = comps = signed = ""; last = ""
	}
	/^[[:space:]]*$/ { flush(); next }
	/^#/ { next }
	/^[ \t]/ { if (last == "signed") signed = signed $0 "\n"; next }
	tolower($1) == "types:" { last = ""; for (i = 2; i <= NF; i++) if ($i == "deb") isdeb = 1; next }
	tolower($1) == "uris:" { last = ""; uris = $0 "\n"; next }
	tolower($1) == "suites:" { last = ""; suites = $0 "\n"; next }
	tolower($1) == "components:" { last = ""; comps = $0 "\n"; next }
	tolower($1) == "signed-by:" { last = "signed"; signed = $0 "\n"; next }
	{ last = "" }
	END { flush() }
	' "$1"
}

# Print deb-src stanzas derived from one-line "deb" entries of $1 (fallback
# for machines without a deb822 file); of the [...] options only signed-by
# is kept.
debsrc_derive_oneline() {
	awk '
	$1 == "deb" {
		i = 2; signed = ""
		if ($2 ~ /^\[/) {
			while (i <= NF) {
				if ($i ~ /^\[?signed-by=/) { s = $i; sub(/^\[?signed-by=/, "", s); sub(/\]$/, "", s); signed = s }
				if ($i ~ /\]$/) { i++; break }
				i++
			}
		}
		printf "%sTypes: deb-src\nURIs: %s\nSuites: %s\n", sep, $i, $(i + 1)
		comps = ""
		for (j = i + 2; j <= NF; j++) comps = comps " " $j
		if (comps != "") printf "Components:%s\n", comps
		if (signed != "") printf "Signed-By: %s\n", signed
		sep = "\n"
	}' "$1"
}

debsrc_enable() {
	if debsrc_have; then
		log "apt already has a deb-src entry"
		return 0
	fi
	if [ -f "$debsrc_main_list" ]; then
		stanzas=$(debsrc_derive_deb822 "$debsrc_main_list")
	elif [ -f /etc/apt/sources.list ]; then
		stanzas=$(debsrc_derive_oneline /etc/apt/sources.list)
	else
		stanzas=""
	fi
	[ -n "$stanzas" ] || die "no 'deb' entry found in $debsrc_main_list or /etc/apt/sources.list to derive a deb-src entry from"
	log "adding $debsrc_src_list"
	printf '# Added by loopscope bench/lib-debsrc.sh: source packages for the\n# benchmarks, derived from %s.\n%s\n' \
		"$debsrc_main_list" "$stanzas" | debsrc_as_root tee "$debsrc_src_list" >/dev/null
	debsrc_apt update -qq >&2
}

debsrc_tools() {
	need=""
	for pair do
		cmd=${pair%%=*} pkg=${pair#*=}
		case $cmd in
		/*) [ -x "$cmd" ] || need="$need $pkg" ;;
		*) command -v "$cmd" >/dev/null 2>&1 || need="$need $pkg" ;;
		esac
	done
	[ -n "$need" ] || return 0
	log "installing$need"
	# shellcheck disable=SC2086
	debsrc_apt install -y -qq --no-install-recommends $need >&2
}

debsrc_find() {
	found=""
	for d in "$2/$1"-*/; do
		[ -f "$d/$3" ] && found=${d%/}
	done
	printf '%s' "$found"
}

# apt-get source fails as a whole when the mirror lacks one file the .dsc
# lists (a detached signature of the upstream tarball, say) even though the
# rest arrived and apt checked each against the signed Sources index. Then
# unpack the .dsc that did arrive, without dpkg-source's own check of the
# missing file; with no .dsc, the failure stands.
debsrc_unpack() {
	dsc=$(ls "$2/$1"_*.dsc 2>/dev/null | tail -n 1)
	[ -n "$dsc" ] || die "apt-get source $1 failed"
	log "apt-get source $1 failed after its download; unpacking ${dsc##*/} with dpkg-source --no-check"
	(cd "$2" && dpkg-source -q --no-check -x "${dsc##*/}" >&2) ||
		die "apt-get source $1 failed, and so did dpkg-source -x ${dsc##*/}"
}

debsrc_fetch() {
	mkdir -p "$2"
	tree=$(debsrc_find "$1" "$2" "$3")
	if [ -n "$tree" ]; then
		log "source of $1 already in $tree"
	else
		log "fetching the Debian source of $1 into $2"
		(cd "$2" && apt-get source -qq "$1" >&2) || debsrc_unpack "$1" "$2"
		tree=$(debsrc_find "$1" "$2" "$3")
		[ -n "$tree" ] || die "apt-get source $1 left no $1-*/$3 in $2"
	fi
	printf '%s\n' "$tree"
}
