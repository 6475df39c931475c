package config

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func TestMailSection(t *testing.T) {
	dir := t.TempDir()
	load := func(body string) (Config, error) {
		p := filepath.Join(dir, "config.yaml")
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
		return Load(p)
	}
	c, err := load("mail:\n  address: hotline@mairie.example\n  imap:\n    host: outlook.office365.com:993\n    user: hotline@mairie.example\n    token_command: get-token\n  every: 2m\n  reopen_days: 3\n")
	if err != nil {
		t.Fatal(err)
	}
	if !c.Mail.IMAP.Configured() || c.Mail.SMTP.Configured() || c.Mail.EveryDuration() != 2*time.Minute || c.Mail.ReopenWindow() != 72*time.Hour {
		t.Fatalf("mail = %+v", c.Mail)
	}
	if n, per := c.Mail.Rate(); n != 20 || per != time.Hour {
		t.Fatalf("default rate = %d per %v", n, per)
	}
	for body, want := range map[string]string{
		"mail:\n  imap:\n    host: imap.example:993\n":                         "mail.address",
		"mail:\n  address: h@x\n  imap:\n    host: imap.example\n":             "line 4: mail.imap.host",
		"mail:\n  address: h@x\n  smtp:\n    host: s:587\n    security: ssl\n": "mail.smtp.security",
		"mail:\n  every: 1s\n": "mail.every",
		"mail:\n  address: h@x\n  smtp:\n    host: s:587\n    password_command: a\n    token_command: b\n": "not both",
	} {
		if _, err := load(body); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%q: err = %v, want %q", body, err, want)
		}
	}
}
