package ui

import (
	"errors"

	"hotline/tickets"
)

// wordError words the domain's typed errors for the technician, in the
// interface's language; other errors pass as they are.
func wordError(t Catalogue, err error) error {
	switch {
	case errors.Is(err, tickets.ErrNoAssignee):
		return errors.New(t.T("err.noassignee"))
	}
	return err
}
