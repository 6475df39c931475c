package portal

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"

	"hotline/tickets"
)

// The portal in a real browser (Debian's chromium, driven with chromedp)
// at a phone's 360×740: an agent files a request while the tutorials show
// as they type, follows the status link, reads the technician's answer and
// replies; the store (the technicians' side) sees each step. The same path
// runs with JavaScript disabled, through the "voir les tutoriels" step.
// Skipped only when chromium is absent outside CI; in CI (CI=true) it must
// run. HOTLINE_SCREENSHOTS=DIR writes one screenshot of each page there
// (docs/ keeps them).

func chromiumPath(t *testing.T) string {
	for _, p := range []string{os.Getenv("HOTLINE_CHROMIUM"), "/usr/bin/chromium", "chromium", "chromium-browser"} {
		if p == "" {
			continue
		}
		if path, err := exec.LookPath(p); err == nil {
			return path
		}
	}
	if os.Getenv("CI") == "true" {
		t.Fatal("chromium is not installed: .ci/run installs it (apt-get install chromium)")
	}
	t.Skip("chromium is not installed (the browser test runs in CI)")
	return ""
}

func newBrowser(t *testing.T, js bool) context.Context {
	t.Helper()
	path := chromiumPath(t)
	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(path), chromedp.Headless, chromedp.NoSandbox, chromedp.DisableGPU, chromedp.NoFirstRun,
		chromedp.Flag("disable-quic", true), chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true), chromedp.Flag("disable-sync", true),
		chromedp.UserDataDir(t.TempDir()), chromedp.WindowSize(360, 740),
		chromedp.Flag("lang", "fr-FR"), chromedp.Flag("accept-lang", "fr-FR,fr"),
	}
	ctx, cancel := context.WithTimeout(context.Background(), 90*time.Second)
	t.Cleanup(cancel)
	actx, acancel := chromedp.NewExecAllocator(ctx, opts...)
	t.Cleanup(acancel)
	bctx, bcancel := chromedp.NewContext(actx)
	t.Cleanup(bcancel)
	if err := chromedp.Do(bctx, chromedp.EmulateViewport(360, 740, chromedp.EmulateMobile, chromedp.EmulateTouch)); err != nil {
		t.Fatalf("start chromium: %v", err)
	}
	if !js {
		if _, err := chromedp.Call(bctx, emulation.SetScriptExecutionDisabled, emulation.SetScriptExecutionDisabledParams{Value: true}); err != nil {
			t.Fatal(err)
		}
	}
	return bctx
}

func do(t *testing.T, ctx context.Context, step string, actions ...chromedp.Action[chromedp.Void]) {
	t.Helper()
	if err := chromedp.Do(ctx, actions...); err != nil {
		t.Fatalf("%s: %v", step, err)
	}
}

func text(t *testing.T, ctx context.Context, sel string) string {
	t.Helper()
	s, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(sel)))
	if err != nil {
		t.Fatalf("read %s: %v", sel, err)
	}
	return s
}

func screenshot(t *testing.T, ctx context.Context, name string) {
	dir := os.Getenv("HOTLINE_SCREENSHOTS")
	if dir == "" {
		return
	}
	buf, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
	if err != nil {
		t.Fatalf("screenshot %s: %v", name, err)
	}
	if err := os.WriteFile(filepath.Join(dir, "portal-"+name+".png"), buf, 0o644); err != nil {
		t.Fatal(err)
	}
}

