// Package replies is the team's canned replies ("réponses types"): one
// Markdown file per reply in a folder beside the config (replies/*.md), a
// small front matter giving its title and language:
//
//	---
//	title: Redémarrer Teams
//	lang: fr
//	---
//	Bonjour {prenom},
//	fermez Teams puis relancez-le. …
//
// Files rather than a table: the team keeps them with the config (in the
// same backup, the same folder a server shares with its SSH sessions), and
// anyone can write one with an editor. Variables in braces are filled when
// a reply is inserted into a comment (see Expand).
package replies

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"unicode"

	"hotline/internal/text"
)

// Reply is one canned reply.
type Reply struct {
	// Name is the file's name without .md: it identifies the reply.
	Name  string
	Title string
	// Lang is "fr", "en" or "" (any language).
	Lang string
	Body string
}

// Variables are the names a reply may use, in braces.
var Variables = []string{"prenom", "numero", "tutoriel", "technicien"}

// Book is the folder of replies.
type Book struct{ Dir string }

// FileError is a reply file that could not be read; the others still are.
type FileError struct {
	Path string
	Err  error
}

func (e *FileError) Error() string { return fmt.Sprintf("reply %s: %v", e.Path, e.Err) }
func (e *FileError) Unwrap() error { return e.Err }

// List reads every reply of the folder, sorted by title; a missing folder
// is no reply. A file that cannot be read is reported in bad and skipped.
func (b Book) List() (list []Reply, bad []error) {
	entries, err := os.ReadDir(b.Dir)
	if errors.Is(err, os.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, []error{&FileError{Path: b.Dir, Err: err}}
	}
	for _, e := range entries {
		if e.IsDir() || !strings.HasSuffix(e.Name(), ".md") || strings.HasPrefix(e.Name(), ".") {
			continue
		}
		path := filepath.Join(b.Dir, e.Name())
		data, err := os.ReadFile(path)
		if err != nil {
			bad = append(bad, &FileError{Path: path, Err: err})
			continue
		}
		r, err := Parse(strings.TrimSuffix(e.Name(), ".md"), string(data))
		if err != nil {
			bad = append(bad, &FileError{Path: path, Err: err})
			continue
		}
		list = append(list, r)
	}
	slices.SortFunc(list, func(a, b Reply) int { return strings.Compare(text.Fold(a.Title), text.Fold(b.Title)) })
	return list, bad
}

// Parse reads a reply file: the optional front matter, then the body. A
// reply without a title is titled by its file name.
func Parse(name, data string) (Reply, error) {
	r := Reply{Name: name, Title: name}
	data = strings.ReplaceAll(data, "\r\n", "\n")
	if rest, ok := strings.CutPrefix(data, "---\n"); ok {
		head, body, found := strings.Cut(rest, "\n---\n")
		if !found {
			head, found = strings.CutSuffix(rest, "\n---")
		}
		if !found {
			return r, &ParseError{Problem: Unclosed}
		}
		for _, line := range strings.Split(head, "\n") {
			k, v, ok := strings.Cut(line, ":")
			if !ok {
				continue
			}
			v = strings.Trim(strings.TrimSpace(v), `"'`)
			switch strings.TrimSpace(strings.ToLower(k)) {
			case "title":
				r.Title = v
			case "lang":
				r.Lang = strings.ToLower(v)
			}
		}
		data = body
	}
	if r.Lang != "" && r.Lang != "fr" && r.Lang != "en" {
		return r, &ParseError{Problem: BadLang, Value: r.Lang}
	}
	r.Title = text.SanitizeLine(r.Title)
	r.Body = strings.TrimSpace(data)
	if r.Body == "" {
		return r, &ParseError{Problem: Empty}
	}
	return r, nil
}

// Format is the file's text for r.
func Format(r Reply) string {
	var b strings.Builder
	b.WriteString("---\ntitle: " + strings.ReplaceAll(r.Title, "\n", " ") + "\n")
	if r.Lang != "" {
		b.WriteString("lang: " + r.Lang + "\n")
	}
	b.WriteString("---\n" + strings.TrimSpace(r.Body) + "\n")
	return b.String()
}

// Path is the file of the reply named name.
func (b Book) Path(name string) string { return filepath.Join(b.Dir, name+".md") }

