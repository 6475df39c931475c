// Package draft turns a solved ticket into the first draft of a tutorial:
// Markdown with the front matter the knowledge-base importer reads, the
// problem as the agent described it and the public follow-ups as the
// steps. Private notes never go into a draft.
package draft

import (
	"fmt"
	"path/filepath"
	"regexp"
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
	// Not verified until a technician has checked it: the date is for
	// them to set.
	fmt.Fprintf(&b, "# verified: %s   (remove the # once the tutorial is checked)\n", today.Format("2006-01-02"))
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
		if f.Private || fromRequester(f, t.Requester) {
			continue
		}
		body := Steps(text.Sanitize(f.Body))
		if body == "" || strings.HasPrefix(text.Fold(body), "tutoriel envoye") {
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

// fromRequester: the follow-up is the agent's own (portal, mail), not a
// step the technician gave.
func fromRequester(f tickets.Followup, r tickets.Requester) bool {
	a := text.Fold(strings.TrimSpace(f.Author))
	return a != "" && (a == text.Fold(strings.TrimSpace(r.Name)) || a == text.Fold(strings.TrimSpace(r.Email)))
}

var (
	greetingLine = regexp.MustCompile(`^(bonjour|bonsoir|salut|hello|hi|madame|monsieur)\b[^.!?]{0,40}[,!.]?$`)
	signOffLine  = regexp.MustCompile(`^(cordialement|bien cordialement|bien a vous|bonne (journee|soiree|fin de journee|continuation)|merci( beaucoup| d'avance| pour votre (patience|retour))?|n'hesitez pas\b.*|a bientot|je reste (a votre )?disposition\b.*|--)[ ,.!]*$`)
)

// Steps is what a follow-up says of the fix, without the chat around it:
// no greeting line at the start, nothing from the sign-off ("Cordialement",
// "Bonne journée", "N'hésitez pas…", a signature) on.
func Steps(body string) string {
	lines := strings.Split(strings.TrimSpace(strings.ReplaceAll(body, "\r\n", "\n")), "\n")
	for len(lines) > 0 {
		l := text.Fold(strings.TrimSpace(lines[0]))
		if l != "" && !greetingLine.MatchString(l) {
			break
		}
		lines = lines[1:]
	}
	for i, l := range lines {
		if signOffLine.MatchString(strings.ReplaceAll(text.Fold(strings.TrimSpace(l)), "’", "'")) {
			lines = lines[:i]
			break
		}
	}
	return strings.TrimSpace(strings.Join(lines, "\n"))
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
