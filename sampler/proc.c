/*
 * proc.c — see proc.h. Syscall names come from <sys/syscall.h> so the
 * table follows the architecture the tool is built for; only syscalls a
 * loop thread plausibly sits in are named, the rest print as numbers.
 */
#include "sampler/proc.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "common/util.h"

static int cmp_pid(const void *a, const void *b)
{
	pid_t x = *(const pid_t *)a, y = *(const pid_t *)b;
	return (x > y) - (x < y);
}

int ls_proc_parse_pid(const char *text, pid_t *out)
{
	long long v = 0;
	if (!*text)
		return -1;
	for (const char *p = text; *p; p++) {
		if (*p < '0' || *p > '9')
			return -1;
		v = v * 10 + (*p - '0');
		if (v > INT_MAX)
			return -1;
	}
	if (v < 1)
		return -1;
	*out = (pid_t)v;
	return 0;
}

int ls_proc_tids(pid_t pid, pid_t **out)
{
	char path[64];
	snprintf(path, sizeof path, "/proc/%d/task", (int)pid);
	DIR *d = opendir(path);
	if (!d)
		return -1;
	pid_t *v = NULL;
	int n = 0;
	struct dirent *e;
	while ((e = readdir(d))) {
		pid_t tid;
		if (ls_proc_parse_pid(e->d_name, &tid) < 0)
			continue;
		v = ls_xrealloc(v, (size_t)(n + 1) * sizeof *v);
		v[n++] = tid;
	}
	closedir(d);
	if (n)
		qsort(v, (size_t)n, sizeof *v, cmp_pid);
	*out = v;
	return n;
}

int ls_proc_parse_syscall(const char *text, struct ls_proc_sc *sc)
{
	memset(sc, 0, sizeof *sc);
	if (!strncmp(text, "running", 7)) {
		sc->nr = -1;
		return 0;
	}
	/* "NR a0 a1 a2 a3 a4 a5 sp pc", numbers after NR in hex; a thread
	 * blocked outside a syscall (e.g. in a page fault) shows "-1 sp pc". */
	char *end;
	errno = 0;
	long nr = strtol(text, &end, 10);
	if (end == text || errno)
		return -1;
	sc->nr = nr;
	const char *p = end;
	uint64_t v[8];
	int k = 0;
	while (k < 8) {
		while (*p == ' ')
			p++;
		if (*p == '\n' || *p == '\0')
			break;
		v[k++] = strtoull(p, &end, 16);
		if (end == p)
			return -1;
		p = end;
	}
	if (nr < 0) {
		sc->nr = -1;
		if (k >= 2) {
			sc->sp = v[0];
			sc->pc = v[1];
		}
		return 0;
	}
	if (k != 8)
		return -1;
	memcpy(sc->args, v, sizeof sc->args);
	sc->sp = v[6];
	sc->pc = v[7];
	return 0;
}

/* A file of /proc/PID/task/TID/ kept open: each read at offset 0 is a
 * fresh reading. */
static int task_file_open(pid_t pid, pid_t tid, const char *name)
{
	char path[80];
	snprintf(path, sizeof path, "/proc/%d/task/%d/%s", (int)pid, (int)tid, name);
	return open(path, O_RDONLY | O_CLOEXEC);
}

static const char *task_file_read(int fd, char *buf, size_t len)
{
	ssize_t n = pread(fd, buf, len - 1, 0);
	if (n <= 0)
		return NULL;
	buf[n] = '\0';
	return buf;
}

int ls_proc_syscall_open(pid_t pid, pid_t tid)
{
	return task_file_open(pid, tid, "syscall");
}

int ls_proc_syscall_read(int fd, struct ls_proc_sc *sc)
{
	char buf[256];
	const char *text = task_file_read(fd, buf, sizeof buf);
	return text ? ls_proc_parse_syscall(text, sc) : -1;
}

int ls_proc_parse_schedstat(const char *text, struct ls_proc_sched *out)
{
	unsigned long long cpu, wait;
	unsigned long slices;
	char extra;
	if (sscanf(text, "%llu %llu %lu %c", &cpu, &wait, &slices, &extra) != 3)
		return -1;
	*out = (struct ls_proc_sched){(double)cpu / 1e9, (double)wait / 1e9, slices};
	return 0;
}

int ls_proc_schedstat_open(pid_t pid, pid_t tid)
{
	return task_file_open(pid, tid, "schedstat");
}

int ls_proc_schedstat_read(int fd, struct ls_proc_sched *out)
{
	char buf[128];
	const char *text = task_file_read(fd, buf, sizeof buf);
	return text ? ls_proc_parse_schedstat(text, out) : -1;
}

int ls_proc_syscall(pid_t pid, pid_t tid, struct ls_proc_sc *sc)
{
	int fd = ls_proc_syscall_open(pid, tid);
	if (fd < 0)
		return -1;
	int rc = ls_proc_syscall_read(fd, sc);
	close(fd);
	return rc;
}

void ls_proc_comm(pid_t pid, pid_t tid, char *buf, size_t len)
{
	char path[80];
	snprintf(path, sizeof path, "/proc/%d/task/%d/comm", (int)pid, (int)tid);
	FILE *f = fopen(path, "re");
	if (!f || !fgets(buf, (int)len, f)) {
		snprintf(buf, len, "?");
	} else {
		buf[strcspn(buf, "\n")] = '\0';
	}
	if (f)
		fclose(f);
}

