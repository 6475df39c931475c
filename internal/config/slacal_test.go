package config

import (
	"strings"
	"testing"
	"time"
)

func TestSLACalendarDefaultsToWorkingHoursAndCanBeCalendar(t *testing.T) {
	c, err := Load(write(t, "user: a\n"))
	if err != nil {
		t.Fatal(err)
	}
	cal := c.WorkingCalendar()
	if cal == nil || cal.String() != "Europe/Paris mon,tue,wed,thu,fri 08:00-18:00 holidays=fr closed=" {
		t.Fatalf("default calendar %v", cal)
	}
	c, err = Load(write(t, "sla_calendar:\n  clock: calendar\n"))
	if err != nil || c.WorkingCalendar() != nil {
		t.Fatalf("clock: calendar gave %v, %v", c.WorkingCalendar(), err)
	}
	c, err = Load(write(t, "sla_calendar:\n  timezone: Europe/Brussels\n  days: [mon, tue, wed, thu, fri, sat]\n  open: \"09:00\"\n  close: \"17:00\"\n  closed: [\"2026-12-24\"]\n"))
	if err != nil {
		t.Fatal(err)
	}
	if cal := c.WorkingCalendar(); cal.DayLength() != 8*time.Hour || !strings.Contains(cal.String(), "Europe/Brussels mon,tue,wed,thu,fri,sat 09:00-17:00 holidays=fr closed=2026-12-24") {
		t.Errorf("custom calendar %s", cal)
	}
	for data, want := range map[string]string{
		"sla_calendar:\n  clock: sometimes\n":      "line 2: sla_calendar.clock \"sometimes\": use working",
		"user: a\nsla_calendar:\n  open: \"8h\"\n": "line 2: sla_calendar: open \"8h\" is not a time like 08:00",
		"sla_calendar:\n  closed: [\"24/12\"]\n":   "closed: \"24/12\" is not a date like 2026-12-24",
		"sla_calendar:\n  timezone: Paris\n":       "timezone \"Paris\" is not a known zone",
		"sla_calendar:\n  days: [mon, someday]\n":  "days: \"someday\" is not a day",
		"sla_calendar:\n  holiday: fr\n":           "unknown key",
	} {
		if _, err := Load(write(t, data)); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%q: %v, want %q", data, err, want)
		}
	}
}
