package ui

import (
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/charmbracelet/lipgloss"
	"github.com/muesli/termenv"
)

var sgr = regexp.MustCompile(`\x1b\[([0-9;]*)m`)

// colourSGR returns the first SGR sequence of v that sets a foreground or
// background colour (30–38, 40–48, 90–97, 100–107; 38 and 48 take their
// colour as the next parameters, which are skipped).
func colourSGR(v string) string {
	for _, m := range sgr.FindAllStringSubmatch(v, -1) {
		params := strings.Split(m[1], ";")
		for i := 0; i < len(params); i++ {
			n, err := strconv.Atoi(params[i])
			if err != nil {
				continue
			}
			switch {
			case n == 38 || n == 48, n >= 30 && n <= 37, n >= 40 && n <= 47, n >= 90 && n <= 97, n >= 100 && n <= 107:
				return m[0]
			}
		}
	}
	return ""
}

func withTrueColor() harnessOpt {
	return func(o *Options) {
		r := lipgloss.NewRenderer(&strings.Builder{})
		r.SetColorProfile(termenv.TrueColor)
		r.SetHasDarkBackground(true)
		o.Renderer = r
	}
}

// NO_COLOR (or --no-color) gives a monochrome interface that still shows
// the selection, on a terminal that could draw colours.
func TestNoColorDrawsNoColourButKeepsTheSelection(t *testing.T) {
	colour := newHarness(t, 120, 40, withTrueColor())
	if colourSGR(colour.m.View()) == "" {
		t.Fatal("the colour interface drew no colour: the check below would prove nothing")
	}
	for name, opt := range map[string]harnessOpt{
		"--no-color": withMono(),
		"NO_COLOR":   withEnv(map[string]string{"NO_COLOR": "1"}),
	} {
		h := newHarness(t, 120, 40, withTrueColor(), opt)
		for _, screen := range []string{"queue", "ticket"} {
			if screen == "ticket" {
				h.press("enter")
			}
			v := h.m.View()
			if m := colourSGR(v); m != "" {
				t.Errorf("%s, %s screen: colour sequence %q", name, screen, m)
			}
			if !strings.Contains(v, "\x1b[") {
				t.Errorf("%s, %s screen: no bold or reverse left to show the selection", name, screen)
			}
		}
		if !strings.Contains(h.m.View(), "›") && !strings.Contains(h.m.View(), "▶") {
			// The queue's selected row carries a › marker in monochrome.
			h.press("esc")
			if !strings.Contains(h.m.View(), "›") {
				t.Errorf("%s: no › marker on the selected row", name)
			}
		}
	}
}

// visibleSGR is a true-colour style sequence shown as text: styled output
// that went through the sanitiser, which turns ESC into a visible ␛. (The
// seeded hostile ticket shows ␛[1m and ␛[31m inert, as it must: colour
// codes from styles always have parameters separated by ;.)
var visibleSGR = regexp.MustCompile(`␛\[[0-9]*;[0-9;]*m`)

// Outside text is sanitised before it is styled, never after: on a colour
// terminal no screen may show its own style codes as text.
func TestNoScreenShowsItsOwnStyleCodes(t *testing.T) {
	for _, keys := range [][]string{nil, {"enter"}, {"n"}, {"t"}, {"b"}, {"r"}, {"P"}, {"enter", "e"}, {"enter", "s"}} {
		h := newHarness(t, 120, 40, withTrueColor())
		h.press(keys...)
		if m := visibleSGR.FindString(h.m.View()); m != "" {
			t.Errorf("after %v: style code shown as text %q", keys, m)
		}
	}
}
