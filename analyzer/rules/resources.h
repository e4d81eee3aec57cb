/*
 * resources.h — the resource rules handle-leak, close-then-free and
 * buffer-leak (one CFG and dataflow per function serves all three; the
 * analysis is analyzer/resource.h, the wording analyzer/rules/resources.c).
 */
#ifndef LS_RULES_RESOURCES_H
#define LS_RULES_RESOURCES_H

#include "analyzer/intra.h"

void ls_rule_resources(struct ls_intra *in, CXCursor fn, const char *name, const char *usr);

#endif
