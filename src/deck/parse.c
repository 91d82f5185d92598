/* parse: the deck stage takes a deck template (or a theme) and gives a
 * validated element tree (dg_node) whose nodes keep their file and line;
 * for bind, theme.c lays a theme's elements over the default look and
 * survey.c resolves the survey's folders and reads their survey.csv. This
 * file is the only one that includes libxml2's parser: XML_PARSE_NONET, no
 * DTD loading, no entity substitution, any DOCTYPE refused, size/depth/node
 * limits; then RELAX NG validation with each schema error reported at the
 * offending line, worded with what the schema allows there (parse_schema.c,
 * below this file). */
#include "deck/parse.h"

#include <libxml/parser.h>
#include <libxml/relaxng.h>
#include <libxml/tree.h>
#include <libxml/xmlerror.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "deck/parse_int.h"

typedef struct errsink {
  dg_ctx *ctx;
  const char *path;
  int count;
  xmlDocPtr schema; /* while validating: to say what is allowed */
} errsink;

/* The file a schema's include named, refused by schema_loader below: its
 * own message replaces libxml2's ("could not load …") */
static char schema_refused[512];

static void structured(void *user, xmlErrorPtr err) {
  errsink *s = user;
  if (!err || err->level < XML_ERR_ERROR || schema_refused[0])
    return;
  /* RELAX NG repeats each problem once without a line ("element x failed
   * to validate attributes"); the message with the line says more. */
  if (err->domain == XML_FROM_RELAXNGV && err->line <= 0 && err->node &&
      ((xmlNodePtr)err->node)->line > 0)
    return;
  if (s->count++ >= 20)
    return;
  char msg[1024];
  snprintf(msg, sizeof msg, "%s", err->message ? err->message : "error");
  size_t n = strlen(msg);
  while (n > 0 && (msg[n - 1] == '\n' || msg[n - 1] == ' '))
    msg[--n] = 0;
  /* libxml2 says "Element x failed to validate ..."; keep it but lower the
   * first letter to match our message style. */
  if (msg[0] >= 'A' && msg[0] <= 'Z' && !(msg[1] >= 'A' && msg[1] <= 'Z'))
    msg[0] = (char)(msg[0] - 'A' + 'a');
  if (strstr(msg, "expecting an element , got nothing") && err->node &&
      ((xmlNodePtr)err->node)->type == XML_ELEMENT_NODE)
    snprintf(msg, sizeof msg,
             "element %s is missing a required child "
             "element",
             ((xmlNodePtr)err->node)->name);
  if (s->schema && err->domain == XML_FROM_RELAXNGV && err->node)
    dg_schema_allowed(s->schema, msg, err->node, msg + strlen(msg),
                      sizeof msg - strlen(msg));
  n = strlen(msg);
  if (n > 13 && !strcmp(msg + n - 13, "child element"))
    snprintf(msg + n, sizeof msg - n, " (see deck.rng)");
  dg_error(s->ctx, (dg_pos){s->path, err->line > 0 ? err->line : 0, 0}, "%s",
           msg);
}

static void generic_silent(void *user, const char *fmt, ...) {
  (void)user;
  (void)fmt;
}

typedef struct conv {
  dg_ctx *ctx;
  dg_arena *a;
  const char *path;
  int nodes;
} conv;

