/* parse_schema: the schema's own tree read for messages, below parse.c.
 * libxml2's RELAX NG messages name what is wrong, not what would be right
 * ("did not expect element text there"); the schema says what an element
 * holds, in order, which attributes it takes and which values they allow. */
#include "deck/parse_int.h"

#include <stdio.h>
#include <string.h>

static int is(xmlNodePtr n, const char *name) {
  return n->type == XML_ELEMENT_NODE && !strcmp((const char *)n->name, name);
}

/* The <define> a <ref> names, or NULL. */
static xmlNodePtr define_of(xmlDocPtr sch, xmlNodePtr ref) {
  xmlChar *name = xmlGetProp(ref, (const xmlChar *)"name");
  xmlNodePtr hit = NULL;
  for (xmlNodePtr k = xmlDocGetRootElement(sch)->children; name && k && !hit;
       k = k->next)
    if (is(k, "define")) {
      xmlChar *dn = xmlGetProp(k, (const xmlChar *)"name");
      if (dn && !xmlStrcmp(dn, name))
        hit = k;
      xmlFree(dn);
    }
  xmlFree(name);
  return hit;
}

/* The name of the nearest <element> around schema node n, or "". */
static const char *enclosing(xmlNodePtr n) {
  for (n = n->parent; n && n->type == XML_ELEMENT_NODE; n = n->parent)
    if (is(n, "element")) {
      xmlAttrPtr a = xmlHasProp(n, (const xmlChar *)"name");
      return a && a->children ? (const char *)a->children->content : "";
    }
  return "";
}

/* Each <element name> of the schema that can stand for document element x:
 * one written inside the definition of x's parent, else one defined on its
 * own (a <define>), else any. Up to max. */
static int definitions(xmlNodePtr n, xmlNodePtr x, int pass, xmlNodePtr *out,
                       int k, int max) {
  for (; n && k < max; n = n->next) {
    if (n->type != XML_ELEMENT_NODE)
      continue;
    if (is(n, "element")) {
      xmlChar *nm = xmlGetProp(n, (const xmlChar *)"name");
      const char *enc = enclosing(n);
      const char *parent = x->parent && x->parent->type == XML_ELEMENT_NODE
                               ? (const char *)x->parent->name
                               : "";
      if (nm && !xmlStrcmp(nm, x->name) &&
          (pass == 2 || (pass == 0 && !strcmp(enc, parent)) ||
           (pass == 1 && !*enc)))
        out[k++] = n;
      xmlFree(nm);
    }
    k = definitions(n->children, x, pass, out, k, max);
  }
  return k;
}

static int add_word(dg_buf *b, const char *w) {
  /* once each: the same element may appear in two branches */
  if (b->data) {
    const char *p = b->data;
    size_t n = strlen(w);
    while ((p = strstr(p, w))) {
      if ((p == b->data || p[-1] == ' ') && (p[n] == ',' || p[n] == 0))
        return 0;
      p += n;
    }
  }
  dg_buf_printf(b, "%s%s", b->len ? ", " : "", w);
  return 1;
}

/* The attributes of pattern n (not those of the elements inside it); a
 * required one says so. */
static void attributes(xmlDocPtr sch, xmlNodePtr n, dg_buf *b, int opt,
                       int depth) {
  for (; n && depth < 16; n = n->next) {
    if (n->type != XML_ELEMENT_NODE || is(n, "element"))
      continue;
    if (is(n, "attribute")) {
      xmlChar *nm = xmlGetProp(n, (const xmlChar *)"name");
      char w[160];
      snprintf(w, sizeof w, "%s%s", nm ? (const char *)nm : "?",
               opt ? "" : " (required)");
      add_word(b, w);
      xmlFree(nm);
    } else if (is(n, "ref")) {
      xmlNodePtr d = define_of(sch, n);
      if (d)
        attributes(sch, d->children, b, opt, depth + 1);
    } else
      attributes(sch, n->children, b,
                 opt || is(n, "optional") || is(n, "choice") ||
                     is(n, "zeroOrMore"),
                 depth + 1);
  }
}

static void model(xmlDocPtr sch, xmlNodePtr n, dg_buf *b, int depth);

