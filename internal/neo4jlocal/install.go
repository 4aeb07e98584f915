package neo4jlocal

import (
	"bytes"
	"context"
	"embed"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"text/template"
	"time"
)

//go:embed templates
var templates embed.FS

var tmpl = template.Must(template.New("").Option("missingkey=error").ParseFS(templates, "templates/*.tmpl"))

// completeMarker is written into Home once lib/ holds every jar, so later
// runs never call Maven again.
const completeMarker = ".dipgraph-complete"

// Installed reports whether this version's jars are in the cache.
func (s *Server) Installed() bool {
	_, err := os.Stat(filepath.Join(s.Home(), completeMarker))
	return err == nil
}

// Install fetches the server and Browser jars into CacheDir/neo4j-<version>/lib
// with Maven, offline first (from ~/.m2) and online when that fails. It is
// a no-op when they are there already, and safe to call from several
// processes at once (a file lock makes them take turns).
func (s *Server) Install(ctx context.Context) error {
	if s.Installed() {
		return nil
	}
	java, err := s.javaHome()
	if err != nil {
		return err
	}
	mvn, err := s.mvnPath()
	if err != nil {
		return err
	}
	home := s.Home()
	if err := os.MkdirAll(home, 0o755); err != nil {
		return fmt.Errorf("create %s: %w", home, err)
	}
	unlock, err := lockFile(filepath.Join(s.o.CacheDir, "neo4j-"+s.o.Version+".lock"))
	if err != nil {
		return err
	}
	defer unlock()
	if s.Installed() { // another process finished while we waited
		return nil
	}

	var pom bytes.Buffer
	if err := tmpl.ExecuteTemplate(&pom, "pom.xml.tmpl", map[string]string{
		"Version": s.o.Version, "BrowserVersion": s.o.BrowserVersion,
	}); err != nil {
		return fmt.Errorf("pom template: %w", err)
	}
	pomPath := filepath.Join(home, "pom.xml")
	if err := os.WriteFile(pomPath, pom.Bytes(), 0o644); err != nil {
		return fmt.Errorf("write %s: %w", pomPath, err)
	}
	tmpLib := filepath.Join(home, "lib.partial")
	if err := os.RemoveAll(tmpLib); err != nil {
		return fmt.Errorf("clean %s: %w", tmpLib, err)
	}
	fmt.Fprintf(s.o.Log, "Fetching Neo4j %s Community and Neo4j Browser %s with Maven into %s ...\n", s.o.Version, s.o.BrowserVersion, home)
	start := time.Now()
	args := []string{"-B", "-q", "-f", pomPath, "dependency:copy-dependencies",
		"-DincludeScope=runtime", "-DoutputDirectory=" + tmpLib}
	if _, err := s.runMaven(ctx, mvn, java, append([]string{"-o"}, args...)); err != nil {
		// Not everything is in ~/.m2 yet: go online.
		if err := os.RemoveAll(tmpLib); err != nil {
			return fmt.Errorf("clean %s: %w", tmpLib, err)
		}
		if out, err := s.runMaven(ctx, mvn, java, args); err != nil {
			return fmt.Errorf("fetch Neo4j %s with Maven (%s %s) failed: %w\n%s", s.o.Version, mvn, strings.Join(args, " "), err, tail(string(out), 30))
		}
	}
	for _, jar := range []string{"neo4j-" + s.o.Version + ".jar", "neo4j-browser-" + s.o.BrowserVersion + ".jar"} {
		if _, err := os.Stat(filepath.Join(tmpLib, jar)); err != nil {
			return fmt.Errorf("maven finished but %s is missing from %s", jar, tmpLib)
		}
	}
	lib := s.libDir()
	if err := os.RemoveAll(lib); err != nil {
		return fmt.Errorf("clean %s: %w", lib, err)
	}
	if err := os.Rename(tmpLib, lib); err != nil {
		return fmt.Errorf("install %s: %w", lib, err)
	}
	marker := fmt.Sprintf("neo4j %s\nneo4j-browser %s\ninstalled %s\n", s.o.Version, s.o.BrowserVersion, time.Now().UTC().Format(time.RFC3339))
	if err := os.WriteFile(filepath.Join(home, completeMarker), []byte(marker), 0o644); err != nil {
		return fmt.Errorf("write marker: %w", err)
	}
	fmt.Fprintf(s.o.Log, "Fetched Neo4j %s in %s.\n", s.o.Version, time.Since(start).Round(100*time.Millisecond))
	return nil
}

func (s *Server) runMaven(ctx context.Context, mvn, javaHome string, args []string) ([]byte, error) {
	cmd := exec.CommandContext(ctx, mvn, args...)
	cmd.Env = append(os.Environ(), "JAVA_HOME="+javaHome)
	return cmd.CombinedOutput()
}

// lockFile takes an exclusive flock on path; the returned func releases it.
func lockFile(path string) (func(), error) {
	f, err := os.OpenFile(path, os.O_CREATE|os.O_RDWR, 0o644)
	if err != nil {
		return nil, fmt.Errorf("lock %s: %w", path, err)
	}
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX); err != nil {
		_ = f.Close()
		return nil, fmt.Errorf("lock %s: %w", path, err)
	}
	return func() {
		_ = syscall.Flock(int(f.Fd()), syscall.LOCK_UN)
		_ = f.Close()
	}, nil
}

// tail returns the last n lines of s.
func tail(s string, n int) string {
	lines := strings.Split(strings.TrimRight(s, "\n"), "\n")
	if len(lines) > n {
		lines = lines[len(lines)-n:]
	}
	return strings.Join(lines, "\n")
}

// tailFile returns the last n lines of a file, or "" when it is unreadable.
func tailFile(path string, n int) string {
	f, err := os.Open(path)
	if err != nil {
		return ""
	}
	defer f.Close()
	const max = 64 << 10
	st, err := f.Stat()
	if err != nil {
		return ""
	}
	off := st.Size() - max
	if off < 0 {
		off = 0
	}
	buf := make([]byte, st.Size()-off)
	k, _ := f.ReadAt(buf, off) // a short read still has the last lines
	return tail(string(buf[:k]), n)
}
