/*
 * symbols.c — see symbols.h. Each module is one libdwfl session of its
 * own, reported at address 0 so that libdwfl's addresses are the file's
 * link-time ones: libdwfl finds the separate debug file (build-id,
 * .gnu_debuglink, debuginfod) and merges .dynsym with MiniDebugInfo; this
 * file copies the function symbols into a sorted array once, because
 * libdwfl's own address lookup is a linear scan and a session looks up
 * the same modules thousands of times.
 */
#include "sampler/symbols.h"

#include <elfutils/libdwelf.h>
#include <elfutils/libdwfl.h>
#include <errno.h>
#include <fcntl.h>
#include <gelf.h>
#include <limits.h>
#include <linux/openat2.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "common/util.h"

extern char **environ;

static char *read_in_root(const char *root, const char *rel);

struct sym {
	uint64_t addr, size;
	const char *name; /* in a string table libdwfl keeps */
};

struct ls_sym_callbacks {
	Dwfl_Callbacks cb;
	char *debuginfo_path; /* ":.debug:ROOT/usr/lib/debug", which cb points at */
};

struct ls_sym_module {
	char *key;  /* the maps path, " (deleted)" included */
	char *path; /* as the target sees it, without the mark */
	int ok;     /* 0: unreadable, lookups give nothing */
	Dwfl *dwfl;
	Dwfl_Module *mod;
	Elf *elf;       /* the main file, owned by dwfl */
	uint64_t bias;  /* libdwfl address - link-time address (0 but for odd files) */
	GElf_Phdr *phdr;
	size_t nphdr;
	struct sym *syms;
	size_t nsyms;
	char **owned; /* names trimmed of a version suffix ("@@GLIBC_2.17") */
	size_t nowned;
	enum ls_sym_source source;
	char *build_id;
	uint64_t eh_hdr, eh_table, eh_count;
	int eh_ok;
	uint64_t text_lo, text_hi;
};

int ls_sym_debuglink_ok(const char *name)
{
	size_t n = strlen(name);
	return n && n <= NAME_MAX && !strchr(name, '/') && strcmp(name, ".") && strcmp(name, "..");
}

/* libdwfl's own search, with the names the module supplies kept to file
 * names: libdwfl joins a .gnu_debuglink name to each directory it tries,
 * so "../../../etc/x" in a target's binary would reach outside the
 * target's root, and a FIFO there could hang us. A bad debuglink is
 * refused (libdwfl then tries FILE.debug, the build-id and debuginfod);
 * the other name that comes this way, a debug file's .gnu_debugaltlink
 * (an absolute path, legitimately), is cut to its basename, which is all
 * libdwfl looks for outside the main file's own directory. */
static int find_debuginfo(Dwfl_Module *mod, void **userdata, const char *modname,
			  Dwarf_Addr base, const char *file_name, const char *link, GElf_Word crc,
			  char **found)
{
	GElf_Addr bias;
	GElf_Word own_crc;
	Elf *elf = dwfl_module_getelf(mod, &bias);
	const char *own = elf ? dwelf_elf_gnu_debuglink(elf, &own_crc) : NULL;
	if (link && own && !strcmp(link, own)) {
		if (!ls_sym_debuglink_ok(link)) {
			link = NULL;
			crc = 0;
		}
	} else if (link) {
		const char *slash = strrchr(link, '/');
		link = slash ? slash + 1 : link;
		if (!ls_sym_debuglink_ok(link))
			link = NULL;
	}
	return dwfl_standard_find_debuginfo(mod, userdata, modname, base, file_name, link, crc,
					    found);
}

