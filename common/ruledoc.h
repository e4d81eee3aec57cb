/*
 * ruledoc.h — the rule catalog rendered for people and scripts, behind
 * `loopscope rules` and `loopscope explain` (common/ruledoc.c).
 */
#ifndef LS_COMMON_RULEDOC_H
#define LS_COMMON_RULEDOC_H

/* Every rule on stdout: format "text" (id, default severity, summary),
 * "json" (every rule object in full) or "man" (loopscope-rules(7) in
 * mdoc). The caller has checked format. Returns the exit status: 0, or 2
 * after printing why (the catalog cannot be loaded, stdout cannot be
 * written). */
int ls_rules_print(const char *format);

/* Everything the catalog says about each of rules[0..n) on stdout, only
 * framework's fix and examples when framework is not NULL. An unknown
 * rule (with the closest id as a suggestion) or framework is a one-line
 * error and nothing is printed. Returns the exit status: 0 or 2. */
int ls_explain(const char *const *rules, int n, const char *framework);

#endif
