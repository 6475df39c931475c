package cli

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/http/pprof"
	"runtime"
	"strings"
	"time"

	"github.com/spf13/pflag"

	"hotline/internal/lifecycle"
)

// A hidden --pprof ADDR on `hotline serve` for whoever measures the server
// (scripts/sshload -pprof): Go's profiles (CPU, heap, goroutines, and the
// block and mutex profiles, which are switched on only with the flag) and
// the execution trace, on a loopback address only. Not in the help: it is a
// developer's tool, not a setting of the helpdesk.
func init() {
	registerServePart(func(fs *pflag.FlagSet) serveBuilder {
		var addr string
		fs.StringVar(&addr, "pprof", "", "serve Go's profiles on ADDR (loopback only)")
		_ = fs.MarkHidden("pprof")
		return func(ctx context.Context, s *serveEnv) (lifecycle.Component, error) {
			addr = strings.TrimSpace(addr)
			if addr == "" {
				return nil, nil
			}
			host, _, err := net.SplitHostPort(addr)
			if ip := net.ParseIP(host); err != nil || host != "localhost" && (ip == nil || !ip.IsLoopback()) {
				return nil, usageT("usage.serve.pprof", addr)
			}
			return lifecycle.Func{N: "pprof", F: func(ctx context.Context) error { return servePprof(ctx, s, addr) }}, nil
		}
	})
}

func servePprof(ctx context.Context, s *serveEnv, addr string) error {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return fmt.Errorf("pprof: listen on %s: %w", addr, err)
	}
	// Every blocking event and every contended lock is recorded: the cost
	// is paid only while someone measures with this flag.
	runtime.SetBlockProfileRate(1)
	runtime.SetMutexProfileFraction(1)
	defer runtime.SetBlockProfileRate(0)
	defer runtime.SetMutexProfileFraction(0)
	mux := http.NewServeMux()
	mux.HandleFunc("/debug/pprof/", pprof.Index)
	mux.HandleFunc("/debug/pprof/cmdline", pprof.Cmdline)
	mux.HandleFunc("/debug/pprof/profile", pprof.Profile)
	mux.HandleFunc("/debug/pprof/symbol", pprof.Symbol)
	mux.HandleFunc("/debug/pprof/trace", pprof.Trace)
	srv := &http.Server{Handler: mux, ReadHeaderTimeout: 5 * time.Second}
	s.Log.Info("pprof: Go's profiles", "addr", ln.Addr().String())
	done := make(chan error, 1)
	go func() { done <- srv.Serve(ln) }()
	select {
	case err := <-done:
		return fmt.Errorf("pprof: %w", err)
	case <-ctx.Done():
	}
	sctx, cancel := context.WithTimeout(context.Background(), time.Second)
	defer cancel()
	_ = srv.Shutdown(sctx) // a profile in progress is cut short
	if err := <-done; err != nil && !errors.Is(err, http.ErrServerClosed) {
		return fmt.Errorf("pprof: %w", err)
	}
	return nil
}
