package replies

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestListParsesFilesAndSkipsBadOnes(t *testing.T) {
	dir := t.TempDir()
	write := func(name, s string) {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(s), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("vpn.md", "---\ntitle: VPN : relancer FortiClient\nlang: fr\n---\nBonjour {prenom},\nrelancez FortiClient.\n")
	write("teams-en.md", "---\ntitle: \"Restart Teams\"\nlang: en\n---\nHello {prenom},\r\nrestart Teams.\r\n")
	write("plain.md", "Merci pour votre retour.\n")
	write("open.md", "---\ntitle: jamais fermé\nBonjour\n")
	write("lang.md", "---\nlang: de\n---\nHallo\n")
	write("notes.txt", "pas une réponse")
	list, bad := Book{Dir: dir}.List()
	var titles []string
	for _, r := range list {
		titles = append(titles, r.Title+"/"+r.Lang)
	}
	if got := strings.Join(titles, ", "); got != "plain/, Restart Teams/en, VPN : relancer FortiClient/fr" {
		t.Errorf("titles = %s", got)
	}
	if len(bad) != 2 {
		t.Fatalf("bad = %v, want open.md and lang.md", bad)
	}
	for _, e := range bad {
		var fe *FileError
		if !errors.As(e, &fe) || (!strings.HasSuffix(fe.Path, "open.md") && !strings.HasSuffix(fe.Path, "lang.md")) {
			t.Errorf("bad: %v", e)
		}
	}
	if list[1].Body != "Hello {prenom},\nrestart Teams." {
		t.Errorf("body = %q", list[1].Body)
	}
	// A missing folder is no reply, not an error.
	if l, b := (Book{Dir: filepath.Join(dir, "none")}).List(); len(l)+len(b) != 0 {
		t.Errorf("missing folder: %v %v", l, b)
	}
}

func TestSaveDeleteRoundTrip(t *testing.T) {
	b := Book{Dir: filepath.Join(t.TempDir(), "replies")}
	name := b.NameFor("Écran noir : redémarrer")
	if name != "ecran-noir-redemarrer" {
		t.Errorf("name = %q", name)
	}
	r := Reply{Name: name, Title: "Écran noir : redémarrer", Lang: "fr", Body: "Bonjour {prenom},\nredémarrez."}
	if err := b.Save(r); err != nil {
		t.Fatal(err)
	}
	if b.NameFor("Écran noir : redémarrer") != "ecran-noir-redemarrer-2" {
		t.Error("NameFor reuses a taken name")
	}
	list, bad := b.List()
	if len(bad) != 0 || len(list) != 1 || list[0] != r {
		t.Fatalf("after save: %+v %v", list, bad)
	}
	if err := b.Save(Reply{Name: "../x", Title: "x", Body: "x"}); err == nil {
		t.Error("a name with a slash was saved")
	}
	if err := b.Delete(name); err != nil {
		t.Fatal(err)
	}
	if err := b.Delete(name); !errors.Is(err, ErrNotFound) {
		t.Errorf("second delete: %v", err)
	}
}

func TestExpand(t *testing.T) {
	vars := map[string]string{"prenom": "Karim", "numero": "370", "technicien": "Marie Dupont"}
	got, err := Expand("Bonjour {prenom},\nvotre ticket n°{numero} est résolu.\n{technicien}", vars)
	if err != nil || got != "Bonjour Karim,\nvotre ticket n°370 est résolu.\nMarie Dupont" {
		t.Errorf("got %q, %v", got, err)
	}
	vars["prenom"] = ""
	if got, _ := Expand("Bonjour {prenom},", vars); got != "Bonjour," {
		t.Errorf("no first name: %q", got)
	}
	_, err = Expand("Voir {tutoriel} et {foo}, {foo}", vars)
	var ve *VariableError
	if !errors.As(err, &ve) || strings.Join(ve.Unknown, ",") != "foo" || strings.Join(ve.Empty, ",") != "tutoriel" {
		t.Errorf("err = %v", err)
	}
}
