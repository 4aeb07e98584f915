package neo4jlocal

import (
	"errors"
	"net"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

func TestDefaultMemory(t *testing.T) {
	const gib = int64(1) << 30
	tests := []struct {
		total int64
		want  string
	}{
		{1 * gib, "512m"}, // floor
		{6 * gib, "768m"}, // an eighth, rounded down to 256m
		{16 * gib, "2g"},  // an eighth
		{24 * gib, "3g"},  // an eighth
		{23*gib + 1e8, "2816m"},
		{64 * gib, "4g"}, // cap
		{512 * gib, "4g"},
	}
	for _, tt := range tests {
		heap, pc := DefaultMemory(tt.total)
		if heap != tt.want || pc != tt.want {
			t.Errorf("DefaultMemory(%d) = %s, %s; want %s for both", tt.total, heap, pc, tt.want)
		}
	}
}

func TestNewChecksOptions(t *testing.T) {
	dir := t.TempDir()
	if _, err := New(Options{DataDir: dir}); err == nil {
		t.Error("New without CacheDir succeeded")
	}
	if _, err := New(Options{CacheDir: dir}); err == nil {
		t.Error("New without DataDir succeeded")
	}
	_, err := New(Options{CacheDir: dir, DataDir: dir, Password: "short"})
	if !errors.Is(err, ErrPasswordTooShort) || !strings.Contains(err.Error(), "at least 8 characters") {
		t.Errorf("New(password %q) = %v, want ErrPasswordTooShort saying 8 characters", "short", err)
	}
	s, err := New(Options{CacheDir: "rel/cache", DataDir: dir})
	if err != nil {
		t.Fatal(err)
	}
	o := s.Options()
	if !filepath.IsAbs(o.CacheDir) || o.Version != DefaultVersion || o.BoltPort != 7687 || o.HTTPPort != 7474 {
		t.Errorf("defaults not filled in: %+v", o)
	}
	if s.BoltURI() != "bolt://127.0.0.1:7687" || s.BrowserURI() != "http://127.0.0.1:7474/browser/" {
		t.Errorf("URIs = %s, %s", s.BoltURI(), s.BrowserURI())
	}
}

func TestRandomPassword(t *testing.T) {
	seen := map[string]bool{}
	for i := 0; i < 50; i++ {
		pw := randomPassword()
		if len(pw) < 16 {
			t.Fatalf("randomPassword() = %q, want at least 16 characters", pw)
		}
		if strings.ContainsAny(pw, "l1O0 \t\n") {
			t.Errorf("randomPassword() = %q has look-alike or blank characters", pw)
		}
		if seen[pw] {
			t.Fatalf("randomPassword() repeated %q", pw)
		}
		seen[pw] = true
	}
}

func TestPasswordSources(t *testing.T) {
	dir := t.TempDir()
	s, err := New(Options{CacheDir: dir, DataDir: dir, Password: "from-the-environment"})
	if err != nil {
		t.Fatal(err)
	}
	if pw, err := s.Password(); err != nil || pw != "from-the-environment" {
		t.Errorf("Password() = %q, %v; want the option", pw, err)
	}
	s, _ = New(Options{CacheDir: dir, DataDir: dir})
	if _, err := s.Password(); !errors.Is(err, ErrNoPassword) {
		t.Errorf("Password() before first start = %v, want ErrNoPassword", err)
	}
	if err := os.WriteFile(s.PasswordFile(), []byte("generated-password-1\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	if pw, err := s.Password(); err != nil || pw != "generated-password-1" {
		t.Errorf("Password() = %q, %v; want the file's", pw, err)
	}
}

func TestConfigureWritesLoopbackConf(t *testing.T) {
	dir := t.TempDir()
	s, err := New(Options{CacheDir: filepath.Join(dir, "cache"), DataDir: filepath.Join(dir, "data"),
		BoltPort: 17001, HTTPPort: 17002, Heap: "1G", PageCache: "768m",
		ExtraConf: []string{"browser.post_connect_cmd=play http://localhost:8099/guide.html"}})
	if err != nil {
		t.Fatal(err)
	}
	if err := s.configure(); err != nil {
		t.Fatalf("configure: %v", err)
	}
	b, err := os.ReadFile(filepath.Join(dir, "data", "conf", "neo4j.conf"))
	if err != nil {
		t.Fatal(err)
	}
	conf := string(b)
	for _, want := range []string{
		"server.default_listen_address=127.0.0.1\n",
		"server.bolt.listen_address=127.0.0.1:17001\n",
		"server.http.listen_address=127.0.0.1:17002\n",
		"server.https.enabled=false\n",
		"dbms.security.auth_enabled=true\n",
		"server.memory.heap.max_size=1g\n",
		"server.memory.pagecache.size=768m\n",
		"dbms.usage_report.enabled=false\n",
		"browser.remote_content_hostname_whitelist=guides.neo4j.com,localhost,127.0.0.1\n",
		"server.directories.data=" + filepath.Join(dir, "data", "data") + "\n",
		"server.directories.lib=" + filepath.Join(dir, "cache", "neo4j-"+DefaultVersion, "lib") + "\n",
		"server.jvm.additional=--add-opens=java.base/java.nio=ALL-UNNAMED\n",
		"browser.post_connect_cmd=play http://localhost:8099/guide.html\n",
	} {
		if !strings.Contains(conf, want) {
			t.Errorf("neo4j.conf lacks %q:\n%s", want, conf)
		}
	}
	if strings.Contains(conf, "0.0.0.0") {
		t.Errorf("neo4j.conf listens beyond loopback:\n%s", conf)
	}
	for _, f := range []string{"server-logs.xml", "user-logs.xml"} {
		if _, err := os.Stat(filepath.Join(dir, "data", "conf", f)); err != nil {
			t.Errorf("configure did not write %s: %v", f, err)
		}
	}

	s.o.ExtraConf = []string{"two=lines\nthree=x"}
	if err := s.configure(); err == nil {
		t.Error("configure accepted a multi-line extra conf entry")
	}
}

func TestServerArgs(t *testing.T) {
	dir := t.TempDir()
	s, _ := New(Options{CacheDir: dir, DataDir: filepath.Join(dir, "d"), Heap: "2g", PageCache: "1g"})
	args := strings.Join(s.serverArgs(), " ")
	for _, want := range []string{"--add-opens=java.base/java.nio=ALL-UNNAMED", "--add-opens=java.base/java.io=ALL-UNNAMED",
		"--add-opens=java.base/sun.nio.ch=ALL-UNNAMED", "-Xms2g -Xmx2g", entryPoint526,
		"--home-dir=" + filepath.Join(dir, "d"), "--config-dir=" + filepath.Join(dir, "d", "conf")} {
		if !strings.Contains(args, want) {
			t.Errorf("server args lack %q: %s", want, args)
		}
	}
	if strings.Contains(args, "AlwaysPreTouch") {
		t.Errorf("server args pre-touch the heap: %s", args)
	}
}

func TestJavaMajor(t *testing.T) {
	tests := []struct {
		release string
		want    int
	}{
		{`JAVA_VERSION="17.0.15"`, 17},
		{`JAVA_VERSION="21"`, 21},
		{`JAVA_VERSION="25.0.3"`, 25},
		{`JAVA_VERSION="1.8.0_402"`, 8},
	}
	for _, tt := range tests {
		home := t.TempDir()
		if err := os.MkdirAll(filepath.Join(home, "bin"), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(home, "bin", "java"), []byte("#!/bin/sh\n"), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(home, "release"), []byte("IMPLEMENTOR=\"x\"\n"+tt.release+"\n"), 0o644); err != nil {
			t.Fatal(err)
		}
		got, err := javaMajor(home)
		if err != nil || got != tt.want {
			t.Errorf("javaMajor(release %s) = %d, %v; want %d", tt.release, got, err, tt.want)
		}
	}
	if _, err := javaMajor(t.TempDir()); err == nil {
		t.Error("javaMajor(dir without bin/java) succeeded")
	}
}

func TestJavaHomeRejectsWrongVersion(t *testing.T) {
	home := fakeJava(t, "25.0.3")
	dir := t.TempDir()
	s, _ := New(Options{CacheDir: dir, DataDir: dir, JavaHome: home})
	_, err := s.javaHome()
	if err == nil || !strings.Contains(err.Error(), "Java 25") || !strings.Contains(err.Error(), "needs Java 17 or 21") {
		t.Errorf("javaHome(Java 25 for 5.26) = %v, want a clear refusal", err)
	}
}

// fakeJava makes a directory that looks like a Java home of version v.
func fakeJava(t *testing.T, v string) string {
	t.Helper()
	home := t.TempDir()
	if err := os.MkdirAll(filepath.Join(home, "bin"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(home, "bin", "java"), []byte("#!/bin/sh\n"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(home, "release"), []byte("JAVA_VERSION=\""+v+"\"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	return home
}

func TestMissingToolsNameDebianPackages(t *testing.T) {
	dir := t.TempDir()
	java25 := fakeJava(t, "25.0.3")
	s, _ := New(Options{CacheDir: dir, DataDir: dir, Getenv: func(k string) string {
		if k == "PATH" {
			return filepath.Join(java25, "bin") // only a Java 25, no mvn
		}
		return ""
	}})
	s.jvmDir = t.TempDir() // no system JDKs
	_, err := s.mvnPath()
	if !errors.Is(err, ErrMissingTool) || !strings.Contains(err.Error(), "apt-get install maven") {
		t.Errorf("mvnPath() without mvn = %v, want ErrMissingTool naming maven", err)
	}
	_, err = s.javaHome()
	if !errors.Is(err, ErrMissingTool) || !strings.Contains(err.Error(), "apt-get install openjdk-17-jre-headless") ||
		!strings.Contains(err.Error(), "(Java 25)") {
		t.Errorf("javaHome() with only Java 25 = %v, want ErrMissingTool naming openjdk-17-jre-headless and the Java 25 found", err)
	}
	// Install reports the missing tool before touching anything.
	if err := s.Install(t.Context()); !errors.Is(err, ErrMissingTool) {
		t.Errorf("Install() without java/mvn = %v, want ErrMissingTool", err)
	}

	// A Java 17 under the system JVM directory is found even when PATH has 25.
	jvm := t.TempDir()
	j17 := fakeJava(t, "17.0.15")
	if err := os.Symlink(j17, filepath.Join(jvm, "java-17-openjdk-amd64")); err != nil {
		t.Fatal(err)
	}
	s.jvmDir = jvm
	if got, err := s.javaHome(); err != nil || got != filepath.Join(jvm, "java-17-openjdk-amd64") {
		t.Errorf("javaHome() = %q, %v; want the Java 17 under %s", got, err, jvm)
	}
}

func TestPortInUse(t *testing.T) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	port := l.Addr().(*net.TCPAddr).Port
	if portFree(port) {
		t.Errorf("portFree(%d) = true while listening", port)
	}
	dir := t.TempDir()
	s, _ := New(Options{CacheDir: dir, DataDir: dir, BoltPort: port, HTTPPort: port + 1})
	_, err = s.Start(t.Context())
	var pe *PortInUseError
	if !errors.As(err, &pe) || pe.Port != port || err.Error() != "bolt port "+strconv.Itoa(port)+" is in use by another process" {
		t.Errorf("Start with bolt port taken = %v, want PortInUseError for %d", err, port)
	}
}

func TestPIDIgnoresStalePidFile(t *testing.T) {
	dir := t.TempDir()
	s, _ := New(Options{CacheDir: dir, DataDir: dir})
	if err := os.MkdirAll(s.runDir(), 0o755); err != nil {
		t.Fatal(err)
	}
	// Our own pid is alive but is not a Neo4j server of this data directory.
	if err := os.WriteFile(s.pidFile(), []byte(strconv.Itoa(os.Getpid())), 0o644); err != nil {
		t.Fatal(err)
	}
	if pid := s.PID(); pid != 0 {
		t.Errorf("PID() = %d for a pid file naming another process, want 0", pid)
	}
	res, err := s.Stop(t.Context())
	if err != nil || res.WasRunning {
		t.Errorf("Stop() of a stopped server = %+v, %v; want not running, nil", res, err)
	}
	if _, err := os.Stat(s.pidFile()); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("Stop() left the stale pid file")
	}
}

func TestTail(t *testing.T) {
	if got := tail("a\nb\nc\nd\n", 2); got != "c\nd" {
		t.Errorf("tail = %q", got)
	}
	if got := tail("a", 5); got != "a" {
		t.Errorf("tail = %q", got)
	}
}

func TestConfPorts(t *testing.T) {
	dir := t.TempDir()
	s, _ := New(Options{CacheDir: dir, DataDir: dir, BoltPort: 17101, HTTPPort: 17102})
	if b, h := s.confPorts(); b != 0 || h != 0 {
		t.Errorf("confPorts() without a conf = %d, %d; want 0, 0", b, h)
	}
	if err := s.configure(); err != nil {
		t.Fatal(err)
	}
	if b, h := s.confPorts(); b != 17101 || h != 17102 {
		t.Errorf("confPorts() = %d, %d; want 17101, 17102", b, h)
	}
}
