// Package fts turns what a person types into safe SQLite FTS5 queries.
// Every user word is quoted, so FTS5 syntax in the input (quotes, *, -, +,
// :, parentheses, AND/OR/NOT/NEAR) is searched for as text, never parsed.
package fts

import (
	"strings"
	"unicode"

	"hotline/internal/text"
)

// Terms splits s into folded search words: letters and digits, split on
// everything else (apostrophes included, so "l'imprimante" gives "l" and
// "imprimante"). Emoji and punctuation disappear.
func Terms(s string) []string {
	s = text.Fold(s)
	return strings.FieldsFunc(s, func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r)
	})
}

// Quote makes one term an FTS5 string literal.
func Quote(term string) string {
	return `"` + strings.ReplaceAll(term, `"`, `""`) + `"`
}

// All builds a query that needs every term; with prefixLast the last term
// matches as a prefix (search as you type). It returns "" when there is
// nothing to search for.
func All(terms []string, prefixLast bool) string { return join(terms, " AND ", prefixLast) }

// Any builds a query that matches any of the terms.
func Any(terms []string, prefixLast bool) string { return join(terms, " OR ", prefixLast) }

func join(terms []string, op string, prefixLast bool) string {
	parts := make([]string, 0, len(terms))
	for i, t := range terms {
		if t == "" {
			continue
		}
		q := Quote(t)
		if prefixLast && i == len(terms)-1 {
			q += "*"
		}
		parts = append(parts, q)
	}
	return strings.Join(parts, op)
}

// Match is All(Terms(s), prefixLast): the common case of a search box.
func Match(s string, prefixLast bool) string { return All(Terms(s), prefixLast) }
