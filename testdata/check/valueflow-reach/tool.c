/* Another program built from the same sources: it opens every library
 * and runs one function, with no event loop. What it reaches is startup
 * code of its own program, not loop context of the server's. */
#include "interp.h"

int main(void)
{
	struct state st = {.n = 0};
	open_all_libs(&st);
	return interp_call(&st, 0);
}
