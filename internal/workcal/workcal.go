// Package workcal is a working-hours calendar: opening days and hours in a
// time zone, French public holidays computed for any year, and extra closed
// days. It adds working time to an instant and measures the working time
// between two instants. Pure time arithmetic: it knows nothing of tickets.
package workcal

import (
	"fmt"
	"sort"
	"strings"
	"time"

	// The calendar's zone (Europe/Paris by default) must load on machines
	// without a zoneinfo database (minimal containers, Windows).
	_ "time/tzdata"
)

// Config describes a calendar as a person writes it. Zero fields take the
// defaults: Monday to Friday, 08:00 to 18:00, Europe/Paris, French public
// holidays.
type Config struct {
	TimeZone string   // IANA name, "Europe/Paris" by default
	Days     []string // opening days: mon..sun (or lun..dim, or full names)
	Open     string   // "08:00"
	Close    string   // "18:00"
	Holidays string   // "fr" (default) or "none"
	Closed   []string // extra closed days, "2026-12-24"
}

// Calendar answers working-time questions. It is immutable and safe for
// concurrent use.
type Calendar struct {
	loc         *time.Location
	days        [7]bool // by time.Weekday
	open, close int     // minutes after midnight
	french      bool
	closed      map[date]bool
	desc        string
}

type date struct {
	y int
	m time.Month
	d int
}

func dateOf(t time.Time) date {
	y, m, d := t.Date()
	return date{y, m, d}
}

// Default is Monday to Friday, 08:00 to 18:00, Europe/Paris, French public
// holidays.
func Default() *Calendar {
	c, err := New(Config{})
	if err != nil {
		panic(err) // the defaults are valid; a failure is a bug here
	}
	return c
}

var dayNames = map[string]time.Weekday{
	"mon": time.Monday, "monday": time.Monday, "lun": time.Monday, "lundi": time.Monday,
	"tue": time.Tuesday, "tuesday": time.Tuesday, "mar": time.Tuesday, "mardi": time.Tuesday,
	"wed": time.Wednesday, "wednesday": time.Wednesday, "mer": time.Wednesday, "mercredi": time.Wednesday,
	"thu": time.Thursday, "thursday": time.Thursday, "jeu": time.Thursday, "jeudi": time.Thursday,
	"fri": time.Friday, "friday": time.Friday, "ven": time.Friday, "vendredi": time.Friday,
	"sat": time.Saturday, "saturday": time.Saturday, "sam": time.Saturday, "samedi": time.Saturday,
	"sun": time.Sunday, "sunday": time.Sunday, "dim": time.Sunday, "dimanche": time.Sunday,
}

