/* The load generator's log_event: it logs nothing. Only the server links
 * logfile.c (it calls log_open); a program that links neither file by
 * any other function gets the definition no other program links. */
#include "loop.h"

void log_event(const char *what)
{
	(void)what;
}
