/*
 * symbols.c — see symbols.h. Each module is opened once: the file is
 * mapped read-only through libelf, its function symbols are copied into a
 * sorted array for binary search, and DWARF is opened lazily on the first
 * line lookup. Debug files are searched the way gdb and elfutils do: the
 * build-id path first, then the .gnu_debuglink name beside the file, in
 * .debug/, and under /usr/lib/debug.
 */
#include "sampler/symbols.h"

#include <elfutils/libdw.h>
#include <fcntl.h>
#include <gelf.h>
#include <libelf.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "common/util.h"

struct sym {
	uint64_t addr, size;
	const char *name; /* in the string table of elf or dbg */
};

struct ls_sym_module {
	char *path; /* as the target sees it */
	int ok;     /* 0: unreadable, lookups give nothing */
	int fd, dbg_fd;
	Elf *elf, *dbg;
	Dwarf *dwarf;
	int dwarf_tried;
	GElf_Phdr *phdr;
	size_t nphdr;
	struct sym *syms;
	size_t nsyms;
	char **owned; /* names trimmed of a version suffix ("@@GLIBC_2.17") */
	size_t nowned;
	int has_symtab;
	uint64_t eh_hdr, eh_table, eh_count;
	int eh_ok;
	uint64_t text_lo, text_hi;
};

void ls_sym_cache_init(struct ls_sym_cache *c, const char *root)
{
	memset(c, 0, sizeof *c);
	c->root = ls_xstrdup(root ? root : "");
	elf_version(EV_CURRENT);
}

static void module_free(struct ls_sym_module *m)
{
	if (m->dwarf)
		dwarf_end(m->dwarf);
	if (m->dbg)
		elf_end(m->dbg);
	if (m->elf)
		elf_end(m->elf);
	if (m->dbg_fd >= 0)
		close(m->dbg_fd);
	if (m->fd >= 0)
		close(m->fd);
	free(m->phdr);
	free(m->syms);
	for (size_t i = 0; i < m->nowned; i++)
		free(m->owned[i]);
	free(m->owned);
	free(m->path);
	free(m);
}

void ls_sym_cache_free(struct ls_sym_cache *c)
{
	for (size_t i = 0; i < c->n; i++)
		module_free(c->v[i]);
	free(c->v);
	free(c->root);
	memset(c, 0, sizeof *c);
}

static Elf_Scn *find_section(Elf *e, const char *name, GElf_Shdr *sh)
{
	size_t shstrndx;
	if (elf_getshdrstrndx(e, &shstrndx) != 0)
		return NULL;
	Elf_Scn *s = NULL;
	while ((s = elf_nextscn(e, s))) {
		if (!gelf_getshdr(s, sh))
			continue;
		const char *n = elf_strptr(e, shstrndx, sh->sh_name);
		if (n && !strcmp(n, name))
			return s;
	}
	return NULL;
}

static int cmp_sym(const void *a, const void *b)
{
	const struct sym *x = a, *y = b;
	if (x->addr != y->addr)
		return x->addr < y->addr ? -1 : 1;
	/* Prefer sized symbols, then global names, at the same address. */
	return (x->size < y->size) - (x->size > y->size);
}

/* Append the defined functions of a symbol section; returns how many. */
static size_t add_symbols(struct ls_sym_module *m, Elf *e, Elf64_Word type)
{
	Elf_Scn *s = NULL;
	GElf_Shdr sh;
	size_t added = 0;
	while ((s = elf_nextscn(e, s))) {
		if (!gelf_getshdr(s, &sh) || sh.sh_type != type || !sh.sh_entsize)
			continue;
		Elf_Data *d = elf_getdata(s, NULL);
		if (!d)
			continue;
		size_t n = sh.sh_size / sh.sh_entsize;
		m->syms = ls_xrealloc(m->syms, (m->nsyms + n) * sizeof *m->syms);
		for (size_t i = 0; i < n; i++) {
			GElf_Sym sym;
			if (!gelf_getsym(d, (int)i, &sym))
				continue;
			int t = GELF_ST_TYPE(sym.st_info);
			if ((t != STT_FUNC && t != STT_GNU_IFUNC) || sym.st_shndx == SHN_UNDEF ||
			    !sym.st_value)
				continue;
			const char *name = elf_strptr(e, sh.sh_link, sym.st_name);
			if (!name || !*name)
				continue;
			const char *at = strchr(name, '@');
			if (at) {
				char *copy = ls_xstrndup(name, (size_t)(at - name));
				m->owned = ls_xrealloc(m->owned, (m->nowned + 1) * sizeof *m->owned);
				m->owned[m->nowned++] = copy;
				name = copy;
			}
			m->syms[m->nsyms++] = (struct sym){sym.st_value, sym.st_size, name};
			added++;
		}
	}
	return added;
}

static int open_elf(const char *path, int *fdp, Elf **ep)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	Elf *e = elf_begin(fd, ELF_C_READ_MMAP, NULL);
	if (!e || elf_kind(e) != ELF_K_ELF) {
		if (e)
			elf_end(e);
		close(fd);
		return -1;
	}
	*fdp = fd;
	*ep = e;
	return 0;
}

