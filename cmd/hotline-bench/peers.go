package main

import (
	"bufio"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"hotline/tickets"
)

// taskwarrior writes the same tickets as taskwarrior 2.6 tasks (open
// tickets pending, the others completed) straight into its data files,
// then measures `task limit:50 list` against Hotline's list page.
func (b *bench) taskwarrior(n int, hotlinePage sample) {
	data := filepath.Join(b.dir, fmt.Sprintf("task-%d", n))
	rc := filepath.Join(b.dir, "taskrc")
	os.WriteFile(rc, []byte("confirmation=no\ngc=off\nhooks=off\nverbose=nothing\ndetection=off\n"), 0o644)
	if _, err := os.Stat(filepath.Join(data, "pending.data")); err != nil {
		if err := writeTasks(data, n); err != nil {
			fmt.Printf("| taskwarrior | %s | could not write its data: %v | | | | | |\n", count(n), err)
			return
		}
	}
	env := []string{"TASKRC=" + rc, "TASKDATA=" + data}
	t := median(proc{args: []string{"task", "limit:50", "list"}, env: env}, b.runs)
	b.row("list page vs taskwarrior `task limit:50 list`", n, hotlinePage, t, "task")
}

func writeTasks(dir string, n int) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	pending, err := os.Create(filepath.Join(dir, "pending.data"))
	if err != nil {
		return err
	}
	defer pending.Close()
	done, err := os.Create(filepath.Join(dir, "completed.data"))
	if err != nil {
		return err
	}
	defer done.Close()
	pw, dw := bufio.NewWriter(pending), bufio.NewWriter(done)
	i := 0
	err = tickets.GenerateRecords(n, 1, func(r tickets.Record) error {
		i++
		at, _ := time.Parse(time.RFC3339, r.CreatedAt)
		prio := map[int]string{1: "L", 2: "L", 3: "M", 4: "H", 5: "H"}[tickets.ComputePriority(*r.Urgency, *r.Impact)]
		uuid := fmt.Sprintf("%08x-0000-4000-8000-%012x", i, i)
		fields := fmt.Sprintf(`description:"%s" entry:"%d" modified:"%d" priority:"%s" project:"%s" tags:"%s" uuid:"%s"`,
			escapeTask(r.Title), at.Unix(), at.Unix(), prio, escapeTask(strings.ReplaceAll(r.Category, " ", "_")), strings.Join(r.Tags, ","), uuid)
		if st := tickets.Status(r.Status); st.IsOpen() {
			fmt.Fprintf(pw, "[%s status:\"pending\"]\n", fields)
		} else {
			fmt.Fprintf(dw, "[end:\"%d\" %s status:\"completed\"]\n", at.Unix()+3600, fields)
		}
		return nil
	})
	if err != nil {
		return err
	}
	if err := pw.Flush(); err != nil {
		return err
	}
	return dw.Flush()
}

func escapeTask(s string) string {
	return strings.NewReplacer(`"`, `&dquot;`, "[", "&open;", "]", "&close;").Replace(s)
}

// knowledgeBase measures kb import (first and unchanged) and kb search on
// a real folder, against grep -ril over the same folder.
func (b *bench) knowledgeBase(folder string) {
	abs, err := filepath.Abs(folder)
	if err != nil {
		return
	}
	files := 0
	filepath.WalkDir(abs, func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() && strings.HasSuffix(p, ".md") {
			files++
		}
		return nil
	})
	if files == 0 {
		fmt.Printf("\n(no knowledge-base folder at %s: skipped)\n", folder)
		return
	}
	header(fmt.Sprintf("Knowledge base: %s (%d Markdown files; peer: grep -ril over the folder)", filepath.Base(abs), files))
	db := filepath.Join(b.dir, "kb.db")
	// Five imports, each into a new database: the first one also reads
	// the folder into the page cache, which the median leaves out.
	imp := medianOf(5, func() sample {
		removeDB(db)
		return run(proc{args: []string{b.hotline, "--db", db, "kb", "import", abs}})
	})
	b.row("`kb import` (new database, median of 5)", 0, imp, sample{}, "")
	if imp.err == nil {
		fmt.Printf("| ↳ rate | | %.0f articles/s (%.0f per CPU-second) | | | | | |\n", float64(files)/imp.wall.Seconds(), float64(files)/imp.cpu.Seconds())
	}
	again := median(proc{args: []string{b.hotline, "--db", db, "kb", "import", abs}}, 3)
	b.row("`kb import` again, nothing changed", 0, again, sample{}, "")
	for _, q := range []string{"imprimante", "partage de connexion"} {
		s := median(proc{args: []string{b.hotline, "--db", db, "kb", "search", q}}, b.runs)
		g := median(proc{args: []string{"grep", "-ril", q, abs}}, b.runs)
		if g.err != nil && g.out == "" {
			g.err = nil // grep exits 1 when nothing matches
		}
		b.row(fmt.Sprintf("`kb search %s` vs `grep -ril`", q), 0, s, g, "grep")
	}
}
