package cli

import (
	"fmt"
	"strconv"
	"strings"
)

// Every list follows one convention: --limit N items per page (0 for
// all), the page as a JSON array with --json, the cursor of the next page
// on standard error as "next: CURSOR", passed back with --after CURSOR.

// pages fetches one page of limit items after cursor, or every page when
// limit is 0 (pageSize at a time). fetch returns a page and the cursor of
// the next one ("" at the end).
func pages[T any](limit, pageSize int, after string, fetch func(after string, limit int) ([]T, string, error)) ([]T, string, error) {
	if limit > 0 {
		return fetch(after, limit)
	}
	var all []T
	for {
		page, next, err := fetch(after, pageSize)
		if err != nil {
			return nil, "", err
		}
		all = append(all, page...)
		if next == "" || len(page) == 0 {
			return all, "", nil
		}
		after = next
	}
}

// checkLimit refuses a negative --limit or one over max.
func checkLimit(cmd string, limit, max int) error {
	if limit < 0 || limit > max {
		return usageT("usage.limit.range", cmd, limit, max)
	}
	return nil
}

// idCursor reads the --after of a list keyed by number.
func idCursor(cmd, after string) (int64, error) {
	if after == "" {
		return 0, nil
	}
	n, err := strconv.ParseInt(strings.TrimSpace(after), 10, 64)
	if err != nil || n < 0 {
		return 0, usageT("usage.after", cmd, after)
	}
	return n, nil
}

// printNext prints the next page's cursor, if any.
func (e *env) printNext(next string) {
	if next != "" {
		fmt.Fprintln(e.stderr, "next:", next)
	}
}