/* The whole of a small /proc file as a string; NULL when unreadable. */
static char *read_small(const char *path, char *buf, size_t len)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return NULL;
	ssize_t n = read(fd, buf, len - 1);
	close(fd);
	if (n < 0)
		return NULL;
	buf[n] = '\0';
	return buf;
}

int ls_proc_parse_tracer(const char *text)
{
	for (const char *line = text; line; line = strchr(line, '\n') ? strchr(line, '\n') + 1 : NULL)
		if (!strncmp(line, "TracerPid:", 10)) {
			const char *p = line + 10;
			while (*p == ' ' || *p == '\t')
				p++;
			char num[16];
			size_t k = strspn(p, "0123456789");
			if (k == 0 || k >= sizeof num)
				return -1;
			memcpy(num, p, k);
			num[k] = '\0';
			pid_t v;
			if (!strcmp(num, "0"))
				return 0;
			return ls_proc_parse_pid(num, &v) < 0 ? -1 : (int)v;
		}
	return -1;
}

int ls_proc_tracer(pid_t pid)
{
	char path[64], buf[4096];
	snprintf(path, sizeof path, "/proc/%d/status", (int)pid);
	const char *text = read_small(path, buf, sizeof buf);
	return text ? ls_proc_parse_tracer(text) : -1;
}

char ls_proc_parse_state(const char *text)
{
	/* The comm is whatever lies between the first "(" and the last ")". */
	const char *close = strrchr(text, ')');
	if (!strchr(text, '(') || !close || close[1] != ' ' || !close[2] || close[2] == ' ')
		return 0;
	return close[2];
}

char ls_proc_state(pid_t pid)
{
	char path[64], buf[1024];
	snprintf(path, sizeof path, "/proc/%d/stat", (int)pid);
	const char *text = read_small(path, buf, sizeof buf);
	return text ? ls_proc_parse_state(text) : 0;
}

/* FD: the first argument is the fd the call works on (not a directory
 * fd that paths are resolved against). */
#define SC(n) {SYS_##n, #n, 0}
#define FD(n) {SYS_##n, #n, 1}
static const struct {
	long nr;
	const char *name;
	int fd;
} syscalls[] = {
	FD(read), FD(write), SC(open), SC(openat), FD(close), SC(stat), FD(fstat),
	SC(lstat), SC(newfstatat), SC(statx), SC(poll), SC(ppoll), SC(select),
	SC(pselect6), FD(epoll_wait), FD(epoll_pwait), FD(epoll_pwait2),
	FD(io_uring_enter), SC(nanosleep), SC(clock_nanosleep), SC(futex),
	SC(wait4), SC(waitid), FD(connect), FD(accept), FD(accept4), FD(recvfrom),
	FD(recvmsg), FD(sendto), FD(sendmsg), FD(pread64), FD(pwrite64),
	FD(readv), FD(writev), FD(fsync), FD(fdatasync), FD(flock), FD(fcntl),
	FD(ioctl), SC(mmap), SC(munmap), SC(brk), FD(getdents64), SC(unlink),
	SC(unlinkat), SC(rename), SC(renameat), SC(mkdir), SC(access),
	SC(faccessat), SC(sync), SC(sched_yield), SC(pause), SC(rt_sigsuspend),
	SC(rt_sigtimedwait), SC(msgrcv), SC(semop), SC(semtimedop), SC(restart_syscall),
	FD(sendfile), FD(splice), FD(copy_file_range), SC(truncate), FD(ftruncate),
	FD(fallocate), SC(getrandom), SC(clone), SC(clone3), SC(execve), SC(exit),
	SC(exit_group), FD(epoll_ctl), SC(clock_gettime),
};
#undef SC
#undef FD

const char *ls_proc_syscall_name(long nr, char *buf, size_t len)
{
	for (size_t i = 0; i < LS_ARRAY_LEN(syscalls); i++)
		if (syscalls[i].nr == nr)
			return syscalls[i].name;
	snprintf(buf, len, "syscall_%ld", nr);
	return buf;
}

long ls_proc_syscall_nr(const char *name)
{
	for (size_t i = 0; i < LS_ARRAY_LEN(syscalls); i++)
		if (!strcmp(syscalls[i].name, name))
			return syscalls[i].nr;
	return -1;
}

int ls_proc_syscall_takes_fd(long nr)
{
	for (size_t i = 0; i < LS_ARRAY_LEN(syscalls); i++)
		if (syscalls[i].nr == nr)
			return syscalls[i].fd;
	return 0;
}

const char *ls_proc_fd_kind(pid_t pid, long fd)
{
	char path[80], target[256];
	snprintf(path, sizeof path, "/proc/%d/fd/%ld", (int)pid, fd);
	ssize_t n = readlink(path, target, sizeof target - 1);
	if (n <= 0)
		return NULL;
	target[n] = '\0';
	if (ls_has_prefix(target, "socket:"))
		return "socket";
	if (ls_has_prefix(target, "pipe:"))
		return "pipe";
	if (ls_has_prefix(target, "anon_inode:"))
		return "anon";
	if (target[0] == '/')
		return "file";
	return NULL;
}
