/*
 * summary.c — see summary.h. The spec below is the format documented in
 * extract.h; members not listed are allowed (and ignored by the link
 * step), members listed must have their type, '!' ones must be present.
 */
#include "analyzer/summary.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analyzer/extract.h"
#include "common/schema.h"
#include "common/util.h"
#include "common/yamldoc.h"

static const char spec_text[] =
	"{\"version\": \"int!\", \"tu\": \"str!\", \"ok\": \"bool!\", \"error\": \"str\","
	" \"functions\": [{\"usr\": \"str!\", \"name\": \"str!\", \"file\": \"str\","
	"   \"line\": \"int\", \"column\": \"int\", \"static\": \"bool\", \"type\": \"str\","
	"   \"annotations\": [\"str\"], \"coroutine_macro\": \"str\","
	"   \"loops\": [{\"line\": \"int\", \"column\": \"int\", \"loop\": \"int\", \"zero_of\": [\"int\"],"
	"     \"trips\": \"int\"}],"
	"   \"returns\": [\"int\"], \"writes\": \"obj\", \"uses\": [\"str\"], \"copies\": \"int\","
	"   \"calls\": [{\"usr\": \"str!\", \"name\": \"str!\", \"line\": \"int\", \"column\": \"int\","
	"     \"nargs\": \"int\", \"arity\": \"int\", \"discarded\": \"bool\", \"voided\": \"bool\", \"dying\": \"bool\","
	"     \"loop\": \"int\", \"zero_of\": [\"int\"], \"exits\": \"bool\","
	"     \"zero_or\": [{\"call\": \"int!\", \"when\": \"str\", \"holds\": \"bool\"}],"
	"     \"result\": {\"key\": \"str!\"},"
	"     \"flags\": [{\"key\": \"str!\", \"name\": \"str\"}],"
	"     \"unset\": [{\"key\": \"str!\", \"name\": \"str\"}],"
	"     \"args\": [{\"text\": \"str\", \"value\": \"int\", \"null\": \"bool\", \"key\": \"str\","
	"       \"fn\": \"str\", \"param\": \"int\", \"name\": \"str\", \"string\": \"str\","
	"       \"stored\": \"bool\", \"timespec_ns\": \"int\", \"timeval_ns\": \"int\"}]}],"
	"   \"icalls\": [{\"field\": \"str\", \"struct\": \"str\", \"slot\": \"str\", \"type\": \"str\","
	"     \"line\": \"int\", \"column\": \"int\", \"loop\": \"int\", \"zero_of\": [\"int\"],"
	"     \"flags\": [{\"key\": \"str!\", \"name\": \"str\"}],"
	"     \"unset\": [{\"key\": \"str!\", \"name\": \"str\"}],"
	"     \"fargs\": [{\"arg\": \"int\", \"fn\": \"str\", \"from\": \"str\"}]}],"
	"   \"forwards\": [{\"param\": \"int\", \"callee\": \"str\", \"callee_usr\": \"str\","
	"     \"arg\": \"int\", \"nargs\": \"int\", \"line\": \"int\", \"column\": \"int\"}]}],"
	" \"refs\": [{\"usr\": \"str!\", \"kind\": \"str!\", \"name\": \"str\", \"type\": \"str\","
	"   \"in\": \"str\", \"init\": \"str\", \"callee\": \"str\", \"callee_usr\": \"str\", \"field\": \"str\","
	"   \"field_name\": \"str\", \"struct\": \"str\", \"arg\": \"int\", \"nargs\": \"int\","
	"   \"line\": \"int\", \"column\": \"int\", \"signal\": \"str\"}],"
	" \"flows\": [{\"to\": \"str!\", \"fn\": \"str\", \"from\": \"str\", \"in\": \"str\","
	"   \"init\": \"str\", \"line\": \"int\", \"column\": \"int\"}],"
	" \"globals\": [{\"usr\": \"str!\", \"uses\": [\"str\"]}],"
	" \"fdmarks\": [{\"key\": \"str!\", \"blocking\": \"bool\", \"copy_of\": \"str\","
	"   \"wrapper\": \"str\", \"via\": \"str\", \"arg\": \"int\", \"fn\": \"str\", \"param\": \"int\"}],"
	" \"usemarks\": [{\"key\": \"str!\", \"use\": \"str!\"}],"
	" \"frameworks\": [\"str\"], \"includes\": [\"str\"],"
	" \"diagnostics\": [{\"file\": \"str\", \"line\": \"int\", \"column\": \"int\","
	"   \"severity\": \"str\", \"message\": \"str\"}],"
	" \"findings\": [{\"rule\": \"str!\", \"file\": \"str!\", \"line\": \"int!\", \"column\": \"int\","
	"   \"function\": \"str\", \"message\": \"str!\", \"framework\": \"str\","
	"   \"notes\": [{\"file\": \"str\", \"line\": \"int\", \"column\": \"int\", \"message\": \"str\"}]}],"
	" \"facts\": \"obj\"}";

struct first {
	char *err;
	size_t errlen;
	int seen;
};

static void first_problem(void *ud, const json_t *obj, const char *key, const char *path,
			  const char *msg, int warning)
{
	(void)obj;
	(void)key;
	struct first *f = ud;
	if (warning || f->seen++)
		return;
	snprintf(f->err, f->errlen, "%s%s%s", path, *path ? ": " : "", msg);
}

int ls_sum_check(const json_t *sum, char *err, size_t errlen)
{
	static json_t *spec;
	if (!spec) {
		json_error_t je;
		spec = json_loads(spec_text, 0, &je);
		if (!spec) { /* a bug in the text above: every test shows it */
			ls_error("summary spec: %s", je.text);
			abort();
		}
	}
	struct first f = {err, errlen, 0};
	struct ls_schema_ctx c = {.report = first_problem, .ud = &f};
	if (ls_schema_check(&c, spec, sum))
		return -1;
	if (json_integer_value(json_object_get(sum, "version")) != LS_SUMMARY_VERSION) {
		snprintf(err, errlen, "summary version %lld, this loopscope reads %d",
			 (long long)json_integer_value(json_object_get(sum, "version")),
			 LS_SUMMARY_VERSION);
		return -1;
	}
	return 0;
}

json_t *ls_sum_parse(const char *text, size_t len, char *err, size_t errlen)
{
	json_error_t je;
	json_t *j = json_loadb(text, len, 0, &je);
	if (!j)
		snprintf(err, errlen, "%d:%d: %s", je.line, je.column, je.text);
	return j;
}

json_t *ls_sum_read(const char *path, char *err, size_t errlen)
{
	json_error_t je;
	json_t *j = ls_json_load_file(path, &je);
	if (!j && je.line <= 0)
		snprintf(err, errlen, "%s", je.text);
	else if (!j)
		snprintf(err, errlen, "%d:%d: %s", je.line, je.column, je.text);
	return j;
}
