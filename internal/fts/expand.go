package fts

import "strings"

// Alternative is one way a search word may appear in a document: every
// term in Terms must be present (in any order, not as a phrase, so that
// "partager écran" matches "partager mon écran"); with Prefix the last term
// matches as a prefix.
type Alternative struct {
	Terms  []string
	Prefix bool
}

// Expr is the FTS5 expression of the alternative, or "" when it has no
// term. Every term is quoted, so it is safe whatever the terms hold.
func (a Alternative) Expr() string {
	var parts []string
	for i, t := range a.Terms {
		if t == "" {
			continue
		}
		q := Quote(t)
		if a.Prefix && i == len(a.Terms)-1 {
			q += "*"
		}
		parts = append(parts, q)
	}
	switch len(parts) {
	case 0:
		return ""
	case 1:
		return parts[0]
	}
	return "(" + strings.Join(parts, " AND ") + ")"
}

// AnyOf is an expression matching any of the alternatives (one search word
// with its synonyms, variants and corrections), "" when there is none.
func AnyOf(alts []Alternative) string {
	var parts []string
	seen := map[string]bool{}
	for _, a := range alts {
		if e := a.Expr(); e != "" && !seen[e] {
			seen[e] = true
			parts = append(parts, e)
		}
	}
	switch len(parts) {
	case 0:
		return ""
	case 1:
		return parts[0]
	}
	return "(" + strings.Join(parts, " OR ") + ")"
}

// And joins expressions built by AnyOf so that each must match; Or so that
// any may. Empty expressions are skipped.
func And(exprs []string) string { return joinExprs(exprs, " AND ") }

// Or: see And.
func Or(exprs []string) string { return joinExprs(exprs, " OR ") }

func joinExprs(exprs []string, op string) string {
	var parts []string
	for _, e := range exprs {
		if e != "" {
			parts = append(parts, e)
		}
	}
	return strings.Join(parts, op)
}
