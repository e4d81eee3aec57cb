/*
 * pool.c — see pool.h. fork() per job: libclang state never outlives a
 * TU, a crash in libclang is contained, and memory is returned to the
 * system after every TU.
 */
#include "analyzer/pool.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include "common/util.h"

int ls_pool_run(int njobs, int workers, ls_pool_work work, ls_pool_done done, void *ud)
{
	if (workers < 1)
		workers = 1;
	pid_t *pids = ls_xcalloc((size_t)workers, sizeof *pids);
	int *which = ls_xcalloc((size_t)workers, sizeof *which);
	int next = 0, running = 0, rc = 0;
	while (next < njobs || running) {
		while (running < workers && next < njobs) {
			fflush(NULL);
			pid_t pid = fork();
			if (pid < 0) {
				if (!running) {
					ls_error("cannot start a worker process: %s", strerror(errno));
					rc = -1;
					goto out;
				}
				break; /* wait for one to finish, then retry */
			}
			if (pid == 0) {
				free(pids);
				free(which);
				int st = work(next, ud);
				fflush(NULL);
				_exit(st);
			}
			for (int s = 0; s < workers; s++)
				if (!pids[s]) {
					pids[s] = pid;
					which[s] = next;
					break;
				}
			next++;
			running++;
		}
		int status;
		pid_t pid = waitpid(-1, &status, 0);
		if (pid < 0) {
			if (errno == EINTR)
				continue;
			break;
		}
		for (int s = 0; s < workers; s++)
			if (pids[s] == pid) {
				pids[s] = 0;
				running--;
				done(which[s], status, ud);
				break;
			}
	}
out:
	free(pids);
	free(which);
	return rc;
}
