package kb

// ParseArticle reads one Markdown article (optional YAML front matter, title
// from it, else the first heading, else name) the way the importer does,
// without storing it: for drafts written in the interface, which are then
// stored with Add. name is the file name, used in errors and as the last
// resort title.
func ParseArticle(name string, data []byte) (*Article, error) {
	return parseMarkdown(name, data)
}
