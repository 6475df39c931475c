// Command hotline is a terminal helpdesk for IT technicians who assist
// remote staff: a ticket queue, a knowledge base of tutorials and videos,
// and the links between them. `hotline` starts the interface; subcommands
// script everything (see `hotline help`).
package main

import (
	"context"
	"os"
	"os/signal"

	"golang.org/x/term"

	"hotline/cli"
)

// version is set at build time with -ldflags "-X main.version=…".
var version = "0.1.0-dev"

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	streams := cli.IO{Stdin: os.Stdin, Stdout: os.Stdout, Stderr: os.Stderr, Getenv: os.Getenv,
		StdinIsTerminal: term.IsTerminal(int(os.Stdin.Fd()))}
	if w, _, err := term.GetSize(int(os.Stdout.Fd())); err == nil {
		streams.StdoutWidth = w
	}
	code := cli.Run(ctx, streams, version, os.Args[1:])
	stop()
	os.Exit(code)
}
