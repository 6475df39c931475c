//go:build !linux

package kb

import "time"

func threadCPU() time.Duration { return 0 }
