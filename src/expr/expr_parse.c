/* exprparse: tokenizer and recursive-descent parser of the deck's
 * expressions (the bind stage evaluates them in expr.c). Grammar, lowest
 * precedence first:
 *   or: and ('or' and)*      and: not ('and' not)*     not: 'not' not | cmp
 *   cmp: add (('='|'!='|'<'|'<='|'>'|'>=') add)?
 *   add: mul (('+'|'-') mul)*   mul: unary (('*'|'/') unary)*
 *   unary: '-' unary | post     post: primary ('[' or (',' or)* ']' | 'where'
 * or)? primary: number | 'text' | name '(' args ')' | table '.' column | name |
 * '(' or ')'
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "expr/expr_int.h"

enum { T_END, T_NUM, T_STR, T_NAME, T_OP };

typedef struct lexer {
  dg_ctx *ctx;
  dg_arena *a;
  dg_pos pos;
  const char *src, *p;
  int tok, off, depth;
  char op[3];
  char *text;
  dg_num num;
  int failed;
} lexer;

/* 1-based column in characters (not bytes) of byte offset off in src. */
int ex_char_col(const char *src, int off) {
  int col = 1;
  for (int i = 0; i < off && src[i]; i++)
    if (((unsigned char)src[i] & 0xC0) != 0x80)
      col++;
  return col;
}

static void perr(lexer *L, int off, const char *fmt, const char *arg) {
  if (L->failed)
    return;
  L->failed = 1;
  char msg[256];
  snprintf(msg, sizeof msg, fmt, arg ? arg : "");
  dg_error(L->ctx, L->pos, "%s in expression {%s} at column %d", msg, L->src,
           ex_char_col(L->src, off));
}

static void next(lexer *L) {
  while (*L->p == ' ' || *L->p == '\t' || *L->p == '\n' || *L->p == '\r')
    L->p++;
  L->off = (int)(L->p - L->src);
  char c = *L->p;
  if (!c) {
    L->tok = T_END;
    return;
  }
  if (isdigit((unsigned char)c)) {
    const char *s = L->p;
    while (isdigit((unsigned char)*L->p) || *L->p == '.')
      L->p++;
    char *t = dg_strndup(L->a, s, (size_t)(L->p - s));
    if (dg_num_parse(t, &L->num) != 0)
      perr(L, L->off, "bad number \"%s\"", t);
    L->tok = T_NUM;
    return;
  }
  if (c == '\'' || c == '"') {
    const char *s = ++L->p;
    while (*L->p && *L->p != c)
      L->p++;
    if (!*L->p) {
      perr(L, L->off, "unterminated string (expected %s)",
           c == '\'' ? "'" : "\"");
      L->tok = T_END;
      return;
    }
    L->text = dg_strndup(L->a, s, (size_t)(L->p - s));
    L->p++;
    L->tok = T_STR;
    return;
  }
  if (isalpha((unsigned char)c) || c == '_') {
    const char *s = L->p;
    while (isalnum((unsigned char)*L->p) || *L->p == '_')
      L->p++;
    L->text = dg_strndup(L->a, s, (size_t)(L->p - s));
    L->tok = T_NAME;
    return;
  }
  static const char *ops2[] = {"!=", "<=", ">=", "==", "<>"};
  for (size_t i = 0; i < sizeof ops2 / sizeof *ops2; i++)
    if (strncmp(L->p, ops2[i], 2) == 0) {
      memcpy(L->op, ops2[i], 2);
      L->op[2] = 0;
      L->p += 2;
      L->tok = T_OP;
      return;
    }
  if (strchr("+-*/()[],.=<>", c)) {
    L->op[0] = c;
    L->op[1] = 0;
    L->p++;
    L->tok = T_OP;
    return;
  }
  char bad[8] = {0};
  uint32_t cp;
  int k = dg_utf8_decode(L->p, strlen(L->p), &cp);
  memcpy(bad, L->p, k > 0 ? (size_t)k : 1);
  perr(L, L->off, "unexpected character \"%s\"", bad);
  L->tok = T_END;
}

static int is_op(lexer *L, const char *op) {
  return L->tok == T_OP && strcmp(L->op, op) == 0;
}
static int is_kw(lexer *L, const char *kw) {
  return L->tok == T_NAME && strcmp(L->text, kw) == 0;
}

