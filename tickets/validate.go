package tickets

import (
	"fmt"
	"strings"
	"unicode"

	"hotline/internal/text"
)

// Size limits: a description is what an agent typed, not a log file.
const (
	MaxTitleLen       = 200
	MaxDescriptionLen = 1 << 20 // 1 MiB
	MaxCommentLen     = 1 << 20
	MaxFieldLen       = 200
	MaxTagLen         = 40
	// MaxTicketTags caps the tags of one ticket, as articles are capped:
	// tags name what a ticket is about, and thousands on one ticket only
	// slow every report that groups tickets by tag.
	MaxTicketTags = 50
)

// FieldError says which field is wrong and how to fix it.
type FieldError struct {
	Field  string
	Reason string
}

func (e *FieldError) Error() string { return e.Field + ": " + e.Reason }
func (e *FieldError) Unwrap() error { return ErrInvalid }

// ErrNoAssignee refuses the status assigned with nobody assigned: such a
// ticket would be in nobody's list and out of triage. It is an ErrInvalid.
var ErrNoAssignee error = &FieldError{Field: "status", Reason: "assigned needs someone assigned: give an assignee, or leave the status new"}

// checkAssigned applies the rule behind ErrNoAssignee.
func checkAssigned(status Status, assignee string) error {
	if status == StatusAssigned && strings.TrimSpace(assignee) == "" {
		return ErrNoAssignee
	}
	return nil
}

func invalid(field, format string, args ...any) error {
	return &FieldError{Field: field, Reason: fmt.Sprintf(format, args...)}
}

func checkText(field, value string, max int) error {
	if !text.ValidUTF8(value) {
		return invalid(field, "is not valid UTF-8 text (or holds a NUL byte): re-save the source as UTF-8")
	}
	if len(value) > max {
		return invalid(field, "is %s long; the limit is %s: keep the relevant part and attach the rest elsewhere", humanBytes(len(value)), humanBytes(max))
	}
	return nil
}

func humanBytes(n int) string {
	switch {
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MiB", float64(n)/(1<<20))
	case n >= 1<<10:
		return fmt.Sprintf("%.1f KiB", float64(n)/(1<<10))
	}
	return fmt.Sprintf("%d bytes", n)
}

func checkLevel(field string, v int) error {
	if v < 1 || v > 5 {
		return invalid(field, "%d is out of range: use 1 (very low) to 5 (very high)", v)
	}
	return nil
}

// NormalizeTag lowercases a tag and checks its characters: letters, digits
// and - _ . / only, so tags read well in a filter like `tag:vpn`.
func NormalizeTag(tag string) (string, error) {
	t := strings.ToLower(strings.TrimSpace(tag))
	t = strings.Join(strings.Fields(t), "-")
	if t == "" {
		return "", invalid("tag", "is empty")
	}
	if !text.ValidUTF8(t) {
		return "", invalid("tag", "%q is not valid UTF-8", tag)
	}
	if len([]rune(t)) > MaxTagLen {
		return "", invalid("tag", "%q is longer than %d characters", tag, MaxTagLen)
	}
	for _, r := range t {
		if !unicode.IsLetter(r) && !unicode.IsDigit(r) && !strings.ContainsRune("-_./", r) {
			return "", invalid("tag", "%q holds %q: use letters, digits, - _ . / only", tag, r)
		}
	}
	return t, nil
}

func normalizeTags(in []string) ([]string, error) {
	seen := map[string]bool{}
	out := make([]string, 0, len(in))
	for _, raw := range in {
		t, err := NormalizeTag(raw)
		if err != nil {
			return nil, err
		}
		if !seen[t] {
			seen[t] = true
			out = append(out, t)
		}
	}
	if len(out) > MaxTicketTags {
		return nil, invalid("tags", "%d tags; a ticket takes at most %d: keep the ones that say what it is about", len(out), MaxTicketTags)
	}
	return out, nil
}

// MatchCategory finds the configured category a person meant, ignoring case
// and accents ("reseau/vpn" → "Réseau/VPN").
func MatchCategory(categories []string, s string) (string, error) {
	for _, c := range categories {
		if c == s {
			return c, nil
		}
	}
	want := text.Fold(strings.TrimSpace(s))
	for _, c := range categories {
		if text.Fold(c) == want {
			return c, nil
		}
	}
	return "", invalid("category", "unknown category %q: use one of %s", s, strings.Join(categories, ", "))
}
