package ui

import (
	"strconv"

	"github.com/charmbracelet/lipgloss"
	"github.com/muesli/termenv"
)

// Styles is the theme turned once into lipgloss styles. In monochrome mode
// no colour is set at all: emphasis is bold, underline and reverse, and the
// selected row also carries a "›" marker so it shows even without
// attributes.
type Styles struct {
	Mono bool

	Title       lipgloss.Style
	TabActive   lipgloss.Style
	TabInactive lipgloss.Style
	Header      lipgloss.Style
	Selected    lipgloss.Style
	Muted       lipgloss.Style
	Label       lipgloss.Style
	Error       lipgloss.Style
	Success     lipgloss.Style
	Warning     lipgloss.Style
	Overdue     lipgloss.Style
	Highlight   lipgloss.Style
	StatusBar   lipgloss.Style
	Pane        lipgloss.Style
	PaneFocused lipgloss.Style
	Prompt      lipgloss.Style
	Changed     lipgloss.Style
	Cursor      lipgloss.Style
	// Plain is an unstyled style on the session's renderer.
	Plain     lipgloss.Style
	Recurring lipgloss.Style
	Priority  [7]lipgloss.Style // by priority 0–6
}

// palette: adaptive pairs readable on both light and dark backgrounds.
var (
	colAccent   = lipgloss.AdaptiveColor{Light: "#005FAF", Dark: "#5FAFFF"}
	colMuted    = lipgloss.AdaptiveColor{Light: "#6C6C6C", Dark: "#8A8A8A"}
	colError    = lipgloss.AdaptiveColor{Light: "#AF0000", Dark: "#FF5F5F"}
	colSuccess  = lipgloss.AdaptiveColor{Light: "#007A00", Dark: "#5FD75F"}
	colWarning  = lipgloss.AdaptiveColor{Light: "#AF5F00", Dark: "#FFAF00"}
	colSelBg    = lipgloss.AdaptiveColor{Light: "#D0E4F5", Dark: "#264F78"}
	colSelFg    = lipgloss.AdaptiveColor{Light: "#000000", Dark: "#FFFFFF"}
	colBarBg    = lipgloss.AdaptiveColor{Light: "#E4E4E4", Dark: "#303030"}
	colBarFg    = lipgloss.AdaptiveColor{Light: "#303030", Dark: "#D0D0D0"}
	colMark     = lipgloss.AdaptiveColor{Light: "#FFF3A0", Dark: "#5F5F00"}
	palettePrio = [7]lipgloss.AdaptiveColor{
		{}, colMuted, colMuted, {Light: "#303030", Dark: "#D0D0D0"}, colWarning, colError, colError,
	}
)

// NewStyles builds the styles on renderer r (one per session, so SSH
// sessions or parallel tests never share a global renderer).
func NewStyles(r *lipgloss.Renderer, mono bool) Styles {
	s := Styles{Mono: mono}
	n := r.NewStyle
	s.Plain = n()
	if mono {
		s.Title = n().Bold(true)
		s.TabActive = n().Bold(true).Reverse(true).Padding(0, 1)
		s.TabInactive = n().Padding(0, 1)
		s.Header = n().Bold(true).Underline(true)
		s.Selected = n().Reverse(true).Bold(true)
		s.Muted = n().Faint(true)
		s.Label = n().Bold(true)
		s.Error = n().Bold(true).Reverse(true)
		s.Success = n().Bold(true)
		s.Warning = n().Bold(true)
		s.Overdue = n().Bold(true)
		s.Highlight = n().Bold(true).Underline(true)
		s.StatusBar = n().Reverse(true)
		s.Pane = n().Border(lipgloss.NormalBorder())
		s.PaneFocused = n().Border(lipgloss.ThickBorder())
		s.Prompt = n().Bold(true)
		s.Changed = n().Bold(true).Underline(true)
		s.Cursor = n().Reverse(true)
		s.Recurring = n().Bold(true)
		for i := range s.Priority {
			s.Priority[i] = n()
		}
		s.Priority[5] = n().Bold(true)
		s.Priority[6] = n().Bold(true).Reverse(true)
		return s
	}
	// Colours are converted once to what the terminal takes (a 256-colour
	// terminal, the usual ssh client, gets palette numbers): lipgloss would
	// otherwise convert every hex colour again at every cell it renders,
	// 7% of the SSH server's CPU under load.
	p := r.ColorProfile()
	colAccent, colMuted, colError, colSuccess, colWarning := native(p, colAccent), native(p, colMuted), native(p, colError), native(p, colSuccess), native(p, colWarning)
	colSelBg, colSelFg, colBarBg, colBarFg, colMark := native(p, colSelBg), native(p, colSelFg), native(p, colBarBg), native(p, colBarFg), native(p, colMark)
	var colPrio [7]lipgloss.AdaptiveColor
	for i, c := range palettePrio {
		colPrio[i] = native(p, c)
	}
	s.Title = n().Bold(true).Foreground(colAccent)
	s.TabActive = n().Bold(true).Foreground(colSelFg).Background(colSelBg).Padding(0, 1)
	s.TabInactive = n().Foreground(colMuted).Padding(0, 1)
	s.Header = n().Bold(true).Foreground(colAccent)
	s.Selected = n().Foreground(colSelFg).Background(colSelBg).Bold(true)
	s.Muted = n().Foreground(colMuted)
	s.Label = n().Bold(true).Foreground(colAccent)
	s.Error = n().Bold(true).Foreground(colError)
	s.Success = n().Foreground(colSuccess)
	s.Warning = n().Foreground(colWarning)
	s.Overdue = n().Bold(true).Foreground(colError)
	s.Highlight = n().Bold(true).Background(colMark)
	s.StatusBar = n().Foreground(colBarFg).Background(colBarBg)
	s.Pane = n().Border(lipgloss.RoundedBorder()).BorderForeground(colMuted)
	s.PaneFocused = n().Border(lipgloss.RoundedBorder()).BorderForeground(colAccent)
	s.Prompt = n().Bold(true).Foreground(colAccent)
	s.Changed = n().Bold(true).Foreground(colWarning)
	s.Cursor = n().Reverse(true)
	s.Recurring = n().Bold(true).Foreground(colWarning)
	for i, c := range colPrio {
		s.Priority[i] = n().Foreground(c)
	}
	s.Priority[5] = s.Priority[5].Bold(true)
	s.Priority[6] = n().Bold(true).Reverse(true).Foreground(colError)
	return s
}

// native is c in the form profile p takes without converting: palette
// numbers on 256- and 16-colour terminals, c itself otherwise. The colour
// shown is the same.
func native(p termenv.Profile, c lipgloss.AdaptiveColor) lipgloss.AdaptiveColor {
	if p != termenv.ANSI256 && p != termenv.ANSI {
		return c
	}
	conv := func(hex string) string {
		if hex == "" {
			return hex
		}
		switch v := p.Convert(termenv.RGBColor(hex)).(type) {
		case termenv.ANSI256Color:
			return strconv.Itoa(int(v))
		case termenv.ANSIColor:
			return strconv.Itoa(int(v))
		}
		return hex
	}
	return lipgloss.AdaptiveColor{Light: conv(c.Light), Dark: conv(c.Dark)}
}

// priority styles p, guarding against out-of-range values from the data.
func (s Styles) priority(p int) lipgloss.Style {
	if p < 0 || p >= len(s.Priority) {
		return s.Priority[0]
	}
	return s.Priority[p]
}

func (s Styles) plain() lipgloss.Style { return s.Plain }