void ls_sym_cache_init(struct ls_sym_cache *c, const char *root)
{
	memset(c, 0, sizeof *c);
	c->root = ls_xstrdup(root ? root : "");
	/* Which package manager the hints speak of: the target's system's. */
	char *osr = read_in_root(c->root, "etc/os-release");
	if (!osr)
		osr = read_in_root(c->root, "usr/lib/os-release");
	c->distro = ls_sym_distro_parse(osr);
	free(osr);
	elf_version(EV_CURRENT);
	c->cb = ls_xcalloc(1, sizeof *c->cb);
	/* Build-id lookups use the absolute entry; debuglink lookups try the
	 * file's directory, its .debug/, and ROOT/usr/lib/debug + the file's
	 * directory (libdwfl strips leading components of the host path, so
	 * "/proc/PID/root/usr/bin" finds ROOT/usr/lib/debug/usr/bin). */
	c->cb->debuginfo_path = ls_xasprintf(":.debug:%s/usr/lib/debug", c->root);
	c->cb->cb.find_elf = dwfl_build_id_find_elf;
	c->cb->cb.find_debuginfo = find_debuginfo;
	c->cb->cb.section_address = dwfl_offline_section_address;
	c->cb->cb.debuginfo_path = &c->cb->debuginfo_path;
}

static void module_free(struct ls_sym_module *m)
{
	if (m->dwfl)
		dwfl_end(m->dwfl);
	free(m->phdr);
	free(m->syms);
	for (size_t i = 0; i < m->nowned; i++)
		free(m->owned[i]);
	free(m->owned);
	free(m->build_id);
	free(m->path);
	free(m->key);
	free(m);
}

void ls_sym_cache_free(struct ls_sym_cache *c)
{
	for (size_t i = 0; i < c->n; i++)
		module_free(c->v[i]);
	free(c->v);
	free(c->root);
	if (c->cb)
		free(c->cb->debuginfo_path);
	free(c->cb);
	memset(c, 0, sizeof *c);
}

static int has_section(Elf *e, Elf64_Word type, const char *name)
{
	size_t shstrndx;
	if (elf_getshdrstrndx(e, &shstrndx) != 0)
		return 0;
	Elf_Scn *s = NULL;
	GElf_Shdr sh;
	while ((s = elf_nextscn(e, s))) {
		if (!gelf_getshdr(s, &sh) || (type && sh.sh_type != type))
			continue;
		const char *n = name ? elf_strptr(e, shstrndx, sh.sh_name) : NULL;
		if (!name || (n && !strcmp(n, name)))
			return 1;
	}
	return 0;
}

static int cmp_sym(const void *a, const void *b)
{
	const struct sym *x = a, *y = b;
	if (x->addr != y->addr)
		return x->addr < y->addr ? -1 : 1;
	/* Prefer sized symbols at the same address. */
	return (x->size < y->size) - (x->size > y->size);
}

/* Copy libdwfl's function symbols (whichever tables it merged) and say
 * where they came from. */
static void load_symbols(struct ls_sym_module *m)
{
	int n = dwfl_module_getsymtab(m->mod);
	size_t from_other = 0;
	if (n > 0)
		m->syms = ls_xcalloc((size_t)n, sizeof *m->syms);
	for (int i = 1; i < n; i++) {
		GElf_Sym sym;
		GElf_Addr addr;
		GElf_Word shndx;
		Elf *e = NULL;
		const char *name = dwfl_module_getsym_info(m->mod, i, &sym, &addr, &shndx, &e, NULL);
		int t = GELF_ST_TYPE(sym.st_info);
		if (!name || !*name || (t != STT_FUNC && t != STT_GNU_IFUNC) ||
		    shndx == SHN_UNDEF || !sym.st_value || addr < m->bias)
			continue;
		const char *at = strchr(name, '@');
		if (at) {
			char *copy = ls_xstrndup(name, (size_t)(at - name));
			m->owned = ls_xrealloc(m->owned, (m->nowned + 1) * sizeof *m->owned);
			m->owned[m->nowned++] = copy;
			name = copy;
		}
		m->syms[m->nsyms++] = (struct sym){addr - m->bias, sym.st_size, name};
		from_other += e != m->elf;
	}
	if (m->nsyms)
		qsort(m->syms, m->nsyms, sizeof *m->syms, cmp_sym);
	const char *debugfile = NULL;
	dwfl_module_info(m->mod, NULL, NULL, NULL, NULL, NULL, NULL, &debugfile);
	if (has_section(m->elf, SHT_SYMTAB, NULL))
		m->source = LS_SYM_SYMTAB;
	else if (from_other && debugfile)
		m->source = LS_SYM_DEBUGFILE;
	else if (from_other)
		m->source = LS_SYM_MINIDEBUG;
	else
		m->source = m->nsyms ? LS_SYM_DYNSYM : LS_SYM_NONE;
}

