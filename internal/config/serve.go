package config

import (
	"fmt"
	"net/netip"
	"strconv"
	"strings"
	"time"
)

// Serve is the `serve` section: how `hotline serve` listens.
type Serve struct {
	HTTP    string `yaml:"http"`     // address, default 127.0.0.1:8080
	BaseURL string `yaml:"base_url"` // for the links it writes (status links)
	TLSCert string `yaml:"tls_cert"`
	TLSKey  string `yaml:"tls_key"`
	// TrustedProxies are the addresses (or CIDR ranges) of reverse proxies
	// whose X-Forwarded-For and X-Forwarded-Proto headers are believed.
	// Empty: the headers are ignored.
	TrustedProxies []string `yaml:"trusted_proxies"`
	// SSH is the address of the interface over SSH (--ssh; default
	// 127.0.0.1:2222 when enabled).
	SSH string `yaml:"ssh"`
	// SSHIdle ends a session without a key pressed for that long ("30m",
	// default; "0" never).
	SSHIdle string `yaml:"ssh_idle"`
	// SSHMaxSessions caps the sessions at once (default 50).
	SSHMaxSessions int `yaml:"ssh_max_sessions"`
}

// SSHIdleDuration parses SSHIdle: 30 minutes when empty, 0 for never.
func (s Serve) SSHIdleDuration() (time.Duration, error) {
	switch strings.TrimSpace(s.SSHIdle) {
	case "":
		return 30 * time.Minute, nil
	case "0":
		return 0, nil
	}
	d, err := time.ParseDuration(strings.TrimSpace(s.SSHIdle))
	if err != nil || d < 0 {
		return 0, fmt.Errorf("%q is not a duration such as 30m or 2h (0: never)", s.SSHIdle)
	}
	return d, nil
}

// Portal is the `portal` section: the agents' web pages and the API.
type Portal struct {
	// Services offered in the form (plus "autre").
	Services []string `yaml:"services"`
	// AcceptedEmailDomains, when set, restrict requesters' addresses.
	AcceptedEmailDomains []string `yaml:"accepted_email_domains"`
	// IntakeKey, when set, is required to file a ticket on the portal (a
	// kiosk opens /?cle=KEY once; the key is kept in a cookie).
	IntakeKey string `yaml:"intake_key"`
	// ShowTechnicianNames signs the helpdesk's answers with the
	// technician's name on the status page.
	ShowTechnicianNames bool `yaml:"show_technician_names"`
	// Rate limits per client address and per minute.
	TicketsPerMinute     int `yaml:"tickets_per_minute"`     // default 10
	SuggestionsPerMinute int `yaml:"suggestions_per_minute"` // default 60
}

// Attachments is the `attachments` section.
type Attachments struct {
	MaxSize  string `yaml:"max_size"`  // "5MB" (default), "500KB"
	MaxFiles int    `yaml:"max_files"` // per ticket or reply, default 3
}

// MaxSizeBytes parses MaxSize; 0 means the default.
func (a Attachments) MaxSizeBytes() (int64, error) { return ParseSize(a.MaxSize) }

// ParseSize reads a size like 5MB, 500KB, 1048576 (bytes); "" is 0.
func ParseSize(s string) (int64, error) {
	s = strings.ToUpper(strings.TrimSpace(s))
	if s == "" {
		return 0, nil
	}
	mult := int64(1)
	for _, u := range []struct {
		suffix string
		m      int64
	}{{"MIB", 1 << 20}, {"KIB", 1 << 10}, {"MB", 1 << 20}, {"KB", 1 << 10}, {"MO", 1 << 20}, {"KO", 1 << 10}, {"M", 1 << 20}, {"K", 1 << 10}, {"B", 1}, {"O", 1}} {
		if strings.HasSuffix(s, u.suffix) {
			s, mult = strings.TrimSpace(strings.TrimSuffix(s, u.suffix)), u.m
			break
		}
	}
	n, err := strconv.ParseFloat(s, 64)
	if err != nil || n <= 0 || n*float64(mult) > 1<<30 {
		return 0, fmt.Errorf("%q is not a size like 5MB or 500KB (at most 1GB)", s)
	}
	return int64(n * float64(mult)), nil
}

// Prefixes parses TrustedProxies.
func (s Serve) Prefixes() ([]netip.Prefix, error) {
	var out []netip.Prefix
	for _, p := range s.TrustedProxies {
		p = strings.TrimSpace(p)
		if pf, err := netip.ParsePrefix(p); err == nil {
			out = append(out, pf.Masked())
			continue
		}
		a, err := netip.ParseAddr(p)
		if err != nil {
			return nil, fmt.Errorf("serve.trusted_proxies: %q is not an address or a range like 10.0.0.0/8", p)
		}
		out = append(out, netip.PrefixFrom(a, a.BitLen()))
	}
	return out, nil
}

func (c *Config) validateServe(lineOf func(string) string) error {
	if _, err := c.Attachments.MaxSizeBytes(); err != nil {
		return fmt.Errorf("%sattachments.max_size: %w", lineOf("max_size"), err)
	}
	if c.Attachments.MaxFiles < 0 || c.Attachments.MaxFiles > 20 {
		return fmt.Errorf("%sattachments.max_files: %d: use 1 to 20", lineOf("max_files"), c.Attachments.MaxFiles)
	}
	if _, err := c.Serve.Prefixes(); err != nil {
		return fmt.Errorf("%s%w", lineOf("trusted_proxies"), err)
	}
	if c.Portal.TicketsPerMinute < 0 || c.Portal.SuggestionsPerMinute < 0 {
		return fmt.Errorf("%sportal: rate limits must be positive", lineOf("portal"))
	}
	if _, err := c.Serve.SSHIdleDuration(); err != nil {
		return fmt.Errorf("%sserve.ssh_idle: %w", lineOf("ssh_idle"), err)
	}
	if c.Serve.SSHMaxSessions < 0 || c.Serve.SSHMaxSessions > 10000 {
		return fmt.Errorf("%sserve.ssh_max_sessions: %d: use 1 to 10000", lineOf("ssh_max_sessions"), c.Serve.SSHMaxSessions)
	}
	if (c.Serve.TLSCert == "") != (c.Serve.TLSKey == "") {
		return fmt.Errorf("%sserve: give both tls_cert and tls_key, or neither", lineOf("serve"))
	}
	return nil
}
