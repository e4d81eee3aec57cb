/* resources-glib/sources.c — handle-leak on GSource and GCancellable. */
#include <gio/gio.h>
#include <glib.h>

static gboolean on_tick(gpointer data) { (void)data; return G_SOURCE_CONTINUE; }

/* Clean: attach, then drop the creator's reference. */
guint attach_timer(GMainContext *ctx)
{
	GSource *src = g_timeout_source_new(100);
	g_source_set_callback(src, on_tick, NULL, NULL);
	guint id = g_source_attach(src, ctx);
	g_source_unref(src);
	return id;
}

/* Leak: the creator's reference is never dropped. */
guint attach_timer_leaks(GMainContext *ctx)
{
	GSource *src = g_timeout_source_new(100); /* expect: handle-leak */
	g_source_set_callback(src, on_tick, NULL, NULL);
	return g_source_attach(src, ctx);
}

/* Clean: the source is returned to the caller. */
GSource *make_idle(void)
{
	GSource *src = g_idle_source_new();
	g_source_set_priority(src, G_PRIORITY_LOW);
	return src;
}

/* Clean: handed to a container. */
void keep_source(GPtrArray *all)
{
	GSource *src = g_idle_source_new();
	g_ptr_array_add(all, src);
}

/* Leak: the cancellable is not unreferenced on the early return. */
gboolean probe(GFile *f, gboolean quick)
{
	GCancellable *c = g_cancellable_new(); /* expect: handle-leak */
	if (quick)
		return FALSE;
	gboolean ok = g_file_query_exists(f, c);
	g_object_unref(c);
	return ok;
}

/* Clean: g_clear_object on the way out. */
gboolean probe_ok(GFile *f)
{
	GCancellable *c = g_cancellable_new();
	gboolean ok = g_file_query_exists(f, c);
	g_clear_object(&c);
	return ok;
}
