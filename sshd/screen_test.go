package sshd

import (
	"strings"
	"testing"
	"time"
)

// chanWriter hands every write to the test.
type chanWriter chan string

func (w chanWriter) Write(p []byte) (int, error) { w <- string(p); return len(p), nil }

func next(t *testing.T, w chanWriter) string {
	t.Helper()
	select {
	case s := <-w:
		return s
	case <-time.After(20 * time.Second): // a broken screen, not a timing
		t.Fatal("nothing drawn")
		return ""
	}
}

// The session's screen draws a frame when it changes, only the lines that
// changed, nothing when nothing changed, and gives the terminal back.
func TestScreenDrawsOnlyChanges(t *testing.T) {
	w := make(chanWriter, 16)
	s := newScreen(w, false)
	if got := next(t, w); !strings.Contains(got, "\x1b[?1049h") || !strings.Contains(got, "\x1b[?2004h") {
		t.Fatalf("start: %q, want the alternate screen and bracketed paste", got)
	}
	s.resize(20, 3)
	s.show("Hotline\nVPN coupe\n12/40", 0)
	first := next(t, w)
	for !strings.Contains(first, "Hotline") { // the blank frame drawn at the resize
		first = next(t, w)
	}
	for _, want := range []string{"Hotline", "VPN coupe", "12/40"} {
		if !strings.Contains(first, want) {
			t.Fatalf("first frame %q lacks %q", first, want)
		}
	}
	s.show("Hotline\nTeams son\n12/40", 0)
	second := next(t, w)
	if !strings.Contains(second, "Teams son") || strings.Contains(second, "Hotline") || strings.Contains(second, "12/40") {
		t.Fatalf("second frame %q: only the changed line is written", second)
	}
	// The same frame again: drawing it writes nothing.
	s.show("Hotline\nTeams son\n12/40", 0)
	s.flush()
	select {
	case got := <-w:
		t.Fatalf("an unchanged frame was written: %q", got)
	default:
	}
	// Lines wider than the terminal are cut to its width.
	s.show("Hotline\nTeams son\n"+strings.Repeat("x", 30), 0)
	if got := next(t, w); strings.Contains(got, strings.Repeat("x", 21)) || !strings.Contains(got, strings.Repeat("x", 20)) {
		t.Fatalf("a 30-cell line on a 20-cell terminal: %q", got)
	}
	s.close()
	var end string
	for len(w) > 0 {
		end += <-w
	}
	if !strings.HasSuffix(end, "\x1b[?1049l") || !strings.Contains(end, "\x1b[?25h") {
		t.Fatalf("end: %q, want the cursor shown and the main screen back", end)
	}
}

// With frame marks (scripts/sshload), each frame says how many keys the
// interface had read, and a key that changes nothing still draws one.
func TestScreenMarksKeys(t *testing.T) {
	w := make(chanWriter, 16)
	s := newScreen(w, true)
	next(t, w) // the alternate screen
	s.resize(20, 3)
	s.show("Hotline\nVPN coupe", 0)
	got := next(t, w)
	for !strings.Contains(got, "VPN coupe") {
		got = next(t, w)
	}
	if !strings.HasPrefix(got, FrameMark+"0\a") {
		t.Fatalf("frame %q does not start with its mark", got)
	}
	s.show("Hotline\nVPN coupe", 1) // a key that moved nothing
	if got := next(t, w); !strings.HasPrefix(got, FrameMark+"1\a") || strings.Contains(got, "VPN") {
		t.Fatalf("frame of a key that changed nothing: %q, want the mark and no line", got)
	}
	s.show("Hotline\nVPN coupe", 1) // no key, no change: nothing
	s.flush()
	select {
	case got := <-w:
		t.Fatalf("an unchanged frame was written: %q", got)
	default:
	}
	s.close()
}

// Frame pacing: a frame asked for when the last one is older than the frame
// gap is drawn at once, without waiting for any tick; one asked for within
// the gap is drawn when the gap ends, with what was asked for last.
func TestScreenDrawsAtOnceAfterTheGap(t *testing.T) {
	w := make(chanWriter, 16)
	gap := make(chan time.Time) // the test ends each gap
	s := newPacedScreen(w, false, func() <-chan time.Time { return gap })
	defer s.close()
	next(t, w) // the alternate screen
	s.show("Hotline\nVPN coupe", 0)
	if got := next(t, w); !strings.Contains(got, "VPN coupe") {
		t.Fatalf("first frame %q", got)
	}
	// Within the gap: nothing is drawn until it ends (the screen waits
	// on the gap, which only the test ends).
	s.show("Hotline\nTeams son", 0)
	s.show("Hotline\nImprimante", 0)
	select {
	case got := <-w:
		t.Fatalf("drawn within the frame gap: %q", got)
	default:
	}
	gap <- time.Time{}
	if got := next(t, w); !strings.Contains(got, "Imprimante") || strings.Contains(got, "Teams") {
		t.Fatalf("frame after the gap %q: want the last one asked for", got)
	}
	// The gap after that frame ends with nothing asked for: the next
	// frame is drawn at once.
	gap <- time.Time{}
	s.show("Hotline\nWifi", 0)
	if got := next(t, w); !strings.Contains(got, "Wifi") {
		t.Fatalf("frame after a quiet moment %q", got)
	}
}
