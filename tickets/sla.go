package tickets

import (
	"fmt"
	"time"

	"hotline/internal/workcal"
)

// SLA is the time allowed to solve a ticket, per priority. The clock (see
// Clock: calendar time or working hours) runs from creation and stops while
// the ticket is pending.
type SLA map[int]time.Duration

// DefaultSLA: a major incident within a half day, a very low request within
// two weeks. Chosen for a small team supporting remote agents; override in
// the config file.
var DefaultSLA = SLA{
	6: 4 * time.Hour,
	5: 8 * time.Hour,
	4: 24 * time.Hour,
	3: 3 * 24 * time.Hour,
	2: 5 * 24 * time.Hour,
	1: 10 * 24 * time.Hour,
}

// For gives the allowed time for a priority, falling back to the default.
func (s SLA) For(priority int) time.Duration {
	if d, ok := s[priority]; ok && d > 0 {
		return d
	}
	if d, ok := DefaultSLA[priority]; ok {
		return d
	}
	return DefaultSLA[3]
}

// Validate checks that every priority has a positive duration.
func (s SLA) Validate() error {
	for p, d := range s {
		if p < 1 || p > 6 {
			return fmt.Errorf("sla: priority %d does not exist (use 1 to 6)", p)
		}
		if d <= 0 {
			return fmt.Errorf("sla: priority %d: duration must be positive", p)
		}
	}
	return nil
}

// Clock counts the time a ticket is allowed: calendar time, or working
// hours (WorkingClock).
type Clock interface {
	// Due is when allowed (as written in the settings: "4h", "3d") plus
	// paused (time the clock stood still, in this clock's time) have
	// passed since created.
	Due(created time.Time, allowed, paused time.Duration) time.Time
	// Paused is how much of this clock's time passes from from to to
	// (what a pending period adds to the due time).
	Paused(from, to time.Time) time.Duration
	// String names the clock; two clocks with the same name count alike.
	String() string
}

// CalendarClock counts every second, nights and weekends included.
type CalendarClock struct{}

func (CalendarClock) Due(created time.Time, allowed, paused time.Duration) time.Time {
	return created.Add(allowed + paused)
}
func (CalendarClock) Paused(from, to time.Time) time.Duration {
	if to.Before(from) {
		return 0
	}
	return to.Sub(from)
}
func (CalendarClock) String() string { return "calendar" }

// WorkingClock counts only the opening hours of a calendar: a day of the
// settings ("3d") is a working day, an hour a working hour.
type WorkingClock struct{ Cal *workcal.Calendar }

func (w WorkingClock) Due(created time.Time, allowed, paused time.Duration) time.Time {
	return w.Cal.Add(created, w.Cal.Allowance(allowed)+paused).UTC()
}
func (w WorkingClock) Paused(from, to time.Time) time.Duration { return w.Cal.Between(from, to) }
func (w WorkingClock) String() string                          { return "working " + w.Cal.String() }

// dueAt is creation + allowed time + time spent pending so far, on clock.
func (s SLA) dueAt(clock Clock, created time.Time, priority int, pendingSeconds int64) time.Time {
	return clock.Due(created, s.For(priority), time.Duration(pendingSeconds)*time.Second).Truncate(time.Second)
}