static dg_node *convert(conv *c, xmlNodePtr x, int depth) {
  if (depth > DG_XML_MAX_DEPTH) {
    dg_error(c->ctx, (dg_pos){c->path, (int)xmlGetLineNo(x), 0},
             "elements nested deeper than %d levels", DG_XML_MAX_DEPTH);
    return NULL;
  }
  if (++c->nodes > DG_XML_MAX_NODES) {
    dg_error(c->ctx, (dg_pos){c->path, (int)xmlGetLineNo(x), 0},
             "more than %d elements", DG_XML_MAX_NODES);
    return NULL;
  }
  dg_node *n = dg_alloc(c->a, sizeof *n);
  n->name = dg_strdup(c->a, (const char *)x->name);
  n->pos = (dg_pos){c->path, (int)xmlGetLineNo(x), 0};
  int na = 0;
  for (xmlAttrPtr at = x->properties; at; at = at->next)
    na++;
  n->attr_name = dg_alloc_array(c->a, (size_t)na + 1, sizeof(char *));
  n->attr_value = dg_alloc_array(c->a, (size_t)na + 1, sizeof(char *));
  for (xmlAttrPtr at = x->properties; at; at = at->next) {
    xmlChar *v = xmlNodeListGetString(x->doc, at->children, 1);
    n->attr_name[n->nattrs] = dg_strdup(c->a, (const char *)at->name);
    n->attr_value[n->nattrs] = dg_strdup(c->a, v ? (const char *)v : "");
    n->nattrs++;
    xmlFree(v);
  }
  int nk = 0;
  dg_buf text = {0};
  size_t head = 0;
  for (xmlNodePtr k = x->children; k; k = k->next) {
    if (k->type == XML_ELEMENT_NODE) {
      if (nk++ == 0)
        head = text.len;
      /* a line break where it was written: the text keeps the order of
       * its words and breaks, which the kids alone do not */
      if (!strcmp((const char *)k->name, "br"))
        dg_buf_puts(&text, DG_XML_BR);
    } else if (k->type == XML_TEXT_NODE || k->type == XML_CDATA_SECTION_NODE)
      dg_buf_puts(&text, (const char *)k->content);
    else if (k->type == XML_ENTITY_REF_NODE) {
      dg_error(c->ctx, (dg_pos){c->path, (int)xmlGetLineNo(x), 0},
               "entity reference \"&%s;\" is not allowed", k->name);
      dg_buf_free(&text);
      return NULL;
    }
  }
  n->text = dg_strdup(c->a, text.data ? text.data : "");
  n->head = nk ? dg_strndup(c->a, n->text, head) : n->text;
  n->tail = "";
  dg_buf_free(&text);
  n->kids = dg_alloc_array(c->a, (size_t)nk + 1, sizeof(dg_node *));
  for (xmlNodePtr k = x->children; k; k = k->next) {
    if (k->type != XML_ELEMENT_NODE)
      continue;
    dg_node *kid = convert(c, k, depth + 1);
    if (!kid)
      return NULL;
    dg_buf tail = {0};
    for (xmlNodePtr t = k->next; t && t->type != XML_ELEMENT_NODE; t = t->next)
      if (t->type == XML_TEXT_NODE || t->type == XML_CDATA_SECTION_NODE)
        dg_buf_puts(&tail, (const char *)t->content);
    kid->tail = dg_strdup(c->a, tail.data ? tail.data : "");
    dg_buf_free(&tail);
    n->kids[n->nkids++] = kid;
  }
  return n;
}

/* The compiled schema and its enumerations, kept for the life of the
 * process: batch mode parses a theme per deck, and compiling the RELAX NG
 * grammar cost more than the rest of parsing. */
typedef struct schema_cache {
  char path[4096];
  xmlRelaxNGPtr rng;
  dg_schema_enums en;
  xmlDocPtr doc; /* the schema's own tree: what is allowed where */
} schema_cache;

static schema_cache *cache;

/* While a schema is compiled, libxml2 may load that one file and nothing
 * else: an <include href> or <externalRef> could name any file or an
 * http:// address, and the validation pass remembered in the cache covers
 * the schema's own bytes only. */
static const char *schema_only;
static xmlExternalEntityLoader schema_prev;

static xmlParserInputPtr schema_loader(const char *url, const char *id,
                                       xmlParserCtxtPtr pc) {
  if (url && schema_only && !strcmp(url, schema_only))
    return schema_prev(url, id, pc);
  if (!schema_refused[0])
    snprintf(schema_refused, sizeof schema_refused, "%s",
             url ? url : "(no name)");
  return NULL;
}

static const schema_cache *load_schema(dg_ctx *ctx, const char *schema) {
  if (cache && !strcmp(cache->path, schema))
    return cache;
  errsink ssink = {ctx, schema, 0, NULL};
  schema_prev = xmlGetExternalEntityLoader();
  schema_only = schema;
  schema_refused[0] = 0;
  xmlSetExternalEntityLoader(schema_loader);
  xmlRelaxNGParserCtxtPtr rp = xmlRelaxNGNewParserCtxt(schema);
  xmlRelaxNGSetParserStructuredErrors(rp, structured, &ssink);
  xmlRelaxNGPtr rng = xmlRelaxNGParse(rp);
  xmlRelaxNGFreeParserCtxt(rp);
  xmlSetExternalEntityLoader(schema_prev);
  if (schema_refused[0]) {
    /* reported even when libxml2 went on without the included file */
    dg_error(ctx, (dg_pos){schema, 0, 0},
             "the schema refers to \"%s\"; a deckgen schema is one file "
             "(no include or externalRef)",
             schema_refused);
    schema_refused[0] = 0;
    if (rng)
      xmlRelaxNGFree(rng);
    return NULL;
  }
  if (!rng) {
    if (ssink.count == 0)
      dg_error(ctx, (dg_pos){schema, 0, 0}, "cannot load the schema");
    return NULL;
  }
  if (!cache) {
    cache = calloc(1, sizeof *cache);
    if (!cache)
      dg_oom();
  } else {
    xmlRelaxNGFree(cache->rng);
    if (cache->doc)
      xmlFreeDoc(cache->doc);
    memset(cache, 0, sizeof *cache);
  }
  snprintf(cache->path, sizeof cache->path, "%s", schema);
  cache->rng = rng;
  xmlDocPtr sch = xmlReadFile(schema, NULL, XML_PARSE_NONET);
  if (sch) {
    dg_schema_collect_enums(xmlDocGetRootElement(sch), NULL, NULL, &cache->en);
    cache->doc = sch;
  }
  return cache;
}

