package cli

import (
	"errors"
	"fmt"

	"hotline/app"
)

// explain words an error for someone at a shell: the domain and the
// application layer say what went wrong; the command line adds how to fix
// it with its commands and flags.
func explain(err error) string {
	var mf *app.MissingFolderError
	switch {
	case errors.As(err, &mf):
		return fmt.Sprintf("%v: create it with `mkdir -p %s`, or check --db and HOTLINE_DB", err, mf.Dir)
	}
	return err.Error()
}
