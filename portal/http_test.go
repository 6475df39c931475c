package portal

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"net"
	"net/http"
	"testing"

	"hotline/internal/lifecycle"
)

func TestHTTPStopLetsRequestsInFlightFinish(t *testing.T) {
	entered, release := make(chan struct{}), make(chan struct{})
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		close(entered)
		<-release
		io.WriteString(w, "fini")
	})
	addrc := make(chan net.Addr, 1)
	ctx, cancel := context.WithCancel(context.Background())
	srv := &HTTP{Addr: "127.0.0.1:0", Handler: h, Listening: func(a net.Addr) { addrc <- a }}
	runErr := make(chan error, 1)
	go func() { runErr <- lifecycle.Run(ctx, slog.New(slog.DiscardHandler), srv) }()
	addr := (<-addrc).String()
	type result struct {
		body string
		err  error
	}
	got := make(chan result, 1)
	go func() {
		r, err := http.Get("http://" + addr + "/")
		if err != nil {
			got <- result{err: err}
			return
		}
		b, _ := io.ReadAll(r.Body)
		r.Body.Close()
		got <- result{body: string(b)}
	}()
	<-entered
	cancel() // SIGINT
	close(release)
	if r := <-got; r.err != nil || r.body != "fini" {
		t.Fatalf("the request in flight was cut: %+v", r)
	}
	if err := <-runErr; err != nil {
		t.Fatalf("stop: %v", err)
	}
	if _, err := http.Get("http://" + addr + "/"); err == nil {
		t.Error("still accepting connections after stopping")
	}
}

func TestLifecycleOneFailingPartStopsTheOthers(t *testing.T) {
	stopped := make(chan struct{})
	waiter := lifecycle.Func{N: "waiter", F: func(ctx context.Context) error { <-ctx.Done(); close(stopped); return nil }}
	boom := errors.New("port taken")
	failing := lifecycle.Func{N: "failing", F: func(ctx context.Context) error { return boom }}
	err := lifecycle.Run(context.Background(), slog.New(slog.DiscardHandler), waiter, failing)
	if !errors.Is(err, boom) {
		t.Fatalf("Run returned %v", err)
	}
	<-stopped
	busy := &HTTP{Addr: "256.0.0.1:80"}
	if err := busy.Run(context.Background()); err == nil {
		t.Error("listening on a bad address succeeded")
	}
}
