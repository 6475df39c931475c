// Package codecheck holds tests that read the whole tree's source for
// rules of the house a compiler cannot check: domain error texts name no
// flag or command, and no code decides on an error by its text.
package codecheck
