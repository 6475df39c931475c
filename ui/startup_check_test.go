package ui

import (
	"context"
	"testing"
)

// The start-up check runs as a command once the queue is on screen; damage
// it finds stays in the status bar, a sound file changes nothing.
func TestStartupCheckShowsDamageInTheStatusBar(t *testing.T) {
	damaged := func(context.Context) (StartupReport, error) {
		return StartupReport{Findings: []string{"integrity: row 12 missing from index followups_ticket"}}, nil
	}
	h := newHarness(t, 120, 40, func(o *Options) { o.StartupCheck = damaged })
	h.mustSee("VPN coupe en 4G", "base endommagée (trouvé : integrity: row 12 missing")
	// It stays after other messages and keys.
	h.press("j", "j")
	h.mustSee("base endommagée")

	sound := func(context.Context) (StartupReport, error) { return StartupReport{Anonymised: 2}, nil }
	h = newHarness(t, 120, 40, func(o *Options) { o.StartupCheck = sound })
	h.mustNotSee("base endommagée")
	h.mustSee("rétention : 2 demandeurs d'anciens tickets clos anonymisés")
}
