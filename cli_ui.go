package main

import (
	"context"
	"fmt"
	"os"

	tea "github.com/charmbracelet/bubbletea"

	"hotline/internal/clipboard"
	"hotline/internal/live"
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
	copier := clipboard.Writer{W: out, InTmux: a.getenv("TMUX") != ""}
	// Others' changes (a colleague, the server, a script) show within a
	// second: the hub watches the database from this process.
	hub := live.New(a.db.DB, live.Options{})
	stop, err := hub.Start(ctx)
	if err != nil {
		return err
	}
	defer stop()
	user, name := a.user(), ""
	cfg := a.cfg
	if tech, err := a.tickets.Technician(ctx, user); err == nil {
		name = tech.DisplayName()
		if cfg.Language == "" {
			cfg.Language = tech.Language
		}
	}
	m := ui.New(ui.Options{
		Tickets:  a.tickets,
		KB:       a.kb,
		Live:     hub,
		UserName: name,
		User:     user,
		DBPath:   a.dbPath(),
		Config:   cfg,
		NoColor:  a.globals.noColor,
		Getenv:   a.getenv,
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
