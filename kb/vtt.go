package kb

import (
	"html"
	"regexp"
	"strconv"
	"strings"
	"time"
)

// parseVTT reads a WebVTT file (https://www.w3.org/TR/webvtt1/) into
// segments. It skips the header, NOTE, STYLE and REGION blocks and cue
// identifiers, ignores cue settings, joins multi-line cues and strips cue
// markup (<v Speaker>, <c.class>, <i>, timestamps). A cue with a bad timing
// line fails the whole file: a half-read transcript would mislead.
func parseVTT(data string) ([]Segment, error) {
	lines := splitLines(data)
	if len(lines) == 0 || !isVTTSignature(lines[0]) {
		return nil, errAt(1, Reason{Code: CodeNotWebVTT})
	}
	var segs []Segment
	i := 1
	// The header runs to the first blank line.
	for i < len(lines) && strings.TrimSpace(lines[i]) != "" {
		if strings.Contains(lines[i], "-->") {
			return nil, errAt(i+1, Reason{Code: CodeVTTHeaderNoBlank})
		}
		i++
	}
	for i < len(lines) {
		if strings.TrimSpace(lines[i]) == "" {
			i++
			continue
		}
		start := i
		for i < len(lines) && strings.TrimSpace(lines[i]) != "" {
			i++
		}
		block := lines[start:i]
		if isBlockKeyword(block[0], "NOTE") || isBlockKeyword(block[0], "STYLE") || isBlockKeyword(block[0], "REGION") {
			continue
		}
		t := 0
		if !strings.Contains(block[0], "-->") {
			t = 1 // a cue identifier comes first
		}
		if t >= len(block) || !strings.Contains(block[t], "-->") {
			return nil, errAt(start+1, Reason{Code: CodeCueNoTiming, Value: "00:00:01.000 --> 00:00:04.000"})
		}
		from, to, ok := parseTiming(block[t])
		if !ok {
			return nil, errTiming(start+t+1, block[t])
		}
		if txt := cueText(block[t+1:]); txt != "" {
			segs = append(segs, Segment{Start: from, End: to, Text: txt})
		}
	}
	return segs, nil
}

func isVTTSignature(l string) bool {
	l = strings.TrimPrefix(l, "\uFEFF")
	return l == "WEBVTT" || strings.HasPrefix(l, "WEBVTT ") || strings.HasPrefix(l, "WEBVTT\t")
}

func isBlockKeyword(l, kw string) bool {
	return l == kw || strings.HasPrefix(l, kw+" ") || strings.HasPrefix(l, kw+"\t")
}

// splitLines removes a byte-order mark and accepts LF, CRLF and CR ends.
func splitLines(s string) []string {
	s = strings.TrimPrefix(s, "\uFEFF")
	s = strings.ReplaceAll(s, "\r\n", "\n")
	s = strings.ReplaceAll(s, "\r", "\n")
	return strings.Split(s, "\n")
}

// parseTiming reads "START --> END [settings]"; the decimal mark is '.'
// in WebVTT, ',' in SubRip, both accepted.
func parseTiming(l string) (time.Duration, time.Duration, bool) {
	left, right, _ := strings.Cut(l, "-->")
	fields := strings.Fields(right)
	if len(fields) == 0 {
		return 0, 0, false
	}
	from, ok1 := parseTimestamp(strings.TrimSpace(left))
	to, ok2 := parseTimestamp(fields[0])
	if !ok1 || !ok2 {
		return 0, 0, false
	}
	if to < from {
		// Real caption files have such slips (the W3C's own do); the
		// text is still right, so keep it as an instant.
		to = from
	}
	return from, to, true
}

func errTiming(line int, l string) error {
	return errAt(line, Reason{Code: CodeBadCueTiming, Value: strings.TrimSpace(l)})
}

// parseTimestamp reads [hh:]mm:ss.ttt (or ,ttt).
func parseTimestamp(s string) (time.Duration, bool) {
	s = strings.Replace(s, ",", ".", 1)
	parts := strings.Split(s, ":")
	if len(parts) < 2 || len(parts) > 3 {
		return 0, false
	}
	secPart := parts[len(parts)-1]
	whole, frac, _ := strings.Cut(secPart, ".")
	sec, err := strconv.Atoi(whole)
	if err != nil || len(whole) != 2 || sec > 59 {
		return 0, false
	}
	var ms int
	if frac != "" {
		if len(frac) > 3 {
			return 0, false
		}
		for len(frac) < 3 {
			frac += "0"
		}
		if ms, err = strconv.Atoi(frac); err != nil {
			return 0, false
		}
	}
	total := time.Duration(sec)*time.Second + time.Duration(ms)*time.Millisecond
	mult := time.Minute
	for i := len(parts) - 2; i >= 0; i-- {
		v, err := strconv.Atoi(parts[i])
		// Hours are capped well below what overflows a time.Duration.
		if err != nil || v < 0 || v > 99999 || (i == len(parts)-2 && (v > 59 && len(parts) == 3)) {
			return 0, false
		}
		total += time.Duration(v) * mult
		mult *= 60
	}
	return total, true
}

var (
	cueTagRe = regexp.MustCompile(`<[^>]*>`)
	assTagRe = regexp.MustCompile(`\{\\[^}]*\}`) // SubRip files made from ASS: {\an8}
)

// cueText joins a cue's lines and removes its markup: voice spans
// (<v Audio Descriptions>), classes, italics, inner timestamps, entities.
func cueText(lines []string) string {
	s := strings.Join(lines, " ")
	s = cueTagRe.ReplaceAllString(s, "")
	s = assTagRe.ReplaceAllString(s, "")
	s = html.UnescapeString(s)
	return strings.Join(strings.Fields(s), " ")
}
