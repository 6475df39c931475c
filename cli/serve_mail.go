package cli

import (
	"context"
	"time"

	"github.com/spf13/pflag"

	"hotline/internal/lifecycle"
	"hotline/mail"
)

// The mail part of `hotline serve`: when the config sets mail.imap, the
// mailbox is read every mail.every (default 60 s); when it sets
// mail.smtp, the outbox is sent at the same pace.
func init() {
	registerServePart(func(fs *pflag.FlagSet) serveBuilder {
		var every time.Duration
		var off bool
		fs.DurationVar(&every, "mail-every", 0, "read the mailbox every DURATION (default: config mail.every, else 60s)")
		fs.BoolVar(&off, "no-mail", false, "neither read nor send mail, even when configured")
		return func(ctx context.Context, s *serveEnv) (lifecycle.Component, error) {
			cfg := s.Core.Config.Mail
			if off || (!cfg.IMAP.Configured() && !cfg.SMTP.Configured()) {
				return nil, nil
			}
			room := s.Core.Mailroom()
			rcv := mail.Room{Room: room, Files: s.Core.AttachmentLimits()}
			in, out, err := mail.Servers(cfg, nil)
			if err != nil {
				return nil, err
			}
			p := &mail.Poller{Receiver: rcv, Limits: rcv.Limits(), Every: cfg.EveryDuration(), Log: s.Log}
			if every > 0 {
				p.Every = every
			}
			if cfg.IMAP.Configured() {
				p.IMAP = &in
			}
			if cfg.SMTP.Configured() {
				// Templates are checked now: a mistake stops the start.
				ts, err := mail.LoadTemplates(cfg.Templates)
				if err != nil {
					return nil, err
				}
				p.Outbox = &mail.Outbox{Room: room, SMTP: out, Templates: ts, From: mail.Address{Name: cfg.Name, Email: cfg.Address}, BaseURL: s.BaseURL, Log: s.Log}
			}
			return p, nil
		}
	})
}
