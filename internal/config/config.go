// Package config reads $XDG_CONFIG_HOME/hotline/config.yaml.
package config

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"time"

	"gopkg.in/yaml.v3"

	"hotline/internal/workcal"
)

// Config is the technician's settings. Every field is optional.
type Config struct {
	User       string         `yaml:"user"`
	Language   string         `yaml:"language"` // fr or en; default from LANG
	Categories []string       `yaml:"categories"`
	SLA        map[int]string `yaml:"sla"` // priority → duration ("4h", "3d")
	// SLACalendar says how SLA time counts: working hours by default.
	SLACalendar SLACalendar   `yaml:"sla_calendar"`
	Views       []SavedView   `yaml:"views"`
	Theme       string        `yaml:"theme"` // auto, dark, light, mono
	Recurring   RecurringRule `yaml:"recurring"`
	Privacy     Privacy       `yaml:"privacy"`
	Mail        Mail          `yaml:"mail"`
	KB          KB            `yaml:"kb"`
	// Serve, Portal and Attachments configure `hotline serve` (serve.go).
	Serve       Serve       `yaml:"serve"`
	Portal      Portal      `yaml:"portal"`
	Attachments Attachments `yaml:"attachments"`
	Path        string      `yaml:"-"`
	slaParsed   map[int]time.Duration
	workCal     *workcal.Calendar // nil: calendar time
}

// SLACalendar is the sla_calendar section: the clock of the SLA and, for
// working hours, the calendar (defaults: Monday to Friday, 08:00 to 18:00,
// Europe/Paris, French public holidays).
type SLACalendar struct {
	Clock    string   `yaml:"clock"`    // working (default) or calendar
	TimeZone string   `yaml:"timezone"` // Europe/Paris
	Days     []string `yaml:"days"`     // [mon, tue, wed, thu, fri]
	Open     string   `yaml:"open"`     // "08:00"
	Close    string   `yaml:"close"`    // "18:00"
	Holidays string   `yaml:"holidays"` // fr or none
	Closed   []string `yaml:"closed"`   // extra closed days: ["2026-12-24"]
}

// SavedView is a named queue filter shown as a tab.
type SavedView struct {
	Name   string `yaml:"name"`
	Filter string `yaml:"filter"` // same syntax as the queue's / filter
}

// Privacy is the retention of requesters' personal data.
type Privacy struct {
	// RetentionMonths anonymises the requester of every ticket closed
	// more than this many months ago (0, the default: never).
	RetentionMonths int `yaml:"retention_months"`
}

// RecurringRule marks a cluster as recurring: Count similar tickets in Days.
type RecurringRule struct {
	Count int `yaml:"count"`
	Days  int `yaml:"days"`
}

// DefaultPath is $XDG_CONFIG_HOME/hotline/config.yaml (~/.config by default).
func DefaultPath() string {
	dir := os.Getenv("XDG_CONFIG_HOME")
	if dir == "" {
		home, err := os.UserHomeDir()
		if err != nil {
			return ""
		}
		dir = filepath.Join(home, ".config")
	}
	return filepath.Join(dir, "hotline", "config.yaml")
}

// DefaultDBPath is $XDG_DATA_HOME/hotline/hotline.db (~/.local/share by default).
func DefaultDBPath() string {
	dir := os.Getenv("XDG_DATA_HOME")
	if dir == "" {
		home, err := os.UserHomeDir()
		if err != nil {
			return "hotline.db"
		}
		dir = filepath.Join(home, ".local", "share")
	}
	return filepath.Join(dir, "hotline", "hotline.db")
}

// Load reads the config file at path; a missing file is an empty config.
func Load(path string) (Config, error) {
	c := Config{Path: path}
	if path == "" {
		return c, nil
	}
	data, err := os.ReadFile(path)
	if errors.Is(err, os.ErrNotExist) {
		return c, nil
	}
	if err != nil {
		return c, fmt.Errorf("read config %s: %w", path, err)
	}
	// Unknown keys (a typo, a key of another version) are reported with
	// their line rather than silently ignored.
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	if err := dec.Decode(&c); err != nil && !errors.Is(err, io.EOF) {
		return Config{Path: path}, fmt.Errorf("config %s: %s (fix the file or move it away)", path, yamlError(err))
	}
	c.Path = path
	if err := c.validate(data); err != nil {
		return Config{Path: path}, fmt.Errorf("config %s: %w", path, err)
	}
	return c, nil
}

var (
	yamlLine     = regexp.MustCompile(`^yaml: line (\d+): (.*)$`)
	unknownField = regexp.MustCompile(`field (\S+) not found in type \S+`)
)

// yamlError rewrites yaml.v3's "yaml: line N: msg" as "line N: msg", and
// its unknown fields as unknown keys.
func yamlError(err error) string {
	var te *yaml.TypeError
	if errors.As(err, &te) {
		msgs := make([]string, len(te.Errors))
		for i, e := range te.Errors {
			msgs[i] = unknownField.ReplaceAllString(e, "unknown key \"$1\"")
		}
		return strings.Join(msgs, "; ")
	}
	msg := err.Error()
	if m := yamlLine.FindStringSubmatch(msg); m != nil {
		return "line " + m[1] + ": " + m[2]
	}
	return strings.TrimPrefix(msg, "yaml: ")
}

