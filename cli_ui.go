package main

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
func runUI(ctx context.Context, a *app) error {
	if err := a.open(ctx); err != nil {
		return err
	}
	out := os.Stdout
	// OSC 52 always (SSH, tmux); the local clipboard program too for
	// terminals that ignore OSC 52.
	copier := clipboard.Both{
		OSC:     clipboard.Writer{W: out, InTmux: a.getenv("TMUX") != ""},
		Program: clipboard.SystemProgram(a.getenv, exec.LookPath, runtime.GOOS),
	}
	m := ui.New(ui.Options{
		Tickets: a.tickets,
		KB:      a.kb,
		User:    a.user(),
		DBPath:  a.dbPath(),
		Config:  a.cfg,
		NoColor: a.globals.noColor,
		Getenv:  a.getenv,
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
