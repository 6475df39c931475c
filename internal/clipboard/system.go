package clipboard

import (
	"errors"
	"fmt"
	"os/exec"
	"strings"
	"time"
)

// SystemProgram is the clipboard program of the machine the technician sits
// at, for terminals that ignore OSC 52: wl-copy under Wayland, xclip (or
// xsel) under X, pbcopy on macOS, clip.exe on Windows and WSL. Nil over
// SSH (the program would fill the server's clipboard, not the
// technician's) or when none is installed.
func SystemProgram(getenv func(string) string, lookPath func(string) (string, error), goos string) []string {
	if getenv("SSH_CONNECTION") != "" || getenv("SSH_TTY") != "" {
		return nil
	}
	var candidates [][]string
	switch {
	case goos == "darwin":
		candidates = [][]string{{"pbcopy"}}
	case goos == "windows" || getenv("WSL_DISTRO_NAME") != "":
		candidates = [][]string{{"clip.exe"}}
	}
	if getenv("WAYLAND_DISPLAY") != "" {
		candidates = append(candidates, []string{"wl-copy"})
	}
	if getenv("DISPLAY") != "" {
		candidates = append(candidates, []string{"xclip", "-selection", "clipboard"}, []string{"xsel", "--clipboard", "--input"})
	}
	for _, c := range candidates {
		if p, err := lookPath(c[0]); err == nil {
			return append([]string{p}, c[1:]...)
		}
	}
	return nil
}

// systemTimeout bounds the program: xclip without a reachable X server
// must not hold the interface.
const systemTimeout = 3 * time.Second

// Both copies with OSC 52 and, when Program is set, with the system
// clipboard program too; it fails only when neither could copy.
type Both struct {
	OSC     Writer
	Program []string
}

func (b Both) Copy(text string) error {
	oscErr := b.OSC.Copy(text)
	if len(b.Program) == 0 {
		return oscErr
	}
	sysErr := runProgram(b.Program, text)
	if oscErr != nil && sysErr != nil {
		return errors.Join(oscErr, sysErr)
	}
	return nil
}

func runProgram(argv []string, text string) error {
	cmd := exec.Command(argv[0], argv[1:]...)
	cmd.Stdin = strings.NewReader(text)
	// No pipe for its output: xclip's background child would hold it open.
	if err := cmd.Start(); err != nil {
		return fmt.Errorf("%s: %w", argv[0], err)
	}
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	select {
	case err := <-done:
		if err != nil {
			return fmt.Errorf("%s: %w", argv[0], err)
		}
		return nil
	case <-time.After(systemTimeout):
		// xclip stays in the background to serve the selection: that is
		// success once it has read its input.
		return nil
	}
}