// New checks cfg and builds its calendar. Errors name the field and say
// what is expected.
func New(cfg Config) (*Calendar, error) {
	c := &Calendar{closed: map[date]bool{}}
	tz := strings.TrimSpace(cfg.TimeZone)
	if tz == "" {
		tz = "Europe/Paris"
	}
	loc, err := time.LoadLocation(tz)
	if err != nil {
		return nil, fmt.Errorf("timezone %q is not a known zone: use a name like Europe/Paris", cfg.TimeZone)
	}
	c.loc = loc
	days := cfg.Days
	if len(days) == 0 {
		days = []string{"mon", "tue", "wed", "thu", "fri"}
	}
	for _, d := range days {
		wd, ok := dayNames[strings.ToLower(strings.TrimSpace(d))]
		if !ok {
			return nil, fmt.Errorf("days: %q is not a day: use mon, tue, wed, thu, fri, sat or sun", d)
		}
		c.days[wd] = true
	}
	if c.open, err = clock("open", cfg.Open, "08:00"); err != nil {
		return nil, err
	}
	if c.close, err = clock("close", cfg.Close, "18:00"); err != nil {
		return nil, err
	}
	if c.close <= c.open {
		return nil, fmt.Errorf("close %s is not after open %s: give opening hours like open: \"08:00\", close: \"18:00\"", hhmm(c.close), hhmm(c.open))
	}
	switch strings.ToLower(strings.TrimSpace(cfg.Holidays)) {
	case "", "fr", "france":
		c.french = true
	case "none", "no", "aucun":
	default:
		return nil, fmt.Errorf("holidays %q: use fr (French public holidays) or none", cfg.Holidays)
	}
	var closed []string
	for _, s := range cfg.Closed {
		t, err := time.Parse("2006-01-02", strings.TrimSpace(s))
		if err != nil {
			return nil, fmt.Errorf("closed: %q is not a date like 2026-12-24", s)
		}
		c.closed[dateOf(t)] = true
		closed = append(closed, t.Format("2006-01-02"))
	}
	sort.Strings(closed)
	var open []string
	for wd := time.Sunday; wd <= time.Saturday; wd++ {
		if c.days[(wd+1)%7] {
			open = append(open, strings.ToLower(((wd + 1) % 7).String()[:3]))
		}
	}
	hol := "none"
	if c.french {
		hol = "fr"
	}
	c.desc = fmt.Sprintf("%s %s %s-%s holidays=%s closed=%s", loc, strings.Join(open, ","), hhmm(c.open), hhmm(c.close), hol, strings.Join(closed, ","))
	return c, nil
}

func clock(field, s, def string) (int, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		s = def
	}
	t, err := time.Parse("15:04", s)
	if err != nil {
		return 0, fmt.Errorf("%s %q is not a time like %s", field, s, def)
	}
	return t.Hour()*60 + t.Minute(), nil
}

func hhmm(m int) string { return fmt.Sprintf("%02d:%02d", m/60, m%60) }

// String describes the calendar; two calendars with the same description
// count time the same way.
func (c *Calendar) String() string { return c.desc }

// Location is the calendar's time zone.
func (c *Calendar) Location() *time.Location { return c.loc }

// DayLength is the working time of one working day.
func (c *Calendar) DayLength() time.Duration { return time.Duration(c.close-c.open) * time.Minute }

// IsWorkingDay reports whether the day of t (in the calendar's zone) is
// open: an opening weekday that is neither a public holiday nor closed.
func (c *Calendar) IsWorkingDay(t time.Time) bool {
	t = t.In(c.loc)
	if !c.days[t.Weekday()] {
		return false
	}
	d := dateOf(t)
	if c.closed[d] {
		return false
	}
	return !(c.french && IsFrenchHoliday(d.y, d.m, d.d))
}

// hours gives the opening and closing instants of the day starting at day
// (midnight in the calendar's zone).
func (c *Calendar) hours(day time.Time) (time.Time, time.Time) {
	y, m, d := day.Date()
	return time.Date(y, m, d, c.open/60, c.open%60, 0, 0, c.loc),
		time.Date(y, m, d, c.close/60, c.close%60, 0, 0, c.loc)
}

func nextMidnight(t time.Time, loc *time.Location) time.Time {
	y, m, d := t.In(loc).Date()
	return time.Date(y, m, d+1, 0, 0, 0, 0, loc)
}

func midnight(t time.Time, loc *time.Location) time.Time {
	y, m, d := t.In(loc).Date()
	return time.Date(y, m, d, 0, 0, 0, 0, loc)
}

// maxDays bounds every walk: no calendar has a year without an opening
// day (New refuses a week without one), and settings are bounded to ten
// years.
const maxDays = 40 * 366

// Add returns the instant when d of working time has passed after t.
// Outside the opening hours the count starts at the next opening; a zero
// d returns t unchanged.
func (c *Calendar) Add(t time.Time, d time.Duration) time.Time {
	if d <= 0 {
		return t
	}
	day := midnight(t, c.loc)
	for i := 0; i < maxDays; i++ {
		if c.IsWorkingDay(day) {
			open, closing := c.hours(day)
			start := t
			if start.Before(open) {
				start = open
			}
			if start.Before(closing) {
				avail := closing.Sub(start)
				if d <= avail {
					return start.Add(d)
				}
				d -= avail
			}
		}
		day = nextMidnight(day, c.loc)
		if t.Before(day) {
			t = day
		}
	}
	return t.Add(d) // a calendar without an opening day: calendar time
}

