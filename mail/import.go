package mail

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"
)

// PathError is a path given to Import that holds nothing to read: Code
// says why, for a front end to word (Error() is English).
type PathError struct {
	Path string
	Code ParseCode
}

// Why a path holds nothing to import.
const (
	CodePathMissing     ParseCode = "path-missing"
	CodeNotFileOrFolder ParseCode = "not-file-or-folder"
	CodeNoMail          ParseCode = "no-mail"
)

func (e *PathError) Error() string {
	switch e.Code {
	case CodePathMissing:
		return "import mail: " + e.Path + ": no such file or folder"
	case CodeNotFileOrFolder:
		return "import mail: " + e.Path + " is not a file or a folder"
	}
	return "import mail: " + e.Path + " holds no mail (a Maildir with cur/ and new/, or .eml files)"
}

// Import reads the mails of path, which is an mbox file, a Maildir folder
// (cur/ and new/), a folder of .eml files or one .eml file, and hands each
// to rcv as Fetch does. Nothing is changed on disk. A mail that cannot be
// read is reported with its file (and its position in an mbox) and
// skipped.
func Import(ctx context.Context, path string, rcv Receiver, limits Limits) (*Report, error) {
	st, err := os.Stat(path)
	if errors.Is(err, os.ErrNotExist) {
		return nil, &PathError{Path: path, Code: CodePathMissing}
	}
	if err != nil {
		return nil, fmt.Errorf("import mail: %w", err)
	}
	rep := &Report{}
	if st.IsDir() {
		files, err := mailFiles(path)
		if err != nil {
			return nil, err
		}
		for _, f := range files {
			if err := ctx.Err(); err != nil {
				return rep, err
			}
			importFile(ctx, f, rcv, limits, rep)
		}
		return rep, nil
	}
	if !st.Mode().IsRegular() {
		return nil, &PathError{Path: path, Code: CodeNotFileOrFolder}
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("import mail: %w", err)
	}
	defer f.Close()
	br := bufio.NewReaderSize(f, 64<<10)
	head, _ := br.Peek(5)
	if string(head) == "From " {
		return rep, importMbox(ctx, path, br, rcv, limits, rep)
	}
	m, err := Parse(br, limits)
	store(ctx, path, m, err, rcv, rep)
	return rep, ctx.Err()
}

// mailFiles lists the mails of a Maildir (cur/ and new/, never tmp/) or of
// a plain folder (its .eml files), in name order: Maildir names start with
// the delivery time.
func mailFiles(dir string) ([]string, error) {
	var dirs []string
	if isDir(filepath.Join(dir, "cur")) || isDir(filepath.Join(dir, "new")) {
		dirs = []string{filepath.Join(dir, "cur"), filepath.Join(dir, "new")}
	} else {
		dirs = []string{dir}
	}
	var out []string
	for _, d := range dirs {
		entries, err := os.ReadDir(d)
		if errors.Is(err, os.ErrNotExist) {
			continue
		}
		if err != nil {
			return nil, fmt.Errorf("import mail: %w", err)
		}
		var names []string
		for _, e := range entries {
			if !e.Type().IsRegular() || strings.HasPrefix(e.Name(), ".") {
				continue
			}
			if len(dirs) == 1 && !strings.EqualFold(filepath.Ext(e.Name()), ".eml") {
				continue
			}
			names = append(names, filepath.Join(d, e.Name()))
		}
		sort.Strings(names)
		out = append(out, names...)
	}
	if len(out) == 0 {
		return nil, &PathError{Path: dir, Code: CodeNoMail}
	}
	return out, nil
}

func isDir(p string) bool {
	st, err := os.Stat(p)
	return err == nil && st.IsDir()
}

func importFile(ctx context.Context, path string, rcv Receiver, limits Limits, rep *Report) {
	f, err := os.Open(path)
	if err != nil {
		rep.Failed = append(rep.Failed, Failure{Where: path, Reason: err.Error(), Err: err})
		return
	}
	defer f.Close()
	m, err := Parse(f, limits)
	store(ctx, path, m, err, rcv, rep)
}

func store(ctx context.Context, where string, m *Message, perr error, rcv Receiver, rep *Report) {
	if perr != nil {
		rep.Failed = append(rep.Failed, Failure{Where: where, Reason: perr.Error(), Err: perr})
		return
	}
	rep.Read++
	out, err := rcv.Receive(ctx, m)
	if err != nil {
		rep.Failed = append(rep.Failed, Failure{Where: where, Reason: err.Error(), Err: err})
		return
	}
	rep.add(out)
}

// importMbox splits an mbox at its "From " lines (mboxrd: ">From " lines
// lose one ">") and reads each mail.
func importMbox(ctx context.Context, path string, br *bufio.Reader, rcv Receiver, limits Limits, rep *Report) error {
	var cur bytes.Buffer
	n, line, start := 0, 0, 0
	flush := func() {
		if n == 0 {
			return
		}
		where := fmt.Sprintf("%s: mail %d (line %d)", path, n, start)
		m, err := Parse(bytes.NewReader(cur.Bytes()), limits)
		store(ctx, where, m, err, rcv, rep)
		cur.Reset()
	}
	prevBlank := true
	for {
		l, err := br.ReadSlice('\n')
		if errors.Is(err, bufio.ErrBufferFull) {
			// A very long line: keep reading it whole.
			long := append([]byte(nil), l...)
			for errors.Is(err, bufio.ErrBufferFull) {
				l, err = br.ReadSlice('\n')
				long = append(long, l...)
			}
			l = long
		}
		if len(l) > 0 {
			line++
			if prevBlank && bytes.HasPrefix(l, []byte("From ")) {
				flush()
				if ctx.Err() != nil {
					return ctx.Err()
				}
				n++
				start = line
			} else if n > 0 {
				if bytes.HasPrefix(bytes.TrimLeft(l, ">"), []byte("From ")) && l[0] == '>' {
					l = l[1:]
				}
				cur.Write(l)
			}
			prevBlank = len(bytes.TrimRight(l, "\r\n")) == 0
		}
		if err == io.EOF {
			break
		}
		if err != nil {
			return fmt.Errorf("import mail: read %s: %w", path, err)
		}
	}
	flush()
	return ctx.Err()
}
