/*
 * fuzz_yaml.c — the YAML loader (common/yamldoc.c) and the two readers on
 * top of it: the input is read as a document, as a .loopscope.yml and as
 * an extra framework model (--model), and a model that loads is then put
 * to use as check and attach would: indexed (analyzer/model.c), queried
 * for every call it names with its conditions evaluated, and read by the
 * sampler's loop detection (sampler/loopdetect.c).
 */
#include "tests/fuzz/fuzz.h"

#include "analyzer/config.h"
#include "analyzer/model.h"
#include "common/catalog.h"
#include "common/yamldoc.h"
#include "sampler/loopdetect.h"

static struct ls_catalog cat;
static json_t *call_obj;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	fuzz_quiet();
	fuzz_load_catalog(&cat);
	/* a call as the extractor records it: literal, NULL and an fd */
	call_obj = json_pack("{s:s, s:i, s:[{s:s, s:i}, {s:s, s:b}, {s:s, s:s}, {s:s}]}", "name",
			     "f", "nargs", 4, "args", "text", "0", "value", 0, "text", "NULL", "null",
			     1, "text", "fd", "key", "fd", "text", "\"x\"");
	return 0;
}

static int known(void *ud, const char *key)
{
	return key && key[0] == 'f';
}

/* Use a model as the analyzer and the sampler do. */
static void use_model(const json_t *model)
{
	struct ls_models m;
	ls_models_init(&m, &cat);
	struct ls_fdstate fd = {.is_blocking = known, .is_nonblocking = known};
	const char *section;
	json_t *entries;
	json_object_foreach((json_t *)model, section, entries) {
		size_t i;
		json_t *e;
		if (!json_is_array(entries))
			continue;
		json_array_foreach(entries, i, e) {
			const char *name = json_string_value(json_object_get(e, "call"));
			if (!name)
				continue;
			json_object_set_new(call_obj, "name", json_string(name));
			struct ls_model_match *hits = NULL;
			size_t n = ls_models_lookup(&m, section, name, &hits);
			for (size_t k = 0; k < n; k++)
				ls_model_conditions_hold(hits[k].entry, call_obj, &fd);
			free(hits);
			ls_models_interesting(&m, name);
			json_t *arg = json_object_get(e, "arg");
			if (json_is_integer(arg))
				ls_model_arg(json_integer_value(arg), 4);
		}
	}
	size_t next = 0;
	while (ls_models_header_model(&m, "x/uv.h", &next))
		;
	ls_models_free(&m);
	struct ls_loop_model lm;
	ls_loop_model_load(&lm, cat.models);
	ls_loop_model_free(&lm);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char err[512];
	json_decref(ls_yaml_load_string((const char *)data, size, "fuzz.yml", 0, err, sizeof err));

	const char *path = fuzz_file(".loopscope.yml", data, size);
	char *text = fuzz_str(data, size); /* NUL-terminated, as a file read is */
	struct ls_conf conf;
	if (ls_conf_load_string(&conf, path, text, size) == 0 && conf.severity) {
		struct ls_catalog copy = {.rules = json_deep_copy(cat.rules)};
		ls_conf_apply_severity(&conf, &copy);
		json_decref(copy.rules);
	}
	ls_conf_free(&conf);
	free(text);

	size_t before = json_array_size(cat.models);
	char *digest = ls_xstrdup(cat.models_digest);
	if (ls_catalog_add_model(&cat, path) == 0)
		use_model(json_array_get(cat.models, before));
	while (json_array_size(cat.models) > before)
		json_array_remove(cat.models, before);
	free(cat.models_digest);
	cat.models_digest = digest;
	return 0;
}
