/* pdfmeta: the PDF's document information — the Info dictionary and the
 * same title, author, subject, keywords, tools and dates said again in an
 * XMP packet, as PDF/UA-1 requires (dc:title, pdfuaid:part; Matterhorn
 * 06-001..003) and PDF/A-style validators compare with Info. The XMP is
 * written with libxml2's xmlTextWriter, which escapes every value. */
#include "render/pdf/pdf_int.h"

#include <libxml/xmlwriter.h>
#include <string.h>
#include <time.h>

#define NS_X "adobe:ns:meta/"
#define NS_RDF "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
#define NS_DC "http://purl.org/dc/elements/1.1/"
#define NS_PDF "http://ns.adobe.com/pdf/1.3/"
#define NS_XMP "http://ns.adobe.com/xap/1.0/"
#define NS_UA "http://www.aiim.org/pdfua/ns/id/"

typedef const xmlChar *X;

/* <prefix:name>value</prefix:name>, the namespace declared above */
static int simple(xmlTextWriterPtr w, const char *prefix, const char *name,
                  const char *value) {
  return xmlTextWriterWriteElementNS(w, (X)prefix, (X)name, NULL, (X)value);
}

/* <prefix:name><rdf:kind><rdf:li [xml:lang]>value</rdf:li></rdf:kind>... */
static int array(xmlTextWriterPtr w, const char *prefix, const char *name,
                 const char *kind, const char *lang, const char *value) {
  int rc = 0;
  rc |= xmlTextWriterStartElementNS(w, (X)prefix, (X)name, NULL) < 0;
  rc |= xmlTextWriterStartElementNS(w, (X) "rdf", (X)kind, NULL) < 0;
  rc |= xmlTextWriterStartElementNS(w, (X) "rdf", (X) "li", NULL) < 0;
  if (lang)
    rc |= xmlTextWriterWriteAttribute(w, (X) "xml:lang", (X)lang) < 0;
  rc |= xmlTextWriterWriteString(w, (X)value) < 0;
  rc |= xmlTextWriterEndElement(w) < 0;
  rc |= xmlTextWriterEndElement(w) < 0;
  rc |= xmlTextWriterEndElement(w) < 0;
  return rc ? -1 : 0;
}

/* The XMP packet for m, appended to out. Returns 0, or -1 if libxml2
 * failed. */