void dg_parse_cleanup(void) {
  if (!cache)
    return;
  xmlRelaxNGFree(cache->rng);
  if (cache->doc)
    xmlFreeDoc(cache->doc);
  free(cache);
  cache = NULL;
}

#ifndef DG_VERSION
#define DG_VERSION "0.0"
#endif

/* Has this exact document (bytes) already passed this exact schema (bytes,
 * same libxml2 and deckgen)? Validation is a pure function of the two, and
 * it was most of the parse time, so a pass is remembered in the cache
 * under both (SHA-256, checked on read) and not repeated.
 * Fills key with the entry's inputs either way (caller frees). */
static int validated_before(const char *data, size_t len, const char *schema,
                            dg_buf *k) {
  size_t sl = 0;
  dg_ctx quiet = {0, NULL, NULL};
  FILE *devnull = fopen("/dev/null", "w");
  quiet.err = devnull;
  char *sch = devnull ? dg_read_file(&quiet, schema, 1 << 24, &sl) : NULL;
  if (devnull)
    fclose(devnull);
  /* the key covers the versions, the document and the schema */
  dg_buf_printf(k, "%s %s %zu %zu\n", DG_VERSION, LIBXML_DOTTED_VERSION, len,
                sch ? sl : strlen(schema));
  dg_buf_put(k, data, len);
  dg_buf_put(k, sch ? sch : schema, sch ? sl : strlen(schema));
  if (!sch)
    return 0;
  free(sch);
  size_t n = 0;
  char *c = dg_cache_get("valid", k->data, k->len, &n);
  int hit = c && n == 6 && !memcmp(c, "valid\n", 6);
  free(c);
  return hit;
}

