package workcal

import (
	"strings"
	"testing"
	"time"
)

func paris(t *testing.T, s string) time.Time {
	t.Helper()
	loc, err := time.LoadLocation("Europe/Paris")
	if err != nil {
		t.Fatal(err)
	}
	v, err := time.ParseInLocation("2006-01-02 15:04", s, loc)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

func TestEasterSundays(t *testing.T) {
	// Known Easter Sundays (Gregorian).
	for year, want := range map[int]string{
		1961: "04-02", 2008: "03-23", 2011: "04-24", 2019: "04-21", 2024: "03-31", 2025: "04-20", 2026: "04-05",
		2027: "03-28", 2028: "04-16", 2029: "04-01", 2030: "04-21", 2038: "04-25", 2285: "03-22",
	} {
		m, d := Easter(year)
		if got := time.Date(year, m, d, 0, 0, 0, 0, time.UTC).Format("01-02"); got != want {
			t.Errorf("Easter %d = %s, want %s", year, got, want)
		}
	}
}

func TestFrenchHolidays2024To2030(t *testing.T) {
	// Easter Monday, Ascension and Whit Monday from the official French
	// calendars; the fixed days are the same every year.
	moving := map[int][3]string{
		2024: {"04-01", "05-09", "05-20"},
		2025: {"04-21", "05-29", "06-09"},
		2026: {"04-06", "05-14", "05-25"},
		2027: {"03-29", "05-06", "05-17"},
		2028: {"04-17", "05-25", "06-05"},
		2029: {"04-02", "05-10", "05-21"},
		2030: {"04-22", "05-30", "06-10"},
	}
	for year, mv := range moving {
		want := map[string]bool{"01-01": true, "05-01": true, "05-08": true, "07-14": true, "08-15": true, "11-01": true, "11-11": true, "12-25": true}
		for _, d := range mv {
			want[d] = true
		}
		got := FrenchHolidays(year)
		if len(got) != 11 {
			t.Fatalf("%d: %d holidays, want 11: %v", year, len(got), got)
		}
		for _, h := range got {
			if !want[h.Format("01-02")] {
				t.Errorf("%d: %s is not a French public holiday", year, h.Format("2006-01-02"))
			}
			if !IsFrenchHoliday(year, h.Month(), h.Day()) {
				t.Errorf("%d: IsFrenchHoliday(%s) = false", year, h.Format("01-02"))
			}
			delete(want, h.Format("01-02"))
		}
		if len(want) > 0 {
			t.Errorf("%d: missing %v", year, want)
		}
	}
	// Not holidays: Easter Sunday itself, Good Friday, the day before Ascension.
	for _, d := range []time.Time{time.Date(2026, 4, 5, 0, 0, 0, 0, time.UTC), time.Date(2026, 4, 3, 0, 0, 0, 0, time.UTC), time.Date(2026, 5, 13, 0, 0, 0, 0, time.UTC), time.Date(2026, 12, 26, 0, 0, 0, 0, time.UTC)} {
		if IsFrenchHoliday(d.Year(), d.Month(), d.Day()) {
			t.Errorf("%s counted as a holiday", d.Format("2006-01-02"))
		}
	}
}

func TestAddWorkingTime(t *testing.T) {
	c := Default()
	closed, err := New(Config{Closed: []string{"2026-12-24"}})
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name       string
		cal        *Calendar
		from       string
		d          time.Duration
		want       string
		workingFor time.Duration // Between(from, want)
	}{
		{"within a day", c, "2026-11-24 09:00", 4 * time.Hour, "2026-11-24 13:00", 4 * time.Hour},
		{"filed Friday 17:30, 4 working hours: Monday 11:30", c, "2026-11-27 17:30", 4 * time.Hour, "2026-11-30 11:30", 4 * time.Hour},
		{"filed at night starts at the opening", c, "2026-11-24 22:10", 2 * time.Hour, "2026-11-25 10:00", 2 * time.Hour},
		{"filed on Saturday starts on Monday", c, "2026-11-28 14:00", 30 * time.Minute, "2026-11-30 08:30", 30 * time.Minute},
		{"ends exactly at closing", c, "2026-11-24 16:00", 2 * time.Hour, "2026-11-24 18:00", 2 * time.Hour},
		{"over the Easter weekend (Good Friday open, Easter Monday closed)", c, "2026-04-03 16:00", 4 * time.Hour, "2026-04-07 10:00", 4 * time.Hour},
		{"across Ascension Thursday", c, "2026-05-13 17:00", 3 * time.Hour, "2026-05-15 10:00", 3 * time.Hour},
		{"across 11 November", c, "2026-11-10 15:00", 5 * time.Hour, "2026-11-12 10:00", 5 * time.Hour},
		{"across Christmas and a configured closed day", closed, "2026-12-23 17:00", 2 * time.Hour, "2026-12-28 09:00", 2 * time.Hour},
		{"three working days", c, "2026-11-23 10:00", c.Allowance(72 * time.Hour), "2026-11-26 10:00", 30 * time.Hour},
		{"over the daylight saving change", c, "2026-10-23 17:00", 2 * time.Hour, "2026-10-26 09:00", 2 * time.Hour},
		{"nothing to add", c, "2026-11-28 14:00", 0, "2026-11-28 14:00", 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			from, want := paris(t, tc.from), paris(t, tc.want)
			if got := tc.cal.Add(from, tc.d); !got.Equal(want) {
				t.Errorf("Add(%s, %s) = %s, want %s", tc.from, tc.d, got.In(want.Location()).Format("Mon 2006-01-02 15:04"), want.Format("Mon 2006-01-02 15:04"))
			}
			if got := tc.cal.Between(from, want); got != tc.workingFor {
				t.Errorf("Between(%s, %s) = %s, want %s", tc.from, tc.want, got, tc.workingFor)
			}
		})
	}
}

