/* noise-resources: which path a leak shows. On an open descriptor fstat
 * fails only when the kernel runs out of memory (or on a bad buffer, or a
 * file over 2 GiB in a 32-bit build without 64-bit offsets), so of the
 * leaking paths the one after such a failure is the last to show: where
 * another path leaks, that one is the finding's (tests/t-noise.sh checks
 * the messages). A leak only after fstat failed is still reported. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>
#include <sys/stat.h>

/* reported on the empty-file return (line 24), not on the fstat failure */
char *read_old(const char *path)
{
	FILE *fp = fopen(path, "r"); /* expect: handle-leak */
	if (fp == NULL && errno != ENOENT)
		return NULL;
	struct stat sb;
	if (fp && fstat(fileno(fp), &sb) == -1)
		return NULL;
	if (fp == NULL || sb.st_size == 0)
		return calloc(1, 1);
	char *buf = malloc((size_t)sb.st_size + 1);
	if (buf && fread(buf, 1, (size_t)sb.st_size, fp) == 0) {
		free(buf);
		buf = NULL;
	}
	fclose(fp);
	return buf;
}

/* reported when fstat fails: no other path leaks (the result tested
 * through a variable) */
long file_size(const char *path)
{
	struct stat st;
	int fd = open(path, O_RDONLY); /* expect: handle-leak */
	if (fd < 0)
		return -1;
	int r = fstat(fd, &st);
	if (r == -1)
		return -1;
	if (st.st_size == 0) {
		close(fd);
		return 0;
	}
	close(fd);
	return (long)st.st_size;
}

/* reported when fstat fails: on another descriptor, which may be closed,
 * that failure is as telling as any */
long other_size(const char *path, int other)
{
	struct stat st;
	int fd = open(path, O_RDONLY); /* expect: handle-leak */
	if (fd < 0)
		return -1;
	if (fstat(other, &st) < 0)
		return -1;
	if (st.st_size == 0)
		return 0;
	close(fd);
	return (long)st.st_size;
}
