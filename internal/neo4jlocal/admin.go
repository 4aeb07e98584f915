package neo4jlocal

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
)

// ErrRunning: the operation needs the server stopped.
var ErrRunning = errors.New("the local Neo4j is running")

// admin runs neo4j-admin (Neo4jAdminBoot from the bootcheck jar) against
// this data directory's configuration. With stdout nil, its output is
// returned; otherwise it streams there (dump --to-stdout).
func (s *Server) admin(ctx context.Context, java string, stdin io.Reader, stdout io.Writer, args ...string) (string, error) {
	full := append([]string{"-cp", filepath.Join(s.libDir(), "*"),
		"-Dfile.encoding=UTF-8",
		"org.neo4j.server.startup.Neo4jAdminBoot"}, args...)
	cmd := exec.CommandContext(ctx, filepath.Join(java, "bin", "java"), full...)
	cmd.Dir = s.o.DataDir
	cmd.Env = append(s.env(java), "HEAP_SIZE=512m")
	cmd.Stdin = stdin
	var out bytes.Buffer
	if stdout != nil {
		cmd.Stdout = stdout
	} else {
		cmd.Stdout = &out
	}
	cmd.Stderr = &out
	err := cmd.Run()
	return out.String(), err
}

// prepareOffline checks that the server is installed and stopped and
// returns the Java home, for neo4j-admin commands that need the store
// closed.
func (s *Server) prepareOffline(ctx context.Context, what string) (string, error) {
	if pid := s.PID(); pid != 0 {
		return "", fmt.Errorf("%w (pid %d): %s needs it stopped; run `dipgraph neo4j stop` first", ErrRunning, pid, what)
	}
	if err := s.Install(ctx); err != nil {
		return "", err
	}
	java, err := s.javaHome()
	if err != nil {
		return "", err
	}
	if err := s.configure(); err != nil {
		return "", err
	}
	return java, nil
}

// Dump writes an archive of database (normally "neo4j") to file with
// neo4j-admin database dump. The server must be stopped.
func (s *Server) Dump(ctx context.Context, database, file string) error {
	java, err := s.prepareOffline(ctx, "dump")
	if err != nil {
		return err
	}
	if !s.initialized() {
		return fmt.Errorf("no database in %s yet: start the server once first", s.o.DataDir)
	}
	abs, err := filepath.Abs(file)
	if err != nil {
		return err
	}
	tmp, err := os.CreateTemp(filepath.Dir(abs), ".dump-*")
	if err != nil {
		return fmt.Errorf("create %s: %w", file, err)
	}
	defer os.Remove(tmp.Name())
	out, err := s.admin(ctx, java, nil, tmp, "database", "dump", database, "--to-stdout")
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return fmt.Errorf("neo4j-admin database dump %s: %w\n%s", database, err, tail(out, 20))
	}
	if err := os.Rename(tmp.Name(), abs); err != nil {
		return fmt.Errorf("write %s: %w", file, err)
	}
	return nil
}

// Restore replaces database with the archive in file (neo4j-admin
// database load --overwrite-destination). The server must be stopped.
func (s *Server) Restore(ctx context.Context, database, file string) error {
	java, err := s.prepareOffline(ctx, "restore")
	if err != nil {
		return err
	}
	f, err := os.Open(file)
	if err != nil {
		return fmt.Errorf("open dump: %w", err)
	}
	defer f.Close()
	out, err := s.admin(ctx, java, f, nil, "database", "load", database, "--from-stdin", "--overwrite-destination=true")
	if err != nil {
		return fmt.Errorf("neo4j-admin database load %s from %s: %w\n%s", database, file, err, tail(out, 20))
	}
	return nil
}