static void load_eh_frame_hdr(struct ls_sym_module *m)
{
	for (size_t i = 0; i < m->nphdr; i++) {
		const GElf_Phdr *ph = &m->phdr[i];
		if (ph->p_type != PT_GNU_EH_FRAME)
			continue;
		unsigned char h[12];
		if (ls_sym_read(m, ph->p_vaddr, h, sizeof h) < 0)
			return;
		/* version 1; eh_frame_ptr any 4-byte encoding; fde_count udata4;
		 * table datarel|sdata4 — what GNU ld, gold and lld emit. */
		if (h[0] != 1 || (h[1] & 0x0f) != 0x0b || h[2] != 0x03 || h[3] != 0x3b) {
			if (!((h[1] & 0x0f) == 0x03 && h[2] == 0x03 && h[3] == 0x3b))
				return;
		}
		uint32_t count;
		memcpy(&count, h + 8, 4);
		m->eh_hdr = ph->p_vaddr;
		m->eh_table = ph->p_vaddr + 12;
		m->eh_count = count;
		m->eh_ok = 1;
		return;
	}
}

static void load_build_id(struct ls_sym_module *m)
{
	const unsigned char *bits;
	GElf_Addr vaddr;
	int len = dwfl_module_build_id(m->mod, &bits, &vaddr);
	if (len <= 0)
		return;
	struct ls_buf b = {0};
	for (int i = 0; i < len; i++)
		ls_buf_addf(&b, "%02x", bits[i]);
	m->build_id = ls_buf_steal(&b);
}

