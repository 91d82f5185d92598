/* parse: first stage. Reads a deck (and its theme) with libxml2, refuses
 * DTDs and network access, validates against the RELAX NG schema shipped
 * beside the templates, and returns a plain element tree whose nodes keep
 * their file and line. No libxml2 type leaves this module. */
#ifndef DG_PARSE_H
#define DG_PARSE_H

#include "base/util.h"

typedef struct dg_node {
  const char *name;
  dg_pos pos;
  int nattrs;
  const char **attr_name;
  const char **attr_value;
  /* text content of the element (children's excluded), with DG_XML_BR
   * where a <br/> child stands */
  const char *text;
  /* the same text in its place among the children, for mixed content
   * (<p>a<b>b</b>c</p>): head is the text before the first child element,
   * each child's tail the text after it up to the next one */
  const char *head, *tail;
  struct dg_node **kids;
  int nkids;
} dg_node;

/* U+2028 LINE SEPARATOR: a <br/> in an element's text, which source
 * whitespace folding keeps (bind turns it into a line break) */
#define DG_XML_BR "\xE2\x80\xA8"

#define DG_XML_MAX_BYTES (8u << 20)
#define DG_XML_MAX_DEPTH 32
#define DG_XML_MAX_NODES 100000

/* Parses the XML file at path, validates it against schema (a .rng file;
 * NULL skips validation) and converts it. Returns the root node (arena) or
 * NULL after reporting errors as "file:line: error: ...". */
dg_node *dg_parse_file(dg_ctx *ctx, dg_arena *a, const char *path,
                       const char *schema);

/* Same from memory; `path` is used for messages. */
dg_node *dg_parse_memory(dg_ctx *ctx, dg_arena *a, const char *path,
                         const char *data, size_t len, const char *schema);

/* Frees the schema kept between parses (call before exiting). */
void dg_parse_cleanup(void);

/* Attribute value or NULL. */
const char *dg_node_attr(const dg_node *n, const char *name);

#endif