/* The separate debug file, or -1: build-id first, then .gnu_debuglink. */
static int open_debug(struct ls_sym_cache *c, struct ls_sym_module *m)
{
	GElf_Shdr sh;
	Elf_Scn *s = find_section(m->elf, ".note.gnu.build-id", &sh);
	if (s) {
		Elf_Data *d = elf_getdata(s, NULL);
		GElf_Nhdr nh;
		size_t name_off, desc_off;
		if (d && gelf_getnote(d, 0, &nh, &name_off, &desc_off) > 0 &&
		    nh.n_type == NT_GNU_BUILD_ID && nh.n_descsz > 1) {
			const unsigned char *id = (const unsigned char *)d->d_buf + desc_off;
			struct ls_buf p = {0};
			ls_buf_addf(&p, "%s/usr/lib/debug/.build-id/%02x/", c->root, id[0]);
			for (size_t i = 1; i < nh.n_descsz; i++)
				ls_buf_addf(&p, "%02x", id[i]);
			ls_buf_puts(&p, ".debug");
			int rc = open_elf(p.s, &m->dbg_fd, &m->dbg);
			ls_buf_free(&p);
			if (rc == 0)
				return 0;
		}
	}
	s = find_section(m->elf, ".gnu_debuglink", &sh);
	if (!s)
		return -1;
	Elf_Data *d = elf_getdata(s, NULL);
	if (!d || !d->d_size || memchr(d->d_buf, '\0', d->d_size) == NULL)
		return -1;
	const char *name = d->d_buf;
	char *dir = ls_xstrdup(m->path);
	char *slash = strrchr(dir, '/');
	if (slash)
		*slash = '\0';
	const char *fmts[] = {"%s%s/%s", "%s%s/.debug/%s", "%s/usr/lib/debug%s/%s"};
	int rc = -1;
	for (size_t i = 0; i < LS_ARRAY_LEN(fmts) && rc < 0; i++) {
		char *p = ls_xasprintf(fmts[i], c->root, dir, name);
		/* The link may name the file itself (a binary that is its own
		 * debug file); that gains nothing. */
		if (strcmp(p + strlen(c->root), m->path) != 0)
			rc = open_elf(p, &m->dbg_fd, &m->dbg);
		free(p);
	}
	free(dir);
	return rc;
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

static struct ls_sym_module *module_open(struct ls_sym_cache *c, const char *path,
					 const char *host_path)
{
	struct ls_sym_module *m = ls_xcalloc(1, sizeof *m);
	m->path = ls_xstrdup(path);
	m->fd = m->dbg_fd = -1;
	if (open_elf(host_path, &m->fd, &m->elf) < 0)
		return m;
	if (elf_getphdrnum(m->elf, &m->nphdr) != 0)
		return m;
	m->phdr = ls_xcalloc(m->nphdr, sizeof *m->phdr);
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
	open_debug(c, m);
	if (m->dbg && add_symbols(m, m->dbg, SHT_SYMTAB))
		m->has_symtab = 1;
	else if (add_symbols(m, m->elf, SHT_SYMTAB))
		m->has_symtab = 1;
	if (!m->has_symtab)
		add_symbols(m, m->elf, SHT_DYNSYM);
	if (m->nsyms)
		qsort(m->syms, m->nsyms, sizeof *m->syms, cmp_sym);
	return m;
}

struct ls_sym_module *ls_sym_module_get(struct ls_sym_cache *c, const char *path,
					const char *host_path)
{
	for (size_t i = 0; i < c->n; i++)
		if (!strcmp(c->v[i]->path, path))
			return c->v[i]->ok ? c->v[i] : NULL;
	struct ls_sym_module *m = module_open(c, path, host_path);
	c->v = ls_xrealloc(c->v, (c->n + 1) * sizeof *c->v);
	c->v[c->n++] = m;
	return m->ok ? m : NULL;
}

const char *ls_sym_module_path(const struct ls_sym_module *m)
{
	return m->path;
}

int ls_sym_module_has_symtab(const struct ls_sym_module *m)
{
	return m->has_symtab;
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

/* DWARF from the debug file, else the module itself; opened on first use. */
static Dwarf *module_dwarf(struct ls_sym_module *m)
{
	if (!m->dwarf_tried) {
		m->dwarf_tried = 1;
		if (m->dbg)
			m->dwarf = dwarf_begin_elf(m->dbg, DWARF_C_READ, NULL);
		if (!m->dwarf)
			m->dwarf = dwarf_begin_elf(m->elf, DWARF_C_READ, NULL);
	}
	return m->dwarf;
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
		if (s->size && addr >= s->addr + s->size && i + 1 == lo)
			continue;
	}
	if (!want_line)
		return;
	Dwarf *dw = module_dwarf(m);
	if (!dw)
		return;
	Dwarf_Die cu;
	if (!dwarf_addrdie(dw, addr, &cu))
		return;
	Dwarf_Line *line = dwarf_getsrc_die(&cu, addr);
	if (!line)
		return;
	const char *file = dwarf_linesrc(line, NULL, NULL);
	int lineno = 0;
	if (file && dwarf_lineno(line, &lineno) == 0) {
		/* dwarf's strings live as long as the Dwarf handle, i.e. the module. */
		out->file = file;
		out->line = lineno;
	}
}
