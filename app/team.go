package app

import (
	"context"
	"fmt"

	"hotline/internal/live"
	"hotline/tickets"
)

// Require checks that the acting technician may do what needs perm: the
// same rule the stores apply to every technician's write (see
// tickets.Store.Authorize), for the actions outside the ticket store
// (managing technicians, API keys, importing articles).
func (a *App) Require(ctx context.Context, perm tickets.Permission) error {
	if err := a.Open(ctx); err != nil {
		return err
	}
	return a.tickets.Authorize(ctx, a.user, perm)
}

// Live is the change hub of this process: every interface it runs (the
// local one, each SSH session) subscribes to it, and writers of the process
// notify it. Start it once (Hub.Start) where interfaces run.
func (a *App) Live() *live.Hub {
	if a.live == nil && a.db != nil {
		// Only writes to what the interfaces show wake them (not a search
		// recorded for the reports).
		// Presence is shared with the other processes on the database
		// (a local interface beside `hotline serve`, a second server).
		a.live = live.New(a.db.DB, live.Options{Shared: true, Token: func(ctx context.Context, q live.Querier) (string, error) {
			return tickets.ChangeToken(ctx, q)
		}})
	}
	return a.live
}

// Actor is a technician as the interface needs them: login, the name that
// signs messages, the role and the language.
type Actor struct {
	Login    string
	Name     string
	Role     tickets.Role
	Language string
}

// ActorOf resolves a technician for an interface: from the directory when
// they are in it, else (locally, a directory not set up) the login alone,
// with the rights Authorize gives them.
func (a *App) ActorOf(ctx context.Context, login string) (Actor, error) {
	if err := a.Open(ctx); err != nil {
		return Actor{}, err
	}
	act := Actor{Login: login, Name: login, Role: tickets.RoleTechnician}
	t, err := a.tickets.Technician(ctx, login)
	if err == nil {
		act.Name, act.Role, act.Language = t.DisplayName(), t.Role, t.Language
		return act, nil
	}
	if has, herr := a.tickets.HasAdmin(ctx); herr != nil {
		return act, fmt.Errorf("resolve technician %s: %w", login, herr)
	} else if !has {
		act.Role = tickets.RoleAdmin
	} else {
		act.Role = tickets.RoleObserver
	}
	return act, nil
}
