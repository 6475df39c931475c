package portal

import (
	"bytes"
	"html/template"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/renderer/html"
	"github.com/yuin/goldmark/util"
)

// md renders articles: CommonMark plus tables, safe by construction:
// raw HTML in an article is dropped (goldmark without WithUnsafe), links
// with a dangerous scheme (javascript:, data:…) are emptied, and images
// become links, since the portal loads nothing from elsewhere.
var md = goldmark.New(
	goldmark.WithExtensions(extension.Table, extension.Strikethrough),
	goldmark.WithRendererOptions(
		html.WithHardWraps(),
		renderer.WithNodeRenderers(util.Prioritized(imageAsLink{}, 100)),
	),
)

func renderMarkdown(src string) (template.HTML, error) {
	var buf bytes.Buffer
	if err := md.Convert([]byte(src), &buf); err != nil {
		return "", err
	}
	// goldmark escaped every text and attribute; raw HTML was omitted.
	return template.HTML(buf.String()), nil
}

type imageAsLink struct{}

func (imageAsLink) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	reg.Register(ast.KindImage, renderImage)
}

func renderImage(w util.BufWriter, source []byte, n ast.Node, entering bool) (ast.WalkStatus, error) {
	if !entering {
		return ast.WalkContinue, nil
	}
	img := n.(*ast.Image)
	alt := nodeText(img, source)
	if len(alt) == 0 {
		alt = []byte("image")
	}
	if html.IsDangerousURL(img.Destination) {
		_, _ = w.WriteString("[")
		_, _ = w.Write(util.EscapeHTML(alt))
		_, _ = w.WriteString("]")
		return ast.WalkSkipChildren, nil
	}
	_, _ = w.WriteString(`<a class="img" href="`)
	_, _ = w.Write(util.EscapeHTML(util.URLEscape(img.Destination, true)))
	_, _ = w.WriteString(`">[`)
	_, _ = w.Write(util.EscapeHTML(alt))
	_, _ = w.WriteString(`]</a>`)
	return ast.WalkSkipChildren, nil
}

func nodeText(n ast.Node, source []byte) []byte {
	var b bytes.Buffer
	_ = ast.Walk(n, func(c ast.Node, entering bool) (ast.WalkStatus, error) {
		if t, ok := c.(*ast.Text); ok && entering {
			b.Write(t.Segment.Value(source))
		}
		return ast.WalkContinue, nil
	})
	return b.Bytes()
}
