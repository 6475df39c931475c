package sshd

import (
	"io"
	"strconv"
	"strings"
	"sync"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"

	"hotline/internal/text"
)

// screen draws one session's frames on its terminal when they change, and
// only then. Bubble Tea v1's own renderer wakes 60 times a second whether
// or not anything changed: 0.35% of a core per idle session (7% with 20
// sessions doing nothing), about half the server's CPU per key under load.
// Here a new view wakes the drawing goroutine; frames are still drawn at
// most 60 times a second (a burst of changes is drawn once), and, as Bubble
// Tea does, only the lines that changed are written. The interface runs on
// the alternate screen with bracketed paste, like the program it replaces;
// it uses none of the renderer's other commands (mouse, scroll areas,
// window title, printing above the program).
type screen struct {
	out  io.Writer
	gap  func() <-chan time.Time // ends the least time between two frames
	wake chan struct{}
	done chan struct{}
	quit sync.Once
	gone chan struct{}

	mu            sync.Mutex
	view          string   // the latest frame asked for
	last          string   // the frame on the terminal
	lines         []string // its lines
	width, height int

	// With marks (Options.FrameMarks, for scripts/sshload), every frame
	// starts with the number of keys the interface had read when it was
	// made, and a key draws a frame even when it changes nothing, so that
	// a client can tell which frame answers which key.
	marks          bool
	keys, lastKeys uint64
}

// FrameMark starts a frame with the number of keys read (FrameMarks): an
// operating system command no terminal acts on.
const FrameMark = "\x1b]7777;keys="

// frameGap is the least time between two frames (60 a second).
const frameGap = time.Second / 60

func newScreen(out io.Writer, marks bool) *screen {
	return newPacedScreen(out, marks, func() <-chan time.Time { return time.After(frameGap) })
}

// newPacedScreen is newScreen with the frame gap's timer given (tests).
func newPacedScreen(out io.Writer, marks bool, gap func() <-chan time.Time) *screen {
	s := &screen{out: out, marks: marks, gap: gap, wake: make(chan struct{}, 1), done: make(chan struct{}), gone: make(chan struct{})}
	io.WriteString(out, ansi.SetModeAltScreenSaveCursor+ansi.EraseEntireScreen+ansi.CursorHomePosition+ansi.HideCursor+ansi.SetModeBracketedPaste)
	go s.loop()
	return s
}

func (s *screen) loop() {
	defer close(s.gone)
	for {
		select {
		case <-s.wake:
		case <-s.done:
			return
		}
		// Drawn at once (the previous frame is older than the gap);
		// what is asked for from now on waits for the gap's end.
		s.flush()
		select {
		case <-s.gap():
		case <-s.done:
			return
		}
	}
}

// show asks for a frame (from the program's event loop, after each
// message), with the number of keys read so far.
func (s *screen) show(view string, keys uint64) {
	s.mu.Lock()
	s.view = view
	changed := view != s.last
	if s.marks {
		s.keys = keys
		changed = changed || keys != s.lastKeys
	}
	s.mu.Unlock()
	if changed {
		select {
		case s.wake <- struct{}{}:
		default:
		}
	}
}

// resize takes the terminal's new size: the next frame is drawn whole.
func (s *screen) resize(w, h int) {
	s.mu.Lock()
	s.width, s.height = w, h
	s.last, s.lines = "", nil
	s.mu.Unlock()
	select {
	case s.wake <- struct{}{}:
	default:
	}
}

// close draws the last frame and gives the terminal back as it was.
func (s *screen) close() {
	s.quit.Do(func() {
		close(s.done)
		<-s.gone
		s.flush()
		io.WriteString(s.out, ansi.ResetModeBracketedPaste+ansi.ShowCursor+ansi.ResetModeAltScreenSaveCursor)
	})
}

func (s *screen) flush() {
	s.mu.Lock()
	defer s.mu.Unlock()
	view := s.view
	if view == "" {
		view = " "
	}
	if view == s.last && (!s.marks || s.keys == s.lastKeys) {
		return
	}
	var b strings.Builder
	if s.marks {
		b.WriteString(FrameMark + strconv.FormatUint(s.keys, 10) + "\a")
		s.lastKeys = s.keys
	}
	b.WriteString(ansi.CursorHomePosition)
	lines := strings.Split(view, "\n")
	if s.height > 0 && len(lines) > s.height {
		lines = lines[len(lines)-s.height:]
	}
	for i, line := range lines {
		if i < len(s.lines) && s.lines[i] == line {
			if i < len(lines)-1 {
				b.WriteByte('\n') // the same line: move down over it
			}
			continue
		}
		w := text.Width(line)
		if s.width > 0 && w > s.width {
			line = ansi.Truncate(line, s.width, "")
			w = s.width
		}
		if w < s.width {
			line += ansi.EraseLineRight
		}
		b.WriteString(line)
		if i < len(lines)-1 {
			b.WriteString("\r\n")
		}
	}
	if len(s.lines) > len(lines) {
		b.WriteString(ansi.EraseScreenBelow)
	}
	b.WriteString(ansi.CursorPosition(0, len(lines)))
	_, _ = io.WriteString(s.out, b.String())
	s.last, s.lines = view, lines
}

// update passes the terminal's size to the screen before the interface
// sees it.
func (s *screen) update(msg tea.Msg) {
	if w, ok := msg.(tea.WindowSizeMsg); ok {
		s.resize(w.Width, w.Height)
	}
}
