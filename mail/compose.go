package mail

import (
	"bytes"
	"embed"
	"errors"
	"fmt"
	"html"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"text/template"
	"time"

	gomail "github.com/emersion/go-message/mail"
)

//go:embed templates/*.txt
var defaultTemplates embed.FS

// Kinds of mails sent, and the languages templates exist in.
var (
	Kinds     = []string{"created", "followup", "solved", "problem"}
	Languages = []string{"fr", "en"}
)

// Letter is what a template can use.
type Letter struct {
	Helpdesk   string // the helpdesk's name, signing every mail
	Requester  string // the agent's name
	Ticket     LetterTicket
	StatusLink string // the private status page ("" without a portal)
	RatingLink string // where to say whether the answer helped
	Followup   string // the technician's message (followup, solved)
	Author     string // who wrote it
	Tutorials  []Tutorial
	Problem    LetterProblem
	ReopenDays int
}

// LetterTicket is the ticket a mail is about.
type LetterTicket struct {
	ID     int64
	Title  string
	Status string
}

// Tutorial is a knowledge-base article offered in a mail.
type Tutorial struct {
	Title string
	Link  string
}

// LetterProblem is the problem behind a ticket (kind "problem").
type LetterProblem struct {
	Title      string
	Workaround string
}

// sampleLetter fills every field, to check templates at start.
var sampleLetter = Letter{
	Helpdesk: "Support", Requester: "Agent", Ticket: LetterTicket{ID: 1, Title: "Titre", Status: "new"},
	StatusLink: "https://example.invalid/s/x", RatingLink: "https://example.invalid/s/x#note",
	Followup: "Texte", Author: "Technicien", Tutorials: []Tutorial{{Title: "Tutoriel", Link: "https://example.invalid/a/1"}},
	Problem: LetterProblem{Title: "Problème", Workaround: "Contournement"}, ReopenDays: 7,
}

// Templates are the mails' texts: the defaults built in, replaced by the
// files of the helpdesk's folder (<kind>.<language>.txt).
type Templates struct {
	t       map[string]*template.Template
	sources map[string]string // name → file it came from
}

// TemplateError is a template the helpdesk wrote that cannot be used.
type TemplateError struct {
	File   string
	Reason string
}

func (e *TemplateError) Error() string { return "mail template " + e.File + ": " + e.Reason }

