package config

import (
	"fmt"
	"net"
	"strings"
	"time"
)

// Mail is the `mail` section: the helpdesk's mailbox (IMAP in), the
// server mails are sent through (SMTP out), and how mails become tickets.
// Passwords are never written here: password_command (or the environment,
// HOTLINE_IMAP_PASSWORD / HOTLINE_SMTP_PASSWORD) gives them.
type Mail struct {
	Address string `yaml:"address"` // Hotline's own address: From of what it sends, and mails from it are ignored
	Name    string `yaml:"name"`    // the helpdesk's name, signing the mails
	// Language of the mails when the agent's is unknown: fr (default) or en.
	Language string     `yaml:"language"`
	IMAP     MailServer `yaml:"imap"`
	SMTP     MailServer `yaml:"smtp"`
	// Every is how often `hotline serve` reads the mailbox (default 60s).
	Every string `yaml:"every"`
	// ReopenDays: a reply to a ticket solved less than this many days ago
	// reopens it; later, it files a new ticket pointing to the old one.
	ReopenDays int `yaml:"reopen_days"` // default 7
	// RateLimit: more mails than Count from one sender in Per are ignored.
	RateLimit MailRate `yaml:"rate_limit"`
	// Templates is a folder of templates replacing the built-in ones
	// (<kind>.<language>.txt; kinds created, followup, solved, problem).
	Templates string `yaml:"templates"`
}

// MailServer is an IMAP or SMTP server.
type MailServer struct {
	Host     string `yaml:"host"`     // host:port
	Security string `yaml:"security"` // tls or starttls (IMAP default tls, SMTP default starttls)
	User     string `yaml:"user"`
	// PasswordCommand prints the password (e.g. `pass show hotline/imap`).
	PasswordCommand string `yaml:"password_command"`
	// TokenCommand prints an OAuth2 access token: XOAUTH2 is used
	// (Microsoft 365 / Exchange Online).
	TokenCommand string `yaml:"token_command"`
	// IMAP only: the folder read (default INBOX) and, when set, the
	// folder each stored mail is moved to (else it is marked as read).
	Folder string `yaml:"folder"`
	MoveTo string `yaml:"move_to"`
	// CAFile is a PEM file of the authority to trust besides the system's
	// (a server with a certificate from an internal CA).
	CAFile string `yaml:"ca_file"`
}

// MailRate is a number of mails per period.
type MailRate struct {
	Count int    `yaml:"count"` // default 20
	Per   string `yaml:"per"`   // default 1h
}

// Configured reports whether the server is set.
func (s MailServer) Configured() bool { return strings.TrimSpace(s.Host) != "" }

// EveryDuration is the polling period.
func (m Mail) EveryDuration() time.Duration {
	if d, err := ParseDuration(m.Every); err == nil && d > 0 {
		return d
	}
	return 60 * time.Second
}

// ReopenWindow is how long after solving a reply reopens a ticket.
func (m Mail) ReopenWindow() time.Duration {
	if m.ReopenDays > 0 {
		return time.Duration(m.ReopenDays) * 24 * time.Hour
	}
	return 7 * 24 * time.Hour
}

// Rate is the sender rate limit: count mails per period.
func (m Mail) Rate() (int, time.Duration) {
	n, per := m.RateLimit.Count, time.Hour
	if n <= 0 {
		n = 20
	}
	if d, err := ParseDuration(m.RateLimit.Per); err == nil && d > 0 {
		per = d
	}
	return n, per
}

func (c *Config) validateMail(lineOf func(string) string) error {
	m := c.Mail
	if m.IMAP.Configured() || m.SMTP.Configured() {
		if !strings.Contains(m.Address, "@") {
			return fmt.Errorf("%smail.address: %q: give the helpdesk's own address (hotline@…): it sends from it and ignores mails from it", lineOf("mail"), m.Address)
		}
	}
	switch strings.ToLower(m.Language) {
	case "", "fr", "en":
	default:
		return fmt.Errorf("%smail.language %q: use fr or en", lineOf("language"), m.Language)
	}
	for _, s := range []struct {
		name string
		srv  MailServer
		ok   []string
	}{{"imap", m.IMAP, []string{"", "tls", "starttls"}}, {"smtp", m.SMTP, []string{"", "tls", "starttls"}}} {
		if !s.srv.Configured() {
			continue
		}
		if _, _, err := net.SplitHostPort(s.srv.Host); err != nil {
			return fmt.Errorf("%smail.%s.host %q: give host:port (e.g. outlook.office365.com:993)", lineOf("host"), s.name, s.srv.Host)
		}
		sec := strings.ToLower(s.srv.Security)
		valid := false
		for _, v := range s.ok {
			valid = valid || v == sec
		}
		if !valid {
			return fmt.Errorf("%smail.%s.security %q: use tls or starttls", lineOf("security"), s.name, s.srv.Security)
		}
		if s.srv.PasswordCommand != "" && s.srv.TokenCommand != "" {
			return fmt.Errorf("%smail.%s: give password_command or token_command, not both", lineOf(s.name), s.name)
		}
	}
	if m.Every != "" {
		if d, err := ParseDuration(m.Every); err != nil || d < 5*time.Second {
			return fmt.Errorf("%smail.every %q: give a duration of at least 5s, like 60s or 5m", lineOf("every"), m.Every)
		}
	}
	if m.ReopenDays < 0 {
		return fmt.Errorf("%smail.reopen_days: %d must be positive", lineOf("reopen_days"), m.ReopenDays)
	}
	if m.RateLimit.Count < 0 {
		return fmt.Errorf("%smail.rate_limit.count: %d must be positive", lineOf("count"), m.RateLimit.Count)
	}
	if m.RateLimit.Per != "" {
		if d, err := ParseDuration(m.RateLimit.Per); err != nil || d <= 0 {
			return fmt.Errorf("%smail.rate_limit.per %q: give a duration like 1h or 30m", lineOf("per"), m.RateLimit.Per)
		}
	}
	return nil
}
