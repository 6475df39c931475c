package tickets

import (
	"fmt"
	"strconv"
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

// ErrNoAssignee refuses the status assigned with nobody assigned: such a
// ticket would be in nobody's list and out of triage. It is an ErrInvalid.
var ErrNoAssignee error = refused("status", CodeNeedsAssignee)

// checkAssigned applies the rule behind ErrNoAssignee.
func checkAssigned(status Status, assignee string) error {
	if status == StatusAssigned && strings.TrimSpace(assignee) == "" {
		return ErrNoAssignee
	}
	return nil
}

func checkText(field, value string, max int) error {
	if !text.ValidUTF8(value) {
		return refused(field, CodeNotUTF8)
	}
	if len(value) > max {
		return &FieldError{Field: field, Code: CodeTooBig, N: int64(len(value)), Limit: int64(max)}
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
		return &FieldError{Field: field, Code: CodeOutOfRange, Value: strconv.Itoa(v), N: int64(v), Min: 1, Limit: 5}
	}
	return nil
}

// NormalizeTag lowercases a tag and checks its characters: letters, digits
// and - _ . / only, so tags read well in a filter like `tag:vpn`.
func NormalizeTag(tag string) (string, error) {
	t := strings.ToLower(strings.TrimSpace(tag))
	t = strings.Join(strings.Fields(t), "-")
	if t == "" {
		return "", refused("tag", CodeMissing)
	}
	if !text.ValidUTF8(t) {
		return "", &FieldError{Field: "tag", Code: CodeNotUTF8, Value: tag}
	}
	if len([]rune(t)) > MaxTagLen {
		return "", &FieldError{Field: "tag", Code: CodeTooLong, Value: tag, N: int64(len([]rune(t))), Limit: MaxTagLen}
	}
	for _, r := range t {
		if !unicode.IsLetter(r) && !unicode.IsDigit(r) && !strings.ContainsRune("-_./", r) {
			return "", &FieldError{Field: "tag", Code: CodeBadChar, Value: tag, Other: string(r)}
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
		return nil, &FieldError{Field: "tags", Code: CodeTooMany, N: int64(len(out)), Limit: MaxTicketTags}
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
	return "", unknownValue("category", s, categories)
}
