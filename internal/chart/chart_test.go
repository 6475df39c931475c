package chart

import (
	"testing"
	"unicode/utf8"
)

func TestSparkline(t *testing.T) {
	if got := Sparkline([]int{0, 1, 4, 8}); got != "▁▂▅█" {
		t.Errorf("Sparkline = %q", got)
	}
	if got := Sparkline([]int{0, 0}); got != "▁▁" {
		t.Errorf("all zero = %q", got)
	}
	if got := Sparkline(nil); got != "" {
		t.Errorf("empty = %q", got)
	}
}

func TestBar(t *testing.T) {
	if got := Bar(10, 10, 5); got != "█████" {
		t.Errorf("full bar = %q", got)
	}
	if got := Bar(1, 1000, 10); utf8.RuneCountInString(got) != 1 {
		t.Errorf("a tiny value must still show: %q", got)
	}
	if got := Bar(5, 10, 5); got != "██▌" {
		t.Errorf("half bar = %q", got)
	}
	if Bar(0, 10, 5) != "" || Bar(3, 0, 5) != "" {
		t.Error("zero value or scale must draw nothing")
	}
}

func TestResample(t *testing.T) {
	in := []int{1, 2, 3, 4, 5, 6, 7}
	if got := Resample(in, 3, true); len(got) != 3 || got[0] != 6 || got[2] != 7 {
		t.Errorf("sum = %v", got)
	}
	if got := Resample(in, 3, false); got[0] != 3 || got[1] != 6 || got[2] != 7 {
		t.Errorf("last = %v", got)
	}
	if got := Resample(in, 10, true); len(got) != 7 {
		t.Errorf("short input changed: %v", got)
	}
}
