/*
 * extract.h — parse one translation unit with libclang and summarise it.
 *
 * The summary is a JSON object holding, for every function defined in the
 * TU's main file, the facts the link step and the context rules need:
 *
 *   functions[]  {usr, name, file, line, column, static, type, annotations[],
 *                 coroutine_macro?, noreturn?, tail_call?, final?,
 *                 writes?  {key: mask} its writes of global or static variables and
 *                          fields of integer type: 1 a constant 0, 2 a nonzero
 *                          constant, 4 anything else (computed, ++, op=, &)
 *                 fvals?   {field USR: [value]} its stores into integer fields
 *                          (of any struct, locals' too); a value is {k} a
 *                          constant, {param} a parameter, or {any}, with
 *                          requires (guards on parameters) and loop (true:
 *                          inside a loop statement); a local assigned only
 *                          constants stands for each of them, with the
 *                          guards of its assignment (see channel values)
 *                 calls[]  {usr, name, line, column, end_line?, nargs, arity?, discarded?, voided?,
 *                           dying?, dead?, loop?, zero_of?, zero_or?, requires?, consts?,
 *                           passes?, passes_path?, pseudo?, lvals?, cases?, flags?, unset?,
 *                           exits?, result?{key},
 *                           args?[{text, value?, null?, key?, stored?, fn?, param?, pseudo?,
 *                                  string?}]}
 *                           (args only for callees some model names; consts
 *                           {"I": value} the constant arguments of the others;
 *                           result: where the value of a call an `objects`
 *                           entry names is stored, for {result: true}),
 *                 icalls[] {field?, struct?, slot?, via?, type, line, column, loop?, zero_of?,
 *                           requires?, passes?, fargs?[{arg, fn | from}]},
 *                 forwards[] {param, callee, callee_usr, arg, nargs, line, column},
 *                 loops?[] {line, column, loop?, zero_of?, trips?}   every loop
 *                          statement; trips: at most that many iterations (a for
 *                          loop counting between constants),
 *                 returns?[] indexes into calls whose result the function
 *                            returns (integer results only),
 *                 uses?[] USRs of the file-scope variables it names that may
 *                         hold a function's address (a table of callbacks,
 *                         a pointer to one, a void *),
 *                 copies? the index of the parameter the function (returning
 *                         char *) returns a copy of: every return is NULL,
 *                         a `from` call on it (strdup) or a local only
 *                         assigned such calls}
 *                 loop: index into loops of the innermost enclosing loop
 *                 statement (for a loop: its parent); zero_of: indexes into
 *                 calls, outermost first, of the calls whose result a
 *                 surrounding if/switch tests against 0 and whose zero side
 *                 this is ("if ((pid = fork()) == 0)", "case 0:"). Which
 *                 loops are drivers and which calls fork is decided at link,
 *                 across TUs.
 *                 zero_or: [{call, when, holds}] zero sides shared with
 *                 another test: the else of `if (A && (pid = fork()) != 0)`
 *                 (or the then of `if (A || fork() == 0)`) runs where the
 *                 call returned 0 and, without it, when A (text: when)
 *                 is holds (false / true).
 *                 noreturn: the body has no return and ends in a call that
 *                 does not return; tail_call: no return, and the body ends
 *                 in a call of that USR (never returns if that one does).
 *                 end_line: where a call written over several lines ends.
 *                 final: [line, column] past which the function never
 *                 returns (its body ends in a call that does not return,
 *                 no goto jumps backward, and no return statement, or
 *                 loop holding one, ends later): what sits after that
 *                 position runs in a process that does not get back to
 *                 the caller (link.c's roles).
 *                 requires: [{param, op, k, name}] relations on parameters the
 *                 call runs under (if, ?:, && and ||; op "&": (p & k) != 0,
 *                 "!&": (p & k) == 0, for bit tests), and {param, op: "in"
 *                 | "out", ks, switch?} the value is one of ks / none of
 *                 them: `p == A || p == B` and `p != A && p != B`, and
 *                 (switch: true) the cases of a switch on a parameter it
 *                 runs under (after default: out, the labels whose
 *                 statements do not fall into it); dead: under a
 *                 relation a never-written constant local makes false, or
 *                 one on a local no store that can run makes true.
 *                 A relation on an int local whose stores are all known
 *                 (constants, parameters, under their own requires) is
 *                 the requires of the stores that can make it true: one
 *                 store's are added to requires, several go to
 *                 requires_any: [[[guard]]] each entry a disjunction of
 *                 such lists (a way), all entries holding.
 *                 passes: {"I": param} integer parameters passed on
 *                 unchanged as argument I (calls without args, icalls);
 *                 passes_path: {"I": param} string parameters passed on,
 *                 pseudo: {"I": 1} pseudo-file paths passed (calls
 *                 without args: link.c's pseudo_params);
 *                 lvals: {"I": [value]} an integer local passed as
 *                 argument I, as the values (fvals') it stands for.
 *                 cases: [{key, name, op: "in" | "out", ks}] the cases
 *                 of switches on integer fields the call runs under (as
 *                 requires' switch guards, keyed by the field's USR).
 *                 lstores: {"I": [{k? | param? name?, requires,
 *                 requires_any?, dead?}]} an int local passed as argument
 *                 I: the values of the stores that can reach the call
 *                 (neither k nor param: some other value); where the call
 *                 runs with a pointer local null, a store made before an
 *                 if / else-if chain making that pointer non-null in every
 *                 branch passes only what fails the chain's tests (extract.c,
 *                 null_narrow: an unknown value becomes the constants of
 *                 negated `!=` tests, the tests of parameters its requires).
 *                 flags / unset: [{key, name}] global or static variables
 *                 (flags: also fields) the call runs under tested nonzero /
 *                 zero (if, ?:, && and ||, and the statements after `if
 *                 (C) return;`); exits: the call's result decides a branch
 *                 that ends the process cleanly (`clean_exits`). Also on
 *                 icalls (flags, unset).
 *   refs[]       a function's address taken: {usr, name, type, in | init, line, column,
 *                 signal?, signal_value?, signal_param?, kind: "arg" (callee,
 *                 callee_usr, arg, nargs) | "field" (field, struct) | "addr"};
 *                 signal: the spelling of the signal argument when a
 *                 `callbacks` or `signal_handlers` entry with `signal` installs
 *                 it (evsignal_new(b, SIGHUP, ...)), signal_value its value
 *                 when constant, signal_param the entry's `signal_param` (the
 *                 callback's parameter that receives the signal number)
 *   flows[]      {to, fn | from, in | init, line?, column?}: a function's address (fn, a USR) or the value
 *                 of another slot (from) is stored into slot `to`. Slots name
 *                 storage of function pointers: "F:" field USR, "V:" variable
 *                 USR, "P:" function USR "#" parameter index, "R:" function
 *                 USR (its return value); an icall's slot is the one it calls
 *                 through, its fargs the function values it passes.
 *                 in: the function whose body holds the fact, line and
 *                 column where the stored value is; init: the file-scope
 *                 variable whose initializer does (refs alike).
 *   globals[]    {usr, uses[]}: file-scope variables whose initializer names
 *                 other variables that may hold code (a table of tables)
 *   fdmarks[]    {key, blocking: true|false} — sockets born blocking or made
 *                 non-blocking, keyed by the variable's or field's USR;
 *                 {key, copy_of}: an int copied from another;
 *                 {key, wrapper, param}: the function `wrapper` makes its
 *                 parameter `param` (key) non-blocking; {key, via, arg
 *                 [, fn, param]}: key passed at `arg` to the program's
 *                 function `via` (and is parameter `param` of `fn`), with
 *                 the call's consts, passes and requires. A non-blocking or
 *                 wrapper mark made under guards on the function's
 *                 parameters carries them (requires; fn: the function).
 *   objmarks[]   {key, kind | from | via} — objects a model's `objects` call made
 *                 (kind "" when none of its entries' conditions held, and when
 *                 an int field or global, or any string variable or field, gets
 *                 a value of unknown origin; from: the key of the object it was
 *                 made from, `from: N` or a copy; with only [kinds] and kind:
 *                 from that one if it is made only as those, else as kind;
 *                 via + args[]: a string assigned the result of a function of
 *                 the program, with the keys of its arguments ("" for none),
 *                 a copy of args[copies] if that function has `copies`; an
 *                 int or other pointer assigned the result of a function
 *                 of the program is from "R:" its USR, the key its returns
 *                 are marked under; pseudo_fn, pseudo_param, pseudo_kind:
 *                 the kind when that parameter of that function is a
 *                 pseudo-file path in every call), keyed alike
 *   usemarks[]   {key, use} — what calls do with objects: `object_uses`, and
 *                 "passed" to a function of the program (kept only for objects
 *                 an `objects` call of the TU makes, and ints copied from or
 *                 into one)
 *   frameworks[] model names whose headers the TU includes (from its own
 *                 files: a header a system header pulls in does not count)
 *   includes[]   every file the TU read (for the cache key)
 *   diagnostics[] errors libclang reported {file, line, column, message}
 *   findings[], facts{}  from the intraprocedural rules (analyzer/intra.h);
 *                 facts["ignored-error"]: [{call, file, line, column, checked}],
 *                 every call site of a must_check callee (analyzer/belief.h)
 *   sigvals?     {name: value} the models' operator_signals as the TU defines them
 *   tu, ok, error?
 *
 * Keys are USRs, so the link step can join summaries of different TUs.
 */
#ifndef LS_EXTRACT_H
#define LS_EXTRACT_H

#include <jansson.h>

#include "analyzer/model.h"

#define LS_SUMMARY_VERSION 27

struct ls_job {
	char *file;      /* absolute path of the main file */
	char *directory; /* working directory of the compile command */
	char **argv;     /* compiler command line, argv[0] the compiler; NULL-terminated */
	int argc;
	int exit_after;  /* the calling process exits right after: skip cleanup */
};

/* Parse and summarise. Never returns NULL: a TU that libclang could not
 * parse at all yields {"ok": false, "error": "..."}. Changes the working
 * directory to job->directory (call it in a worker process). */
json_t *ls_extract(const struct ls_job *job, struct ls_models *models);

void ls_job_free(struct ls_job *job);

#endif
