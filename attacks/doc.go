// Package attacks holds tests that attack the built hotline binary as a
// hostile world would: SIGKILL at random moments during imports and bulk
// updates, many processes writing the same database at once, a full disk,
// read-only files and folders, another program holding the lock. They run
// at a small size in `go test ./...`; HOTLINE_ATTACK=full runs the sizes
// of issue 14 (scripts/attack.sh, figures in docs/robustness.md).
package attacks
