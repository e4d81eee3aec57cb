/* Command parsing: GET, SET and SAVE. */
#include <stdio.h>
#include <string.h>

#include "kv.h"

void kv_handle_command(uv_stream_t *client, const char *line, size_t len)
{
	(void)client;
	char cmd[16], key[64], value[128];
	char text[256];
	snprintf(text, sizeof text, "%.*s", (int)len, line);
	int n = sscanf(text, "%15s %63s %127s", cmd, key, value);
	if (n == 3 && strcmp(cmd, "SET") == 0)
		kv_set(key, value);
	else if (n >= 1 && strcmp(cmd, "SAVE") == 0)
		kv_save_snapshot("/var/lib/kvserver/snapshot");
}
