/* glib-timeout.c — a GLib main loop whose timeout source on_glib_timeout
 * stalls on purpose (see fixture.h). */
#include <glib.h>

#include "fixture.h"

static gboolean on_glib_timeout(gpointer data)
{
	if (fx_tick()) {
		g_main_loop_quit(data);
		return G_SOURCE_REMOVE;
	}
	return G_SOURCE_CONTINUE;
}

int main(int argc, char **argv)
{
	fx_init(argc, argv);
	GMainLoop *loop = g_main_loop_new(NULL, FALSE);
	g_timeout_add(FX_TICK_MS, on_glib_timeout, loop);
	g_main_loop_run(loop);
	g_main_loop_unref(loop);
	return FX_EXIT_STATUS;
}
