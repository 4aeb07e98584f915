package neo4jlocal

import (
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"
	drvconfig "github.com/neo4j/neo4j-go-driver/v5/neo4j/config"
)

// PortInUseError: a port the server needs is taken by another process.
type PortInUseError struct {
	Name string // "bolt" or "http"
	Port int
}

func (e *PortInUseError) Error() string {
	return fmt.Sprintf("%s port %d is in use by another process", e.Name, e.Port)
}

// ErrStartFailed: the server did not come up; the message holds the last
// log lines.
var ErrStartFailed = errors.New("neo4j did not start")

// StartResult says what Start found or did.
type StartResult struct {
	PID            int
	AlreadyRunning bool
	// PasswordGenerated is true when this start generated the password
	// and stored it in PasswordFile.
	PasswordGenerated bool
	Elapsed           time.Duration
}

// Start makes sure the server runs: installs the jars if needed, writes
// the configuration, sets the initial password on the first start,
// launches the JVM detached (its own session, output to
// DataDir/logs/console.log) and waits until Bolt accepts the password.
// When the server is already running it only reports so. On a timeout the
// JVM is stopped and the error carries the last log lines.
func (s *Server) Start(ctx context.Context) (StartResult, error) {
	return s.start(ctx, nil)
}

// RunForeground runs the server as a child attached to this process (for
// systemd): output to stdout/stderr, ready called once Bolt answers, and
// on ctx cancellation (SIGTERM) the server is stopped cleanly. It returns
// when the server has exited: nil after a requested stop, an error when it
// died on its own.
func (s *Server) RunForeground(ctx context.Context, stdout, stderr io.Writer, ready func(StartResult)) error {
	if pid := s.PID(); pid != 0 {
		return fmt.Errorf("the local Neo4j of %s is already running (pid %d): stop it first", s.o.DataDir, pid)
	}
	_, err := s.start(ctx, &foreground{stdout: stdout, stderr: stderr, ready: ready})
	return err
}

type foreground struct {
	stdout, stderr io.Writer
	ready          func(StartResult)
}

func (s *Server) start(ctx context.Context, fg *foreground) (StartResult, error) {
	begin := time.Now()
	if pid := s.PID(); pid != 0 {
		if bolt, http := s.confPorts(); bolt != s.o.BoltPort || http != s.o.HTTPPort {
			return StartResult{PID: pid, AlreadyRunning: true}, fmt.Errorf(
				"the local Neo4j of %s is already running (pid %d) on bolt port %d and http port %d, not the configured %d and %d: stop it first to change ports",
				s.o.DataDir, pid, bolt, http, s.o.BoltPort, s.o.HTTPPort)
		}
		// Another start may still be waiting for it: wait too, so a
		// successful return always means Bolt answers.
		if pw, err := s.Password(); err == nil {
			if err := s.waitReady(ctx, pw, nil, nil); err != nil {
				return StartResult{PID: pid, AlreadyRunning: true}, err
			}
		}
		return StartResult{PID: pid, AlreadyRunning: true, Elapsed: time.Since(begin)}, nil
	}
	for _, p := range []struct {
		name string
		port int
	}{{"bolt", s.o.BoltPort}, {"http", s.o.HTTPPort}} {
		if !portFree(p.port) {
			return StartResult{}, &PortInUseError{Name: p.name, Port: p.port}
		}
	}
	if err := s.Install(ctx); err != nil {
		return StartResult{}, err
	}
	java, err := s.javaHome()
	if err != nil {
		return StartResult{}, err
	}
	if err := s.configure(); err != nil {
		return StartResult{}, err
	}
	res := StartResult{}
	pw, generated, err := s.initialPassword(ctx, java)
	if err != nil {
		return StartResult{}, err
	}
	res.PasswordGenerated = generated

	cmd := exec.Command(filepath.Join(java, "bin", "java"), s.serverArgs()...)
	cmd.Dir = s.o.DataDir
	cmd.Env = s.env(java)
	var console *os.File
	if fg == nil {
		console, err = os.OpenFile(s.consoleLog(), os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o640)
		if err != nil {
			return StartResult{}, fmt.Errorf("open %s: %w", s.consoleLog(), err)
		}
		defer console.Close()
		fmt.Fprintf(console, "\n--- dipgraph neo4j start %s ---\n", time.Now().UTC().Format(time.RFC3339))
		cmd.Stdout, cmd.Stderr = console, console
		// Its own session: the server outlives this command and ignores
		// the terminal's SIGINT/SIGHUP.
		cmd.SysProcAttr = &syscall.SysProcAttr{Setsid: true}
	} else {
		cmd.Stdout, cmd.Stderr = fg.stdout, fg.stderr
		// Own process group: a terminal's Ctrl-C reaches us, and we stop
		// the server in order.
		cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	}
	if err := cmd.Start(); err != nil {
		return StartResult{}, fmt.Errorf("start neo4j: %w", err)
	}
	res.PID = cmd.Process.Pid
	if err := os.WriteFile(s.pidFile(), []byte(strconv.Itoa(res.PID)+"\n"), 0o640); err != nil {
		_ = cmd.Process.Kill()
		_ = cmd.Wait()
		return StartResult{}, fmt.Errorf("write pid file: %w", err)
	}
	// exited is closed when the JVM has exited (and was reaped); waitErr
	// says how.
	exited := make(chan struct{})
	var waitErr error
	go func() { waitErr = cmd.Wait(); close(exited) }()

	if err := s.waitReady(ctx, pw, exited, &waitErr); err != nil {
		s.kill(cmd.Process, exited)
		_ = os.Remove(s.pidFile())
		return StartResult{}, err
	}
	res.Elapsed = time.Since(begin)
	if fg == nil {
		return res, nil
	}

	if fg.ready != nil {
		fg.ready(res)
	}
	select {
	case <-exited:
		_ = os.Remove(s.pidFile())
		return res, fmt.Errorf("neo4j exited on its own (%v)%s", waitErr, s.logTail())
	case <-ctx.Done():
		_ = cmd.Process.Signal(syscall.SIGTERM)
		select {
		case <-exited:
		case <-time.After(s.o.StopTimeout):
			_ = cmd.Process.Kill()
			<-exited
		}
		_ = os.Remove(s.pidFile())
		return res, nil
	}
}

