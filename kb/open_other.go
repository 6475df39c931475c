//go:build !unix

package kb

import (
	"io"
	"os"
)

// openRegular opens a file after checking that it is a regular one (see
// open_unix.go for the stricter version).
func openRegular(name string) (io.ReadCloser, int64, error) {
	st, err := os.Lstat(name)
	if err != nil {
		return nil, 0, err
	}
	if !st.Mode().IsRegular() {
		return nil, 0, errNotRegular(st.Mode().Type())
	}
	f, err := os.Open(name)
	if err != nil {
		return nil, 0, err
	}
	return f, st.Size(), nil
}
