// Package sshtest gives tests what they need of SSH keys (a technician's
// public key as they paste it), so that the domain's and the command
// line's tests share one fixture.
package sshtest

import (
	"crypto/ed25519"
	"crypto/rand"
	"strings"
	"testing"

	"golang.org/x/crypto/ssh"
)

// AuthorizedKey makes a fresh ed25519 public key in authorized_keys form,
// followed by comment ("ssh-ed25519 AAAA… marie@laptop").
func AuthorizedKey(t testing.TB, comment string) string {
	t.Helper()
	pub, _, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	pk, err := ssh.NewPublicKey(pub)
	if err != nil {
		t.Fatal(err)
	}
	return strings.TrimSpace(string(ssh.MarshalAuthorizedKey(pk))) + " " + comment
}
