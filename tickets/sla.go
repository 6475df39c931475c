package tickets

import (
	"fmt"
	"time"
)

// SLA is the time allowed to solve a ticket, per priority. The clock runs in
// calendar time from creation and stops while the ticket is pending.
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

// dueAt is creation + allowed time + time spent pending so far.
func (s SLA) dueAt(created time.Time, priority int, pendingSeconds int64) time.Time {
	return created.Add(s.For(priority) + time.Duration(pendingSeconds)*time.Second)
}
