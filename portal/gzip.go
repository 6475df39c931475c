package portal

import (
	"compress/gzip"
	"net/http"
	"strings"
	"sync"
)

// Pages, styles, the script and JSON are sent gzipped to browsers that
// accept it: an agent on weak 4G tethering gets a page in a few KB.
// Attachments (already compressed images, PDFs) are sent as they are.

var gzipPool = sync.Pool{New: func() any { w, _ := gzip.NewWriterLevel(nil, gzip.DefaultCompression); return w }}

func compressible(ct string) bool {
	for _, p := range []string{"text/html", "text/css", "text/javascript", "application/json"} {
		if strings.HasPrefix(ct, p) {
			return true
		}
	}
	return false
}

// gzipMin is the smallest body sent gzipped: below about one packet,
// compressing saves nothing on the wire and costs the most per byte (a
// ticket filed through the API is answered in ~150 bytes).
const gzipMin = 1400

// gzipWriter holds the status and the first gzipMin bytes of a
// compressible response, then sends it gzipped if it grows past them, or
// as it is when it ends smaller.
type gzipWriter struct {
	http.ResponseWriter
	gz      *gzip.Writer
	decided bool // the headers are sent
	holding bool // a compressible response is being held back in buf
	code    int
	buf     []byte
}

func (g *gzipWriter) WriteHeader(code int) {
	if g.decided || g.holding {
		return
	}
	h := g.Header()
	h.Add("Vary", "Accept-Encoding")
	if code != http.StatusNoContent && code != http.StatusNotModified && h.Get("Content-Encoding") == "" && compressible(h.Get("Content-Type")) {
		g.holding, g.code = true, code
		return
	}
	g.decided = true
	g.ResponseWriter.WriteHeader(code)
}

func (g *gzipWriter) Write(b []byte) (int, error) {
	if !g.decided && !g.holding {
		if g.Header().Get("Content-Type") == "" {
			g.Header().Set("Content-Type", http.DetectContentType(b))
		}
		g.WriteHeader(http.StatusOK)
	}
	if g.holding {
		g.buf = append(g.buf, b...)
		if len(g.buf) < gzipMin {
			return len(b), nil
		}
		g.holding, g.decided = false, true
		h := g.Header()
		h.Del("Content-Length")
		h.Set("Content-Encoding", "gzip")
		g.gz = gzipPool.Get().(*gzip.Writer)
		g.gz.Reset(g.ResponseWriter)
		g.ResponseWriter.WriteHeader(g.code)
		buf := g.buf
		g.buf = nil
		if _, err := g.gz.Write(buf); err != nil {
			return 0, err
		}
		return len(b), nil
	}
	if g.gz != nil {
		return g.gz.Write(b)
	}
	return g.ResponseWriter.Write(b)
}

func (g *gzipWriter) Unwrap() http.ResponseWriter { return g.ResponseWriter }

// close sends what is held back, or ends the gzip stream.
func (g *gzipWriter) close() {
	if g.holding {
		g.holding, g.decided = false, true
		g.ResponseWriter.WriteHeader(g.code)
		_, _ = g.ResponseWriter.Write(g.buf)
		g.buf = nil
	}
	if g.gz != nil {
		_ = g.gz.Close()
		gzipPool.Put(g.gz)
		g.gz = nil
	}
}

func gzipResponses(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !strings.Contains(r.Header.Get("Accept-Encoding"), "gzip") {
			next.ServeHTTP(w, r)
			return
		}
		g := &gzipWriter{ResponseWriter: w}
		defer g.close()
		next.ServeHTTP(g, r)
	})
}