func (c *Config) validate(data []byte) error {
	lineOf := func(key string) string {
		for i, l := range strings.Split(string(data), "\n") {
			if strings.HasPrefix(strings.TrimSpace(l), key+":") {
				return "line " + strconv.Itoa(i+1) + ": "
			}
		}
		return ""
	}
	switch strings.ToLower(c.Language) {
	case "", "fr", "en":
	default:
		return fmt.Errorf("%slanguage %q: use fr or en", lineOf("language"), c.Language)
	}
	switch strings.ToLower(c.Theme) {
	case "", "auto", "dark", "light", "mono":
	default:
		return fmt.Errorf("%stheme %q: use auto, dark, light or mono", lineOf("theme"), c.Theme)
	}
	c.slaParsed = map[int]time.Duration{}
	for p, s := range c.SLA {
		if p < 1 || p > 6 {
			return fmt.Errorf("%ssla: priority %d does not exist (use 1 to 6)", lineOf("sla"), p)
		}
		d, err := ParseDuration(s)
		if errors.Is(err, ErrDurationTooLong) {
			return fmt.Errorf("%ssla: priority %d: %v", lineOf(strconv.Itoa(p)), p, err)
		}
		if err != nil || d <= 0 {
			return fmt.Errorf("%ssla: priority %d: %q is not a duration like 4h, 90m or 3d", lineOf(strconv.Itoa(p)), p, s)
		}
		c.slaParsed[p] = d
	}
	if err := c.validateSLACalendar(lineOf); err != nil {
		return err
	}
	for i, v := range c.Views {
		if strings.TrimSpace(v.Name) == "" {
			return fmt.Errorf("%sviews: entry %d has no name", lineOf("views"), i+1)
		}
	}
	if c.Privacy.RetentionMonths < 0 || c.Privacy.RetentionMonths > 1200 {
		return fmt.Errorf("%sprivacy.retention_months: %d: give a number of months (0 to keep everything)", lineOf("retention_months"), c.Privacy.RetentionMonths)
	}
	if c.Recurring.Count < 0 || c.Recurring.Days < 0 {
		return fmt.Errorf("%srecurring: count and days must be positive", lineOf("recurring"))
	}
	if err := c.validateKB(lineOf); err != nil {
		return err
	}
	if err := c.validateServe(lineOf); err != nil {
		return err
	}
	if err := c.validateMail(lineOf); err != nil {
		return err
	}
	for i, cat := range c.Categories {
		if strings.TrimSpace(cat) == "" {
			return fmt.Errorf("%scategories: entry %d is empty", lineOf("categories"), i+1)
		}
	}
	return nil
}

// SLADurations is the parsed sla section.
func (c Config) SLADurations() map[int]time.Duration { return c.slaParsed }

// WorkingCalendar is the calendar SLA time counts in, or nil when the SLA
// counts calendar time (sla_calendar.clock: calendar). A config that was
// not loaded from a file gets the default calendar.
func (c Config) WorkingCalendar() *workcal.Calendar {
	if strings.EqualFold(strings.TrimSpace(c.SLACalendar.Clock), "calendar") {
		return nil
	}
	if c.workCal == nil {
		return workcal.Default()
	}
	return c.workCal
}

func (c *Config) validateSLACalendar(lineOf func(string) string) error {
	sc := c.SLACalendar
	switch strings.ToLower(strings.TrimSpace(sc.Clock)) {
	case "", "working":
	case "calendar":
		return nil
	default:
		return fmt.Errorf("%ssla_calendar.clock %q: use working (opening hours, the default) or calendar (every hour counts)", lineOf("clock"), sc.Clock)
	}
	cal, err := workcal.New(workcal.Config{TimeZone: sc.TimeZone, Days: sc.Days, Open: sc.Open, Close: sc.Close, Holidays: sc.Holidays, Closed: sc.Closed})
	if err != nil {
		return fmt.Errorf("%ssla_calendar: %w", lineOf("sla_calendar"), err)
	}
	c.workCal = cal
	return nil
}

// MaxDuration is the longest duration a setting accepts (ten years): more
// is a typo, and would overflow when added to a date.
const MaxDuration = 3650 * 24 * time.Hour

// ErrDurationTooLong is a duration beyond MaxDuration.
var ErrDurationTooLong = errors.New("too long")

// ParseDuration accepts Go durations plus days: "3d", "1d12h", up to
// MaxDuration. A duration beyond it is ErrDurationTooLong.
func ParseDuration(s string) (time.Duration, error) {
	s = strings.TrimSpace(s)
	tooLong := fmt.Errorf("%q is %w: at most %dd", s, ErrDurationTooLong, int(MaxDuration.Hours()/24))
	if i := strings.Index(s, "d"); i > 0 {
		days, err := strconv.Atoi(s[:i])
		if err != nil || days < 0 {
			return 0, fmt.Errorf("%q: days must be a whole number, like 3d", s)
		}
		if days > int(MaxDuration.Hours()/24) {
			return 0, tooLong
		}
		rest := time.Duration(0)
		if s[i+1:] != "" {
			if rest, err = time.ParseDuration(s[i+1:]); err != nil {
				return 0, err
			}
		}
		d := time.Duration(days)*24*time.Hour + rest
		if d > MaxDuration || rest > MaxDuration {
			return 0, tooLong
		}
		return d, nil
	}
	d, err := time.ParseDuration(s)
	if err == nil && d > MaxDuration {
		return 0, tooLong
	}
	return d, err
}