func TestBetweenSkipsNightsWeekendsAndHolidays(t *testing.T) {
	c := Default()
	// Pending from Friday 17:00 to Monday 09:00: two working hours.
	if got := c.Between(paris(t, "2026-11-27 17:00"), paris(t, "2026-11-30 09:00")); got != 2*time.Hour {
		t.Errorf("Friday 17:00 → Monday 09:00 = %s, want 2h", got)
	}
	// A whole week with 11 November (a Wednesday in 2026): four days.
	if got := c.Between(paris(t, "2026-11-09 00:00"), paris(t, "2026-11-16 00:00")); got != 40*time.Hour {
		t.Errorf("week of 11 November = %s, want 40h", got)
	}
	if got := c.Between(paris(t, "2026-11-16 12:00"), paris(t, "2026-11-16 11:00")); got != 0 {
		t.Errorf("backwards = %s, want 0", got)
	}
}

func TestAllowanceCountsDaysAsWorkingDays(t *testing.T) {
	c := Default()
	for in, want := range map[time.Duration]time.Duration{
		4 * time.Hour: 4 * time.Hour, 24 * time.Hour: 10 * time.Hour, 36 * time.Hour: 22 * time.Hour, 10 * 24 * time.Hour: 100 * time.Hour,
	} {
		if got := c.Allowance(in); got != want {
			t.Errorf("Allowance(%s) = %s, want %s", in, got, want)
		}
	}
}

func TestCustomCalendarAndBadSettings(t *testing.T) {
	c, err := New(Config{TimeZone: "UTC", Days: []string{"lundi", "Tue", "saturday"}, Open: "09:30", Close: "12:00", Holidays: "none"})
	if err != nil {
		t.Fatal(err)
	}
	// Saturday 11:00 + 2h: 1h Saturday, then Monday 09:30 + 1h (Christmas not a holiday here... but a Friday 2026-12-25 is closed anyway).
	from := time.Date(2026, 11, 28, 11, 0, 0, 0, time.UTC)
	if got, want := c.Add(from, 2*time.Hour), time.Date(2026, 11, 30, 10, 30, 0, 0, time.UTC); !got.Equal(want) {
		t.Errorf("custom calendar: got %s, want %s", got, want)
	}
	if !c.IsWorkingDay(time.Date(2026, 1, 1, 10, 0, 0, 0, time.UTC).AddDate(0, 0, 4)) { // Monday 5 Jan
		t.Error("Monday 5 January should be open")
	}
	if c2, _ := New(Config{TimeZone: "UTC", Holidays: "none"}); !c2.IsWorkingDay(time.Date(2026, 5, 1, 10, 0, 0, 0, time.UTC)) {
		t.Error("holidays: none still closes 1 May")
	}
	for cfg, want := range map[*Config]string{
		{TimeZone: "Mars/Olympus"}:       "timezone",
		{Days: []string{"funday"}}:       "days",
		{Open: "8h"}:                     "open",
		{Open: "18:00", Close: "08:00"}:  "close 08:00 is not after open 18:00",
		{Holidays: "de"}:                 "holidays",
		{Closed: []string{"24/12/2026"}}: "closed",
	} {
		if _, err := New(*cfg); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("New(%+v) = %v, want an error about %q", *cfg, err, want)
		}
	}
	if a, b := Default().String(), c.String(); a == b || !strings.Contains(a, "Europe/Paris mon,tue,wed,thu,fri 08:00-18:00 holidays=fr") {
		t.Errorf("descriptions: %q / %q", a, b)
	}
}