// serverArgs is the java command line of the server JVM.
func (s *Server) serverArgs() []string {
	heap, _ := s.Memory()
	cp := strings.Join([]string{
		filepath.Join(s.o.DataDir, "plugins", "*"),
		filepath.Join(s.confDir(), "*"),
		filepath.Join(s.libDir(), "*"),
	}, string(os.PathListSeparator))
	args := []string{"-cp", cp}
	args = append(args, s.jvmFlags()...)
	args = append(args, "-Dfile.encoding=UTF-8", "-Xms"+heap, "-Xmx"+heap)
	main := entryPoint526
	if isCalendarVersion(s.o.Version) {
		main = entryPointCalendar
	}
	args = append(args, main, "--home-dir="+s.o.DataDir, "--config-dir="+s.confDir())
	if isCalendarVersion(s.o.Version) {
		args = append(args, "--console-mode")
	}
	return args
}

// env is the environment for Neo4j's JVMs and its admin tool.
func (s *Server) env(java string) []string {
	var env []string
	for _, kv := range os.Environ() {
		k, _, _ := strings.Cut(kv, "=")
		switch k {
		case "JAVA_HOME", "NEO4J_HOME", "NEO4J_CONF", "JAVA_OPTS", "JAVA_TOOL_OPTIONS", "HEAP_SIZE", "NEO4J_PASSWORD":
			continue
		}
		env = append(env, kv)
	}
	return append(env, "JAVA_HOME="+java, "NEO4J_HOME="+s.o.DataDir, "NEO4J_CONF="+s.confDir())
}

// waitReady polls Bolt until it accepts the password, the process exits
// (exited is closed; nil when the JVM is not our child), or StartTimeout
// passes.
func (s *Server) waitReady(ctx context.Context, pw string, exited <-chan struct{}, waitErr *error) error {
	deadline := time.Now().Add(s.o.StartTimeout)
	var last error
	wait := time.Duration(0)
	if exited != nil {
		wait = 500 * time.Millisecond // a fresh JVM needs a moment anyway
	}
	for {
		select {
		case <-exited:
			return fmt.Errorf("%w: the JVM exited (%v)%s", ErrStartFailed, *waitErr, s.logTail())
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(wait):
		}
		wait = 500 * time.Millisecond
		err := s.ping(ctx, pw)
		if err == nil {
			return nil
		}
		var authErr *neo4j.InvalidAuthenticationError
		var nerr *neo4j.Neo4jError
		if errors.As(err, &authErr) || errors.As(err, &nerr) && strings.HasPrefix(nerr.Code, "Neo.ClientError.Security.") {
			return fmt.Errorf("%w: the server came up but refused the password; the data directory %s was initialised with another one (set NEO4J_PASSWORD to it, or delete the data directory for a fresh database)", ErrStartFailed, s.o.DataDir)
		}
		last = err
		if time.Now().After(deadline) {
			return fmt.Errorf("%w within %s (last error: %v)%s", ErrStartFailed, s.o.StartTimeout, last, s.logTail())
		}
	}
}

