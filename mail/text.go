package mail

import (
	"regexp"
	"strconv"
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// replyPrefix matches one reply or forward prefix as mailers in French,
// English and German write them: "Re:", "RE :", "TR:", "Fwd:", "AW:",
// "WG:", "Réf :", with an optional count ("Re[2]:").
var replyPrefix = regexp.MustCompile(`(?i)^\s*(re|tr|fw|fwd|aw|wg|réf|ref|rép|rep|sv|vs|antw)\s*(\[\d+\]|\(\d+\))?\s*:\s*`)

// ticketTag matches the [#123] Hotline puts in its subjects.
var ticketTag = regexp.MustCompile(`\[#(\d{1,12})\]`)

// Title is the subject without reply and forward prefixes and without the
// ticket tag, spaces collapsed.
func Title(subject string) string {
	s := ticketTag.ReplaceAllString(subject, " ")
	s = strings.Join(strings.Fields(s), " ")
	for {
		t := replyPrefix.ReplaceAllString(s, "")
		t = strings.TrimSpace(t)
		if t == s {
			break
		}
		s = t
	}
	return s
}

// TicketRef is the ticket number a subject names with [#123], 0 if none.
func TicketRef(subject string) int64 {
	m := ticketTag.FindStringSubmatch(subject)
	if m == nil {
		return 0
	}
	n, err := strconv.ParseInt(m[1], 10, 64)
	if err != nil {
		return 0
	}
	return n
}

// Reply cuts what a reply quotes and its signature: French Outlook's
// "De : … Envoyé : …" block (and its English twin), "Le … a écrit :" and
// "On … wrote:", "-----Message d'origine-----", lines starting with ">",
// the "-- " signature and "Envoyé de mon iPhone". When nothing would be
// left, the text is returned whole: better too much than nothing.
func Reply(body string) string {
	lines := strings.Split(body, "\n")
	cut := len(lines)
	for i := 0; i < len(lines); i++ {
		l := strings.TrimSpace(lines[i])
		if isQuoteStart(lines, i) || strings.TrimRight(lines[i], " ") == "--" || mobileSignature.MatchString(l) {
			cut = i
			break
		}
	}
	var kept []string
	for _, l := range lines[:cut] {
		if strings.HasPrefix(strings.TrimLeft(l, " "), ">") {
			continue
		}
		kept = append(kept, l)
	}
	out := strings.TrimSpace(collapseBlankLines(strings.Join(kept, "\n")))
	if out == "" {
		return strings.TrimSpace(body)
	}
	return out
}

var (
	outlookFrom     = regexp.MustCompile(`(?i)^\*?\s*(de|from|von)\s*:\s*\S`)
	outlookSent     = regexp.MustCompile(`(?i)^\*?\s*(envoyé|envoye|sent|gesendet|date)\s*:\s*\S`)
	originalMessage = regexp.MustCompile(`(?i)^-{2,}\s*(message d'origine|original message|message transféré|forwarded message|ursprüngliche nachricht)\s*-{2,}$`)
	wroteOneLine    = regexp.MustCompile(`(?i)^(le|on|am)\s.+\s(a écrit|wrote|schrieb)\s*:$`)
	wroteStart      = regexp.MustCompile(`(?i)^(le|on|am)\s.*\d`)
	wroteEnd        = regexp.MustCompile(`(?i)(a écrit|wrote|schrieb|écrit)\s*:$`)
	mobileSignature = regexp.MustCompile(`(?i)^(envoyé de mon|sent from my|envoyé depuis|obtenir outlook pour|get outlook for)\b`)
	underscores     = regexp.MustCompile(`^_{10,}$`)
)

// isQuoteStart reports whether line i starts the quoted part of a reply.
func isQuoteStart(lines []string, i int) bool {
	l := strings.TrimSpace(lines[i])
	switch {
	case originalMessage.MatchString(l), wroteOneLine.MatchString(l):
		return true
	case underscores.MatchString(l):
		// Outlook's rule line above "De : …".
		return nextNonBlankMatches(lines, i, outlookFrom)
	case outlookFrom.MatchString(l):
		// "De :" alone could be a sentence; Outlook's block has "Envoyé :"
		// (or "Sent:", "Date :") within the next lines.
		for j := i + 1; j < len(lines) && j <= i+4; j++ {
			if outlookSent.MatchString(strings.TrimSpace(lines[j])) {
				return true
			}
		}
	case wroteStart.MatchString(l) && len(l) < 200:
		// Gmail folds the attribution: "Le lun. 3 mars 2025 à 10:12, Jean
		// <j@x.fr> a" / "écrit :".
		if wroteEnd.MatchString(l) {
			return true
		}
		if i+1 < len(lines) && wroteEnd.MatchString(strings.TrimSpace(lines[i+1])) && len(strings.TrimSpace(lines[i+1])) < 80 {
			return true
		}
	}
	return false
}

func nextNonBlankMatches(lines []string, i int, re *regexp.Regexp) bool {
	for j := i + 1; j < len(lines); j++ {
		if l := strings.TrimSpace(lines[j]); l != "" {
			return re.MatchString(l)
		}
	}
	return false
}

func collapseBlankLines(s string) string {
	for strings.Contains(s, "\n\n\n") {
		s = strings.ReplaceAll(s, "\n\n\n", "\n\n")
	}
	return s
}

// HTMLToText turns an HTML body into readable text: paragraphs and line
// breaks kept, lists as dashes, links followed by their address, scripts,
// styles and Outlook's conditional comments dropped, entities decoded.
func HTMLToText(s string) string {
	z := html.NewTokenizer(strings.NewReader(s))
	var b strings.Builder
	skip := 0
	var href string
	var linkText strings.Builder
	inLink := false
	blockBreak := func() {
		out := b.String()
		if out == "" || strings.HasSuffix(out, "\n\n") {
			return
		}
		if strings.HasSuffix(out, "\n") {
			b.WriteString("\n")
			return
		}
		b.WriteString("\n\n")
	}
	lineBreak := func() { b.WriteString("\n") }
	write := func(t string) {
		if inLink {
			linkText.WriteString(t)
		}
		b.WriteString(t)
	}
	for {
		tt := z.Next()
		switch tt {
		case html.ErrorToken:
			return tidyText(b.String())
		case html.TextToken:
			if skip > 0 {
				continue
			}
			t := collapseSpaces(string(z.Text()))
			out := b.String()
			if strings.HasSuffix(out, "\n") || out == "" || strings.HasSuffix(out, " ") {
				t = strings.TrimLeft(t, " ")
			}
			write(t)
		case html.StartTagToken, html.SelfClosingTagToken, html.EndTagToken:
			name, hasAttr := z.TagName()
			a := atom.Lookup(name)
			end := tt == html.EndTagToken
			switch a {
			case atom.Script, atom.Style, atom.Head, atom.Title:
				if tt == html.StartTagToken {
					skip++
				} else if end && skip > 0 {
					skip--
				}
			case atom.Br:
				lineBreak()
			case atom.P, atom.Div, atom.Table, atom.Blockquote, atom.H1, atom.H2, atom.H3, atom.H4, atom.H5, atom.H6, atom.Ul, atom.Ol, atom.Pre, atom.Hr:
				blockBreak()
			case atom.Tr:
				if end {
					lineBreak()
				}
			case atom.Td, atom.Th:
				if !end {
					write(" ")
				}
			case atom.Li:
				if !end {
					out := b.String()
					if out != "" && !strings.HasSuffix(out, "\n") {
						lineBreak()
					}
					write("- ")
				}
			case atom.A:
				if !end {
					href = ""
					for hasAttr {
						var k, v []byte
						k, v, hasAttr = z.TagAttr()
						if string(k) == "href" {
							href = string(v)
						}
					}
					inLink = true
					linkText.Reset()
				} else if inLink {
					inLink = false
					text := strings.TrimSpace(linkText.String())
					if (strings.HasPrefix(href, "http://") || strings.HasPrefix(href, "https://")) && text != href && !strings.Contains(text, href) {
						b.WriteString(" (" + href + ")")
					}
				}
			}
		}
	}
}

var spaces = regexp.MustCompile(`[ \t\r\n\f]+`)

func collapseSpaces(s string) string { return spaces.ReplaceAllString(s, " ") }

func tidyText(s string) string {
	lines := strings.Split(s, "\n")
	for i, l := range lines {
		lines[i] = strings.TrimSpace(l)
	}
	return strings.TrimSpace(collapseBlankLines(strings.Join(lines, "\n")))
}
