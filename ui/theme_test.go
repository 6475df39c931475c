package ui

import (
	"io"
	"testing"

	"github.com/charmbracelet/lipgloss"
	"github.com/muesli/termenv"
)

// Colours converted once for the terminal show exactly as lipgloss would
// have converted them at every render, on every kind of terminal and
// background.
func TestThemeColoursConvertedOnceShowTheSame(t *testing.T) {
	for _, p := range []termenv.Profile{termenv.TrueColor, termenv.ANSI256, termenv.ANSI} {
		for _, dark := range []bool{true, false} {
			r := lipgloss.NewRenderer(io.Discard)
			r.SetColorProfile(p)
			r.SetHasDarkBackground(dark)
			s := NewStyles(r, false)
			for name, pair := range map[string][2]lipgloss.Style{
				"title":     {s.Title, r.NewStyle().Bold(true).Foreground(colAccent)},
				"selected":  {s.Selected, r.NewStyle().Foreground(colSelFg).Background(colSelBg).Bold(true)},
				"statusbar": {s.StatusBar, r.NewStyle().Foreground(colBarFg).Background(colBarBg)},
				"prio3":     {s.Priority[3], r.NewStyle().Foreground(palettePrio[3])},
				"highlight": {s.Highlight, r.NewStyle().Bold(true).Background(colMark)},
			} {
				got, want := pair[0].Render("VPN"), pair[1].Render("VPN")
				if got != want || (p != termenv.Ascii && got == "VPN") {
					t.Errorf("profile %v, dark %v, %s: %q, want %q", p, dark, name, got, want)
				}
			}
		}
	}
}