static struct ls_sym_module *module_open(struct ls_sym_cache *c, const char *key,
					 const char *host_path)
{
	struct ls_sym_module *m = ls_xcalloc(1, sizeof *m);
	m->key = ls_xstrdup(key);
	size_t len = strlen(key);
	if (len > 10 && !strcmp(key + len - 10, " (deleted)"))
		len -= 10;
	m->path = ls_xstrndup(key, len);
	int fd = open(host_path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return m;
	m->dwfl = dwfl_begin(&c->cb->cb);
	if (!m->dwfl) {
		close(fd);
		return m;
	}
	/* The file is read from fd (for a deleted file, through
	 * /proc/PID/map_files), but named by its place in the target's root,
	 * where its .gnu_debuglink partner would sit. */
	char *name = ls_xasprintf("%s%s", c->root, m->path);
	dwfl_report_begin(m->dwfl);
	m->mod = dwfl_report_elf(m->dwfl, m->path, name, fd, 0, true);
	free(name);
	if (!m->mod) {
		close(fd); /* consumed only on success */
		return m;
	}
	dwfl_report_end(m->dwfl, NULL, NULL);
	GElf_Addr bias = 0;
	m->elf = dwfl_module_getelf(m->mod, &bias);
	if (!m->elf || elf_getphdrnum(m->elf, &m->nphdr) != 0)
		return m;
	m->bias = bias;
	m->phdr = ls_xcalloc(m->nphdr ? m->nphdr : 1, sizeof *m->phdr);
	m->text_lo = UINT64_MAX;
	for (size_t i = 0; i < m->nphdr; i++) {
		gelf_getphdr(m->elf, (int)i, &m->phdr[i]);
		const GElf_Phdr *ph = &m->phdr[i];
		if (ph->p_type == PT_LOAD && (ph->p_flags & PF_X)) {
			if (ph->p_vaddr < m->text_lo)
				m->text_lo = ph->p_vaddr;
			if (ph->p_vaddr + ph->p_memsz > m->text_hi)
				m->text_hi = ph->p_vaddr + ph->p_memsz;
		}
	}
	m->ok = 1;
	load_eh_frame_hdr(m);
	load_build_id(m);
	load_symbols(m);
	return m;
}

struct ls_sym_module *ls_sym_module_get(struct ls_sym_cache *c, const char *path,
					const char *host_path)
{
	for (size_t i = 0; i < c->n; i++)
		if (!strcmp(c->v[i]->key, path))
			return c->v[i]->ok ? c->v[i] : NULL;
	struct ls_sym_module *m = module_open(c, path, host_path);
	c->v = ls_xrealloc(c->v, (c->n + 1) * sizeof *c->v);
	c->v[c->n++] = m;
	return m->ok ? m : NULL;
}

const char *ls_sym_unreadable(const struct ls_sym_cache *c, const char *path)
{
	/* an anonymous mapping (path NULL) is no file */
	for (size_t i = 0; path && i < c->n; i++)
		if (!strcmp(c->v[i]->key, path))
			return c->v[i]->ok ? NULL : c->v[i]->key;
	return NULL;
}

const char *ls_sym_module_path(const struct ls_sym_module *m)
{
	return m->path;
}

int ls_sym_module_has_symtab(const struct ls_sym_module *m)
{
	return m->source >= LS_SYM_SYMTAB;
}

enum ls_sym_source ls_sym_module_source(const struct ls_sym_module *m)
{
	return m->source;
}

const char *ls_sym_module_build_id(const struct ls_sym_module *m)
{
	return m->build_id;
}

const char *ls_sym_source_text(enum ls_sym_source s)
{
	switch (s) {
	case LS_SYM_NONE: return "no symbols (stripped)";
	case LS_SYM_DYNSYM: return "exported (.dynsym) names only";
	case LS_SYM_MINIDEBUG: return "MiniDebugInfo names only";
	case LS_SYM_SYMTAB: return "symbol table";
	case LS_SYM_DEBUGFILE: return "debug file";
	}
	return "";
}

/* path, relative to a root, with "." and ".." resolved lexically (".."
 * stops at the root), into out. */
static void lexical_in_root(const char *path, char *out, size_t len)
{
	size_t n = 0;
	for (const char *p = path; *p;) {
		p += strspn(p, "/");
		size_t c = strcspn(p, "/");
		if (c == 2 && !strncmp(p, "..", 2)) {
			while (n && out[n - 1] != '/')
				n--;
			n -= n > 0;
		} else if (c && !(c == 1 && *p == '.') && n + c + 2 < len) {
			if (n)
				out[n++] = '/';
			memcpy(out + n, p, c);
			n += c;
		}
		p += c;
	}
	out[n] = '\0';
}

/* Open REL under the directory dir as if dir were "/": openat2's
 * RESOLVE_IN_ROOT, or where the kernel lacks it (before 5.6, and under
 * valgrind) the last component's symlinks followed by hand, inside dir
 * (os-release is such a link, often absolute). */
static int open_in_root(int dir, const char *rel, int flags)
{
	struct open_how how = {.flags = (uint64_t)flags,
			       .resolve = RESOLVE_IN_ROOT | RESOLVE_NO_MAGICLINKS};
	int fd = (int)syscall(SYS_openat2, dir, rel, &how, sizeof how);
	if (fd >= 0 || errno != ENOSYS)
		return fd;
	char path[PATH_MAX], link[PATH_MAX];
	lexical_in_root(rel, path, sizeof path);
	for (int hop = 0; hop < 8; hop++) {
		fd = openat(dir, path, flags | O_NOFOLLOW);
		if (fd >= 0 || errno != ELOOP)
			return fd;
		ssize_t n = readlinkat(dir, path, link, sizeof link - 1);
		if (n <= 0)
			return -1;
		link[n] = '\0';
		char *slash = strrchr(path, '/');
		size_t keep = link[0] == '/' || !slash ? 0 : (size_t)(slash - path) + 1;
		char joined[2 * PATH_MAX];
		snprintf(joined, sizeof joined, "%.*s%s", (int)keep, path, link);
		lexical_in_root(joined, path, sizeof path);
	}
	errno = ELOOP;
	return -1;
}

/* Up to 64 KiB of ROOT/REL, resolved inside ROOT as the target would
 * resolve it (through /proc/PID/root an absolute symlink would otherwise
 * land in our own root); only a regular file. NULL when absent or
 * unreadable. */
static char *read_in_root(const char *root, const char *rel)
{
	int dir = open(*root ? root : "/", O_PATH | O_DIRECTORY | O_CLOEXEC);
	if (dir < 0)
		return NULL;
	int fd = open_in_root(dir, rel, O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY);
	close(dir);
	struct stat st;
	if (fd < 0 || fstat(fd, &st) < 0 || !S_ISREG(st.st_mode)) {
		if (fd >= 0)
			close(fd);
		return NULL;
	}
	char *text = ls_xmalloc(65536);
	size_t n = 0;
	ssize_t got;
	while (n < 65535 && (got = read(fd, text + n, 65535 - n)) > 0)
		n += (size_t)got;
	close(fd);
	text[n] = '\0';
	return text;
}

/* The value of KEY= in os-release text, unquoted, in buf; NULL if absent. */
static const char *os_release_value(const char *text, const char *key, char *buf, size_t len)
{
	size_t klen = strlen(key);
	for (const char *line = text; line; line = strchr(line, '\n'), line = line ? line + 1 : NULL) {
		if (strncmp(line, key, klen) || line[klen] != '=')
			continue;
		const char *v = line + klen + 1;
		size_t n = strcspn(v, "\n");
		if (n >= 2 && (v[0] == '"' || v[0] == '\'') && v[n - 1] == v[0]) {
			v++;
			n -= 2;
		}
		if (n >= len)
			n = len - 1;
		memcpy(buf, v, n);
		buf[n] = '\0';
		return buf;
	}
	return NULL;
}

enum ls_sym_distro ls_sym_distro_parse(const char *os_release)
{
	static const struct {
		const char *id;
		enum ls_sym_distro d;
	} known[] = {
		{"debian", LS_DISTRO_DEBIAN}, {"ubuntu", LS_DISTRO_DEBIAN},
		{"fedora", LS_DISTRO_DNF},    {"rhel", LS_DISTRO_DNF},
		{"centos", LS_DISTRO_DNF},    {"suse", LS_DISTRO_SUSE},
		{"opensuse", LS_DISTRO_SUSE}, {"sles", LS_DISTRO_SUSE},
	};
	char id[128], like[512];
	if (!os_release)
		return LS_DISTRO_UNKNOWN;
	/* ID first, then the ID_LIKE list in its order (closest first). */
	const char *words[2] = {os_release_value(os_release, "ID", id, sizeof id),
				os_release_value(os_release, "ID_LIKE", like, sizeof like)};
	for (size_t w = 0; w < 2; w++) {
		for (const char *p = words[w]; p && *p;) {
			p += strspn(p, " \t");
			size_t n = strcspn(p, " \t");
			for (size_t k = 0; n && k < LS_ARRAY_LEN(known); k++)
				if (strlen(known[k].id) == n && !strncmp(p, known[k].id, n))
					return known[k].d;
			p += n;
		}
	}
	return LS_DISTRO_UNKNOWN;
}

/* Run argv, return the first line of its output (NULL when it could not
 * run, said nothing, or exited non-zero while need_ok). */
static char *first_line_of(char *const argv[], int need_ok)
{
	int pfd[2];
	if (pipe2(pfd, O_CLOEXEC) < 0)
		return NULL;
	posix_spawn_file_actions_t fa;
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_adddup2(&fa, pfd[1], 1);
	posix_spawn_file_actions_addopen(&fa, 2, "/dev/null", O_WRONLY, 0);
	pid_t pid;
	int rc = posix_spawnp(&pid, argv[0], &fa, NULL, argv, environ);
	posix_spawn_file_actions_destroy(&fa);
	close(pfd[1]);
	if (rc != 0) {
		close(pfd[0]);
		return NULL;
	}
	char out[512];
	size_t n = 0;
	ssize_t got;
	while (n < sizeof out - 1 && (got = read(pfd[0], out + n, sizeof out - 1 - n)) > 0)
		n += (size_t)got;
	out[n] = '\0';
	close(pfd[0]);
	int status;
	if (waitpid(pid, &status, 0) < 0 || (need_ok && !(WIFEXITED(status) && !WEXITSTATUS(status))))
		return NULL;
	size_t end = strcspn(out, "\n");
	return end ? ls_xstrndup(out, end) : NULL;
}

/* The package that installed path, asked of the package manager of
 * distro d; NULL if none. dpkg is asked both spellings on a merged-/usr
 * system, where the maps say /usr/lib/... and dpkg recorded /lib/... */
static char *owner_package(enum ls_sym_distro d, const char *path)
{
	if (d == LS_DISTRO_DEBIAN) {
		const char *alt = !strncmp(path, "/usr/", 5) ? path + 4 : NULL;
		char *argv[] = {"dpkg-query", "-S", (char *)path, (char *)alt, NULL};
		/* one spelling unknown makes it exit 1: the line decides */
		char *line = first_line_of(argv, 0);
		/* "pkg[:arch]: /path" */
		size_t end = line ? strcspn(line, ":,") : 0;
		char *pkg = end && line[end] == ':' ? ls_xstrndup(line, end) : NULL;
		free(line);
		return pkg;
	}
	if (d == LS_DISTRO_DNF || d == LS_DISTRO_SUSE) {
		char *argv[] = {"rpm", "-qf", "--qf", "%{NAME}\\n", (char *)path, NULL};
		char *pkg = first_line_of(argv, 1);
		if (pkg && strpbrk(pkg, " /")) { /* a message, not a name */
			free(pkg);
			pkg = NULL;
		}
		return pkg;
	}
	return NULL;
}

/* Does the target's root (c->root) name this process's own "/"? */
static int same_root(const struct ls_sym_cache *c)
{
	struct stat a, b;
	if (!*c->root)
		return 1;
	return stat(c->root, &a) == 0 && stat("/", &b) == 0 && a.st_dev == b.st_dev &&
	       a.st_ino == b.st_ino;
}

char *ls_sym_hint_format(enum ls_sym_distro d, const char *pkg, int other_root, const char *path,
			 const char *build_id)
{
	struct ls_buf b = {0};
	/* Without the package's name (the target in another root), the
	 * query that tells it, to run in the target's system. */
	if (d == LS_DISTRO_DEBIAN && pkg)
		ls_buf_addf(&b, "install %s-dbgsym (the distribution's debug archive), or ", pkg);
	else if (d == LS_DISTRO_DEBIAN && other_root)
		ls_buf_addf(&b, "install the -dbgsym package of the one `dpkg -S %s` names in the "
				"target's system, or ", path);
	else if (d == LS_DISTRO_DNF && pkg)
		ls_buf_addf(&b, "run `dnf debuginfo-install %s` (`debuginfo-install %s` with yum), or ",
			    pkg, pkg);
	else if (d == LS_DISTRO_DNF && other_root)
		ls_buf_addf(&b, "run `dnf debuginfo-install $(rpm -qf %s)` in the target's system "
				"(`debuginfo-install` with yum), or ", path);
	else if (d == LS_DISTRO_SUSE && pkg)
		ls_buf_addf(&b, "run `zypper install %s-debuginfo` (debug repositories enabled), or ", pkg);
	else if (d == LS_DISTRO_SUSE && other_root)
		ls_buf_addf(&b, "run `zypper install $(rpm -qf --qf '%%{NAME}-debuginfo' %s)` in the "
				"target's system, or ", path);
	if (build_id && strlen(build_id) > 2)
		ls_buf_addf(&b, "put its debug file at /usr/lib/debug/.build-id/%.2s/%s.debug, or ",
			    build_id, build_id + 2);
	const char *urls = getenv("DEBUGINFOD_URLS");
	if (urls && *urls)
		ls_buf_addf(&b, "a debuginfod server that has build-id %s (DEBUGINFOD_URLS had none)",
			    build_id ? build_id : "(none)");
	else if (build_id)
		ls_buf_puts(&b, "set DEBUGINFOD_URLS to a debuginfod server that has it");
	else
		ls_buf_puts(&b, "rebuild it with symbols (it has no build-id to look one up by)");
	return ls_buf_steal(&b);
}

char *ls_sym_missing_hint(const struct ls_sym_cache *c, const struct ls_sym_module *m)
{
	int here = same_root(c);
	char *pkg = here ? owner_package(c->distro, m->path) : NULL;
	char *hint = ls_sym_hint_format(c->distro, pkg, !here, m->path, m->build_id);
	free(pkg);
	return hint;
}

uint64_t ls_sym_bias(const struct ls_sym_module *m, const struct ls_map *map)
{
	for (size_t i = 0; i < m->nphdr; i++) {
		const GElf_Phdr *ph = &m->phdr[i];
		if (ph->p_type != PT_LOAD)
			continue;
		uint64_t off = ph->p_offset & ~(uint64_t)0xfff;
		if (map->pgoff >= off && map->pgoff < ph->p_offset + ph->p_filesz)
			return map->start - map->pgoff + ph->p_offset - ph->p_vaddr;
	}
	return map->start - map->pgoff;
}

int ls_sym_read(const struct ls_sym_module *m, uint64_t addr, void *buf, size_t n)
{
	size_t size;
	char *image = elf_rawfile(m->elf, &size);
	if (!image)
		return -1;
	for (size_t i = 0; i < m->nphdr; i++) {
		const GElf_Phdr *ph = &m->phdr[i];
		/* Headers and addresses come from the file (or the target's
		 * stack): every sum below is checked before it can wrap. */
		if ((ph->p_type != PT_LOAD && ph->p_type != PT_GNU_EH_FRAME) ||
		    addr < ph->p_vaddr || n > ph->p_filesz || addr - ph->p_vaddr > ph->p_filesz - n)
			continue;
		uint64_t off = addr - ph->p_vaddr;
		if (ph->p_offset > size || off > size - ph->p_offset ||
		    n > size - ph->p_offset - off)
			return -1;
		off += ph->p_offset;
		memcpy(buf, image + off, n);
		return 0;
	}
	return -1;
}

int ls_sym_eh_frame_hdr(const struct ls_sym_module *m, uint64_t *hdr, uint64_t *table,
			uint64_t *count)
{
	if (!m->eh_ok)
		return -1;
	*hdr = m->eh_hdr;
	*table = m->eh_table;
	*count = m->eh_count;
	return 0;
}

void ls_sym_text_range(const struct ls_sym_module *m, uint64_t *lo, uint64_t *hi)
{
	*lo = m->text_lo;
	*hi = m->text_hi;
}

void ls_sym_lookup(struct ls_sym_module *m, uint64_t addr, int want_line, struct ls_sym_info *out)
{
	memset(out, 0, sizeof *out);
	/* Last symbol starting at or below addr. */
	size_t lo = 0, hi = m->nsyms;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (m->syms[mid].addr <= addr)
			lo = mid + 1;
		else
			hi = mid;
	}
	/* Walk back over same-start duplicates and nested sizes: the first
	 * candidate whose extent covers addr wins; a zero-size symbol covers
	 * up to the next symbol (hand-written assembly). */
	for (size_t i = lo; i-- > 0 && lo - i <= 8;) {
		const struct sym *s = &m->syms[i];
		if (s->size ? addr < s->addr + s->size : i + 1 == lo) {
			out->function = s->name;
			out->offset = addr - s->addr;
			break;
		}
	}
	if (!want_line)
		return;
	/* libdwfl opens DWARF (finding the debug file, perhaps on a
	 * debuginfod server) on the first line lookup and keeps it. */
	Dwfl_Line *line = dwfl_module_getsrc(m->mod, addr + m->bias);
	int lineno = 0;
	const char *file = line ? dwfl_lineinfo(line, NULL, &lineno, NULL, NULL, NULL) : NULL;
	if (file && lineno > 0) {
		out->file = file;
		out->line = lineno;
	}
}
