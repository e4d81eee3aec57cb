/*
 * group.h — one finding per root problem.
 *
 * A function that writes a file on the loop thread calls fopen, fwrite
 * and fclose; each call is a finding of blocking-file-io, but the fix is
 * one: move that function's I/O off the loop thread (or make it
 * asynchronous), whichever callback reaches it. So the sites of a rule
 * whose catalog entry has a `group_message` are reported as one finding
 * per enclosing function (and per severity and demotion reason: a note is
 * never merged with a warning). Rules without it (handle-leak per
 * resource, ignored-error and missing-await per call, ...) keep one
 * finding per site: each of those sites is its own fix.
 *
 * The group's location is its first site in source order (all sites share
 * the rule and the severity, so none is more severe); its chain and notes
 * are that site's. Every finding, grouped or not, carries "sites": the
 * member sites in source order, the first being the finding's own
 * location, each with file, line, column, call (when known), message and
 * its own fingerprint. A grouped finding's "fingerprint" hashes rule,
 * file, function, severity and demotion reason only, so it stays the same
 * when sites are added to or removed from the function, or anywhere else;
 * "group" names what the sites were grouped by ("function").
 *
 * Suppressions, exclusions, --rules and the baseline act on sites before
 * grouping (a suppression comment silences the site on its line; a
 * baseline records and absorbs sites), so they mean the same with and
 * without grouping.
 */
#ifndef LS_GROUP_H
#define LS_GROUP_H

#include <jansson.h>

#include "common/catalog.h"

/* The findings (sorted by ls_findings_sort, each with "fingerprint") as
 * the report shows them: grouped as above, or one per site when
 * each_site is set (then each finding's "sites" holds itself). A new
 * array of new objects; the input is not changed. */
json_t *ls_group_findings(const json_t *findings, const struct ls_catalog *cat, int each_site);

/* The number of sites of findings made by ls_group_findings. */
size_t ls_group_count_sites(const json_t *findings);

#endif
