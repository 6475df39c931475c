package kb

import (
	"bytes"
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
	var list *yaml.Node // the sequence being read, under the last key
	listIndent := -1
	var open *yaml.Node // the last key's null value, which a list may replace
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
			case open != nil:
				*open = yaml.Node{Kind: yaml.SequenceNode, Tag: "!!seq", Line: lineNo, Column: indent + 1}
				list, open, listIndent = open, nil, indent
			case list != nil && indent == listIndent:
			default:
				return nil, false
			}
			item, ok := simpleScalar(line[indent+1:], lineNo)
			if !ok {
				return nil, false
			}
			list.Content = append(list.Content, item)
			continue
		}
		if indent > 0 {
			return nil, false // a continued value or a nested mapping
		}
		list, open, listIndent = nil, nil, -1
		colon := keyEnd(line)
		if colon < 0 {
			return nil, false
		}
		key := &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: string(line[:colon]), Line: lineNo, Column: 1}
		val, ok := simpleScalar(line[colon+1:], lineNo)
		if !ok {
			return nil, false
		}
		if val.Tag == "!!null" && val.Value == "" {
			open = val // a list may follow
		}
		root.Content = append(root.Content, key, val)
	}
	return root, true
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

// simpleScalar reads what follows "key:" or "-": nothing (null), a plain
// value, or a value in single or double quotes without escapes, alone on
// the line.
func simpleScalar(s []byte, line int) (*yaml.Node, bool) {
	if len(s) > 0 && s[0] != ' ' {
		return nil, false
	}
	s = bytes.Trim(s, " ")
	n := &yaml.Node{Kind: yaml.ScalarNode, Line: line}
	if len(s) == 0 {
		n.Tag = "!!null"
		return n, true
	}
	switch s[0] {
	case '"':
		end := bytes.IndexByte(s[1:], '"')
		if end < 0 || end+2 != len(s) || bytes.IndexByte(s, '\\') >= 0 {
			return nil, false
		}
		n.Tag, n.Style, n.Value = "!!str", yaml.DoubleQuotedStyle, string(s[1:end+1])
		return n, true
	case '\'':
		if len(s) < 2 || s[len(s)-1] != '\'' {
			return nil, false
		}
		inner := s[1 : len(s)-1]
		// '' is a quote; a lone ' ends the value early.
		if bytes.Count(inner, []byte("'")) != 2*bytes.Count(inner, []byte("''")) {
			return nil, false
		}
		n.Tag, n.Style, n.Value = "!!str", yaml.SingleQuotedStyle, string(bytes.ReplaceAll(inner, []byte("''"), []byte("'")))
		return n, true
	case '-', '?', ':', ',', '[', ']', '{', '}', '#', '&', '*', '!', '|', '>', '%', '@', '`':
		return nil, false // an indicator: a structure, not a plain value
	}
	for i := 1; i < len(s); i++ {
		// ": " or a final ":" would be a mapping, " #" a comment.
		if s[i] == ':' && (i+1 == len(s) || s[i+1] == ' ') || s[i] == '#' && s[i-1] == ' ' {
			return nil, false
		}
	}
	n.Value = string(s)
	n.Tag = "!!str"
	switch n.Value {
	case "~", "null", "Null", "NULL":
		n.Tag = "!!null"
	}
	return n, true
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