// NameFor is a file name for a new reply titled title: its folded words
// joined by dashes, with a number when the name is taken.
func (b Book) NameFor(title string) string {
	words := strings.FieldsFunc(text.Fold(title), func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
	base := strings.Join(words, "-")
	if len(base) > 60 {
		base = base[:60]
	}
	if base == "" {
		base = "reponse"
	}
	name := base
	for i := 2; ; i++ {
		if _, err := os.Stat(b.Path(name)); errors.Is(err, os.ErrNotExist) {
			return name
		}
		name = fmt.Sprintf("%s-%d", base, i)
	}
}

// Save writes r to its file (creating the folder), replacing it whole: a
// failed write leaves the old file as it was.
func (b Book) Save(r Reply) error {
	if r.Name == "" || strings.ContainsAny(r.Name, `/\`) || strings.HasPrefix(r.Name, ".") {
		return fmt.Errorf("reply name %q: letters, digits and dashes only", r.Name)
	}
	if err := os.MkdirAll(b.Dir, 0o755); err != nil {
		return fmt.Errorf("replies folder: %w", err)
	}
	tmp, err := os.CreateTemp(b.Dir, ".reply-*")
	if err != nil {
		return fmt.Errorf("save reply %s: %w", r.Name, err)
	}
	defer os.Remove(tmp.Name())
	if _, err := tmp.WriteString(Format(r)); err != nil {
		tmp.Close()
		return fmt.Errorf("save reply %s: %w", r.Name, err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("save reply %s: %w", r.Name, err)
	}
	if err := os.Rename(tmp.Name(), b.Path(r.Name)); err != nil {
		return fmt.Errorf("save reply %s: %w", r.Name, err)
	}
	return nil
}

// ParseError says why a reply file was refused (Problem), for each front
// end to word; Error() is English.
type ParseError struct {
	Problem ParseProblem
	Value   string // the lang given, for BadLang
}

// ParseProblem is what is wrong with a reply file.
type ParseProblem int

const (
	// Unclosed: the front matter opened with --- is never closed.
	Unclosed ParseProblem = iota + 1
	// BadLang: lang is neither fr nor en.
	BadLang
	// Empty: the reply has no text.
	Empty
)

func (e *ParseError) Error() string {
	switch e.Problem {
	case Unclosed:
		return "front matter opened with --- is never closed with ---"
	case BadLang:
		return fmt.Sprintf("lang %q: write fr, en, or leave it out", e.Value)
	}
	return "the reply is empty"
}

// ErrNotFound: no reply by that name.
var ErrNotFound = errors.New("no such reply")

// Delete removes the reply named name.
func (b Book) Delete(name string) error {
	err := os.Remove(b.Path(name))
	if errors.Is(err, os.ErrNotExist) {
		return fmt.Errorf("delete reply %s: %w", name, ErrNotFound)
	}
	if err != nil {
		return fmt.Errorf("delete reply %s: %w", name, err)
	}
	return nil
}

// VariableError is a reply that cannot be filled: variables it names that
// do not exist (Unknown), or that have no value for this ticket (Empty).
type VariableError struct {
	Unknown []string
	Empty   []string
}

func (e *VariableError) Error() string {
	var parts []string
	if len(e.Unknown) > 0 {
		parts = append(parts, "unknown variable {"+strings.Join(e.Unknown, "} {")+"}")
	}
	if len(e.Empty) > 0 {
		parts = append(parts, "no value for {"+strings.Join(e.Empty, "} {")+"}")
	}
	return strings.Join(parts, "; ")
}

var varPattern = regexp.MustCompile(`\{([\p{L}\p{N}_]+)\}`)

// Expand fills the variables of body from vars. A name that is not one of
// Variables, or one whose value is missing from vars, is an error that
// names it: a reply is never sent with "{foo}" in it. An empty value (no
// first name known) is allowed, with the space before it.
func Expand(body string, vars map[string]string) (string, error) {
	// "Bonjour {prenom}," with no first name known reads "Bonjour,".
	for name, v := range vars {
		if v == "" {
			body = strings.ReplaceAll(body, " {"+name+"}", "{"+name+"}")
		}
	}
	var e VariableError
	out := varPattern.ReplaceAllStringFunc(body, func(m string) string {
		name := m[1 : len(m)-1]
		if !slices.Contains(Variables, name) {
			if !slices.Contains(e.Unknown, name) {
				e.Unknown = append(e.Unknown, name)
			}
			return m
		}
		v, ok := vars[name]
		if !ok {
			if !slices.Contains(e.Empty, name) {
				e.Empty = append(e.Empty, name)
			}
			return m
		}
		return v
	})
	if len(e.Unknown)+len(e.Empty) > 0 {
		return "", &e
	}
	return out, nil
}
