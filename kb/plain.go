package kb

import (
	"html"
	"strings"
	"unicode/utf8"
)

// PlainText turns Markdown with inline HTML (Microsoft's docs: anchors,
// nested image links, [!NOTE] markers) into the text a person reads, for
// snippets and summaries: links become their text, images, tags, link
// targets and bare addresses go, emphasis and table pipes go, entities
// are decoded. One pass over the text, no regular expression: it runs on
// every search result.
func PlainText(md string) string {
	var b strings.Builder
	b.Grow(len(md))
	plainInto(&b, md, 0)
	out := b.String()
	if strings.IndexByte(out, '&') >= 0 {
		out = html.UnescapeString(out)
	}
	return out
}

// maxLinkText bounds how far a [ looks for its ] and a ]( for its ): an
// unclosed bracket in a long text must not make the pass quadratic.
const maxLinkText = 400

func plainInto(b *strings.Builder, s string, depth int) {
	lineStart := true
	for i := 0; i < len(s); {
		c := s[i]
		if lineStart {
			// Block markers at the start of a line: headings, quotes,
			// list bullets.
			j := i
			for j < len(s) && (s[j] == ' ' || s[j] == '\t') {
				j++
			}
			k := j
			for k < len(s) && (s[k] == '#' || s[k] == '>') {
				k++
			}
			if k > j {
				for k < len(s) && s[k] == ' ' {
					k++
				}
				i = k
				lineStart = false
				continue
			}
			if j+1 < len(s) && (s[j] == '-' || s[j] == '*' || s[j] == '+') && s[j+1] == ' ' {
				i = j + 2
				lineStart = false
				continue
			}
			lineStart = false
		}
		switch c {
		case '\n':
			b.WriteByte('\n')
			lineStart = true
			i++
			continue
		case '<':
			// An HTML tag: <a name="x">, </a>, <br/>, <!-- -->.
			if i+1 < len(s) && (isASCIILetter(s[i+1]) || s[i+1] == '/' || s[i+1] == '!') {
				if end := strings.IndexByte(s[i+1:min(len(s), i+1+maxLinkText)], '>'); end >= 0 {
					i += end + 2
					continue
				}
			}
		case '!':
			// An image: ![alt](src) is dropped.
			if i+1 < len(s) && s[i+1] == '[' {
				if end, target := linkEnd(s, i+1); end > 0 {
					_ = target
					i = end
					continue
				}
			}
		case '[':
			if end, textEnd := linkEnd(s, i); end > 0 {
				inner := s[i+1 : textEnd]
				if !strings.HasPrefix(inner, "!") && depth < 4 { // [!NOTE], [!VIDEO …] are markers
					plainInto(b, inner, depth+1)
				}
				i = end
				continue
			}
			i++ // a lone bracket
			continue
		case ']':
			i++
			continue
		case 'h':
			if strings.HasPrefix(s[i:], "http://") || strings.HasPrefix(s[i:], "https://") {
				j := i
				for j < len(s) && s[j] != ' ' && s[j] != '\n' && s[j] != ')' && s[j] != '"' && s[j] != '<' {
					j++
				}
				i = j
				continue
			}
		case '*', '_', '`':
			// Emphasis and code marks; a lone _ inside a word stays.
			if c != '_' || i+1 < len(s) && s[i+1] == '_' {
				for i < len(s) && s[i] == c {
					i++
				}
				continue
			}
		case '|':
			b.WriteByte(' ')
			i++
			continue
		case '\\':
			// An escaped character ("Paramètres \\> Compte") is itself.
			if i+1 < len(s) && s[i+1] < 0x80 && s[i+1] > ' ' && !isASCIILetter(s[i+1]) {
				b.WriteByte(s[i+1])
				i += 2
				continue
			}
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size <= 1 {
			i++
			continue
		}
		b.WriteString(s[i : i+size])
		i += size
	}
}

// linkEnd reads a link starting at the [ at s[i]: [text](target),
// [text][ref] or [text] alone when followed by neither. It returns the
// offset after the link and the offset of the text's closing ], or 0 when
// the bracket closes nowhere near.
func linkEnd(s string, i int) (end, textEnd int) {
	depth := 0
	limit := min(len(s), i+maxLinkText)
	for j := i; j < limit; j++ {
		switch s[j] {
		case '[':
			depth++
		case ']':
			depth--
			if depth == 0 {
				textEnd = j
				if j+1 < len(s) && s[j+1] == '(' {
					pd := 0
					for k := j + 1; k < min(len(s), j+1+maxLinkText); k++ {
						switch s[k] {
						case '(':
							pd++
						case ')':
							pd--
							if pd == 0 {
								return k + 1, textEnd
							}
						case '\n':
							return j + 1, textEnd
						}
					}
					return j + 1, textEnd
				}
				if j+1 < len(s) && s[j+1] == '[' {
					if k := strings.IndexByte(s[j+1:min(len(s), j+1+maxLinkText)], ']'); k >= 0 {
						return j + 1 + k + 1, textEnd
					}
				}
				return j + 1, textEnd
			}
		case '\n':
			if j+1 < len(s) && s[j+1] == '\n' {
				return 0, 0 // a paragraph ends: the bracket was text
			}
		}
	}
	return 0, 0
}

func isASCIILetter(c byte) bool { return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' }
