package kb

import (
	"strconv"
	"strings"
)

// parseSRT reads a SubRip file: numbered cues "1", "00:00:01,000 -->
// 00:00:04,000", text lines, a blank line. The number is optional (some
// tools omit it) and dots are accepted for commas.
func parseSRT(data string) ([]Segment, error) {
	lines := splitLines(data)
	var segs []Segment
	for i := 0; i < len(lines); {
		if strings.TrimSpace(lines[i]) == "" {
			i++
			continue
		}
		start := i
		for i < len(lines) && strings.TrimSpace(lines[i]) != "" {
			i++
		}
		block := lines[start:i]
		t := 0
		if !strings.Contains(block[0], "-->") {
			if _, err := strconv.Atoi(strings.TrimSpace(block[0])); err != nil || len(block) < 2 {
				return nil, errAt(start+1, Reason{Code: CodeNoCueNumber, Value: truncateForError(block[0])})
			}
			t = 1
		}
		if !strings.Contains(block[t], "-->") {
			return nil, errAt(start+t+1, Reason{Code: CodeCueNoTiming, Value: "00:00:01,000 --> 00:00:04,000"})
		}
		from, to, ok := parseTiming(block[t])
		if !ok {
			return nil, errTiming(start+t+1, block[t])
		}
		if txt := cueText(block[t+1:]); txt != "" {
			segs = append(segs, Segment{Start: from, End: to, Text: txt})
		}
	}
	if len(segs) == 0 {
		return nil, errAt(1, Reason{Code: CodeNoCues})
	}
	return segs, nil
}

func truncateForError(s string) string {
	if r := []rune(s); len(r) > 40 {
		return string(r[:40]) + "…"
	}
	return s
}
