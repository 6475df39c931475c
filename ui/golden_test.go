package ui

import (
	"fmt"
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/exp/golden"
	"github.com/charmbracelet/x/exp/teatest"
	"time"
)

// Golden files of the main screens at 80x24 and 120x40, rendered with the
// ASCII colour profile and a fixed clock. Refresh with:
//
//	go test -tags sqlite_fts5 ./ui -run Golden -update
func TestGoldenScreens(t *testing.T) {
	screens := []struct {
		name string
		keys []string
	}{
		{"queue", nil},
		{"queue_all", []string{"shift+tab"}},
		{"ticket", []string{"enter"}},
		{"ticket_side", []string{"enter", "tab", "j"}},
		{"ticket_comment", []string{"enter", "c", "Bonjour, pouvez-vous redémarrer ?"}},
		{"kb", []string{"b", "teletravail"}},
		{"triage", []string{"t", "2", "u"}},
		{"new_ticket", []string{"n", "Sophie", "tab", "Archives"}},
		{"help", []string{"?"}},
		{"queue_bulk_menu", []string{"space", "space", "A"}},
		{"queue_bulk_comment", []string{"M", "A", "n", "Vérification en cours."}},
	}
	for _, size := range [][2]int{{80, 24}, {120, 40}} {
		for _, sc := range screens {
			t.Run(fmt.Sprintf("%s_%dx%d", sc.name, size[0], size[1]), func(t *testing.T) {
				h := newHarness(t, size[0], size[1])
				h.press(sc.keys...)
				v := h.view()
				checkFrame(t, v, size[0], size[1])
				golden.RequireEqual(t, []byte(v))
			})
		}
	}
}

// checkFrame asserts the frame is exactly the terminal's size.
func checkFrame(t *testing.T, v string, w, h int) {
	t.Helper()
	lines := strings.Split(v, "\n")
	if len(lines) != h {
		t.Fatalf("frame has %d lines, want %d", len(lines), h)
	}
	for i, l := range lines {
		if lw := len([]rune(l)); lw > w*4 || textWidth(l) > w {
			t.Fatalf("line %d is %d cells wide, want at most %d: %q", i, textWidth(l), w, l)
		}
	}
}

// TestResizeReflows checks every screen at a few sizes, down to 80x24.
func TestResizeReflows(t *testing.T) {
	h := newHarness(t, 120, 40)
	h.press("enter")
	for _, sz := range [][2]int{{80, 24}, {200, 60}, {100, 30}, {60, 20}} {
		h.send(tea.WindowSizeMsg{Width: sz[0], Height: sz[1]})
		checkFrame(t, h.view(), sz[0], sz[1])
	}
}

// TestProgramRunsAndQuits runs the real Bubble Tea program on the model
// (teatest) and quits with q.
func TestProgramRunsAndQuits(t *testing.T) {
	h := newHarness(t, 100, 30)
	tm := teatest.NewTestModel(t, h.m, teatest.WithInitialTermSize(100, 30))
	teatest.WaitFor(t, tm.Output(), func(b []byte) bool { return strings.Contains(string(b), "VPN coupe en 4G") },
		teatest.WithDuration(5*time.Second))
	tm.Send(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune{'q'}})
	tm.WaitFinished(t, teatest.WithFinalTimeout(5*time.Second))
}

// Golden files of the reports and problem screens, on the seed plus a
// recurring VPN issue with no article and a problem with its incidents.
func TestGoldenRecurringScreens(t *testing.T) {
	screens := []struct {
		name string
		keys []string
	}{
		{"reports", []string{"r"}},
		{"reports_clusters", []string{"r", "j"}},
		{"problems", []string{"P"}},
		{"problem", []string{"P", "enter"}},
		{"problem_solve", []string{"P", "enter", "S", "y"}},
	}
	for _, size := range [][2]int{{80, 24}, {120, 40}} {
		for _, sc := range screens {
			t.Run(fmt.Sprintf("%s_%dx%d", sc.name, size[0], size[1]), func(t *testing.T) {
				h := newHarness(t, size[0], size[1])
				h.addRecurringVPN(5)
				h.seedProblem()
				h.send(tea.KeyMsg{Type: tea.KeyCtrlR})
				h.press(sc.keys...)
				v := h.view()
				checkFrame(t, v, size[0], size[1])
				golden.RequireEqual(t, []byte(v))
			})
		}
	}
}
