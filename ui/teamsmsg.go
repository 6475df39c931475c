package ui

import (
	"fmt"
	"net/url"
	"path"
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"

	"hotline/internal/text"
	"hotline/kb"
)

// The message y builds for the agent's Teams chat. It must be one a
// technician sends unchanged: a greeting from the requester's name as
// written, the article and a link the agent can open, a summary made of
// whole sentences, no markup, signed. It is in French whatever the
// interface language: the agents read French.

// teamsMessage is the message for ref, for agent, signed by signer. ref.URL
// must be usable (see linkProblem).
func teamsMessage(ref articleRef, agent, signer string) string {
	var b strings.Builder
	b.WriteString(greeting(agent) + "\n\n")
	what := "le tutoriel"
	if ref.Kind == kb.KindVideo {
		what = "la vidéo"
	}
	fmt.Fprintf(&b, "Voici %s « %s » qui devrait vous aider", what, articleName(ref.Title))
	if ref.At != nil && ref.Kind == kb.KindVideo {
		fmt.Fprintf(&b, ", à regarder à partir de %s", fmtSeconds(*ref.At))
	}
	// The link on a line of its own: never broken when the message is
	// shown or selected by hand.
	b.WriteString(".\nLien : " + oneLine(ref.URL) + "\n")
	if s := oneLine(ref.Summary); s != "" {
		b.WriteString("\nEn bref : " + s + "\n")
	}
	b.WriteString("\n" + closing(signer))
	return b.String()
}

// textMessage is the message that carries the article's text itself, for an
// article the agent cannot open (no web link).
func textMessage(a *kb.Article, agent, signer string) string {
	var b strings.Builder
	b.WriteString(greeting(agent) + "\n\n")
	fmt.Fprintf(&b, "Voici la marche à suivre « %s ».\n\n", articleName(a.Title))
	b.WriteString(plainText(a.Body, a.Title) + "\n\n")
	b.WriteString(closing(signer))
	return b.String()
}

func closing(signer string) string {
	s := "N'hésitez pas à me recontacter si le problème persiste.\nBonne journée,"
	if name := oneLine(signer); name != "" {
		s += "\n" + name
	}
	return s
}

// oneLine flattens outside text for a chat message: no control characters,
// no line breaks, no doubled spaces.
func oneLine(s string) string { return strings.Join(strings.Fields(text.SanitizeLine(s)), " ") }

// civilities maps the ways a requester's name starts with a civility to the
// word a polite message uses.
var civilities = map[string]string{
	"mme": "Madame", "mme.": "Madame", "madame": "Madame", "mlle": "Madame", "mlle.": "Madame", "mademoiselle": "Madame",
	"m": "Monsieur", "m.": "Monsieur", "mr": "Monsieur", "mr.": "Monsieur", "monsieur": "Monsieur",
}

// greeting is "Bonjour Madame Durand," for "Mme Durand", "Bonjour Karim,"
// for "Karim Benali" (or "BENALI Karim"), and "Bonjour," when the name does
// not say which word is the first name.
func greeting(name string) string {
	f := strings.Fields(oneLine(name))
	if len(f) == 0 {
		return "Bonjour,"
	}
	if civ, ok := civilities[strings.ToLower(f[0])]; ok {
		if len(f) > 1 && isName(f[1]) {
			return "Bonjour " + civ + " " + strings.Join(f[1:], " ") + ","
		}
		return "Bonjour " + civ + ","
	}
	if len(f) < 2 {
		return "Bonjour," // "Durand" or "karim": a first name or a surname?
	}
	switch {
	case isName(f[0]) && !isUpper(f[0]):
		return "Bonjour " + f[0] + ","
	case isUpper(f[0]) && isName(f[1]) && !isUpper(f[1]):
		return "Bonjour " + f[1] + "," // "DURAND Karim"
	}
	return "Bonjour,"
}

// isName: a capitalised word of letters (hyphens and apostrophes allowed).
func isName(w string) bool {
	r, _ := utf8.DecodeRuneInString(w)
	if !unicode.IsUpper(r) {
		return false
	}
	for _, r := range w {
		if !unicode.IsLetter(r) && r != '-' && r != '\'' && r != '’' {
			return false
		}
	}
	return true
}

func isUpper(w string) bool {
	letters := 0
	for _, r := range w {
		if unicode.IsLetter(r) {
			letters++
			if !unicode.IsUpper(r) {
				return false
			}
		}
	}
	return letters > 1
}

