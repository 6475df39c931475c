package kb

import (
	"bytes"
	"fmt"
	"html"
	"math"
	"path"
	"regexp"
	"strconv"
	"strings"
	"time"

	"gopkg.in/yaml.v3"
)

// parseMarkdown turns one Markdown file into an article: optional YAML front
// matter, then the body. name is the file's path, for the fallback title.
// Errors are *LineError so that the import can report path:line: reason.
func parseMarkdown(name string, data []byte) (*Article, error) {
	a := &Article{}
	body, fmLine, fm, err := splitFrontMatter(data)
	if err != nil {
		return nil, err
	}
	if fm != nil {
		if err := applyFrontMatter(a, fm, fmLine); err != nil {
			return nil, err
		}
	}
	a.Body = strings.TrimSpace(string(body))
	if a.Title == "" {
		a.Title = headingTitle(a.Body)
	}
	if a.Title == "" {
		a.Title = fileTitle(name)
	}
	return a, nil
}

// splitFrontMatter separates a leading "---" block. It returns the body,
// the file line of the block's first YAML line, and the YAML (nil if none).
func splitFrontMatter(data []byte) (body []byte, firstLine int, fm []byte, err error) {
	if !bytes.HasPrefix(data, []byte("---")) {
		return data, 0, nil, nil
	}
	first, rest, _ := bytes.Cut(data, []byte("\n"))
	if strings.TrimRight(string(first), " \t\r") != "---" {
		return data, 0, nil, nil // "----" is a Markdown rule, not front matter
	}
	line := 2
	for off := 0; off <= len(rest); {
		end := bytes.IndexByte(rest[off:], '\n')
		var l []byte
		next := len(rest) + 1
		if end < 0 {
			l = rest[off:]
		} else {
			l = rest[off : off+end]
			next = off + end + 1
		}
		if off > maxFrontMatter {
			return nil, 0, nil, errAt(1, Reason{Code: CodeFrontMatterTooLong, Limit: maxFrontMatter >> 10})
		}
		if t := strings.TrimRight(string(l), " \t\r"); t == "---" || t == "..." {
			if next > len(rest) {
				return nil, 2, rest[:off], nil
			}
			return rest[next:], 2, rest[:off], nil
		}
		off = next
		line++
	}
	return nil, 0, nil, errAt(1, Reason{Code: CodeFrontMatterUnclosed})
}

// maxFrontMatter bounds the YAML of an article: a title, tags and a few
// fields take a few hundred bytes; the YAML parser's memory grows with its
// input (and its aliases), so anything larger is refused before parsing.
const maxFrontMatter = 64 << 10

var yamlLineRe = regexp.MustCompile(`line (\d+)`)

func applyFrontMatter(a *Article, fm []byte, firstLine int) error {
	root, ok := simpleFrontMatter(fm)
	if !ok {
		var err error
		if root, err = parseFrontMatter(fm, firstLine); root == nil || err != nil {
			return err
		}
	}
	return applyFrontMatterNodes(a, root, firstLine)
}

// parseFrontMatter reads front matter with the YAML parser. It returns a
// nil node for an empty block.
func parseFrontMatter(fm []byte, firstLine int) (*yaml.Node, error) {
	var doc yaml.Node
	if err := yaml.Unmarshal(fm, &doc); err != nil {
		line := firstLine
		msg := strings.TrimPrefix(err.Error(), "yaml: ")
		if m := yamlLineRe.FindStringSubmatch(msg); m != nil {
			n, _ := strconv.Atoi(m[1])
			line = firstLine + n - 1
			msg = strings.TrimSpace(strings.Replace(msg, m[0]+":", "", 1))
		}
		return nil, errAt(line, Reason{Code: CodeBadYAML, Value: msg})
	}
	if len(doc.Content) == 0 {
		return nil, nil // empty block
	}
	root := doc.Content[0]
	if root.Kind != yaml.MappingNode {
		return nil, errAt(firstLine+root.Line-1, Reason{Code: CodeFrontMatterNotMap})
	}
	return root, nil
}

func applyFrontMatterNodes(a *Article, root *yaml.Node, firstLine int) error {
	for i := 0; i+1 < len(root.Content); i += 2 {
		key, val := root.Content[i], root.Content[i+1]
		line := firstLine + val.Line - 1
		var err error
		switch strings.ToLower(key.Value) {
		case "title":
			a.Title, err = scalar(val, line, "title")
			a.Title = cleanTitle(a.Title)
		case "kind", "type":
			var k string
			if k, err = scalar(val, line, "kind"); err == nil && k != "" {
				if a.Kind, err = ParseKind(k); err != nil {
					err = errAt(line, Reason{Code: CodeUnknownKind, Value: k})
				}
			}
		case "tags", "keywords":
			a.Tags, err = stringList(val, line)
		case "url", "link":
			a.URL, err = scalar(val, line, "url")
		case "duration":
			var d string
			if d, err = scalar(val, line, "duration"); err == nil && d != "" {
				if a.Duration, err = ParseDuration(d); err != nil {
					r, _ := ReasonOf(err)
					err = errAt(line, r)
				}
			}
		case "lang", "language":
			a.Lang, err = scalar(val, line, "lang")
		case "verified":
			var v string
			if v, err = scalar(val, line, "verified"); err == nil && v != "" {
				var t time.Time
				if t, err = parseDate(v); err != nil {
					err = errAt(line, Reason{Code: CodeBadDate, Value: v})
				} else {
					a.Verified = &t
				}
			}
		}
		if err != nil {
			return err
		}
	}
	return nil
}