/* The elements a choice offers, "<a>, <b> or <c>", in b. */
static void choices(xmlDocPtr sch, xmlNodePtr n, dg_buf *b, int depth) {
  for (; n && depth < 16; n = n->next) {
    if (n->type != XML_ELEMENT_NODE || is(n, "attribute"))
      continue;
    if (is(n, "element")) {
      xmlChar *nm = xmlGetProp(n, (const xmlChar *)"name");
      char w[128];
      snprintf(w, sizeof w, "<%s>", nm ? (const char *)nm : "?");
      add_word(b, w);
      xmlFree(nm);
    } else if (is(n, "ref")) {
      xmlNodePtr d = define_of(sch, n);
      if (d)
        choices(sch, d->children, b, depth + 1);
    } else if (is(n, "text"))
      add_word(b, "text");
    else
      choices(sch, n->children, b, depth + 1);
  }
}

/* "<title>, then any number of <let>, <lead> or <text>": the content of
 * pattern n in order, into b. */
static void model(xmlDocPtr sch, xmlNodePtr n, dg_buf *b, int depth) {
  for (; n && depth < 16; n = n->next) {
    if (n->type != XML_ELEMENT_NODE || is(n, "attribute"))
      continue;
    dg_buf part = {0};
    if (is(n, "ref")) {
      xmlNodePtr d = define_of(sch, n);
      if (d)
        model(sch, d->children, &part, depth + 1);
    } else if (is(n, "group"))
      model(sch, n->children, &part, depth + 1);
    else if (is(n, "choice"))
      choices(sch, n->children, &part, depth + 1);
    else if (is(n, "element") || is(n, "text")) {
      xmlNodePtr next = n->next; /* this one only */
      n->next = NULL;
      choices(sch, n, &part, depth + 1);
      n->next = next;
    } else {
      dg_buf in = {0};
      choices(sch, n->children, &in, depth + 1);
      const char *how = is(n, "optional")     ? "optionally "
                        : is(n, "zeroOrMore") ? "any number of "
                        : is(n, "oneOrMore")  ? "one or more of "
                        : is(n, "mixed")      ? "text and any number of "
                                              : "in any order ";
      if (in.data)
        dg_buf_printf(&part, "%s%s", how, in.data);
      dg_buf_free(&in);
    }
    if (part.data && *part.data) {
      /* "a, b or c" reads better than "a, b, c" for one of several */
      char *last = strrchr(part.data, ',');
      if (last && !is(n, "group") && !is(n, "ref")) {
        dg_buf t = {0};
        dg_buf_put(&t, part.data, (size_t)(last - part.data));
        dg_buf_printf(&t, " or%s", last + 1);
        dg_buf_free(&part);
        part = t;
      }
      dg_buf_printf(b, "%s%s", b->len ? ", then " : "", part.data);
    }
    dg_buf_free(&part);
  }
}

/* Appends to out (n bytes left) what the schema allows where libxml2's
 * message msg about document node x points: the content of the element
 * that holds an unexpected element, or the attributes of the element
 * given an unknown one. */
void dg_schema_allowed(xmlDocPtr sch, const char *msg, xmlNodePtr x, char *out,
                       size_t n) {
  if (x->type != XML_ELEMENT_NODE)
    return;
  int attr = strstr(msg, "invalid attribute") != NULL ||
             strstr(msg, "failed to validate attributes") != NULL;
  int own = strstr(msg, "missing a required child") != NULL;
  if (!attr && !own && !strstr(msg, "did not expect element") &&
      !strstr(msg, "has extra content") && !strstr(msg, "xpecting element"))
    return;
  xmlNodePtr holder = x;
  const char *extra = strstr(msg, "has extra content: ");
  if (!attr && !own && x->parent && x->parent->type == XML_ELEMENT_NODE &&
      (!extra || !strcmp(extra + 19, (const char *)x->name)))
    holder = x->parent;
  xmlNodePtr defs[8];
  int k = 0;
  for (int pass = 0; pass < 3 && k == 0; pass++)
    k = definitions(xmlDocGetRootElement(sch), holder, pass, defs, 0, 8);
  dg_buf b = {0};
  for (int i = 0; i < k; i++) {
    dg_buf one = {0};
    if (attr)
      attributes(sch, defs[i]->children, &one, 0, 0);
    else
      model(sch, defs[i]->children, &one, 0);
    if (one.data && !(b.data && strstr(b.data, one.data)))
      dg_buf_printf(&b, "%s%s", b.len ? "; or " : "", one.data);
    dg_buf_free(&one);
  }
  if (b.data)
    snprintf(out, n, attr ? " (<%s> takes %s)" : " (<%s> holds %s)",
             (const char *)holder->name, b.data);
  else if (!attr && k)
    snprintf(out, n, " (<%s> holds no elements)", (const char *)holder->name);
  dg_buf_free(&b);
}