// titlePrefix is what titles often start with and the message already says
// ("Vidéo : se connecter au VPN" is sent as la vidéo « Se connecter au VPN »).
var titlePrefix = regexp.MustCompile(`(?i)^\s*(vid[ée]o|tutoriel|tuto|fiche|proc[ée]dure|guide)\s*[:\-–—]\s*`)

func articleName(title string) string {
	t := oneLine(title)
	if rest := titlePrefix.ReplaceAllString(t, ""); rest != "" {
		t = rest
	}
	r, n := utf8.DecodeRuneInString(t)
	return string(unicode.ToUpper(r)) + t[n:]
}

// linkProblem says why ref's link cannot be sent to an agent: "" when it
// can (an http or https address), "none" when there is no link, "local"
// when it is a file on this machine (an imported .vtt, a path).
func linkProblem(link string) string {
	link = strings.TrimSpace(link)
	if link == "" {
		return "none"
	}
	u, err := url.Parse(link)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return "local"
	}
	return ""
}

// linkName is what the interface shows of a local link: its file name.
func linkName(link string) string {
	if i := strings.IndexByte(link, '#'); i >= 0 {
		link = link[:i]
	}
	return path.Base(strings.ReplaceAll(oneLine(link), `\`, "/"))
}

var (
	htmlTag      = regexp.MustCompile(`<[^>]*>`)
	htmlTagStart = regexp.MustCompile(`<[^>]*$|^[^<]*>`) // a tag cut by a line or a snippet
	mdImage      = regexp.MustCompile(`!\[[^\]]*\]\([^)]*\)`)
	mdLink       = regexp.MustCompile(`\[([^\]]*)\]\([^)]*\)`)
	mdRefLink    = regexp.MustCompile(`\[([^\]]*)\]\[[^\]]*\]`)
	mdEmphasis   = regexp.MustCompile(`\*\*|__|\*|` + "`")
	htmlEntities = strings.NewReplacer("&nbsp;", " ", "&amp;", "&", "&lt;", "<", "&gt;", ">", "&quot;", `"`, "&#39;", "'")
	listMarker   = regexp.MustCompile(`^\s*([-*+•]|\d+[.)])\s+`)
)

// inlinePlain removes inline Markdown and HTML from one line of prose.
func inlinePlain(s string) string {
	s = mdImage.ReplaceAllString(s, "")
	s = mdLink.ReplaceAllString(s, "$1")
	s = mdRefLink.ReplaceAllString(s, "$1")
	s = htmlTag.ReplaceAllString(s, "")
	s = htmlTagStart.ReplaceAllString(s, "")
	s = mdEmphasis.ReplaceAllString(s, "")
	s = htmlEntities.Replace(s)
	return oneLine(s)
}

// paragraphs splits a Markdown body into its blocks, without front matter
// and code.
func paragraphs(body string) []string {
	lines := strings.Split(strings.ReplaceAll(body, "\r\n", "\n"), "\n")
	if len(lines) > 0 && strings.TrimSpace(lines[0]) == "---" {
		for i := 1; i < len(lines); i++ {
			if strings.TrimSpace(lines[i]) == "---" {
				lines = lines[i+1:]
				break
			}
		}
	}
	var out []string
	var cur []string
	fence := false
	flush := func() {
		if len(cur) > 0 {
			out = append(out, strings.Join(cur, "\n"))
			cur = nil
		}
	}
	for _, l := range lines {
		t := strings.TrimSpace(l)
		if strings.HasPrefix(t, "```") || strings.HasPrefix(t, "~~~") {
			fence = !fence
			flush()
			continue
		}
		if fence {
			continue
		}
		if t == "" {
			flush()
			continue
		}
		if strings.HasPrefix(t, "#") { // a heading is a block of its own
			flush()
			out = append(out, t)
			continue
		}
		cur = append(cur, t)
	}
	flush()
	return out
}

// isProse: a paragraph of sentences, not a heading, list, table, quote,
// image or raw HTML block.
func isProse(p string) bool {
	switch {
	case strings.HasPrefix(p, "#"), strings.HasPrefix(p, "|"), strings.HasPrefix(p, ">"),
		strings.HasPrefix(p, "!["), strings.HasPrefix(p, "<"), strings.HasPrefix(p, "-"), strings.HasPrefix(p, "+"),
		listMarker.MatchString(p):
		return false
	}
	return true
}

