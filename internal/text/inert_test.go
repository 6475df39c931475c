package text

import (
	"strings"
	"testing"
)

func TestInertWriterSanitisesAcrossSplitWrites(t *testing.T) {
	in := "café\x1b]52;c;aGk=\x07 🚀\u202e fin\xff"
	var b strings.Builder
	w := NewInertWriter(&b)
	for i := 0; i < len(in); i++ { // byte by byte: every character split
		if _, err := w.Write([]byte{in[i]}); err != nil {
			t.Fatal(err)
		}
	}
	w.Close()
	if got, want := b.String(), Sanitize(in); got != want {
		t.Errorf("byte-by-byte %q, whole %q", got, want)
	}
	if strings.ContainsAny(b.String(), "\x1b\x07\u202e") {
		t.Errorf("a control got through: %q", b.String())
	}
}

func TestSpreadsheetCells(t *testing.T) {
	for in, want := range map[string]string{
		"=SUM(A1)": "'=SUM(A1)", "+cmd": "'+cmd", "-2+3": "'-2+3", "@x": "'@x", "\tx": "'\tx", "\r=x": "'\r=x",
		"-3": "-3", "+33 1 23 45 67 89": "+33 1 23 45 67 89", "1e5": "1e5", "texte": "texte", "": "", "'=x": "'=x",
	} {
		got := SpreadsheetCell(in)
		if got != want {
			t.Errorf("SpreadsheetCell(%q) = %q, want %q", in, got, want)
		}
		if in != "'=x" {
			if back := UnspreadsheetCell(got); back != in {
				t.Errorf("UnspreadsheetCell(%q) = %q, want %q", got, back, in)
			}
		}
	}
}