// ping opens one Bolt connection with the password.
func (s *Server) ping(ctx context.Context, pw string) error {
	d, err := s.driver(pw)
	if err != nil {
		return err
	}
	defer d.Close(ctx)
	cctx, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel()
	return d.VerifyConnectivity(cctx)
}

func (s *Server) driver(pw string) (neo4j.DriverWithContext, error) {
	return neo4j.NewDriverWithContext(s.BoltURI(), neo4j.BasicAuth("neo4j", pw, ""), func(c *drvconfig.Config) {
		c.SocketConnectTimeout = 2 * time.Second
		c.ConnectionAcquisitionTimeout = 5 * time.Second
		c.MaxConnectionPoolSize = 2
	})
}

// logTail is the end of neo4j.log and console.log for error messages.
func (s *Server) logTail() string {
	var b strings.Builder
	for _, f := range []string{s.neo4jLog(), s.consoleLog()} {
		if t := tailFile(f, 20); strings.TrimSpace(t) != "" {
			fmt.Fprintf(&b, "\n--- last lines of %s ---\n%s", f, t)
		}
	}
	return b.String()
}

// kill stops a JVM that failed to come up.
func (s *Server) kill(p *os.Process, exited <-chan struct{}) {
	_ = p.Signal(syscall.SIGTERM)
	select {
	case <-exited:
	case <-time.After(s.o.StopTimeout):
		_ = p.Kill()
		<-exited
	}
}

// initialPassword returns the password to wait with, setting it as the
// initial password when the store does not exist yet.
func (s *Server) initialPassword(ctx context.Context, java string) (pw string, generated bool, err error) {
	if s.initialized() {
		pw, err = s.Password()
		return pw, false, err
	}
	pw = s.o.Password
	if pw == "" {
		if b, err := os.ReadFile(s.passwordFile()); err == nil && len(strings.TrimSpace(string(b))) >= MinPasswordLength {
			pw = strings.TrimSpace(string(b)) // generated by an earlier, failed first start
		} else {
			pw = randomPassword()
			generated = true
			if err := os.WriteFile(s.passwordFile(), []byte(pw+"\n"), 0o600); err != nil {
				return "", false, fmt.Errorf("write password file: %w", err)
			}
		}
	}
	fmt.Fprintf(s.o.Log, "Setting the initial password of the new database in %s ...\n", s.o.DataDir)
	if out, err := s.admin(ctx, java, nil, nil, "dbms", "set-initial-password", pw); err != nil {
		return "", false, fmt.Errorf("set initial password: %w\n%s", err, tail(strings.ReplaceAll(out, pw, "********"), 20))
	}
	return pw, generated, nil
}

// randomPassword returns 24 letters and digits (no look-alikes such as
// l, 1, O, 0), about 140 bits, drawn without modulo bias.
func randomPassword() string {
	const alphabet = "abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789"
	b := make([]byte, 24)
	for i := range b {
		var r [1]byte
		for {
			_, _ = rand.Read(r[:]) // crypto/rand.Read never fails on Linux
			if int(r[0]) < 256-256%len(alphabet) {
				break
			}
		}
		b[i] = alphabet[int(r[0])%len(alphabet)]
	}
	return string(b)
}

// portFree reports whether nothing listens on 127.0.0.1:port.
func portFree(port int) bool {
	l, err := net.Listen("tcp", net.JoinHostPort("127.0.0.1", strconv.Itoa(port)))
	if err != nil {
		return false
	}
	_ = l.Close()
	return true
}

func neo4jSessionConfig() neo4j.SessionConfig {
	return neo4j.SessionConfig{DatabaseName: "system", AccessMode: neo4j.AccessModeRead}
}