static int xmp(const pw_meta *m, dg_buf *out) {
  char date[32];
  time_t t = (time_t)m->epoch;
  struct tm tm;
  gmtime_r(&t, &tm);
  /* the same instant as the Info dictionary's D:YYYYMMDDHHmmSSZ */
  strftime(date, sizeof date, "%Y-%m-%dT%H:%M:%SZ", &tm);
  xmlBufferPtr buf = xmlBufferCreate();
  if (!buf)
    return -1;
  xmlTextWriterPtr w = xmlNewTextWriterMemory(buf, 0);
  if (!w) {
    xmlBufferFree(buf);
    return -1;
  }
  int rc = 0;
  /* the packet header: U+FEFF marks the encoding (UTF-8) */
  rc |= xmlTextWriterWritePI(w, (X) "xpacket",
                             (X) "begin=\"\xEF\xBB\xBF\" "
                                 "id=\"W5M0MpCehiHzreSzNTczkc9d\"") < 0;
  rc |= xmlTextWriterWriteRaw(w, (X) "\n") < 0;
  rc |= xmlTextWriterStartElementNS(w, (X) "x", (X) "xmpmeta", (X)NS_X) < 0;
  rc |= xmlTextWriterStartElementNS(w, (X) "rdf", (X) "RDF", (X)NS_RDF) < 0;
  rc |= xmlTextWriterStartElementNS(w, (X) "rdf", (X) "Description", NULL) < 0;
  rc |= xmlTextWriterWriteAttributeNS(w, (X) "rdf", (X) "about", NULL, (X) "") <
        0;
  static const char *const ns[][2] = {
      {"dc", NS_DC}, {"pdf", NS_PDF}, {"xmp", NS_XMP}, {"pdfuaid", NS_UA}};
  for (size_t i = 0; i < sizeof ns / sizeof *ns; i++)
    rc |= xmlTextWriterWriteAttributeNS(w, (X) "xmlns", (X)ns[i][0], NULL,
                                        (X)ns[i][1]) < 0;
  rc |= simple(w, "dc", "format", "application/pdf") < 0;
  rc |= array(w, "dc", "title", "Alt", "x-default", m->title);
  if (m->author)
    rc |= array(w, "dc", "creator", "Seq", NULL, m->author);
  if (m->subject)
    rc |= array(w, "dc", "description", "Alt", "x-default", m->subject);
  if (m->lang)
    rc |= array(w, "dc", "language", "Bag", NULL, m->lang);
  if (m->keywords)
    rc |= simple(w, "pdf", "Keywords", m->keywords) < 0;
  rc |= simple(w, "pdf", "Producer", m->producer) < 0;
  rc |= simple(w, "xmp", "CreatorTool", m->creator) < 0;
  rc |= simple(w, "xmp", "CreateDate", date) < 0;
  rc |= simple(w, "xmp", "ModifyDate", date) < 0;
  rc |= simple(w, "xmp", "MetadataDate", date) < 0;
  rc |= simple(w, "pdfuaid", "part", "1") < 0; /* PDF/UA-1 */
  rc |= xmlTextWriterEndElement(w) < 0;        /* rdf:Description */
  rc |= xmlTextWriterEndElement(w) < 0;        /* rdf:RDF */
  rc |= xmlTextWriterEndElement(w) < 0;        /* x:xmpmeta */
  rc |= xmlTextWriterWriteRaw(w, (X) "\n") < 0;
  /* read-only packet: no padding for in-place edits */
  rc |= xmlTextWriterWritePI(w, (X) "xpacket", (X) "end=\"r\"") < 0;
  rc |= xmlTextWriterFlush(w) < 0;
  xmlFreeTextWriter(w);
  if (!rc) {
    dg_buf_put(out, (const char *)xmlBufferContent(buf),
               (size_t)xmlBufferLength(buf));
    dg_buf_puts(out, "\n");
  }
  xmlBufferFree(buf);
  return rc ? -1 : 0;
}

static void info_entry(dg_buf *b, const char *key, const char *v) {
  if (!v)
    return;
  dg_buf_printf(b, " /%s ", key);
  pw_text_string(b, v);
}

int pw_write_meta(pdf *p, int info_obj, const pw_meta *m) {
  dg_buf x = {0};
  if (xmp(m, &x)) {
    dg_buf_free(&x);
    return -1;
  }
  char date[40];
  time_t t = (time_t)m->epoch;
  struct tm tm;
  gmtime_r(&t, &tm);
  strftime(date, sizeof date, "D:%Y%m%d%H%M%SZ", &tm);
  pw_begin_obj(p, info_obj);
  dg_buf_puts(&p->b, "<<");
  info_entry(&p->b, "Title", m->title);
  info_entry(&p->b, "Author", m->author);
  info_entry(&p->b, "Subject", m->subject);
  info_entry(&p->b, "Keywords", m->keywords);
  info_entry(&p->b, "Creator", m->creator);
  info_entry(&p->b, "Producer", m->producer);
  dg_buf_printf(&p->b, " /CreationDate (%s) /ModDate (%s) >>\nendobj\n", date,
                date);
  /* uncompressed, so that any tool can read it */
  int n = pw_new_obj(p);
  pw_begin_obj(p, n);
  dg_buf_printf(&p->b,
                "<< /Type /Metadata /Subtype /XML /Length %zu >>\nstream\n",
                x.len);
  dg_buf_put(&p->b, x.data, x.len);
  dg_buf_puts(&p->b, "\nendstream\nendobj\n");
  dg_buf_free(&x);
  return n;
}
