/*
 * proc.h — what /proc tells about a process and its threads without
 * stopping anything: the thread list, the syscall a thread sits in
 * (/proc/PID/task/TID/syscall), thread names and states, the tracer, and
 * what an fd refers to. The sampler's cheap idle test is built on
 * ls_proc_syscall(); everything here is also usable on text snapshots so
 * the parsers can be unit-tested without a live process.
 */
#ifndef LS_SAMPLER_PROC_H
#define LS_SAMPLER_PROC_H

#include <stdint.h>
#include <sys/types.h>

/* One reading of /proc/PID/task/TID/syscall. */
struct ls_proc_sc {
	long nr;          /* syscall number; -1 when "running" (on CPU or in user code) */
	uint64_t args[6];
	uint64_t sp, pc;
};

/* One reading of /proc/PID/task/TID/schedstat: what the scheduler
 * counted for the thread since it began. on_cpu is brought up to date at
 * every tick and switch (so it lags a running thread by at most a tick);
 * runq_wait grows only when the thread is given a CPU, by the whole wait
 * it has just ended; slices counts those arrivals on a CPU, so an
 * unchanged count means the thread has not run in between. */
struct ls_proc_sched {
	double on_cpu;    /* seconds on a CPU */
	double runq_wait; /* seconds runnable on a run queue, waiting for a CPU */
	unsigned long slices;
};

/* A PID or TID as text: decimal digits only, 1..INT_MAX. 0, or -1 when
 * it is not one (so 4294967297 is an error, not PID 1). */
int ls_proc_parse_pid(const char *text, pid_t *out);
/* Threads of pid, sorted; returns the count (>= 0) or -1 with errno set. */
int ls_proc_tids(pid_t pid, pid_t **out);
/* Parse the text of a syscall file; 0 on success, -1 if malformed. */
int ls_proc_parse_syscall(const char *text, struct ls_proc_sc *sc);
/* The syscall file opened once and re-read at offset 0 every tick, which
 * saves an open and a close per thread and tick. -1 when gone. */
int ls_proc_syscall_open(pid_t pid, pid_t tid);
int ls_proc_syscall_read(int fd, struct ls_proc_sc *sc);
/* Parse "ON_CPU_NS RUNQ_NS SLICES"; 0, or -1 when malformed. */
int ls_proc_parse_schedstat(const char *text, struct ls_proc_sched *out);
/* The schedstat file, opened once and re-read like the syscall file; -1
 * when gone or when the kernel keeps no such account (no CONFIG_SCHED_INFO). */
int ls_proc_schedstat_open(pid_t pid, pid_t tid);
int ls_proc_schedstat_read(int fd, struct ls_proc_sched *out);
/* Read and parse; -1 when the thread is gone or the file unreadable. */
int ls_proc_syscall(pid_t pid, pid_t tid, struct ls_proc_sc *sc);
/* Thread name (comm) into buf; "?" when unreadable. */
void ls_proc_comm(pid_t pid, pid_t tid, char *buf, size_t len);
/* TracerPid from /proc/PID/status, or -1 if the process is gone. */
int ls_proc_tracer(pid_t pid);
/* TracerPid in the text of a status file; -1 when absent or malformed. */
int ls_proc_parse_tracer(const char *text);
/* The state letter of pid from /proc/PID/stat ('R', 'S', 'T', 'Z', ...),
 * 0 if the process is gone or the file is unreadable. */
char ls_proc_state(pid_t pid);
/* The state letter in the text of a stat file ("PID (COMM) STATE ...",
 * COMM may hold spaces and parentheses); 0 when malformed. */
char ls_proc_parse_state(const char *text);
/* Name of an x86-64 syscall number ("syscall_NNN" in buf when unknown). */
const char *ls_proc_syscall_name(long nr, char *buf, size_t len);
/* Number of a syscall by name, -1 when unknown. */
long ls_proc_syscall_nr(const char *name);
/* Is the syscall's first argument the fd it works on (read, sendto,
 * fsync ...; not nanosleep, not openat's directory fd)? */
int ls_proc_syscall_takes_fd(long nr);
/* What fd of pid is: "socket", "pipe", "file", "anon" or NULL if unknown. */
const char *ls_proc_fd_kind(pid_t pid, long fd);

#endif
