package reasons

import (
	"strings"
	"unicode"

	"hotline/internal/i18n"
	"hotline/tickets"
)

// Sample is a field error of code (for the front ends' tests that walk
// every code) with made-up values that are words of
// no language, so that a leak of English shows as English words.
func Sample(code tickets.Code) *tickets.FieldError {
	fe := &tickets.FieldError{Field: "title", Code: code, Value: "zq9", Other: "qz8", Valid: []string{"vx7", "wy6"},
		N: 3, Min: 1, Limit: 5, ID: 7, Detail: "xdetailx"}
	if code == tickets.CodeWrongType || code == tickets.CodeNotObject {
		fe.Value, fe.Other = tickets.KindNumber, tickets.KindList
	}
	return fe
}

// shared are the words French and English messages both hold: names a
// user types (statuses, file columns, commands), and words of both
// languages.
var shared = map[string]bool{
	"ticket": true, "tickets": true, "article": true, "admin": true, "tags": true, "incident": true,
	"json": true, "utf": true, "rfc": true, "csv": true, "title": true, "description": true, "category": true,
	"export": true, "field": true, "assigned": true, "true": true, "false": true, "ssh": true, "pub": true,
	"id_ed": true, "xdetailx": true, "impact": true, "incidents": true, "solution": true, "mlefebvre": true,
	"email": true, // the flag --email
}

// wordsOf are the words of s of four letters or more, lowercased.
func wordsOf(s string) []string {
	var out []string
	for _, w := range strings.FieldsFunc(s, func(r rune) bool { return !unicode.IsLetter(r) && r != '_' }) {
		if len([]rune(w)) >= 4 {
			out = append(out, strings.ToLower(w))
		}
	}
	return out
}

// EnglishLeak (for the front ends' tests) returns the English words of fe's reasons (the domain's
// Error() and the English wording) found in french; nil when none.
func EnglishLeak(fe *tickets.FieldError, french string) []string {
	fr := map[string]bool{}
	for _, w := range wordsOf(french) {
		fr[w] = true
	}
	var leak []string
	for _, w := range wordsOf(fe.Reason() + " " + Text(i18n.English, fe)) {
		if fr[w] && !shared[w] {
			leak = append(leak, w)
		}
	}
	return leak
}
