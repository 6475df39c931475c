package kb

import (
	"bytes"
	"strings"
	"unicode/utf8"

	"gopkg.in/yaml.v3"
)

// simpleFrontMatter reads the front matter most files have — "key: value"
// lines, values plain or quoted on one line, and lists of such values
// under a key — into the node tree yaml.v3 would build for it, a tenth of
// the cost of the YAML parser (which was a fifth of an import). Anything
// else (flow lists, block scalars, escapes, anchors, tags, comments after a
// value, indented keys, tabs, odd characters) returns false, and the YAML
// parser reads the file as before: this is a shortcut for the common
// case, never a second dialect. FuzzSimpleFrontMatter checks that both
// give the same article or the same error.
func simpleFrontMatter(fm []byte) (*yaml.Node, bool) {
	root := &yaml.Node{Kind: yaml.MappingNode, Tag: "!!map"}
	// The last key's value while a list may follow it (it was empty),
	// then the list; nil for a key the importer does not read (its
	// values are checked, not kept).
	var open, list *yaml.Node
	inList, canList, listIndent := false, false, -1
	for lineNo, rest := 1, fm; len(rest) > 0; lineNo++ {
		var line []byte
		if i := bytes.IndexByte(rest, '\n'); i >= 0 {
			line, rest = rest[:i], rest[i+1:]
		} else {
			line, rest = rest, nil
		}
		if !plainLine(line) {
			return nil, false
		}
		if len(bytes.TrimRight(line, " ")) == 0 {
			continue
		}
		if line[0] == '#' {
			continue // a comment line
		}
		indent := 0
		for indent < len(line) && line[indent] == ' ' {
			indent++
		}
		if line[indent] == '-' && (indent+1 == len(line) || line[indent+1] == ' ') {
			// A list item: only right under a key without a value, all
			// at one indentation.
			switch {
			case canList:
				if open != nil {
					*open = yaml.Node{Kind: yaml.SequenceNode, Tag: "!!seq", Line: lineNo, Column: indent + 1}
				}
				list, open, inList, canList, listIndent = open, nil, true, false, indent
			case inList && indent == listIndent:
			default:
				return nil, false
			}
			v, ok := readSimpleScalar(line[indent+1:])
			if !ok {
				return nil, false
			}
			if list != nil {
				list.Content = append(list.Content, v.node(lineNo))
			}
			continue
		}
		if indent > 0 {
			return nil, false // a continued value or a nested mapping
		}
		open, list, inList, canList, listIndent = nil, nil, false, false, -1
		colon := keyEnd(line)
		if colon < 0 {
			return nil, false
		}
		v, ok := readSimpleScalar(line[colon+1:])
		if !ok {
			return nil, false
		}
		canList = v.null && len(v.value) == 0
		if !frontMatterKey(line[:colon]) {
			continue
		}
		val := v.node(lineNo)
		root.Content = append(root.Content, &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: string(line[:colon]), Line: lineNo, Column: 1}, val)
		if canList {
			open = val
		}
	}
	return root, true
}

// frontMatterKey reports whether applyFrontMatterNodes reads a key: the
// shortcut builds nodes for those only.
func frontMatterKey(key []byte) bool {
	if len(key) > len("keywords") {
		return false
	}
	var buf [8]byte
	k := buf[:len(key)]
	for i, c := range key {
		k[i] = lowerASCII(c)
	}
	switch string(k) {
	case "title", "kind", "type", "tags", "keywords", "url", "link", "duration", "lang", "language", "verified":
		return true
	}
	return false
}

// keyEnd returns the offset of the ":" ending a simple key (letters,
// digits, _ . -, starting with a letter, digit or _, at most maxSimpleKey
// bytes) followed by a space or the end of the line; -1 if the line does
// not start with one.
func keyEnd(line []byte) int {
	for i, c := range line[:min(len(line), maxSimpleKey+1)] {
		switch {
		case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z', '0' <= c && c <= '9', c == '_':
		case (c == '.' || c == '-') && i > 0:
		case c == ':' && i > 0:
			if i+1 == len(line) || line[i+1] == ' ' {
				return i
			}
			return -1
		default:
			return -1
		}
	}
	return -1
}

// maxSimpleKey is far below the YAML parser's limit on a key (1,024
// characters).
const maxSimpleKey = 200

// simpleValue is a value read by readSimpleScalar.
type simpleValue struct {
	value []byte
	style yaml.Style
	null  bool // empty, ~ or null, unquoted
	// quotes holds '' for ' (single-quoted style)
	quotes bool
}

func (v simpleValue) node(line int) *yaml.Node {
	n := &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Style: v.style, Value: string(v.value), Line: line}
	if v.quotes {
		n.Value = strings.ReplaceAll(n.Value, "''", "'")
	}
	if v.null {
		n.Tag = "!!null"
	}
	return n
}

// readSimpleScalar reads what follows "key:" or "-": nothing (null), a
// plain value, or a value in single or double quotes without escapes,
// alone on the line.
func readSimpleScalar(s []byte) (simpleValue, bool) {
	if len(s) > 0 && s[0] != ' ' {
		return simpleValue{}, false
	}
	s = bytes.Trim(s, " ")
	if len(s) == 0 {
		return simpleValue{null: true}, true
	}
	switch s[0] {
	case '"':
		end := bytes.IndexByte(s[1:], '"')
		if end < 0 || end+2 != len(s) || bytes.IndexByte(s, '\\') >= 0 {
			return simpleValue{}, false
		}
		return simpleValue{value: s[1 : end+1], style: yaml.DoubleQuotedStyle}, true
	case '\'':
		if len(s) < 2 || s[len(s)-1] != '\'' {
			return simpleValue{}, false
		}
		inner := s[1 : len(s)-1]
		// '' is a quote; a lone ' ends the value early.
		n := bytes.Count(inner, []byte("'"))
		if n != 2*bytes.Count(inner, []byte("''")) {
			return simpleValue{}, false
		}
		return simpleValue{value: inner, style: yaml.SingleQuotedStyle, quotes: n > 0}, true
	case '-', '?', ':', ',', '[', ']', '{', '}', '#', '&', '*', '!', '|', '>', '%', '@', '`':
		return simpleValue{}, false // an indicator: a structure, not a plain value
	}
	for i := 1; i < len(s); i++ {
		// ": " or a final ":" would be a mapping, " #" a comment.
		if s[i] == ':' && (i+1 == len(s) || s[i+1] == ' ') || s[i] == '#' && s[i-1] == ' ' {
			return simpleValue{}, false
		}
	}
	switch string(s) {
	case "~", "null", "Null", "NULL":
		return simpleValue{value: s, null: true}, true
	}
	return simpleValue{value: s}, true
}

// plainLine reports whether a line holds only characters the YAML parser
// reads as themselves: no tab, no control character, no byte-order mark,
// none of the characters it treats as line breaks.
func plainLine(line []byte) bool {
	for i := 0; i < len(line); {
		c := line[i]
		if c < utf8.RuneSelf {
			if c < 0x20 || c == 0x7f {
				return false
			}
			i++
			continue
		}
		r, size := utf8.DecodeRune(line[i:])
		if r == utf8.RuneError || r < 0xa0 || r == 0x2028 || r == 0x2029 || r == 0xfeff || r == 0xfffe || r == 0xffff {
			return false
		}
		i += size
	}
	return true
}
