/*
 * list.c — the intraprocedural rules, in the order they run. The engine
 * never knows a rule by name: add a rule by adding its entry here.
 */
#include "analyzer/intra.h"
#include "analyzer/rules/resources.h"
#include "analyzer/rules/async_scan.h"

const struct ls_intra_rule ls_intra_rules[] = {
	/* async results and error status (async_scan.h): these four share one
	 * walk of the body, so keep them adjacent */
	{"ignored-error", ls_rule_ignored_error},
	{"unchecked-status", ls_rule_unchecked_status},
	{"missing-finish", ls_rule_missing_finish},
	{"missing-await", ls_rule_missing_await},
	/* resources (analyzer/rules/resources.h): one CFG and dataflow per function
	 * for all three */
	{"handle-leak,close-then-free,buffer-leak", ls_rule_resources},
	{NULL, NULL},
};
