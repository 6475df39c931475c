package cli

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"runtime"

	tea "github.com/charmbracelet/bubbletea"

	"hotline/internal/clipboard"
	"hotline/internal/opener"
	"hotline/ui"
)

// runUI opens the database and runs the interface in the alternate screen
// until the technician quits.
func (e *env) runUI(ctx context.Context) error {
	if err := e.open(ctx); err != nil {
		return err
	}
	out := os.Stdout
	// OSC 52 always (SSH, tmux); the local clipboard program too for
	// terminals that ignore OSC 52.
	copier := clipboard.Both{
		OSC:     clipboard.Writer{W: out, InTmux: e.getenv("TMUX") != ""},
		Program: clipboard.SystemProgram(e.getenv, exec.LookPath, runtime.GOOS),
	}
	m := ui.New(ui.Options{
		Tickets: e.core.Tickets(),
		KB:      e.core.KB(),
		User:    e.core.User(),
		DBPath:  e.core.DBPath(),
		Config:  e.core.Config,
		NoColor: e.flags.noColor,
		Getenv:  e.getenv,
		Copy:    copier.Copy,
		Open:    opener.Open,
		Context: ctx,
	})
	p := tea.NewProgram(m, tea.WithAltScreen(), tea.WithContext(ctx), tea.WithOutput(out))
	if _, err := p.Run(); err != nil && ctx.Err() == nil {
		return fmt.Errorf("interface: %w", err)
	}
	return nil
}
