package sshd

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"hotline/kb"
	"hotline/tickets"
)

// Over SSH, what would happen on the server happens on the technician's
// side: "open" shows the link and copies it through OSC 52 (into tmux's
// clipboard here) instead of starting a browser on the server; drafting a
// tutorial (w) opens the editor inside the interface, not $EDITOR on the
// server, and the draft is kept in the technician's folder on the server,
// never where the client's environment says.
func TestOpenSSHOpenAndDraftStayOnTheTechniciansSide(t *testing.T) {
	r := newRig(t)
	ctx := context.Background()
	link := "https://intra.exemple.fr/tutos/vpn-4g"
	a, err := r.core.KB().Add(ctx, kb.Article{Kind: kb.KindVideo, Title: "Vidéo : le VPN en 4G", Body: "Ouvrir le VPN en partage de connexion.", URL: link})
	if err != nil {
		t.Fatal(err)
	}
	tk, err := r.core.Tickets().Create(ctx, tickets.NewTicket{Title: "Le VPN ne tient pas en 4G", Description: "Le VPN se coupe en partage de connexion.", Status: "solved"}, "marie")
	if err != nil {
		t.Fatal(err)
	}
	if err := r.core.Tickets().Link(ctx, tk.ID, a.ID, "marie"); err != nil {
		t.Fatal(err)
	}
	articles := func() int {
		list, err := r.core.KB().List(ctx, kb.ListOptions{})
		if err != nil {
			t.Fatal(err)
		}
		return len(list)
	}
	before := articles()

	// The client asks for its own data folder: the server ignores it.
	clientDir := filepath.Join(r.dir, "client-data")
	r.openEnv("marie", 120, 35, "XDG_DATA_HOME="+clientDir)
	if out, err := exec.Command("tmux", "-S", r.tmux, "set-option", "-s", "set-clipboard", "on").CombinedOutput(); err != nil {
		t.Fatalf("tmux: %v %s", err, out)
	}
	r.waitFor("marie", "À trier")
	r.send("marie", "/")
	r.send("marie", "-l", "#4")
	r.send("marie", "Enter")
	r.waitFor("marie", "Le VPN ne tient pas en 4G", "Vidéo : le VPN en 4G")

	// o: the link is shown and copied, no browser on the server.
	r.send("marie", "o")
	r.waitFor("marie", "Lien copié (ouvrez-le sur votre poste)", "intra.exemple.fr")
	deadline := time.Now().Add(30 * time.Second)
	for {
		out, _ := exec.Command("tmux", "-S", r.tmux, "show-buffer").CombinedOutput()
		if strings.TrimSpace(string(out)) == link {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("the link never reached the client's clipboard (OSC 52): tmux buffer %q", out)
		}
		time.Sleep(20 * time.Millisecond) // polling tmux, not timing
	}

	// w: the draft opens in the interface's own editor; ctrl+s stores it.
	r.send("marie", "w")
	r.waitFor("marie", "ctrl+s enregistre et range le tutoriel", "Le VPN ne tient pas en 4G")
	r.send("marie", "-l", "Relancer le VPN apres le passage en 4G.")
	r.send("marie", "C-s")
	r.waitFor("marie", "Tutoriel n°")
	if n := articles(); n != before+1 {
		t.Fatalf("%d articles after saving the draft, want %d", n, before+1)
	}
	list, err := r.core.KB().List(ctx, kb.ListOptions{})
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, art := range list {
		if full, err := r.core.KB().Get(ctx, art.ID); err == nil && strings.Contains(full.Body, "Relancer le VPN apres le passage en 4G.") {
			found = true
		}
	}
	if !found {
		t.Error("the text typed in the editor is in no stored article")
	}
	drafts := filepath.Join(SessionDataDir(r.core.DBPath(), "marie"), "hotline", "drafts")
	if _, err := os.Stat(drafts); err != nil {
		t.Errorf("the draft was not written in the technician's folder on the server: %v", err)
	}
	if _, err := os.Stat(clientDir); err == nil {
		t.Errorf("the server wrote to the folder the client named (%s)", clientDir)
	}

	// w again, "draft another one", then esc: nothing stored.
	r.send("marie", "w")
	r.waitFor("marie", "rédiger un autre")
	r.send("marie", "n")
	r.waitFor("marie", "ctrl+s enregistre et range le tutoriel")
	r.send("marie", "-l", "Texte abandonne")
	r.send("marie", "Escape")
	r.waitFor("marie", "Brouillon laissé tel quel : rien n'est enregistré.")
	if n := articles(); n != before+1 {
		t.Fatalf("%d articles after leaving the editor with esc, want %d", n, before+1)
	}
}