func TestBrowserFileFollowReply(t *testing.T) {
	for _, js := range []bool{true, false} {
		name := "javascript"
		if !js {
			name = "no-javascript"
		}
		t.Run(name, func(t *testing.T) {
			e := newEnv(t)
			ctx := newBrowser(t, js)
			bg := context.Background()
			shot := func(n string) {
				if js {
					screenshot(t, ctx, n)
				}
			}
			shotNoJS := func(n string) {
				if !js {
					screenshot(t, ctx, n)
				}
			}
			capture := filepath.Join(t.TempDir(), "capture.png")
			os.WriteFile(capture, pngData, 0o644)

			// 1. Describe the problem: the tutorials show.
			do(t, ctx, "open the form", chromedp.Navigate(e.ts.URL+"/"), chromedp.WaitVisible(chromedp.ID("description")))
			do(t, ctx, "type the problem", chromedp.SendKeys(chromedp.ID("description"), "Teams coupe en partage 4G pendant les réunions"))
			if !js {
				do(t, ctx, "ask for the tutorials", chromedp.Click(chromedp.CSS(`button[value="tutoriels"]`)))
			}
			do(t, ctx, "see the suggestions", chromedp.WaitVisible(chromedp.CSS("#suggestions li a")))
			if got := text(t, ctx, "#suggestions li a"); got != "Teams coupe en partage 4G" {
				t.Errorf("suggested %q", got)
			}
			if e.count("tickets") != 0 {
				t.Fatal("a ticket exists before sending")
			}

			// 2. Fill the rest and send.
			do(t, ctx, "fill the form",
				chromedp.SendKeys(chromedp.ID("nom"), "Marie Curie"),
				chromedp.SendKeys(chromedp.ID("email"), "marie@ville.fr"),
				chromedp.Click(chromedp.CSS(`input[name="connexion"][value="4g"]`)),
				chromedp.Click(chromedp.CSS(`input[name="bloquant"][value="5"]`)),
				chromedp.SetUploadFiles(chromedp.ID("fichiers"), []string{capture}),
			)
			shot("new")
			shotNoJS("tutorials-step")
			do(t, ctx, "send", chromedp.Click(chromedp.CSS(`button[value="envoyer"]`)), chromedp.WaitVisible(chromedp.CSS(".link a")))
			link := text(t, ctx, ".link a")
			tk, err := e.desk.Tickets.Get(bg, 1)
			if err != nil {
				t.Fatalf("the store has no ticket after sending: %v", err)
			}
			if tk.Requester.Name != "Marie Curie" || tk.Connection != tickets.Conn4G || tk.Urgency != 5 || !strings.Contains(tk.Description, "Teams coupe") {
				t.Errorf("ticket in the store: %+v", tk)
			}
			if atts, _ := e.desk.Attachments.List(bg, 1); len(atts) != 1 || atts[0].Name != "capture.png" {
				t.Errorf("attachments in the store: %+v", atts)
			}
			shot("sent")

			// 3. The technician answers and waits for the agent.
			paul, pending := "paul", tickets.StatusPending
			e.desk.Tickets.Update(bg, 1, 0, tickets.Patch{Assignee: &paul}, paul)
			e.desk.Tickets.Comment(bg, 1, paul, "Désactivez la caméra en 4G : le tutoriel ci-dessous explique comment.", false)
			e.desk.Tickets.Link(bg, 1, e.video, paul)
			e.desk.Tickets.Update(bg, 1, 0, tickets.Patch{Status: &pending}, paul)

			// 4. Follow the status link: the answer shows.
			do(t, ctx, "follow the status link", chromedp.Navigate(link), chromedp.WaitVisible(chromedp.ID("texte")))
			if st := text(t, ctx, ".state strong"); st != "En attente de votre réponse" {
				t.Errorf("status shown %q", st)
			}
			if fu := text(t, ctx, ".fu .body"); !strings.Contains(fu, "Désactivez la caméra") {
				t.Errorf("answer shown %q", fu)
			}

			// 5. Reply: the ticket goes back to the technician.
			do(t, ctx, "reply", chromedp.SendKeys(chromedp.ID("texte"), "Merci, ça marche sans la caméra."),
				chromedp.Click(chromedp.CSS("#reponse button")), chromedp.WaitVisible(chromedp.CSS("p.ok")))
			fus, _ := e.desk.Tickets.Followups(bg, 1)
			if tk, _ = e.desk.Tickets.Get(bg, 1); tk.Status != tickets.StatusAssigned || len(fus) != 2 || !fus[1].FromRequester {
				t.Errorf("after the reply: status %s, follow-ups %+v", tk.Status, fus)
			}
			shot("status")

			// 6. The tutorials: search, then an article with its transcript.
			if js {
				do(t, ctx, "search the tutorials", chromedp.Navigate(e.ts.URL+"/tutoriels?q=teams+4g"), chromedp.WaitVisible(chromedp.CSS(".results a")))
				shot("tutorials")
				do(t, ctx, "read the video", chromedp.Click(chromedp.CSS(".results a")), chromedp.WaitVisible(chromedp.CSS(".transcript")))
				shot("article")
			}
		})
	}
}
