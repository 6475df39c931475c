package app

import (
	"path/filepath"

	"hotline/replies"
)

// Replies is the team's canned replies: the replies/ folder beside the
// config file (~/.config/hotline/replies/*.md by default), one Markdown
// file per reply with its title and language in a front matter.
func (a *App) Replies() replies.Book {
	path := a.Config.Path
	if path == "" {
		path = DefaultConfigPath(func(string) string { return "" })
	}
	return replies.Book{Dir: filepath.Join(filepath.Dir(path), "replies")}
}