static void add_value(dg_schema_enums *out, const char *elem, const char *attr,
                      const char *value) {
  dg_schema_enum *ea = NULL;
  for (int i = 0; i < out->n && !ea; i++)
    if (!strcmp(out->v[i].elem, elem) && !strcmp(out->v[i].attr, attr))
      ea = &out->v[i];
  if (!ea) {
    if (out->n == 64)
      return;
    ea = &out->v[out->n++];
    snprintf(ea->elem, sizeof ea->elem, "%s", elem);
    snprintf(ea->attr, sizeof ea->attr, "%s", attr);
    ea->values[0] = 0;
  }
  size_t used = strlen(ea->values);
  snprintf(ea->values + used, sizeof ea->values - used, "%s%s",
           used ? ", " : "", value);
}

/* Walks the schema: <element name> sets the element, <attribute name>
 * inside it the attribute, and each <value> below both is allowed. */
void dg_schema_collect_enums(xmlNodePtr n, const char *elem, const char *attr,
                             dg_schema_enums *out) {
  for (xmlNodePtr k = n; k; k = k->next) {
    if (k->type != XML_ELEMENT_NODE)
      continue;
    const char *nm = (const char *)k->name;
    xmlChar *name = NULL;
    const char *e = elem, *a = attr;
    if (!strcmp(nm, "element")) {
      name = xmlGetProp(k, (const xmlChar *)"name");
      e = (const char *)name;
      a = NULL;
    } else if (!strcmp(nm, "attribute") && elem) {
      name = xmlGetProp(k, (const xmlChar *)"name");
      a = (const char *)name;
    } else if (!strcmp(nm, "value") && elem && attr) {
      xmlChar *v = xmlNodeGetContent(k);
      add_value(out, elem, attr, v ? (const char *)v : "");
      xmlFree(v);
    }
    dg_schema_collect_enums(k->children, e, a, out);
    xmlFree(name);
  }
}

/* Before RELAX NG's terse messages, name the allowed values of any
 * enumerated attribute that has another value. Returns the errors found. */
int dg_schema_check_enums(dg_ctx *ctx, const char *path,
                          const dg_schema_enums *en, xmlNodePtr x) {
  int bad = 0;
  for (; x; x = x->next) {
    if (x->type != XML_ELEMENT_NODE)
      continue;
    for (xmlAttrPtr at = x->properties; at; at = at->next) {
      const dg_schema_enum *ea = NULL;
      for (int i = 0; i < en->n && !ea; i++)
        if (!strcmp(en->v[i].elem, (const char *)x->name) &&
            !strcmp(en->v[i].attr, (const char *)at->name))
          ea = &en->v[i];
      if (!ea)
        continue;
      xmlChar *v = xmlNodeListGetString(x->doc, at->children, 1);
      char pat[600], val[512];
      snprintf(pat, sizeof pat, ", %s, ", ea->values);
      snprintf(val, sizeof val, ", %s, ", v ? (const char *)v : "");
      if (!strstr(pat, val)) {
        dg_error(ctx, (dg_pos){path, (int)xmlGetLineNo(x), 0},
                 "unknown %s %s \"%s\" (expected %s)", x->name, at->name,
                 v ? (const char *)v : "", ea->values);
        bad++;
      }
      xmlFree(v);
    }
    bad += dg_schema_check_enums(ctx, path, en, x->children);
  }
  return bad;
}
