/* parse_int: what parse.c shares with parse_schema.c below it, in
 * libxml2's types; no other file includes this header, so no libxml2 type
 * leaves the two. */
#ifndef DG_PARSE_INT_H
#define DG_PARSE_INT_H

#include <libxml/tree.h>
#include <stddef.h>

#include "deck/parse.h"

/* The schema's enumerated attributes: element, attribute and the allowed
 * values joined with ", ", read once from the .rng file. */
typedef struct dg_schema_enum {
  char elem[64], attr[64], values[512];
} dg_schema_enum;

typedef struct dg_schema_enums {
  dg_schema_enum v[64];
  int n;
} dg_schema_enums;

/* Appends to out (n bytes left) what schema sch allows where libxml2's
 * message msg about document node x points: the content of the element
 * that holds an unexpected element, or the attributes of the element
 * given an unknown one. Appends nothing for other messages. */
void dg_schema_allowed(xmlDocPtr sch, const char *msg, xmlNodePtr x, char *out,
                       size_t n);

/* Walks the schema from n: <element name> sets the element, <attribute
 * name> inside it the attribute, and each <value> below both is allowed;
 * adds them to out (at most 64 attributes, the rest left out). */
void dg_schema_collect_enums(xmlNodePtr n, const char *elem, const char *attr,
                             dg_schema_enums *out);

/* Before RELAX NG's terse messages, names the allowed values of any
 * enumerated attribute of x, its siblings after it and their elements
 * that has another value, as an error of file path. Returns the errors
 * found. */
int dg_schema_check_enums(dg_ctx *ctx, const char *path,
                          const dg_schema_enums *en, xmlNodePtr x);

#endif
