package progress

import (
	"strings"
	"testing"
	"time"
)

func TestLineShowsRateAndTimeLeftAndThrottles(t *testing.T) {
	now := time.Date(2026, 11, 28, 9, 0, 0, 0, time.UTC)
	var out strings.Builder
	l := NewWithClock(&out, 1000, "tickets", func() time.Time { return now })
	now = now.Add(2 * time.Second)
	l.Update(40000, 250)
	if got := out.String(); got != "\r40,000 tickets · 20,000/s · 25 % · 0:06 left" {
		t.Errorf("line = %q", got)
	}
	out.Reset()
	now = now.Add(100 * time.Millisecond)
	l.Update(41000, 260)
	if out.Len() != 0 {
		t.Errorf("redrawn after 100 ms: %q", out.String())
	}
	now = now.Add(time.Second)
	l.Update(50000, 500)
	l.Done()
	if got := out.String(); !strings.HasPrefix(got, "\r50,000 tickets") || !strings.HasSuffix(got, "\r") || strings.Contains(got, "\n") {
		t.Errorf("line then erase = %q", got)
	}
}
