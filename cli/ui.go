package cli

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"runtime"

	tea "github.com/charmbracelet/bubbletea"

	"hotline/internal/clipboard"
	"hotline/internal/live"
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
	// Others' changes (a colleague, the server, a script) show within a
	// second: the hub watches the database from this process.
	hub := live.New(e.core.DB().DB, live.Options{})
	stop, err := hub.Start(ctx)
	if err != nil {
		return err
	}
	defer stop()
	user, name := e.core.User(), ""
	cfg := e.core.Config
	if tech, err := e.core.Tickets().Technician(ctx, user); err == nil {
		name = tech.DisplayName()
		if cfg.Language == "" {
			cfg.Language = tech.Language
		}
	}
	m := ui.New(ui.Options{
		Tickets:  e.core.Tickets(),
		KB:       e.core.KB(),
		Live:     hub,
		UserName: name,
		User:     user,
		DBPath:   e.core.DBPath(),
		Config:   cfg,
		NoColor:  e.flags.noColor,
		Getenv:   e.getenv,
		Copy:     copier.Copy,
		Open:     opener.Open,
		Context:  ctx,
	})
	defer m.Close()
	p := tea.NewProgram(m, tea.WithAltScreen(), tea.WithContext(ctx), tea.WithOutput(out))
	if _, err := p.Run(); err != nil && ctx.Err() == nil {
		return fmt.Errorf("interface: %w", err)
	}
	return nil
}
