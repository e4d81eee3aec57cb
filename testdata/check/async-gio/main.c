/* async-gio: missing-finish and the GError side of unchecked-status with
 * GIO — GAsyncReadyCallbacks that never complete their operation, and
 * finish calls that throw the error away; beside them the look-alikes that
 * are fine (finish called in a helper that receives the result, the result
 * stored for later, a NULL callback, a NULL error with the result tested,
 * an explicit (void) discard). */
#include <gio/gio.h>

static GMainLoop *main_loop;
static GAsyncResult *pending;
static GOutputStream *out;

/* ---- missing-finish ------------------------------------------------------ */

static void on_read_bad(GObject *source, GAsyncResult *res, gpointer data) /* expect: missing-finish */
{
	(void)source;
	(void)data;
	g_main_loop_quit(main_loop);
}

static void on_query_bad(GObject *source, GAsyncResult *res, gpointer data) /* expect: missing-finish */
{
	(void)res; /* looked at, never finished */
	g_message("queried %p", (void *)source);
	(void)data;
}

/* a helper that receives the result but does not finish it either */
static void note_done(GAsyncResult *r, const char *what)
{
	(void)r;
	g_message("%s done", what);
}

static void on_replace_bad(GObject *source, GAsyncResult *res, gpointer data) /* expect: missing-finish */
{
	(void)source;
	note_done(res, (const char *)data);
}

/* ---- unchecked-status: a NULL GError and a dropped result ------------------ */

static void on_write_done(GObject *source, GAsyncResult *res, gpointer data) /* expect: unchecked-status */
{
	(void)data;
	g_output_stream_write_finish(G_OUTPUT_STREAM(source), res, NULL);
}

/* a program's own GIO-style pair, recognised by its GAsyncReadyCallback */
void thing_fetch_async(GFile *f, GCancellable *c, GAsyncReadyCallback cb, gpointer data);
gboolean thing_fetch_finish(GFile *f, GAsyncResult *res, GError **error);

static void on_thing_bad(GObject *source, GAsyncResult *res, gpointer data) /* expect: missing-finish */
{
	(void)source;
	(void)res;
	(void)data;
}

static void on_thing_dropped(GObject *source, GAsyncResult *res, gpointer data) /* expect: unchecked-status */
{
	(void)data;
	thing_fetch_finish(G_FILE(source), res, NULL);
}

/* ---- clean look-alikes ---------------------------------------------------- */

static void on_thing_good(GObject *source, GAsyncResult *res, gpointer data)
{
	GError *error = NULL;
	(void)data;
	if (!thing_fetch_finish(G_FILE(source), res, &error))
		g_clear_error(&error);
}

static void on_read_good(GObject *source, GAsyncResult *res, gpointer data)
{
	GError *error = NULL;
	GFileInputStream *in = g_file_read_finish(G_FILE(source), res, &error);
	(void)data;
	if (!in) {
		g_warning("read: %s", error->message);
		g_error_free(error);
		return;
	}
	g_object_unref(in);
}

/* the finish happens in a helper that receives the result */
static void finish_load(GObject *source, GAsyncResult *result)
{
	GError *error = NULL;
	char *text = NULL;
	gsize len = 0;
	if (g_file_load_contents_finish(G_FILE(source), result, &text, &len, NULL, &error))
		g_free(text);
	else
		g_clear_error(&error);
}

static void on_load(GObject *source, GAsyncResult *res, gpointer data)
{
	(void)data;
	finish_load(source, res);
}

/* the result is kept and finished later */
static void on_query_later(GObject *source, GAsyncResult *res, gpointer data)
{
	(void)source;
	(void)data;
	pending = g_object_ref(res);
}

/* a NULL error, but the result is tested */
static void on_close(GObject *source, GAsyncResult *res, gpointer data)
{
	(void)data;
	if (!g_output_stream_close_finish(G_OUTPUT_STREAM(source), res, NULL))
		g_warning("close failed");
}

/* a NULL error, explicitly discarded */
static void on_flush(GObject *source, GAsyncResult *res, gpointer data)
{
	(void)data;
	(void)g_output_stream_flush_finish(G_OUTPUT_STREAM(source), res, NULL);
}

static void on_replaced(GObject *source, GAsyncResult *res, gpointer data)
{
	GError *error = NULL;
	(void)data;
	if (!g_file_replace_contents_finish(G_FILE(source), res, NULL, &error)) {
		g_warning("replace: %s", error->message);
		g_error_free(error);
	}
}

int main(void)
{
	static const char msg[] = "hello";
	GFile *f = g_file_new_for_path("/tmp/loopscope-fixture");
	GBytes *bytes = g_bytes_new_static(msg, sizeof msg - 1);
	main_loop = g_main_loop_new(NULL, FALSE);
	out = g_memory_output_stream_new_resizable();

	g_file_read_async(f, G_PRIORITY_DEFAULT, NULL, on_read_bad, NULL);
	g_file_query_info_async(f, "standard::size", G_FILE_QUERY_INFO_NONE, G_PRIORITY_DEFAULT,
				NULL, on_query_bad, NULL);
	g_file_replace_contents_bytes_async(f, bytes, NULL, FALSE, G_FILE_CREATE_NONE, NULL,
					    on_replace_bad, (gpointer) "replace");
	g_output_stream_write_async(out, msg, sizeof msg - 1, G_PRIORITY_DEFAULT, NULL,
				    on_write_done, NULL);

	g_file_read_async(f, G_PRIORITY_DEFAULT, NULL, (GAsyncReadyCallback)on_read_good, NULL);
	g_file_load_contents_async(f, NULL, on_load, NULL);
	g_file_query_info_async(f, "standard::type", G_FILE_QUERY_INFO_NONE, G_PRIORITY_DEFAULT,
				NULL, on_query_later, NULL);
	g_output_stream_flush_async(out, G_PRIORITY_DEFAULT, NULL, on_flush, NULL);
	g_output_stream_close_async(out, G_PRIORITY_DEFAULT, NULL, on_close, NULL);
	g_file_replace_contents_bytes_async(f, bytes, NULL, FALSE, G_FILE_CREATE_NONE, NULL,
					    on_replaced, NULL);
	g_file_delete_async(f, G_PRIORITY_DEFAULT, NULL, NULL, NULL); /* clean: no callback */
	thing_fetch_async(f, NULL, on_thing_bad, NULL);
	thing_fetch_async(f, NULL, on_thing_dropped, NULL);
	thing_fetch_async(f, NULL, on_thing_good, NULL);

	g_main_loop_run(main_loop);
	g_clear_object(&pending);
	g_bytes_unref(bytes);
	g_object_unref(out);
	g_object_unref(f);
	g_main_loop_unref(main_loop);
	return 0;
}