func scalar(n *yaml.Node, line int, field string) (string, error) {
	if n.Kind != yaml.ScalarNode {
		return "", errAt(line, Reason{Code: CodeNotSingleValue, Value: field})
	}
	if n.Tag == "!!null" {
		return "", nil
	}
	return strings.TrimSpace(n.Value), nil
}

// stringList accepts `tags: [a, b]`, a block list, or `tags: a, b`.
func stringList(n *yaml.Node, line int) ([]string, error) {
	switch n.Kind {
	case yaml.ScalarNode:
		if n.Tag == "!!null" {
			return nil, nil
		}
		return strings.FieldsFunc(n.Value, func(r rune) bool { return r == ',' || r == ';' }), nil
	case yaml.SequenceNode:
		out := make([]string, 0, len(n.Content))
		for _, c := range n.Content {
			if c.Kind != yaml.ScalarNode {
				return nil, errAt(line, Reason{Code: CodeTagsNested})
			}
			out = append(out, c.Value)
		}
		return out, nil
	}
	return nil, errAt(line, Reason{Code: CodeTagsNotList})
}

func parseDate(s string) (time.Time, error) {
	for _, layout := range []string{dateLayout, time.RFC3339, "2006-01-02 15:04:05", "02/01/2006"} {
		if t, err := time.Parse(layout, s); err == nil {
			y, m, d := t.Date()
			return time.Date(y, m, d, 0, 0, 0, 0, time.UTC), nil
		}
	}
	return time.Time{}, fmt.Errorf("not a date")
}

// maxDuration is the longest video: a day is already far more than any
// recorded training session.
const maxDuration = 24 * time.Hour

// ParseDuration reads a video length as people write it: "3m20s",
// "03:20", "1:02:03" or a number of seconds.
func ParseDuration(s string) (time.Duration, error) {
	s = strings.TrimSpace(s)
	if n, err := strconv.ParseFloat(s, 64); err == nil {
		// "inf", "nan" and absurd lengths would overflow a Duration.
		if math.IsNaN(n) || math.IsInf(n, 0) || n < 0 || n > maxDuration.Seconds() {
			return 0, invalid("duration", Reason{Code: CodeDurationTooLong, Value: s, Limit: int(maxDuration.Hours())})
		}
		return time.Duration(n * float64(time.Second)), nil
	}
	if strings.Contains(s, ":") {
		parts := strings.Split(s, ":")
		if len(parts) <= 3 {
			var total float64
			ok := true
			for i, p := range parts {
				v, err := strconv.ParseFloat(p, 64)
				if err != nil || v < 0 || (i > 0 && v >= 60) {
					ok = false
					break
				}
				total = total*60 + v
			}
			if ok && total <= maxDuration.Seconds() {
				return time.Duration(total * float64(time.Second)), nil
			}
		}
	} else if d, err := time.ParseDuration(strings.ReplaceAll(s, " ", "")); err == nil && d >= 0 && d <= maxDuration {
		return d, nil
	}
	return 0, invalid("duration", Reason{Code: CodeBadDuration, Value: s})
}

var (
	htmlTagRe   = regexp.MustCompile(`<[^<>]*>`)
	fenceRe     = regexp.MustCompile("^\\s*(```|~~~)")
	headingRe   = regexp.MustCompile(`^#[ \t]+(.*?)[ \t#]*$`)
	mdLinkRe    = regexp.MustCompile(`!?\[([^\]]*)\]\([^)]*\)`)
	mdEmphasize = strings.NewReplacer("**", "", "__", "", "`", "")
)

// headingTitle is the text of the first level-1 heading outside code
// blocks, with inline HTML (the anchors of Microsoft's docs), links and
// emphasis removed.
func headingTitle(body string) string {
	inFence := false
	for _, l := range strings.Split(body, "\n") {
		if fenceRe.MatchString(l) {
			inFence = !inFence
			continue
		}
		if inFence {
			continue
		}
		if m := headingRe.FindStringSubmatch(strings.TrimRight(l, "\r")); m != nil {
			if t := cleanTitle(m[1]); t != "" {
				return t
			}
		}
	}
	return ""
}

func cleanTitle(s string) string {
	s = htmlTagRe.ReplaceAllString(s, "")
	s = mdLinkRe.ReplaceAllString(s, "$1")
	s = mdEmphasize.Replace(s)
	s = html.UnescapeString(s)
	return strings.Join(strings.Fields(s), " ")
}

// fileTitle makes a title of a file name: "15-camera_teams.md" gives
// "15 camera teams".
func fileTitle(name string) string {
	base := path.Base(name)
	base = strings.TrimSuffix(base, path.Ext(base))
	base = strings.NewReplacer("-", " ", "_", " ", ".", " ").Replace(base)
	base = strings.Join(strings.Fields(base), " ")
	if base == "" {
		return "Sans titre"
	}
	r := []rune(base)
	r[0] = []rune(strings.ToUpper(string(r[0])))[0]
	return string(r)
}

// TitleOf is the title an article body gives itself: its first # heading,
// cleaned of inline HTML and Markdown; "" if it has none.
func TitleOf(body string) string { return headingTitle(body) }
