/* GLib/GIO: sources, async calls, worker threads. */
#include <gio/gio.h>
#include <glib.h>
#include <glib-unix.h>

static GMainLoop *main_loop;

static gboolean on_tick(gpointer data)
{
	(void)data;
	g_usleep(1000); /* expect: blocking-sleep */
	gchar *contents = NULL;
	if (g_file_get_contents("/etc/app.conf", &contents, NULL, NULL)) /* expect: blocking-file-io */
		g_free(contents);
	return G_SOURCE_CONTINUE;
}

static gboolean on_idle(gpointer data)
{
	GMainContext *ctx = data;
	g_main_context_iteration(ctx, FALSE); /* clean: non-blocking iteration */
	g_main_context_iteration(ctx, TRUE);  /* expect: nested-loop-run */
	return G_SOURCE_REMOVE;
}

static void run_helper(void)
{
	gchar *out = NULL;
	g_spawn_command_line_sync("/usr/bin/true", &out, NULL, NULL, NULL); /* expect: blocking-subprocess */
	g_free(out);
}

static gboolean on_input(GIOChannel *ch, GIOCondition cond, gpointer data)
{
	(void)ch; (void)cond; (void)data;
	run_helper();
	return G_SOURCE_CONTINUE;
}

static void read_done(GObject *src, GAsyncResult *res, gpointer data)
{
	(void)data;
	GError *err = NULL;
	GFileInputStream *in = g_file_read_finish(G_FILE(src), res, &err);
	if (in)
		g_object_unref(in);
	g_clear_error(&err);
}

static void slow_work(GTask *task, gpointer source, gpointer data, GCancellable *c)
{
	(void)source; (void)data; (void)c;
	gchar *contents = NULL;
	g_file_get_contents("/etc/big.db", &contents, NULL, NULL); /* clean: worker thread */
	g_usleep(100);                                             /* clean: worker thread */
	g_task_return_pointer(task, contents, g_free);
}

static void on_clicked(GObject *obj, gpointer data)
{
	(void)obj;
	GFile *f = g_file_new_for_path("/etc/hosts");
	g_file_read_async(f, G_PRIORITY_DEFAULT, NULL, read_done, data); /* clean: async */
	g_object_unref(f);
	GTask *task = g_task_new(NULL, NULL, NULL, NULL);
	g_task_run_in_thread(task, slow_work);
	g_object_unref(task);
}

int main(void)
{
	main_loop = g_main_loop_new(NULL, FALSE);
	g_timeout_add(100, on_tick, NULL);
	g_idle_add(on_idle, g_main_context_default());
	GIOChannel *ch = g_io_channel_unix_new(0);
	g_io_add_watch(ch, G_IO_IN, on_input, NULL);
	GObject *button = g_object_new(G_TYPE_OBJECT, NULL);
	g_signal_connect(button, "notify", G_CALLBACK(on_clicked), NULL);
	run_helper(); /* clean (the call chain): main is not a callback */
	g_main_loop_run(main_loop); /* clean: the program's loop */
	return 0;
}
