package cli

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"runtime"
	"time"

	tea "github.com/charmbracelet/bubbletea"

	"hotline/internal/clipboard"
	"hotline/internal/opener"
	"hotline/ui"
)

// runUI opens the database and runs the interface in the alternate screen
// until the technician quits.
func (e *env) runUI(ctx context.Context) error {
	// The quick check reads the whole file (seconds at a million tickets):
	// the interface runs it in the background and says what it finds,
	// instead of keeping the technician waiting for the first frame.
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
	hub := e.core.Live()
	stop, err := hub.Start(ctx)
	if err != nil {
		return err
	}
	defer stop()
	act, err := e.core.ActorOf(ctx, e.core.User())
	if err != nil {
		return err
	}
	cfg := e.core.Config
	if cfg.Language == "" {
		cfg.Language = act.Language
	}
	// With an SMTP server, a public answer can also go by mail (M).
	var mailer ui.MailDesk
	if cfg.Mail.SMTP.Configured() {
		mailer = e.core.Mailroom()
	}
	m := ui.New(ui.Options{
		StartupCheck: e.backgroundCheck,
		Mail:         mailer,
		Bulk:         e.core.BulkDesk(),
		ArticleDesk:  e.core.ArticleDesk(),
		Calls:        e.core.Calls(),
		Tickets:      e.core.Tickets(),
		KB:           e.core.KB(),
		Attachments:  e.core.Attachments(),
		Replies:      e.core.Replies(),
		SidePanes:    e.core.SidePanes(),
		// The portal's "this answered me", shown on the article screen.
		SelfService: e.core.Feedback().SelfServiceOf,
		Feedback:    e.core.Feedback(), // ratings and self-service answers, in the reports screen
		Live:        hub,
		UserName:    act.Name,
		Role:        act.Role,
		User:        act.Login,
		DBPath:      e.core.DBPath(),
		Config:      cfg,
		NoColor:     e.flags.noColor,
		Getenv:      e.getenv,
		Copy:        copier.Copy,
		Open:        opener.Open,
		Context:     ctx,
	})
	defer m.Close()
	p := tea.NewProgram(m, tea.WithAltScreen(), tea.WithContext(ctx), tea.WithOutput(out))
	if _, err := p.Run(); err != nil && ctx.Err() == nil {
		return fmt.Errorf("interface: %w", err)
	}
	return nil
}

// backgroundCheck is the interface's start-up check: the quick check, then
// the retention rule of the config when the file is sound.
func (e *env) backgroundCheck(ctx context.Context) (ui.StartupReport, error) {
	findings, err := e.core.Check(ctx, true)
	if err != nil {
		return ui.StartupReport{}, err
	}
	var r ui.StartupReport
	for _, f := range findings {
		r.Findings = append(r.Findings, f.String())
	}
	if len(r.Findings) > 0 {
		return r, nil
	}
	erased, err := e.core.ApplyRetention(ctx, time.Now())
	r.Anonymised = erased.Tickets
	return r, err
}

// startupCheck opens the database and runs the quick check before a
// long-running front end (the interface, the server) starts writing into
// it: a damaged file is reported with what to do instead of being used.
func (e *env) startupCheck(ctx context.Context) error {
	if err := e.open(ctx); err != nil {
		return err
	}
	findings, err := e.core.Check(ctx, true)
	if err != nil {
		return err
	}
	if len(findings) == 0 {
		// The retention rule of the config, if any (privacy.retention_months).
		if erased, err := e.core.ApplyRetention(ctx, time.Now()); err != nil {
			return err
		} else if erased.Tickets > 0 {
			fmt.Fprintf(e.stderr, e.t.T("ui.retention"), erased.Tickets)
		}
		return nil
	}
	fmt.Fprintf(e.stderr, e.t.T("ui.damaged"), e.core.DBPath())
	for i, f := range findings {
		if i == 10 {
			fmt.Fprintf(e.stderr, "  … and %d more (run `hotline check`)\n", len(findings)-i)
			break
		}
		fmt.Fprintf(e.stderr, "  %s\n", f)
	}
	fmt.Fprint(e.stderr, e.t.T("ui.notstarted"))
	return errReported
}
