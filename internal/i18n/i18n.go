// Package i18n is the language setting and the catalogue mechanism shared
// by every front end: the interface (ui), the command line (cli) and the
// reports choose the language the same way (the config's "language", else
// LC_ALL, LC_MESSAGES, LANG) and look their words up by id in a table of
// {English, French} pairs. Tables are plain maps, read-only after init, so
// no package-level state changes at run time.
package i18n

import (
	"fmt"
	"strings"
)

// Lang is a language of the words people read.
type Lang int

const (
	English Lang = iota
	French
)

// Choose is the language: the config's setting ("fr" or "en") wins, else
// the first of LC_ALL, LC_MESSAGES and LANG that is set (fr* is French),
// else English.
func Choose(config string, getenv func(string) string) Lang {
	switch strings.ToLower(config) {
	case "fr":
		return French
	case "en":
		return English
	}
	if getenv == nil {
		return English
	}
	for _, v := range []string{"LC_ALL", "LC_MESSAGES", "LANG"} {
		if l := getenv(v); l != "" {
			if strings.HasPrefix(strings.ToLower(l), "fr") {
				return French
			}
			return English
		}
	}
	return English
}

// Table holds words by id: {English, French}, indexed by Lang.
type Table map[string][2]string

// Catalogue gives the words of one table in one language.
type Catalogue struct {
	lang  Lang
	table Table
}

// New returns the catalogue of table in lang.
func New(lang Lang, table Table) Catalogue { return Catalogue{lang: lang, table: table} }

// Lang is the catalogue's language.
func (c Catalogue) Lang() Lang { return c.lang }

// T is the text for id; a missing id shows as itself (each front end has
// a test that none is missing).
func (c Catalogue) T(id string) string {
	if m, ok := c.table[id]; ok && m[c.lang] != "" {
		return m[c.lang]
	}
	return id
}

// F formats the text for id with args.
func (c Catalogue) F(id string, args ...any) string { return fmt.Sprintf(c.T(id), args...) }