// Between is the working time from a to b (0 when b is not after a).
func (c *Calendar) Between(a, b time.Time) time.Duration {
	if !b.After(a) {
		return 0
	}
	var total time.Duration
	day := midnight(a, c.loc)
	for i := 0; i < maxDays && day.Before(b); i++ {
		if c.IsWorkingDay(day) {
			open, closing := c.hours(day)
			from, to := open, closing
			if a.After(from) {
				from = a
			}
			if b.Before(to) {
				to = b
			}
			if to.After(from) {
				total += to.Sub(from)
			}
		}
		day = nextMidnight(day, c.loc)
	}
	return total
}

// Allowance turns a time limit as written in the settings into working
// time: each whole day (24 h, "1d") is one working day (DayLength), the
// rest counts as working hours. "3d" is three working days, "4h" four
// working hours.
func (c *Calendar) Allowance(d time.Duration) time.Duration {
	if d <= 0 {
		return 0
	}
	days := d / (24 * time.Hour)
	return days*c.DayLength() + d%(24*time.Hour)
}

// Easter is Easter Sunday of year in the Gregorian calendar (the anonymous
// Gregorian algorithm, also known as Meeus/Jones/Butcher).
func Easter(year int) (time.Month, int) {
	a := year % 19
	b, cc := year/100, year%100
	d, e := b/4, b%4
	f := (b + 8) / 25
	g := (b - f + 1) / 3
	h := (19*a + b - d - g + 15) % 30
	i, k := cc/4, cc%4
	l := (32 + 2*e + 2*i - h - k) % 7
	m := (a + 11*h + 22*l) / 451
	n := h + l - 7*m + 114
	return time.Month(n / 31), n%31 + 1
}

// FrenchHolidays are the eleven French public holidays of year, in order:
// 1 January, Easter Monday, 1 May, 8 May, Ascension, Whit Monday, 14 July,
// 15 August, 1 November, 11 November, 25 December (dates at midnight UTC).
func FrenchHolidays(year int) []time.Time {
	em, ed := Easter(year)
	easter := time.Date(year, em, ed, 0, 0, 0, 0, time.UTC)
	fixed := func(m time.Month, d int) time.Time { return time.Date(year, m, d, 0, 0, 0, 0, time.UTC) }
	days := []time.Time{
		fixed(time.January, 1), easter.AddDate(0, 0, 1), fixed(time.May, 1), fixed(time.May, 8),
		easter.AddDate(0, 0, 39), easter.AddDate(0, 0, 50), fixed(time.July, 14), fixed(time.August, 15),
		fixed(time.November, 1), fixed(time.November, 11), fixed(time.December, 25),
	}
	sort.Slice(days, func(i, j int) bool { return days[i].Before(days[j]) })
	return days
}

// IsFrenchHoliday reports whether the date is a French public holiday.
func IsFrenchHoliday(year int, month time.Month, day int) bool {
	switch {
	case month == time.January && day == 1, month == time.May && (day == 1 || day == 8),
		month == time.July && day == 14, month == time.August && day == 15,
		month == time.November && (day == 1 || day == 11), month == time.December && day == 25:
		return true
	}
	em, ed := Easter(year)
	easter := time.Date(year, em, ed, 0, 0, 0, 0, time.UTC)
	t := time.Date(year, month, day, 0, 0, 0, 0, time.UTC)
	after := int(t.Sub(easter).Hours() / 24)
	return after == 1 || after == 39 || after == 50 // Easter Monday, Ascension, Whit Monday
}
