// Package clipboard copies text to the technician's clipboard with the
// OSC 52 escape sequence, which terminals honour over SSH and which tmux
// and screen pass on.
package clipboard

import (
	"encoding/base64"
	"fmt"
	"io"
	"strings"
)

// Sequence is the OSC 52 sequence that puts text on the system clipboard.
func Sequence(text string) string {
	return "\x1b]52;c;" + base64.StdEncoding.EncodeToString([]byte(text)) + "\x07"
}

// tmuxPassthrough wraps seq for tmux's passthrough (allow-passthrough on),
// doubling the ESCs inside as tmux requires.
func tmuxPassthrough(seq string) string {
	return "\x1bPtmux;" + strings.ReplaceAll(seq, "\x1b", "\x1b\x1b") + "\x1b\\"
}

// Writer copies with OSC 52 written to W. Inside tmux (InTmux) it writes
// the plain sequence, which tmux takes into its buffer and forwards with
// set-clipboard on, then the passthrough form for set-clipboard external.
type Writer struct {
	W      io.Writer
	InTmux bool
}

// Copy writes the sequence in one Write call, so it never interleaves with
// a frame being drawn.
func (c Writer) Copy(text string) error {
	seq := Sequence(text)
	if c.InTmux {
		seq += tmuxPassthrough(Sequence(text))
	}
	if _, err := io.WriteString(c.W, seq); err != nil {
		return fmt.Errorf("copy to clipboard: %w", err)
	}
	return nil
}
