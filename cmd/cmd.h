/*
 * cmd.h — the subcommands. Each lives in cmd/NAME.c and exports
 * int cmd_NAME(int argc, char **argv), where argv[0] is the subcommand's
 * name. The return value is the process exit status:
 *   0  nothing at or above the failure level / success
 *   1  findings (check, link) or stalls found with --fail-on (attach)
 *   2  usage error, or nothing could be analyzed / attached
 */
#ifndef LS_CMD_H
#define LS_CMD_H

#include "common/util.h" /* LS_VERSION */

int cmd_check(int argc, char **argv);
int cmd_link(int argc, char **argv);
int cmd_attach(int argc, char **argv);
int cmd_run(int argc, char **argv);
int cmd_dump(int argc, char **argv);
int cmd_rules(int argc, char **argv);
int cmd_explain(int argc, char **argv);

#endif
