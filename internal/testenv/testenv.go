// Package testenv locates inputs that live outside the repository for tests:
// ../shared (the dev corpus, the reference scorer), and sizes benchmarks. Tests that need them
// skip with a message when they are absent outside CI and fail in CI.
package testenv

import (
	"flag"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"testing"
)

// RepoRoot returns the repository root (the directory holding go.mod).
func RepoRoot(t testing.TB) string {
	t.Helper()
	_, file, _, ok := runtime.Caller(0)
	if !ok {
		t.Fatal("testenv: cannot locate source")
	}
	return filepath.Clean(filepath.Join(filepath.Dir(file), "..", ".."))
}

// Shared returns the path of ../shared beside the repository, or
// DIPGRAPH_TEST_SHARED when set.
func Shared(t testing.TB) string {
	t.Helper()
	dir := os.Getenv("DIPGRAPH_TEST_SHARED")
	if dir == "" {
		dir = filepath.Join(RepoRoot(t), "..", "shared")
	}
	if _, err := os.Stat(filepath.Join(dir, "annotation", "SPEC.md")); err != nil {
		if os.Getenv("CI") != "" {
			t.Fatalf("testenv: %s is missing; CI must have ../shared beside the clone", dir)
		}
		t.Skipf("testenv: %s not found; these tests need ../shared (the dev corpus and scorer)", dir)
	}
	return dir
}

// BenchSize is a benchmark's corpus size: the environment variable env
// when it holds a positive integer, else tiny under -benchtime 1x (the
// smoke run of `make test`) and full otherwise (`make bench`).
func BenchSize(env string, full, tiny int) int {
	n := full
	if f := flag.Lookup("test.benchtime"); f != nil && f.Value.String() == "1x" {
		n = tiny
	}
	if v, err := strconv.Atoi(os.Getenv(env)); err == nil && v > 0 {
		n = v
	}
	return n
}
