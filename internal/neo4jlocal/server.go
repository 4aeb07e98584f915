package neo4jlocal

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"
)

// Defaults for the zero values of Options.
const (
	DefaultVersion        = "5.26.30"
	DefaultBrowserVersion = "5.24.0"
	DefaultBoltPort       = 7687
	DefaultHTTPPort       = 7474
	DefaultStartTimeout   = 3 * time.Minute
	// DefaultStopTimeout is how long Stop waits after SIGTERM before it
	// kills the JVM.
	DefaultStopTimeout = 60 * time.Second
	// MinPasswordLength is Neo4j's default dbms.security.auth_minimum_password_length.
	MinPasswordLength = 8
)

// Options configure a Server. Zero values take the defaults above; CacheDir
// and DataDir are required.
type Options struct {
	// CacheDir holds downloads: CacheDir/neo4j-<Version>/{pom.xml,lib/}.
	CacheDir string
	// DataDir holds the server's state: conf/, data/, logs/, run/,
	// import/, plugins/, the generated password file and the pid file.
	DataDir        string
	Version        string
	BrowserVersion string
	BoltPort       int
	HTTPPort       int
	// Heap and PageCache are memory sizes such as 512m or 2g; empty means
	// a fraction of the host's memory (see DefaultMemory).
	Heap      string
	PageCache string
	// JavaHome selects the Java runtime; empty means JAVA_HOME, then the
	// system's OpenJDK 17 or 21, then java on PATH, whichever fits Version.
	JavaHome     string
	StartTimeout time.Duration
	StopTimeout  time.Duration
	// Password is the password to use (typically NEO4J_PASSWORD). On the
	// first start it becomes the initial password. Empty means the
	// generated one kept in DataDir/password.
	Password string
	// ExtraConf lines are appended to neo4j.conf (e.g.
	// "browser.post_connect_cmd=play http://localhost:8099/guide.html").
	ExtraConf []string
	// Log receives progress messages (downloading, setting the password);
	// nil discards them.
	Log io.Writer
	// Getenv reads the environment (JAVA_HOME, PATH); nil means os.Getenv.
	Getenv func(string) string
}

// Server is one managed Neo4j: the downloaded jars plus a data directory.
// Its methods act on the running JVM found through the pid file, so a
// Server value can be built afresh by each command.
type Server struct {
	o Options
	// jvmDir is where system JDKs live; a field so tests can fake it.
	jvmDir string
}

// New returns a Server for o, with defaults filled in. It does no I/O.
func New(o Options) (*Server, error) {
	if o.CacheDir == "" {
		return nil, errors.New("neo4jlocal: cache directory not set")
	}
	if o.DataDir == "" {
		return nil, errors.New("neo4jlocal: data directory not set")
	}
	var err error
	if o.CacheDir, err = filepath.Abs(o.CacheDir); err != nil {
		return nil, fmt.Errorf("cache directory: %w", err)
	}
	if o.DataDir, err = filepath.Abs(o.DataDir); err != nil {
		return nil, fmt.Errorf("data directory: %w", err)
	}
	if o.Version == "" {
		o.Version = DefaultVersion
	}
	if o.BrowserVersion == "" {
		o.BrowserVersion = DefaultBrowserVersion
	}
	if o.BoltPort == 0 {
		o.BoltPort = DefaultBoltPort
	}
	if o.HTTPPort == 0 {
		o.HTTPPort = DefaultHTTPPort
	}
	if o.StartTimeout <= 0 {
		o.StartTimeout = DefaultStartTimeout
	}
	if o.StopTimeout <= 0 {
		o.StopTimeout = DefaultStopTimeout
	}
	if o.Log == nil {
		o.Log = io.Discard
	}
	if o.Getenv == nil {
		o.Getenv = os.Getenv
	}
	if o.Password != "" {
		if err := checkPassword(o.Password); err != nil {
			return nil, err
		}
	}
	return &Server{o: o, jvmDir: "/usr/lib/jvm"}, nil
}

// ErrPasswordTooShort: Neo4j refuses passwords shorter than 8 characters.
var ErrPasswordTooShort = fmt.Errorf("the Neo4j password must have at least %d characters", MinPasswordLength)

func checkPassword(pw string) error {
	if n := len([]rune(pw)); n < MinPasswordLength {
		return fmt.Errorf("%w (NEO4J_PASSWORD has %d)", ErrPasswordTooShort, n)
	}
	return nil
}

// Options returns the effective options (defaults filled in).
func (s *Server) Options() Options { return s.o }

// BoltURI is the address drivers connect to.
func (s *Server) BoltURI() string { return fmt.Sprintf("bolt://127.0.0.1:%d", s.o.BoltPort) }

// BrowserURI is where Neo4j Browser is served.
func (s *Server) BrowserURI() string {
	return fmt.Sprintf("http://127.0.0.1:%d/browser/", s.o.HTTPPort)
}