// LoadTemplates reads the built-in templates and, when dir is set, the
// helpdesk's own from dir, then renders each one with sample data, so a
// mistake is found at start and not when a mail is due.
func LoadTemplates(dir string) (*Templates, error) {
	ts := &Templates{t: map[string]*template.Template{}, sources: map[string]string{}}
	texts := map[string]string{}
	for _, k := range Kinds {
		for _, l := range Languages {
			name := k + "." + l + ".txt"
			b, err := defaultTemplates.ReadFile("templates/" + name)
			if err != nil {
				return nil, fmt.Errorf("built-in mail template %s: %w", name, err)
			}
			texts[name] = string(b)
			ts.sources[name] = "(built-in) " + name
		}
	}
	if dir != "" {
		entries, err := os.ReadDir(dir)
		if err != nil {
			return nil, fmt.Errorf("mail templates folder: %w", err)
		}
		for _, e := range entries {
			if e.IsDir() || !strings.HasSuffix(e.Name(), ".txt") {
				continue
			}
			path := filepath.Join(dir, e.Name())
			if _, ok := texts[e.Name()]; !ok {
				return nil, &TemplateError{File: path, Reason: fmt.Sprintf("unknown name: use <kind>.<language>.txt with kind one of %s and language one of %s",
					strings.Join(Kinds, ", "), strings.Join(Languages, ", "))}
			}
			b, err := fs.ReadFile(os.DirFS(dir), e.Name())
			if err != nil {
				return nil, &TemplateError{File: path, Reason: err.Error()}
			}
			texts[e.Name()] = string(b)
			ts.sources[e.Name()] = path
		}
	}
	names := make([]string, 0, len(texts))
	for n := range texts {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, name := range names {
		src := texts[name]
		if !strings.HasPrefix(src, "Subject:") {
			return nil, &TemplateError{File: ts.sources[name], Reason: "the first line must be \"Subject: …\", then a blank line, then the text"}
		}
		t, err := template.New(name).Option("missingkey=error").Parse(src)
		if err != nil {
			return nil, &TemplateError{File: ts.sources[name], Reason: strings.TrimPrefix(err.Error(), "template: ")}
		}
		ts.t[name] = t
		if _, _, err := ts.render(name, sampleLetter); err != nil {
			return nil, &TemplateError{File: ts.sources[name], Reason: err.Error()}
		}
	}
	return ts, nil
}

// Render writes the subject and text of a mail of kind in lang (French
// when there is no such language).
func (ts *Templates) Render(kind, lang string, l Letter) (subject, body string, err error) {
	if lang != "en" {
		lang = "fr"
	}
	name := kind + "." + lang + ".txt"
	if _, ok := ts.t[name]; !ok {
		return "", "", fmt.Errorf("no mail template for %s", name)
	}
	subject, body, err = ts.render(name, l)
	if err != nil {
		return "", "", &TemplateError{File: ts.sources[name], Reason: err.Error()}
	}
	// A reply must find its ticket whatever the helpdesk wrote.
	if tag := fmt.Sprintf("[#%d]", l.Ticket.ID); !strings.Contains(subject, tag) {
		subject = tag + " " + subject
	}
	return subject, body, nil
}

func (ts *Templates) render(name string, l Letter) (string, string, error) {
	var b bytes.Buffer
	if err := ts.t[name].Execute(&b, l); err != nil {
		return "", "", errors.New(strings.TrimPrefix(err.Error(), "template: "))
	}
	head, body, ok := strings.Cut(b.String(), "\n")
	if !ok {
		return "", "", errors.New("no text after the Subject line")
	}
	subject := strings.Join(strings.Fields(strings.TrimPrefix(head, "Subject:")), " ")
	if subject == "" {
		return "", "", errors.New("the subject is empty")
	}
	body = strings.TrimLeft(body, "\r\n")
	return subject, strings.TrimRight(collapseBlankLines(body), "\n") + "\n", nil
}

var urlPattern = regexp.MustCompile(`https?://[^\s<>"]+[^\s<>".,;:!?)»]`)

// LightHTML turns a mail's text into a light HTML part: paragraphs, line
// breaks, dashes as a list, links clickable, everything escaped.
func LightHTML(text string) string {
	var b strings.Builder
	b.WriteString("<!DOCTYPE html>\n<html><body style=\"font-family: Segoe UI, Arial, sans-serif; font-size: 14px; line-height: 1.4\">\n")
	for _, para := range strings.Split(strings.TrimSpace(text), "\n\n") {
		lines := strings.Split(para, "\n")
		list := true
		for _, l := range lines {
			if !strings.HasPrefix(l, "- ") {
				list = false
			}
		}
		if list {
			b.WriteString("<ul>\n")
			for _, l := range lines {
				b.WriteString("<li>" + linkify(strings.TrimPrefix(l, "- ")) + "</li>\n")
			}
			b.WriteString("</ul>\n")
			continue
		}
		b.WriteString("<p>")
		for i, l := range lines {
			if i > 0 {
				b.WriteString("<br>\n")
			}
			b.WriteString(linkify(l))
		}
		b.WriteString("</p>\n")
	}
	b.WriteString("</body></html>\n")
	return b.String()
}

func linkify(line string) string {
	var b strings.Builder
	last := 0
	for _, m := range urlPattern.FindAllStringIndex(line, -1) {
		b.WriteString(html.EscapeString(line[last:m[0]]))
		u := html.EscapeString(line[m[0]:m[1]])
		b.WriteString(`<a href="` + u + `">` + u + `</a>`)
		last = m[1]
	}
	b.WriteString(html.EscapeString(line[last:]))
	return b.String()
}

// Envelope is the header of a mail Hotline sends.
type Envelope struct {
	From       Address
	To         Address
	Subject    string
	MessageID  string // without angle brackets
	InReplyTo  string
	References []string
	Date       time.Time
	// Automatic marks notifications no person wrote (created, solved):
	// Auto-Submitted and X-Auto-Response-Suppress ask the agent's mailer
	// not to answer with an out-of-office, which would loop.
	Automatic bool
}

// Compose writes a whole mail: the header and a text part with its light
// HTML twin (multipart/alternative), UTF-8, quoted-printable.
func Compose(env Envelope, text string) ([]byte, error) {
	var h gomail.Header
	h.SetDate(env.Date)
	h.SetAddressList("From", []*gomail.Address{{Name: env.From.Name, Address: env.From.Email}})
	h.SetAddressList("To", []*gomail.Address{{Name: env.To.Name, Address: env.To.Email}})
	h.SetSubject(env.Subject)
	h.SetMessageID(env.MessageID)
	if env.InReplyTo != "" {
		h.SetMsgIDList("In-Reply-To", []string{env.InReplyTo})
	}
	if len(env.References) > 0 {
		h.SetMsgIDList("References", env.References)
	}
	if env.Automatic {
		h.Set("Auto-Submitted", "auto-generated")
		h.Set("X-Auto-Response-Suppress", "OOF, AutoReply")
	}
	h.Set("X-Mailer", "Hotline")
	var b bytes.Buffer
	w, err := gomail.CreateInlineWriter(&b, h)
	if err != nil {
		return nil, fmt.Errorf("compose mail: %w", err)
	}
	for _, part := range []struct{ typ, body string }{{"text/plain", text}, {"text/html", LightHTML(text)}} {
		var ph gomail.InlineHeader
		ph.SetContentType(part.typ, map[string]string{"charset": "utf-8"})
		ph.Set("Content-Transfer-Encoding", "quoted-printable")
		pw, err := w.CreatePart(ph)
		if err != nil {
			return nil, fmt.Errorf("compose mail: %w", err)
		}
		if _, err := pw.Write([]byte(part.body)); err != nil {
			return nil, fmt.Errorf("compose mail: %w", err)
		}
		if err := pw.Close(); err != nil {
			return nil, fmt.Errorf("compose mail: %w", err)
		}
	}
	if err := w.Close(); err != nil {
		return nil, fmt.Errorf("compose mail: %w", err)
	}
	return b.Bytes(), nil
}
