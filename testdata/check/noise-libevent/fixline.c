/* noise-libevent/fixline.c: a FILE * leaked in a libevent program gets
 * the fix of the model that describes FILE * (posix: fclose), not the
 * program's framework's (event_free); tests/t-noise.sh checks the text. */
#include <stdio.h>
#include <event2/event.h>

int read_config(struct event_base *b, const char *path, char *buf, int n)
{
	FILE *f = fopen(path, "r"); /* expect: handle-leak */
	if (f == NULL || b == NULL)
		return -1;
	if (fgets(buf, n, f) == NULL)
		return -1;
	fclose(f);
	return 0;
}