dg_node *dg_parse_memory(dg_ctx *ctx, dg_arena *a, const char *path,
                         const char *data, size_t len, const char *schema) {
  errsink sink = {ctx, path, 0, NULL};
  dg_node *root = NULL;
  dg_buf vkey = {0};
  if (len > DG_XML_MAX_BYTES) {
    dg_error(ctx, (dg_pos){path, 0, 0},
             "file is larger than the limit of %u bytes", DG_XML_MAX_BYTES);
    return NULL;
  }
  if (memchr(data, 0, len)) {
    int line = 1;
    for (const char *p = data; *p; p++)
      if (*p == '\n')
        line++;
    dg_error(ctx, (dg_pos){path, line, 0}, "NUL byte in XML file");
    return NULL;
  }
  /* decks are UTF-8: a declared UTF-7 or EBCDIC would hide a DOCTYPE from
   * the byte search below, and libxml2 would decode it. A file that does
   * not open with '<' in UTF-8 (after a byte order mark and white space)
   * is refused here when its first bytes are not UTF-8 at all (UTF-16,
   * EBCDIC); other text gets libxml2's own message. */
  size_t at = len >= 3 && !memcmp(data, "\xEF\xBB\xBF", 3) ? 3 : 0;
  while (at < len && strchr(" \t\r\n", data[at]))
    at++;
  int utf8 = 1;
  for (size_t i = at, k; utf8 && i < len && i < at + 16; i += k) {
    uint32_t cp;
    int r = dg_utf8_decode(data + i, len - i, &cp);
    utf8 = r > 0;
    k = r > 0 ? (size_t)r : 1;
  }
  if (at < len && data[at] != '<' && !utf8) {
    char hex[16] = "";
    for (size_t i = 0; i < 4 && i < len; i++)
      snprintf(hex + strlen(hex), 4, "%s%02X", i ? " " : "",
               (unsigned char)data[i]);
    dg_error(ctx, (dg_pos){path, 1, 0},
             "not UTF-8 XML (the file starts with the bytes %s; decks and "
             "themes are UTF-8)",
             hex);
    return NULL;
  }
  if (len >= 5 && !memcmp(data, "<?xml", 5)) {
    const char *end = memmem(data, len, "?>", 2);
    const char *e =
        end ? memmem(data, (size_t)(end - data), "encoding", 8) : NULL;
    if (e) {
      e += 8;
      while (e < end && strchr(" \t\r\n=", *e))
        e++;
      char q = e < end ? *e : 0;
      const char *v = e + 1, *ve = q ? memchr(v, q, (size_t)(end - v)) : NULL;
      if ((q != '"' && q != '\'') || !ve || ve - v != 5 ||
          strncasecmp(v, "UTF-8", 5)) {
        int n = ve && ve - v < 40 ? (int)(ve - v) : 0;
        dg_error(ctx, (dg_pos){path, 1, 0},
                 "encoding \"%.*s\" is not accepted (decks and themes are "
                 "UTF-8)",
                 n, v);
        return NULL;
      }
    }
  }
  /* refuse any DTD before libxml2 sees it: no entities, no external
   * subsets, no expansion bombs (decks never need a DOCTYPE); the parser
   * reads the bytes as UTF-8 only, so none can hide in another encoding */
  const char *dt = memmem(data, len, "<!DOCTYPE", 9);
  if (dt) {
    int line = 1;
    for (const char *q = data; q < dt; q++)
      if (*q == '\n')
        line++;
    dg_error(ctx, (dg_pos){path, line, 0},
             "DOCTYPE declarations are not allowed in decks (no DTDs, no "
             "entities)");
    return NULL;
  }
  xmlSetGenericErrorFunc(NULL, generic_silent);
  xmlParserCtxtPtr pc = xmlNewParserCtxt();
  if (!pc)
    dg_oom();
  xmlSetStructuredErrorFunc(&sink, structured);
  int opts = XML_PARSE_NONET | XML_PARSE_BIG_LINES | XML_PARSE_NOCDATA;
  xmlDocPtr doc = xmlCtxtReadMemory(pc, data, (int)len, path, "UTF-8", opts);
  if (!doc) {
    if (sink.count == 0)
      dg_error(ctx, (dg_pos){path, 0, 0}, "not a well-formed XML document");
    goto done;
  }
  xmlNodePtr rootx = xmlDocGetRootElement(doc);
  if (!rootx) {
    dg_error(ctx, (dg_pos){path, 0, 0}, "document has no root element");
    goto done;
  }
  int valid = schema && validated_before(data, len, schema, &vkey);
  if (schema && !valid) {
    const schema_cache *sc = load_schema(ctx, schema);
    if (!sc)
      goto done;
    int nbad = dg_schema_check_enums(ctx, path, &sc->en, rootx);
    if (!strcmp((const char *)rootx->name, "deck")) {
      int slides = 0;
      for (xmlNodePtr k = rootx->children; k; k = k->next)
        slides += k->type == XML_ELEMENT_NODE &&
                  !strcmp((const char *)k->name, "slide");
      if (!slides) {
        dg_error(ctx, (dg_pos){path, (int)xmlGetLineNo(rootx), 0},
                 "deck has no <slide> (expected at least one)");
        nbad++;
      }
    }
    if (nbad)
      goto done;
    xmlRelaxNGValidCtxtPtr vc = xmlRelaxNGNewValidCtxt(sc->rng);
    xmlRelaxNGSetValidStructuredErrors(vc, structured, &sink);
    sink.schema = sc->doc;
    int bad = xmlRelaxNGValidateDoc(vc, doc);
    sink.schema = NULL;
    xmlRelaxNGFreeValidCtxt(vc);
    if (bad != 0) {
      if (sink.count == 0)
        dg_error(ctx, (dg_pos){path, 0, 0}, "document does not match %s",
                 schema);
      goto done;
    }
    dg_cache_put("valid", vkey.data, vkey.len, "valid\n", 6);
  }
  conv c = {ctx, a, dg_strdup(a, path), 0};
  root = convert(&c, rootx, 0);
done:
  dg_buf_free(&vkey);
  xmlSetStructuredErrorFunc(NULL, NULL);
  if (doc)
    xmlFreeDoc(doc);
  xmlFreeParserCtxt(pc);
  return root;
}

dg_node *dg_parse_file(dg_ctx *ctx, dg_arena *a, const char *path,
                       const char *schema) {
  size_t len;
  char *data = dg_read_file(ctx, path, DG_XML_MAX_BYTES, &len);
  if (!data)
    return NULL;
  dg_node *n = dg_parse_memory(ctx, a, path, data, len, schema);
  free(data);
  return n;
}

const char *dg_node_attr(const dg_node *n, const char *name) {
  for (int i = 0; i < n->nattrs; i++)
    if (strcmp(n->attr_name[i], name) == 0)
      return n->attr_value[i];
  return NULL;
}
