// Package draft turns a solved ticket into the first draft of a tutorial:
// Markdown with the front matter the knowledge-base importer reads, the
// problem as the agent described it and the public follow-ups as the
// steps. Private notes never go into a draft.
package draft

import (
	"fmt"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"hotline/internal/text"
	"hotline/tickets"
)

// Markdown is the draft tutorial for ticket t with its follow-ups, dated
// today.
func Markdown(t *tickets.Ticket, followups []tickets.Followup, today time.Time) []byte {
	var b strings.Builder
	title := strings.Join(strings.Fields(text.SanitizeLine(t.Title)), " ")
	if title == "" {
		title = fmt.Sprintf("Ticket %d", t.ID)
	}
	b.WriteString("---\n")
	fmt.Fprintf(&b, "title: %s\n", strconv.Quote(title))
	b.WriteString("kind: tutorial\n")
	tags := make([]string, 0, len(t.Tags))
	for _, tag := range t.Tags {
		tags = append(tags, strconv.Quote(tag))
	}
	fmt.Fprintf(&b, "tags: [%s]\n", strings.Join(tags, ", "))
	b.WriteString("lang: fr\n")
	fmt.Fprintf(&b, "verified: %s\n", today.Format("2006-01-02"))
	b.WriteString("---\n\n")
	fmt.Fprintf(&b, "# %s\n\n", title)
	b.WriteString("## Symptôme\n\n")
	desc := strings.TrimSpace(text.Sanitize(t.Description))
	if desc == "" {
		desc = title
	}
	b.WriteString(desc + "\n\n")
	b.WriteString("## Solution\n\n")
	n := 0
	for _, f := range followups {
		body := strings.TrimSpace(text.Sanitize(f.Body))
		if f.Private || body == "" {
			continue
		}
		n++
		lines := strings.Split(body, "\n")
		fmt.Fprintf(&b, "%d. %s\n", n, lines[0])
		for _, l := range lines[1:] {
			if strings.TrimSpace(l) == "" {
				b.WriteString("\n")
				continue
			}
			b.WriteString("   " + l + "\n")
		}
	}
	if n == 0 {
		b.WriteString("1. \n")
	}
	return []byte(b.String())
}

// Slug is a file-name-safe form of a title: lower case, no accents, words
// joined by dashes, at most 60 characters.
func Slug(title string) string {
	var b strings.Builder
	dash := false
	for _, r := range text.Fold(title) {
		switch {
		case r >= 'a' && r <= 'z', r >= '0' && r <= '9':
			if dash && b.Len() > 0 {
				b.WriteByte('-')
			}
			dash = false
			b.WriteRune(r)
		default:
			dash = true
		}
		if b.Len() >= 60 {
			break
		}
	}
	if b.Len() == 0 {
		return "tutoriel"
	}
	return strings.TrimRight(b.String(), "-")
}

// Dir is where drafts are written: $XDG_DATA_HOME/hotline/drafts, else
// ~/.local/share/hotline/drafts.
func Dir(getenv func(string) string) string {
	base := getenv("XDG_DATA_HOME")
	if base == "" {
		base = filepath.Join(getenv("HOME"), ".local", "share")
	}
	return filepath.Join(base, "hotline", "drafts")
}

// Path is the draft file of ticket t.
func Path(dir string, t *tickets.Ticket) string {
	return filepath.Join(dir, fmt.Sprintf("%s-%d.md", Slug(t.Title), t.ID))
}

// Editor is the command line that edits a file: $EDITOR, else $VISUAL,
// else vi.
func Editor(getenv func(string) string) []string {
	for _, v := range []string{"EDITOR", "VISUAL"} {
		if f := strings.Fields(getenv(v)); len(f) > 0 {
			return f
		}
	}
	return []string{"vi"}
}
