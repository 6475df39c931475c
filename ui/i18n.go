package ui

import (
	"fmt"

	"hotline/internal/i18n"
)

// Lang is the interface language: the one language setting of every front
// end (internal/i18n).
type Lang = i18n.Lang

const (
	English = i18n.English
	French  = i18n.French
)

// Catalogue gives the interface's words in one language. Every string the
// technician reads is in catalogue.go, in both languages.
type Catalogue struct{ lang Lang }

// NewCatalogue returns the catalogue of lang.
func NewCatalogue(lang Lang) Catalogue { return Catalogue{lang: lang} }

// Lang is the catalogue's language.
func (c Catalogue) Lang() Lang { return c.lang }

// T is the text for id; a missing id shows as itself (a test checks that
// none is missing).
func (c Catalogue) T(id string) string {
	if m, ok := messages[id]; ok {
		return m[c.lang]
	}
	return id
}

// F formats the text for id with args.
func (c Catalogue) F(id string, args ...any) string { return fmt.Sprintf(c.T(id), args...) }