static dg_expr *node(lexer *L, int kind, int off) {
  dg_expr *e = dg_alloc(L->a, sizeof *e);
  e->kind = kind;
  e->off = off;
  return e;
}

static dg_expr *p_or(lexer *L);

static dg_expr *bin(lexer *L, int op, dg_expr *l, dg_expr *r, int off) {
  dg_expr *e = node(L, E_BIN, off);
  e->op = op;
  e->args = dg_alloc_array(L->a, 2, sizeof(dg_expr *));
  e->args[0] = l;
  e->args[1] = r;
  e->nargs = 2;
  return e;
}

static dg_expr *p_primary(lexer *L) {
  int off = L->off;
  if (L->failed)
    return NULL;
  if (++L->depth > DG_EXPR_MAX_DEPTH) {
    perr(L, off, "expression nested too deeply (limit %s)", "64");
    return NULL;
  }
  dg_expr *e = NULL;
  if (L->tok == T_NUM) {
    e = node(L, E_NUM, off);
    e->num = L->num;
    next(L);
  } else if (L->tok == T_STR) {
    e = node(L, E_STR, off);
    e->s = L->text;
    next(L);
  } else if (is_op(L, "(")) {
    next(L);
    e = p_or(L);
    if (!L->failed && !is_op(L, ")"))
      perr(L, L->off, "expected \")\"", NULL);
    next(L);
  } else if (L->tok == T_NAME) {
    char *name = L->text;
    next(L);
    if (is_op(L, "(")) {
      e = node(L, E_CALL, off);
      e->s = name;
      dg_expr *args[16];
      int n = 0;
      next(L);
      if (!is_op(L, ")")) {
        for (;;) {
          if (n == 16) {
            perr(L, L->off, "too many arguments%s", NULL);
            return NULL;
          }
          args[n++] = p_or(L);
          if (L->failed)
            return NULL;
          if (is_op(L, ",")) {
            next(L);
            continue;
          }
          break;
        }
      }
      if (!is_op(L, ")")) {
        perr(L, L->off, "expected \",\" or \")\" in call to %s()", name);
        return NULL;
      }
      next(L);
      e->args = dg_alloc_array(L->a, (size_t)(n ? n : 1), sizeof(dg_expr *));
      memcpy(e->args, args, sizeof(dg_expr *) * (size_t)n);
      e->nargs = n;
    } else if (is_op(L, ".")) {
      next(L);
      if (L->tok != T_NAME) {
        perr(L, L->off, "expected a column name after \"%s.\"", name);
        return NULL;
      }
      e = node(L, E_COL, off);
      e->s = name;
      e->s2 = L->text;
      next(L);
    } else {
      e = node(L, E_NAME, off);
      e->s = name;
    }
  } else if (L->tok == T_END) {
    perr(L, off, "unexpected end of expression%s", NULL);
  } else {
    perr(L, off, "unexpected \"%s\"", L->op);
  }
  L->depth--;
  return e;
}

static dg_expr *p_post(lexer *L) {
  dg_expr *e = p_primary(L);
  if (L->failed)
    return NULL;
  int off = L->off;
  if (is_op(L, "[") || is_kw(L, "where")) {
    int bracket = is_op(L, "[");
    dg_expr *conds[16];
    int n = 0;
    next(L);
    for (;;) {
      if (n == 16) {
        perr(L, L->off, "too many conditions%s", NULL);
        return NULL;
      }
      conds[n++] = p_or(L);
      if (L->failed)
        return NULL;
      if (bracket && is_op(L, ",")) {
        next(L);
        continue;
      }
      break;
    }
    if (bracket) {
      if (!is_op(L, "]")) {
        perr(L, L->off, "expected \"]\"%s", NULL);
        return NULL;
      }
      next(L);
    }
    dg_expr *f = node(L, E_FILTER, e ? e->off : off);
    f->args = dg_alloc_array(L->a, (size_t)n + 1, sizeof(dg_expr *));
    f->args[0] = e;
    memcpy(f->args + 1, conds, sizeof(dg_expr *) * (size_t)n);
    f->nargs = n + 1;
    e = f;
  }
  return e;
}

static dg_expr *p_unary(lexer *L) {
  if (is_op(L, "-")) {
    int off = L->off;
    next(L);
    if (++L->depth > DG_EXPR_MAX_DEPTH) {
      perr(L, off, "expression nested too deeply (limit %s)", "64");
      return NULL;
    }
    dg_expr *e = node(L, E_NEG, off);
    e->args = dg_alloc_array(L->a, 1, sizeof(dg_expr *));
    e->args[0] = p_unary(L);
    e->nargs = 1;
    L->depth--;
    return e;
  }
  return p_post(L);
}

