package cli

import (
	"context"
	"fmt"
	"net"
	"path/filepath"
	"strings"

	"github.com/spf13/pflag"

	"hotline/internal/lifecycle"
	"hotline/sshd"
)

// The interface over SSH, as a part of `hotline serve`: --ssh ADDR (default
// 127.0.0.1:2222, config serve.ssh; "off" disables it).
func init() {
	registerServePart(func(fs *pflag.FlagSet) serveBuilder {
		var addr string
		var marks bool
		fs.StringVar(&addr, "ssh", "", "address of the interface over SSH (default 127.0.0.1:2222; \"off\" to disable)")
		// For scripts/sshload: every frame says how many keys were read.
		fs.BoolVar(&marks, "ssh-frame-marks", false, "start every frame with the number of keys read (for scripts/sshload)")
		_ = fs.MarkHidden("ssh-frame-marks")
		return func(ctx context.Context, s *serveEnv) (lifecycle.Component, error) {
			cfg := s.Core.Config
			if !fs.Changed("ssh") {
				addr = cfg.Serve.SSH
			}
			addr = strings.TrimSpace(addr)
			if addr == "" {
				addr = sshd.DefaultAddr
			}
			if addr == "off" {
				return nil, nil
			}
			if _, _, err := net.SplitHostPort(addr); err != nil {
				return nil, usageT("usage.serve.addr", "--ssh", addr, "127.0.0.1:2222", ":2222")
			}
			idle, err := cfg.Serve.SSHIdleDuration()
			if err != nil {
				return nil, err
			}
			out := s.Out
			return sshd.New(s.Core, s.Core.Live(), sshd.Options{
				Addr:        addr,
				HostKeyPath: filepath.Join(filepath.Dir(s.Core.DBPath()), sshd.HostKeyName),
				Idle:        idle,
				MaxSessions: cfg.Serve.SSHMaxSessions,
				Log:         s.Log,
				FrameMarks:  marks,
				Listening: func(a net.Addr) {
					host, port, _ := net.SplitHostPort(a.String())
					fmt.Fprintf(out, "hotline serve: interface over SSH on %s (ssh -p %s %s)\n", a, port, host)
				},
			})
		}
	})
}
