// Package opener opens a link or a file with the platform's opener
// (xdg-open, open, or start), its output discarded so that it cannot
// garble a full-screen interface.
package opener

import (
	"fmt"
	"os/exec"
	"runtime"
)

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
		return fmt.Errorf("open %s with %s: %w", target, name, err)
	}
	go func() { _ = cmd.Wait() }()
	return nil
}