// HTTPURI is the root of the HTTP API.
func (s *Server) HTTPURI() string { return fmt.Sprintf("http://127.0.0.1:%d/", s.o.HTTPPort) }

// Home is the directory of the downloaded jars for this version.
func (s *Server) Home() string { return filepath.Join(s.o.CacheDir, "neo4j-"+s.o.Version) }

func (s *Server) libDir() string       { return filepath.Join(s.Home(), "lib") }
func (s *Server) confDir() string      { return filepath.Join(s.o.DataDir, "conf") }
func (s *Server) dataDir() string      { return filepath.Join(s.o.DataDir, "data") }
func (s *Server) logsDir() string      { return filepath.Join(s.o.DataDir, "logs") }
func (s *Server) runDir() string       { return filepath.Join(s.o.DataDir, "run") }
func (s *Server) pidFile() string      { return filepath.Join(s.runDir(), "dipgraph-neo4j.pid") }
func (s *Server) consoleLog() string   { return filepath.Join(s.logsDir(), "console.log") }
func (s *Server) neo4jLog() string     { return filepath.Join(s.logsDir(), "neo4j.log") }
func (s *Server) passwordFile() string { return filepath.Join(s.o.DataDir, "password") }

// PasswordFile is where a generated password is kept (mode 0600).
func (s *Server) PasswordFile() string { return s.passwordFile() }

// ErrNoPassword: no password was given and none was generated yet.
var ErrNoPassword = errors.New("no password for the local Neo4j")

// Password returns the password for the local server: Options.Password
// when set, else the generated one from the password file.
func (s *Server) Password() (string, error) {
	if s.o.Password != "" {
		return s.o.Password, nil
	}
	b, err := os.ReadFile(s.passwordFile())
	if errors.Is(err, os.ErrNotExist) {
		if s.initialized() {
			return "", fmt.Errorf("%w: %s was initialised with NEO4J_PASSWORD, which is not set now", ErrNoPassword, s.o.DataDir)
		}
		return "", fmt.Errorf("%w: the server in %s has not been started yet", ErrNoPassword, s.o.DataDir)
	}
	if err != nil {
		return "", fmt.Errorf("read password file: %w", err)
	}
	pw := strings.TrimSpace(string(b))
	if pw == "" {
		return "", fmt.Errorf("%w: %s is empty", ErrNoPassword, s.passwordFile())
	}
	return pw, nil
}

// initialized reports whether the store exists, i.e. the initial password
// was taken already.
func (s *Server) initialized() bool {
	_, err := os.Stat(filepath.Join(s.dataDir(), "databases", "system"))
	return err == nil
}

// PID returns the process id of this data directory's running server, or
// 0 when none runs. It trusts the pid file only when that process is a
// Neo4j JVM using this data directory's configuration, and otherwise
// looks through /proc, so a stale or lost pid file does no harm.
func (s *Server) PID() int {
	if b, err := os.ReadFile(s.pidFile()); err == nil {
		if pid, err := strconv.Atoi(strings.TrimSpace(string(b))); err == nil && s.isOurs(pid) {
			return pid
		}
	}
	if pids := s.processes(); len(pids) > 0 {
		return pids[0]
	}
	return 0
}

// Running reports whether this data directory's server process is alive
// (it may still be starting).
func (s *Server) Running() bool { return s.PID() != 0 }

// isOurs reports whether pid is a Neo4j server JVM started with this data
// directory's conf directory.
func (s *Server) isOurs(pid int) bool {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/cmdline", pid))
	if err != nil {
		return false
	}
	args := strings.Split(strings.TrimRight(string(b), "\x00"), "\x00")
	main, conf := false, false
	for _, a := range args {
		switch {
		case a == entryPoint526 || a == entryPointCalendar:
			main = true
		case a == "--config-dir="+s.confDir():
			conf = true
		}
	}
	return main && conf
}

// processes lists every live process that is a server of this data
// directory.
func (s *Server) processes() []int {
	ents, err := os.ReadDir("/proc")
	if err != nil {
		return nil
	}
	var pids []int
	for _, e := range ents {
		pid, err := strconv.Atoi(e.Name())
		if err != nil {
			continue
		}
		if s.isOurs(pid) && !isZombie(pid) {
			pids = append(pids, pid)
		}
	}
	return pids
}

// isZombie reports whether pid has exited but was not reaped yet.
func isZombie(pid int) bool {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return true
	}
	// Format: pid (comm) state ...; comm may hold spaces, so cut at the last ')'.
	i := strings.LastIndexByte(string(b), ')')
	if i < 0 || i+2 >= len(b) {
		return false
	}
	return b[i+2] == 'Z'
}

// Server main classes: 5.26 and the calendar-versioned line (2025.x+).
const (
	entryPoint526      = "org.neo4j.server.CommunityEntryPoint"
	entryPointCalendar = "org.neo4j.server.Neo4jCommunity"
)
