package neo4jlocal

import (
	"context"
	"fmt"
	"os"
	"syscall"
	"time"
)

// StopResult says what Stop did.
type StopResult struct {
	PID        int
	WasRunning bool
	Killed     bool // SIGKILL was needed after StopTimeout
	Elapsed    time.Duration
}

// Stop shuts the server down: SIGTERM (Neo4j's shutdown hook checkpoints
// and closes the store), then SIGKILL if it is still alive after
// StopTimeout. It returns once no server process of this data directory
// remains; stopping a stopped server is not an error.
func (s *Server) Stop(ctx context.Context) (StopResult, error) {
	begin := time.Now()
	pids := s.processes()
	res := StopResult{WasRunning: len(pids) > 0}
	if len(pids) == 0 {
		_ = os.Remove(s.pidFile())
		return res, nil
	}
	res.PID = pids[0]
	for _, pid := range pids {
		_ = syscall.Kill(pid, syscall.SIGTERM)
	}
	termDeadline := time.Now().Add(s.o.StopTimeout)
	var killDeadline time.Time
	for {
		left := s.processes()
		if len(left) == 0 {
			break
		}
		now := time.Now()
		switch {
		case killDeadline.IsZero() && now.After(termDeadline):
			for _, pid := range left {
				_ = syscall.Kill(pid, syscall.SIGKILL)
			}
			res.Killed = true
			killDeadline = now.Add(10 * time.Second)
		case !killDeadline.IsZero() && now.After(killDeadline):
			return res, fmt.Errorf("neo4j (pid %d) is still running after SIGKILL", left[0])
		}
		select {
		case <-ctx.Done():
			return res, ctx.Err()
		case <-time.After(200 * time.Millisecond):
		}
	}
	_ = os.Remove(s.pidFile())
	res.Elapsed = time.Since(begin)
	return res, nil
}
