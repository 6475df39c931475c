// Package opener opens a link or a file with the platform's opener
// (xdg-open, open, or start), its output discarded so that it cannot
// garble a full-screen interface.
package opener

import (
	"errors"
	"fmt"
	"os/exec"
	"runtime"
)

// Error is an opener that could not be started: front ends word it for
// their user (the program is missing, or it failed to start).
type Error struct {
	Target  string
	Program string
	Err     error
}

func (e *Error) Error() string {
	if e.NotFound() {
		return fmt.Sprintf("open %s: the program %s is not installed", e.Target, e.Program)
	}
	return fmt.Sprintf("open %s with %s: %v", e.Target, e.Program, e.Err)
}

func (e *Error) Unwrap() error { return e.Err }

// NotFound says the opener program is not installed (not in PATH).
func (e *Error) NotFound() bool { return errors.Is(e.Err, exec.ErrNotFound) }

// Command is the opener for goos and the arguments that open target.
func Command(goos, target string) (string, []string) {
	switch goos {
	case "darwin":
		return "open", []string{target}
	case "windows":
		return "rundll32", []string{"url.dll,FileProtocolHandler", target}
	}
	return "xdg-open", []string{target}
}

// Open starts the opener on target and returns once it has started; the
// opener is reaped in the background.
func Open(target string) error {
	name, args := Command(runtime.GOOS, target)
	cmd := exec.Command(name, args...)
	cmd.Stdin, cmd.Stdout, cmd.Stderr = nil, nil, nil // nil is /dev/null
	if err := cmd.Start(); err != nil {
		return &Error{Target: target, Program: name, Err: err}
	}
	go func() { _ = cmd.Wait() }()
	return nil
}
