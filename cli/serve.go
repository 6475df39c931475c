package cli

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net"
	"os"
	"os/signal"
	"strings"
	"syscall"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"hotline/app"
	"hotline/internal/lifecycle"
	"hotline/portal"
)

// `hotline serve` runs the long-lived parts of Hotline in one process on
// the database the interface and the command line use: the web portal and
// API here, and whatever other parts register themselves.
//
// Adding a part (mail polling, the SSH server…) is a one-file affair:
// write cli/serve_<part>.go with
//
//	func init() {
//		registerServePart(func(fs *pflag.FlagSet) serveBuilder {
//			var addr string
//			fs.StringVar(&addr, "ssh", "", "serve the interface over SSH on ADDR")
//			return func(ctx context.Context, s *serveEnv) (lifecycle.Component, error) {
//				if addr == "" {
//					return nil, nil // not asked for: nothing to run
//				}
//				return sshd.New(s.Core, addr, s.Log), nil
//			}
//		})
//	}
//
// The part's flags are declared on `hotline serve` (closure variables, so
// that every command instance has its own); its builder runs once the
// database is open and returns a lifecycle.Component (see that package for
// the contract: Run until the context ends, finish what was accepted, stop
// within lifecycle.GracePeriod) or nil when not enabled. Every part starts
// with one shared context and stops together on SIGINT/SIGTERM or when any
// part fails (an errgroup in lifecycle.Run).

// serveEnv is what a part's builder gets.
type serveEnv struct {
	Core *app.App     // opened: stores, config, acting technician
	Log  *slog.Logger // one logger for every part (stderr, text)
	// BaseURL is the address agents reach the portal at, for links
	// written elsewhere (mails): --base-url, config serve.base_url, else
	// http://ADDR.
	BaseURL string
	// Out is where a part says where it listens (standard output).
	Out io.Writer
}

// serveBuilder builds a part once the database is open.
type serveBuilder func(ctx context.Context, s *serveEnv) (lifecycle.Component, error)

// servePart declares a part's flags and returns its builder.
type servePart func(fs *pflag.FlagSet) serveBuilder

// serveParts are registered at init by cli/serve_*.go and only read after.
var serveParts []servePart

//lint:ignore U1000 the hook of cli/serve_*.go parts (mail, ssh) as they land
func registerServePart(p servePart) { serveParts = append(serveParts, p) }

func newServeCmd(e *env) *cobra.Command {
	var httpAddr, baseURL, tlsCert, tlsKey string
	cmd := &cobra.Command{
		Use:   "serve [--http ADDR] [--base-url URL] [--tls-cert FILE --tls-key FILE]",
		Short: "run the agents' web portal and API (and the other long-lived parts)",
		Long: "Run the long-lived parts of Hotline in one process on the same database as the interface:\n" +
			"the agents' web portal and the JSON API on --http (default 127.0.0.1:8080, config serve.http;\n" +
			"\"off\" disables it). Stops cleanly on ctrl+c or SIGTERM: requests in flight finish within 10 s.\n" +
			"One log line per request on standard error (method, path without tokens, status, duration).",
		Args: noArgs,
	}
	fs := cmd.Flags()
	fs.StringVar(&httpAddr, "http", "", "address of the portal and API (default 127.0.0.1:8080; \"off\" to disable)")
	fs.StringVar(&baseURL, "base-url", "", "address agents use, for the links written (e.g. https://support.ville.fr)")
	fs.StringVar(&tlsCert, "tls-cert", "", "TLS certificate file (PEM); with --tls-key the portal speaks HTTPS")
	fs.StringVar(&tlsKey, "tls-key", "", "TLS private key file (PEM)")
	var builders []serveBuilder
	for _, p := range serveParts {
		builders = append(builders, p(fs))
	}
	cmd.RunE = func(cmd *cobra.Command, args []string) error {
		ctx, stop := signal.NotifyContext(cmd.Context(), os.Interrupt, syscall.SIGTERM)
		defer stop()
		if err := e.startupCheck(ctx); err != nil {
			return err
		}
		cfg := e.core.Config
		pick := func(flag, fromConfig, def string) string {
			if fs.Changed(flag) {
				return strings.TrimSpace(map[string]string{"http": httpAddr, "base-url": baseURL, "tls-cert": tlsCert, "tls-key": tlsKey}[flag])
			}
			if fromConfig != "" {
				return fromConfig
			}
			return def
		}
		httpAddr = pick("http", cfg.Serve.HTTP, "127.0.0.1:8080")
		baseURL = strings.TrimRight(pick("base-url", cfg.Serve.BaseURL, ""), "/")
		tlsCert, tlsKey = pick("tls-cert", cfg.Serve.TLSCert, ""), pick("tls-key", cfg.Serve.TLSKey, "")
		if (tlsCert == "") != (tlsKey == "") {
			return usageT("usage.serve.tls")
		}
		if httpAddr != "off" {
			if _, _, err := net.SplitHostPort(httpAddr); err != nil {
				return usageT("usage.serve.addr", "--http", httpAddr, "127.0.0.1:8080", ":8080")
			}
		}
		log := slog.New(slog.NewTextHandler(e.stderr, nil))
		s := &serveEnv{Core: e.core, Log: log, BaseURL: baseURL, Out: e.stdout}
		if s.BaseURL == "" && httpAddr != "off" {
			scheme := "http"
			if tlsCert != "" {
				scheme = "https"
			}
			s.BaseURL = scheme + "://" + httpAddr
		}
		var parts []lifecycle.Component
		if httpAddr != "off" {
			c, err := e.portalPart(s, httpAddr, baseURL, tlsCert, tlsKey)
			if err != nil {
				return err
			}
			parts = append(parts, c)
		}
		for _, b := range builders {
			c, err := b(ctx, s)
			if err != nil {
				return err
			}
			if c != nil {
				parts = append(parts, c)
			}
		}
		if len(parts) == 0 {
			return usageT("usage.serve.nothing")
		}
		fmt.Fprintf(e.stdout, e.t.T("serve.db"), e.core.DBPath())
		err := lifecycle.Run(ctx, log, parts...)
		if err == nil {
			fmt.Fprintln(e.stdout, e.t.T("serve.stopped"))
		}
		return err
	}
	return cmd
}

// portalPart builds the web portal and API from the config.
func (e *env) portalPart(s *serveEnv, addr, baseURL, cert, key string) (lifecycle.Component, error) {
	cfg := e.core.Config
	proxies, err := cfg.Serve.Prefixes()
	if err != nil {
		return nil, err
	}
	srv, err := portal.New(e.core.Desk(), portal.Options{
		BaseURL: baseURL, Services: cfg.Portal.Services, TrustedProxies: proxies, IntakeKey: cfg.Portal.IntakeKey,
		TicketsPerMinute: cfg.Portal.TicketsPerMinute, SuggestionsPerMinute: cfg.Portal.SuggestionsPerMinute,
		Logger: s.Log,
	})
	if err != nil {
		return nil, fmt.Errorf("portal: %w", err)
	}
	return &portal.HTTP{Addr: addr, TLSCert: cert, TLSKey: key, Handler: srv, Logger: s.Log,
		Listening: func(a net.Addr) {
			scheme := "http"
			if cert != "" {
				scheme = "https"
			}
			fmt.Fprintf(e.stdout, e.t.T("serve.portal"), scheme, a)
		}}, nil
}
