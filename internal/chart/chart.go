// Package chart draws small charts with text: sparklines and horizontal
// bars, for the terminal report and the interface's reports screen.
package chart

import (
	"strings"
)

var sparks = []rune("▁▂▃▄▅▆▇█")

// Sparkline draws one character per value, scaled to the largest; zero is
// the lowest bar so that a gap still reads as "nothing".
func Sparkline(values []int) string {
	top := 0
	for _, v := range values {
		top = max(top, v)
	}
	var b strings.Builder
	for _, v := range values {
		i := 0
		if top > 0 && v > 0 {
			i = (v*(len(sparks)-1) + top - 1) / top // ceil: a small value still rises

		}
		b.WriteRune(sparks[i])
	}
	return b.String()
}

var eighths = []rune(" ▏▎▍▌▋▊▉")

// Bar draws value as a horizontal bar of at most width cells relative to
// top, with eighth-cell precision; a non-zero value always shows.
func Bar(value, top, width int) string {
	if top <= 0 || width <= 0 || value <= 0 {
		return ""
	}
	units := value * width * 8 / top
	if units == 0 {
		units = 1
	}
	full, part := units/8, units%8
	s := strings.Repeat("█", full)
	if part > 0 {
		s += string(eighths[part])
	}
	return s
}

// Resample fits values into at most n points: consecutive values are
// summed (counts per day become counts per few days) or, for levels like
// a backlog, the last of each group is kept.
func Resample(values []int, n int, sum bool) []int {
	if n <= 0 || len(values) <= n {
		return values
	}
	group := (len(values) + n - 1) / n
	out := make([]int, 0, n)
	for i := 0; i < len(values); i += group {
		end := min(i+group, len(values))
		v := values[end-1]
		if sum {
			v = 0
			for _, x := range values[i:end] {
				v += x
			}
		}
		out = append(out, v)
	}
	return out
}
