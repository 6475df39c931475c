package text

import (
	"io"
	"strconv"
	"strings"
	"unicode/utf8"
)

// InertWriter sanitises everything written through it (see Sanitize) for a
// terminal: exports and reports printed on screen can hold escape sequences
// from tickets, and must never act on the technician's terminal. A
// character split across two writes is kept until the next one; Close
// writes what is left.
type InertWriter struct {
	w       io.Writer
	pending []byte
}

// NewInertWriter returns an InertWriter writing to w.
func NewInertWriter(w io.Writer) *InertWriter { return &InertWriter{w: w} }

func (iw *InertWriter) Write(p []byte) (int, error) {
	buf := append(iw.pending, p...)
	cut := len(buf)
	// An incomplete UTF-8 sequence at the end waits for its next bytes.
	for i := len(buf) - 1; i >= 0 && i >= len(buf)-utf8.UTFMax; i-- {
		if utf8.RuneStart(buf[i]) {
			if !utf8.FullRune(buf[i:]) {
				cut = i
			}
			break
		}
	}
	iw.pending = append([]byte(nil), buf[cut:]...)
	if _, err := io.WriteString(iw.w, Sanitize(string(buf[:cut]))); err != nil {
		return 0, err
	}
	return len(p), nil
}

// Close writes an incomplete character left at the end (as U+FFFD).
func (iw *InertWriter) Close() error {
	if len(iw.pending) == 0 {
		return nil
	}
	_, err := io.WriteString(iw.w, Sanitize(string(iw.pending)))
	iw.pending = nil
	return err
}

// SpreadsheetCell neutralises a CSV cell that a spreadsheet would run as a
// formula (formula injection: =, +, -, @, or a tab or carriage return
// first) by putting an apostrophe before it, which spreadsheets hide and
// which makes the cell text. Numbers like -3 or +33 1 23 45 67 89 stay as
// they are. UnspreadsheetCell undoes it when such a file is read back.
func SpreadsheetCell(s string) string {
	if s == "" || !strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		return s
	}
	if _, err := strconv.ParseFloat(strings.ReplaceAll(s, " ", ""), 64); err == nil {
		return s
	}
	return "'" + s
}

// UnspreadsheetCell removes the apostrophe SpreadsheetCell added.
func UnspreadsheetCell(s string) string {
	if len(s) > 1 && s[0] == '\'' && strings.ContainsRune("=+-@\t\r", rune(s[1])) {
		if SpreadsheetCell(s[1:]) == s {
			return s[1:]
		}
	}
	return s
}

// SpreadsheetRow is SpreadsheetCell on every cell of a CSV row.
func SpreadsheetRow(row []string) []string {
	out := make([]string, len(row))
	for i, c := range row {
		out[i] = SpreadsheetCell(c)
	}
	return out
}