// summaryMax bounds the summary: a few sentences a chat reader takes in.
const summaryMax = 240

// summaryOf is the beginning of an article as whole sentences: from its
// first prose paragraphs, without markup, never a sentence cut in the
// middle nor one that announces a list (ending on a colon). Empty when the
// article does not start with prose.
func summaryOf(body string) string {
	var out []string
	n := 0
	for _, p := range paragraphs(body) {
		if !isProse(p) {
			if n > 0 {
				break
			}
			continue
		}
		for _, s := range sentences(inlinePlain(p)) {
			if strings.HasSuffix(s, ":") || pointsElsewhere(s) {
				return strings.Join(out, " ")
			}
			if n > 0 && n+len(s) > summaryMax {
				return strings.Join(out, " ")
			}
			if n == 0 && utf8.RuneCountInString(s) > summaryMax*3/2 {
				return "" // one endless sentence: better nothing than a cut one
			}
			out = append(out, s)
			n += len(s) + 1
		}
		if n >= summaryMax/2 {
			break
		}
	}
	return strings.Join(out, " ")
}

// pointsElsewhere: the sentence points at a part of the article the
// message does not carry ("le tableau ci-dessous", "les étapes suivantes").
func pointsElsewhere(s string) bool {
	f := text.Fold(s)
	for _, w := range []string{"ci-dessous", "ci-apres", "suivantes", "suivants", "ci-contre", "below", "following"} {
		if strings.Contains(f, w) {
			return true
		}
	}
	return false
}

// sentences splits prose into whole sentences; a trailing piece without a
// final stop (one that announces a list, ending on a colon) is returned
// ending with a colon, for the caller to refuse.
func sentences(p string) []string {
	var out []string
	start := 0
	rs := []rune(p)
	for i, r := range rs {
		end := r == '.' || r == '!' || r == '?' || r == '…'
		if !end || i < start {
			continue
		}
		next := i + 1
		for next < len(rs) && (rs[next] == '»' || rs[next] == '"' || rs[next] == ')' || rs[next] == '.') {
			next++
		}
		if next < len(rs) && rs[next] != ' ' {
			continue // 1.1, exemple.fr
		}
		if r == '.' && abbreviation(rs[start:i]) {
			continue
		}
		if s := strings.TrimSpace(string(rs[start:next])); s != "" {
			out = append(out, s)
		}
		start = next
	}
	if s := strings.TrimSpace(string(rs[start:])); s != "" {
		if last, _ := utf8.DecodeLastRuneInString(s); last != '.' && last != '!' && last != '?' && last != '…' {
			s += ":" // unfinished: refused like a colon
		}
		out = append(out, s)
	}
	return out
}

// abbreviation: the word before a dot is "M", "etc", "ex", "p"…, not the
// end of a sentence.
func abbreviation(before []rune) bool {
	w := string(before)
	if i := strings.LastIndexAny(w, " ("); i >= 0 {
		w = w[i+1:]
	}
	switch strings.ToLower(w) {
	case "m", "mme", "ex", "p", "cf", "env", "n°", "no", "etc", "éd", "vol":
		return true
	}
	return false
}

// plainText is an article's body as text for a chat: headings as lines,
// list items with a bullet, no markup, no HTML, the title heading dropped.
func plainText(body, title string) string {
	var out []string
	for _, p := range paragraphs(body) {
		if strings.HasPrefix(p, "#") {
			h := inlinePlain(strings.TrimLeft(p, "# "))
			if h != "" && text.Fold(h) != text.Fold(oneLine(title)) {
				out = append(out, h)
			}
			continue
		}
		if strings.HasPrefix(p, "![") || strings.HasPrefix(p, "|") {
			continue
		}
		var lines []string
		for _, l := range strings.Split(p, "\n") {
			if m := listMarker.FindString(l); m != "" {
				bullet := "• "
				if t := strings.TrimSpace(m); t[0] >= '0' && t[0] <= '9' {
					bullet = t + " "
				}
				lines = append(lines, bullet+inlinePlain(l[len(m):]))
				continue
			}
			if pl := inlinePlain(l); pl != "" {
				if len(lines) > 0 && !strings.HasPrefix(lines[len(lines)-1], "• ") {
					lines[len(lines)-1] += " " + pl
				} else {
					lines = append(lines, pl)
				}
			}
		}
		if len(lines) > 0 {
			out = append(out, strings.Join(lines, "\n"))
		}
	}
	return strings.Join(out, "\n\n")
}
