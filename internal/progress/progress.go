// Package progress draws a one-line progress report on a terminal (rows
// done, rate, time left), rewritten in place at most a few times a second.
// Commands create one only when their output is a terminal: a script's
// output never holds progress lines.
package progress

import (
	"fmt"
	"io"
	"strings"
	"time"
)

// Line is a progress line on w for a job of total bytes (0 if unknown).
type Line struct {
	w       io.Writer
	total   int64
	noun    string
	start   time.Time
	last    time.Time
	now     func() time.Time
	every   time.Duration
	written int
}

// New starts a progress line; noun names the rows ("tickets").
func New(w io.Writer, total int64, noun string) *Line {
	return NewWithClock(w, total, noun, time.Now)
}

// NewWithClock is New with the clock replaced (tests).
func NewWithClock(w io.Writer, total int64, noun string, now func() time.Time) *Line {
	t := now()
	return &Line{w: w, total: total, noun: noun, start: t, now: now, every: 250 * time.Millisecond}
}

// Update redraws the line if enough time passed since the last one: rows
// done so far and bytes of the input consumed (for the time left).
func (l *Line) Update(rows int, done int64) {
	t := l.now()
	if l.written > 0 && t.Sub(l.last) < l.every {
		return
	}
	l.last = t
	elapsed := t.Sub(l.start)
	var b strings.Builder
	fmt.Fprintf(&b, "%s %s", group(rows), l.noun)
	if secs := elapsed.Seconds(); secs > 0 {
		fmt.Fprintf(&b, " · %s/s", group(int(float64(rows)/secs)))
	}
	if l.total > 0 && done > 0 {
		pct := float64(done) / float64(l.total)
		fmt.Fprintf(&b, " · %d %%", int(pct*100))
		if pct < 1 && elapsed > 0 {
			left := time.Duration(float64(elapsed) * (1 - pct) / pct)
			fmt.Fprintf(&b, " · %s left", clock(left))
		}
	}
	s := b.String()
	pad := max(l.written-len([]rune(s)), 0)
	fmt.Fprintf(l.w, "\r%s%s", s, strings.Repeat(" ", pad))
	l.written = len([]rune(s))
}

// Phase replaces the line with what the job does after its rows (such
// as building indexes), after the rows counted so far.
func (l *Line) Phase(rows int, what string) {
	s := fmt.Sprintf("%s %s · %s", group(rows), l.noun, what)
	pad := max(l.written-len([]rune(s)), 0)
	fmt.Fprintf(l.w, "\r%s%s", s, strings.Repeat(" ", pad))
	l.written = len([]rune(s))
	l.last = l.now()
}

// Done erases the line, so the summary that follows starts clean.
func (l *Line) Done() {
	if l.written > 0 {
		fmt.Fprintf(l.w, "\r%s\r", strings.Repeat(" ", l.written))
		l.written = 0
	}
}

func clock(d time.Duration) string {
	s := int(d.Round(time.Second).Seconds())
	if s >= 3600 {
		return fmt.Sprintf("%d:%02d:%02d", s/3600, s/60%60, s%60)
	}
	return fmt.Sprintf("%d:%02d", s/60, s%60)
}

// group writes 1234567 as 1,234,567.
func group(n int) string {
	s := fmt.Sprint(n)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}
