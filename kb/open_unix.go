//go:build unix

package kb

import (
	"io"
	"os"
	"syscall"
)

// openRegular opens a file without blocking on a named pipe (O_NONBLOCK)
// and without following a symbolic link (O_NOFOLLOW), then checks that it
// is a regular file. Reads of a regular file ignore O_NONBLOCK.
func openRegular(name string) (io.ReadCloser, int64, error) {
	f, err := os.OpenFile(name, os.O_RDONLY|syscall.O_NONBLOCK|syscall.O_NOFOLLOW, 0)
	if err != nil {
		if pe, ok := err.(*os.PathError); ok && pe.Err == syscall.ELOOP {
			return nil, 0, ErrLinkNotFollowed
		}
		return nil, 0, err
	}
	st, err := f.Stat()
	if err != nil {
		f.Close()
		return nil, 0, err
	}
	if !st.Mode().IsRegular() {
		f.Close()
		return nil, 0, errNotRegular(st.Mode().Type())
	}
	return f, st.Size(), nil
}