static dg_expr *p_mul(lexer *L) {
  dg_expr *l = p_unary(L);
  while (!L->failed && (is_op(L, "*") || is_op(L, "/"))) {
    int op = is_op(L, "*") ? OP_MUL : OP_DIV, off = L->off;
    next(L);
    l = bin(L, op, l, p_unary(L), off);
  }
  return l;
}

static dg_expr *p_add(lexer *L) {
  dg_expr *l = p_mul(L);
  while (!L->failed && (is_op(L, "+") || is_op(L, "-"))) {
    int op = is_op(L, "+") ? OP_ADD : OP_SUB, off = L->off;
    next(L);
    l = bin(L, op, l, p_mul(L), off);
  }
  return l;
}

static dg_expr *p_cmp(lexer *L) {
  dg_expr *l = p_add(L);
  if (L->failed || L->tok != T_OP)
    return l;
  static const struct {
    const char *s;
    int op;
  } t[] = {{"=", OP_EQ}, {"==", OP_EQ}, {"!=", OP_NE}, {"<>", OP_NE},
           {"<", OP_LT}, {"<=", OP_LE}, {">", OP_GT},  {">=", OP_GE}};
  for (size_t i = 0; i < sizeof t / sizeof *t; i++)
    if (is_op(L, t[i].s)) {
      int off = L->off;
      next(L);
      return bin(L, t[i].op, l, p_add(L), off);
    }
  return l;
}

static dg_expr *p_not(lexer *L) {
  if (is_kw(L, "not")) {
    int off = L->off;
    next(L);
    if (++L->depth > DG_EXPR_MAX_DEPTH) {
      perr(L, off, "expression nested too deeply (limit %s)", "64");
      return NULL;
    }
    dg_expr *e = node(L, E_NOT, off);
    e->args = dg_alloc_array(L->a, 1, sizeof(dg_expr *));
    e->args[0] = p_not(L);
    e->nargs = 1;
    L->depth--;
    return e;
  }
  return p_cmp(L);
}

static dg_expr *p_and(lexer *L) {
  dg_expr *l = p_not(L);
  while (!L->failed && is_kw(L, "and")) {
    int off = L->off;
    next(L);
    l = bin(L, OP_AND, l, p_not(L), off);
  }
  return l;
}

static dg_expr *p_or(lexer *L) {
  if (++L->depth > DG_EXPR_MAX_DEPTH) {
    perr(L, L->off, "expression nested too deeply (limit %s)", "64");
    return NULL;
  }
  dg_expr *l = p_and(L);
  while (!L->failed && is_kw(L, "or")) {
    int off = L->off;
    next(L);
    l = bin(L, OP_OR, l, p_and(L), off);
  }
  L->depth--;
  return l;
}

/* Marks the subtrees that do not read the current row of a filter. A
 * filter's own conditions read its rows, but the filter as a whole does
 * not read an outer row. */
int ex_mark_rowfree(dg_expr *e) {
  if (!e)
    return 1;
  int free_ = 1;
  if (e->kind == E_NAME)
    free_ = !strcmp(e->s, "true") || !strcmp(e->s, "false");
  for (int i = 0; i < e->nargs; i++) {
    int k = ex_mark_rowfree(e->args[i]);
    if (!(e->kind == E_FILTER && i > 0))
      free_ &= k;
  }
  e->rowfree = free_;
  return free_;
}

dg_expr *dg_expr_parse(dg_ctx *ctx, dg_arena *a, const char *src, dg_pos pos) {
  lexer L = {ctx, a, pos, src, src, 0, 0, 0, {0}, NULL, {0, 1}, 0};
  if (strlen(src) > DG_EXPR_MAX_LEN) {
    dg_error(ctx, pos, "expression longer than %d characters", DG_EXPR_MAX_LEN);
    return NULL;
  }
  next(&L);
  dg_expr *e = p_or(&L);
  if (!L.failed && L.tok != T_END)
    perr(&L, L.off, "unexpected text after the end of the expression%s", NULL);
  if (L.failed)
    return NULL;
  ex_mark_rowfree(e);
  return e;
}
