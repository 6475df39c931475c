package portal

import (
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"math"
	"net"
	"net/http"
	"net/netip"
	"strconv"
	"strings"
	"sync"
	"time"
)

// contentSecurityPolicy allows nothing from elsewhere and no inline script
// or style: the page's one script and one stylesheet come from /static.
const contentSecurityPolicy = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; " +
	"form-action 'self'; base-uri 'none'; frame-ancestors 'none'"

// securityHeaders sets the headers every response carries.
func (s *Server) securityHeaders(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("Content-Security-Policy", contentSecurityPolicy)
		h.Set("X-Content-Type-Options", "nosniff")
		// Status links carry a secret: never send them to another site.
		h.Set("Referrer-Policy", "no-referrer")
		h.Set("X-Frame-Options", "DENY")
		if s.secure(r) {
			h.Set("Strict-Transport-Security", "max-age=31536000")
		}
		next.ServeHTTP(w, r)
	})
}

// secure reports whether the client reached us over TLS: directly, or
// through a trusted proxy that says so.
func (s *Server) secure(r *http.Request) bool {
	if r.TLS != nil {
		return true
	}
	if s.trustedPeer(r) {
		return strings.EqualFold(strings.TrimSpace(r.Header.Get("X-Forwarded-Proto")), "https")
	}
	return false
}

func peerAddr(r *http.Request) netip.Addr {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		host = r.RemoteAddr
	}
	a, _ := netip.ParseAddr(host)
	return a.Unmap()
}

func (s *Server) trusted(a netip.Addr) bool {
	for _, p := range s.opts.TrustedProxies {
		if p.Contains(a) {
			return true
		}
	}
	return false
}

func (s *Server) trustedPeer(r *http.Request) bool { return s.trusted(peerAddr(r)) }

// clientAddr is the address rate limits count by: the peer, or, when the
// peer is a trusted proxy, the last address in X-Forwarded-For that is not
// itself a trusted proxy (earlier entries can be forged by the client).
func (s *Server) clientAddr(r *http.Request) string {
	a := peerAddr(r)
	if !s.trusted(a) {
		return a.String()
	}
	hops := strings.Split(strings.Join(r.Header.Values("X-Forwarded-For"), ","), ",")
	for i := len(hops) - 1; i >= 0; i-- {
		h, err := netip.ParseAddr(strings.TrimSpace(hops[i]))
		if err != nil {
			break
		}
		h = h.Unmap()
		if !s.trusted(h) {
			return h.String()
		}
	}
	return a.String()
}

// limiter is a token bucket per client address: perMinute requests a
// minute, in bursts of up to perMinute.
type limiter struct {
	mu        sync.Mutex
	perMinute float64
	now       func() time.Time
	buckets   map[string]*bucket
	lastSweep time.Time
}

type bucket struct {
	tokens float64
	at     time.Time
}

func newLimiter(perMinute int, now func() time.Time) *limiter {
	return &limiter{perMinute: float64(perMinute), now: now, buckets: map[string]*bucket{}}
}

// allow takes one token for key; when none is left it returns the wait
// until the next one.
func (l *limiter) allow(key string) (bool, time.Duration) {
	l.mu.Lock()
	defer l.mu.Unlock()
	now := l.now()
	rate := l.perMinute / 60 // tokens per second
	if now.Sub(l.lastSweep) > time.Minute {
		// Forget full buckets so the map stays as small as the clients of
		// the last minute.
		for k, b := range l.buckets {
			if b.tokens+now.Sub(b.at).Seconds()*rate >= l.perMinute {
				delete(l.buckets, k)
			}
		}
		l.lastSweep = now
	}
	b := l.buckets[key]
	if b == nil {
		b = &bucket{tokens: l.perMinute, at: now}
		l.buckets[key] = b
	}
	b.tokens = math.Min(l.perMinute, b.tokens+now.Sub(b.at).Seconds()*rate)
	b.at = now
	if b.tokens >= 1 {
		b.tokens--
		return true, 0
	}
	return false, time.Duration((1 - b.tokens) / rate * float64(time.Second))
}

// limit answers 429 with a French message and Retry-After when the client
// is over its allowance; json words it for the API.
func (s *Server) limit(l *limiter, w http.ResponseWriter, r *http.Request, json bool) bool {
	ok, wait := l.allow(s.clientAddr(r))
	if ok {
		return true
	}
	secs := int(math.Ceil(wait.Seconds()))
	w.Header().Set("Retry-After", strconv.Itoa(secs))
	msg := "Trop de demandes depuis votre adresse : réessayez dans " + strconv.Itoa(secs) + " s."
	if json {
		writeJSON(w, http.StatusTooManyRequests, apiError{Error: msg, Code: "rate_limited"})
	} else {
		s.renderError(w, r, http.StatusTooManyRequests, msg)
	}
	return false
}

// CSRF: a random value in an HttpOnly cookie, repeated in a hidden field
// of every form; a POST whose field does not match the cookie is refused.
// A third-party site can make the browser send the cookie but cannot read
// it to write the field.
const csrfCookie = "hotline_csrf"

func randomToken() string {
	var b [32]byte
	_, _ = rand.Read(b[:])
	return base64.RawURLEncoding.EncodeToString(b[:])
}

// csrfToken returns the browser's CSRF value, setting the cookie when the
// browser has none yet.
func (s *Server) csrfToken(w http.ResponseWriter, r *http.Request) string {
	if c, err := r.Cookie(csrfCookie); err == nil && len(c.Value) == 43 {
		return c.Value
	}
	v := randomToken()
	http.SetCookie(w, s.cookie(r, csrfCookie, v, 0))
	return v
}

func (s *Server) checkCSRF(r *http.Request) bool {
	c, err := r.Cookie(csrfCookie)
	if err != nil || len(c.Value) != 43 {
		return false
	}
	field := r.PostFormValue("csrf")
	return subtle.ConstantTimeCompare([]byte(c.Value), []byte(field)) == 1
}

// cookie builds a cookie: HttpOnly, SameSite=Lax, Secure under TLS;
// maxAge 0 keeps it for the browser session.
func (s *Server) cookie(r *http.Request, name, value string, maxAge int) *http.Cookie {
	return &http.Cookie{Name: name, Value: value, Path: "/", MaxAge: maxAge,
		HttpOnly: true, SameSite: http.SameSiteLaxMode, Secure: s.secure(r)}
}

// equalSecret compares two secrets in constant time.
func equalSecret(a, b string) bool {
	return subtle.ConstantTimeCompare([]byte(a), []byte(b)) == 1
}
