package neo4jlocal

import (
	"bufio"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
)

// ErrMissingTool: java or mvn is not installed (or not a usable version).
var ErrMissingTool = errors.New("missing tool")

// javaMajors lists the Java feature versions a Neo4j version runs on.
// 5.26 supports 17 and 21; the calendar-versioned line (2025.10+) 21 and 25.
func javaMajors(version string) []int {
	if isCalendarVersion(version) {
		return []int{21, 25}
	}
	return []int{17, 21}
}

func isCalendarVersion(v string) bool { return strings.HasPrefix(v, "202") }

// javaHome finds a Java runtime that fits the Neo4j version: the JavaHome
// option (which must fit), else JAVA_HOME, the system's OpenJDK packages
// and java on PATH, the first that fits. A machine may carry a newer JDK
// (Temurin 25) that 5.26 must not run on, so the version is always read.
func (s *Server) javaHome() (string, error) {
	want := javaMajors(s.o.Version)
	if s.o.JavaHome != "" {
		major, err := javaMajor(s.o.JavaHome)
		if err != nil {
			return "", fmt.Errorf("java home %s: %w", s.o.JavaHome, err)
		}
		if !containsInt(want, major) {
			return "", fmt.Errorf("java home %s is Java %d, but Neo4j %s needs Java %s", s.o.JavaHome, major, s.o.Version, joinInts(want))
		}
		return s.o.JavaHome, nil
	}
	var cands []string
	if h := s.o.Getenv("JAVA_HOME"); h != "" {
		cands = append(cands, h)
	}
	for _, m := range want {
		matches, _ := filepath.Glob(filepath.Join(s.jvmDir, fmt.Sprintf("java-%d-openjdk*", m)))
		sort.Strings(matches)
		cands = append(cands, matches...)
		if isCalendarVersion(s.o.Version) {
			matches, _ = filepath.Glob(filepath.Join(s.jvmDir, fmt.Sprintf("temurin-%d-*", m)))
			cands = append(cands, matches...)
		}
	}
	if p, err := lookPath("java", s.o.Getenv("PATH")); err == nil {
		if real, err := filepath.EvalSymlinks(p); err == nil {
			cands = append(cands, filepath.Dir(filepath.Dir(real)))
		}
	}
	var seen []string
	for _, c := range cands {
		major, err := javaMajor(c)
		if err != nil {
			continue
		}
		if containsInt(want, major) {
			return c, nil
		}
		seen = append(seen, fmt.Sprintf("%s (Java %d)", c, major))
	}
	msg := fmt.Sprintf("Neo4j %s needs Java %s and none was found", s.o.Version, joinInts(want))
	if len(seen) > 0 {
		msg += "; found only " + strings.Join(seen, ", ")
	}
	if !isCalendarVersion(s.o.Version) {
		msg += "; install it with `apt-get install openjdk-17-jre-headless` (Debian/Ubuntu), or set local.java_home"
	} else {
		msg += "; install a Java 21 or 25 runtime, or set local.java_home"
	}
	return "", fmt.Errorf("%w: %s", ErrMissingTool, msg)
}

// javaMajor reads the feature version of the runtime at home from its
// release file, or failing that from `java -version`.
func javaMajor(home string) (int, error) {
	bin := filepath.Join(home, "bin", "java")
	if _, err := os.Stat(bin); err != nil {
		return 0, fmt.Errorf("no %s", bin)
	}
	ver := ""
	if f, err := os.Open(filepath.Join(home, "release")); err == nil {
		sc := bufio.NewScanner(f)
		for sc.Scan() {
			if v, ok := strings.CutPrefix(sc.Text(), "JAVA_VERSION="); ok {
				ver = strings.Trim(v, `"`)
			}
		}
		_ = f.Close()
	}
	if ver == "" {
		out, err := exec.Command(bin, "-version").CombinedOutput()
		if err != nil {
			return 0, fmt.Errorf("%s -version: %w", bin, err)
		}
		// openjdk version "17.0.15" 2025-04-15
		if _, rest, ok := strings.Cut(string(out), `version "`); ok {
			ver, _, _ = strings.Cut(rest, `"`)
		}
	}
	ver = strings.TrimPrefix(ver, "1.") // 1.8 style
	head, _, _ := strings.Cut(ver, ".")
	head, _, _ = strings.Cut(head, "-")
	head, _, _ = strings.Cut(head, "+")
	n, err := strconv.Atoi(head)
	if err != nil {
		return 0, fmt.Errorf("cannot read the Java version of %s (%q)", home, ver)
	}
	return n, nil
}

// mvnPath finds Maven.
func (s *Server) mvnPath() (string, error) {
	p, err := lookPath("mvn", s.o.Getenv("PATH"))
	if err != nil {
		return "", fmt.Errorf("%w: mvn (Apache Maven) is needed once to fetch Neo4j %s from Maven Central; install it with `apt-get install maven` (Debian/Ubuntu)", ErrMissingTool, s.o.Version)
	}
	return p, nil
}

// lookPath is exec.LookPath over an explicit PATH value.
func lookPath(name, path string) (string, error) {
	if path == "" {
		return exec.LookPath(name)
	}
	for _, dir := range filepath.SplitList(path) {
		if dir == "" {
			dir = "."
		}
		p := filepath.Join(dir, name)
		if st, err := os.Stat(p); err == nil && !st.IsDir() && st.Mode()&0o111 != 0 {
			return p, nil
		}
	}
	return "", exec.ErrNotFound
}

func containsInt(xs []int, x int) bool {
	for _, v := range xs {
		if v == x {
			return true
		}
	}
	return false
}

func joinInts(xs []int) string {
	s := make([]string, len(xs))
	for i, x := range xs {
		s[i] = strconv.Itoa(x)
	}
	return strings.Join(s, " or ")
}
