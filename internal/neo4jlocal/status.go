package neo4jlocal

import (
	"context"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// Status describes the local server.
type Status struct {
	Running bool   `json:"running"`
	Ready   bool   `json:"ready"` // Bolt answered with the password
	PID     int    `json:"pid,omitempty"`
	Version string `json:"version"` // from the server when it answers, else the configured one
	Edition string `json:"edition,omitempty"`
	// Installed is whether the jars of Version are in the cache.
	Installed  bool   `json:"installed"`
	BoltURI    string `json:"bolt_uri"`
	BrowserURI string `json:"browser_uri"`
	BoltPort   int    `json:"bolt_port"`
	HTTPPort   int    `json:"http_port"`
	DataDir    string `json:"data_dir"`
	DataBytes  int64  `json:"data_bytes"`
	Home       string `json:"home"`
	// PasswordFile is set when the password was generated and is kept there.
	PasswordFile string `json:"password_file,omitempty"`
	Heap         string `json:"heap"`
	PageCache    string `json:"pagecache"`
	// Problem says why a running server did not answer.
	Problem string `json:"problem,omitempty"`
}

// Status reports whether the server runs and, when it answers, its
// version and edition from dbms.components().
func (s *Server) Status(ctx context.Context) Status {
	heap, pc := s.Memory()
	st := Status{
		Version:    s.o.Version,
		Installed:  s.Installed(),
		BoltURI:    s.BoltURI(),
		BrowserURI: s.BrowserURI(),
		BoltPort:   s.o.BoltPort,
		HTTPPort:   s.o.HTTPPort,
		DataDir:    s.o.DataDir,
		DataBytes:  dirSize(s.dataDir()),
		Home:       s.Home(),
		Heap:       heap,
		PageCache:  pc,
	}
	if _, err := os.Stat(s.passwordFile()); err == nil {
		st.PasswordFile = s.passwordFile()
	}
	st.PID = s.PID()
	st.Running = st.PID != 0
	if !st.Running {
		return st
	}
	if bolt, http := s.confPorts(); bolt != s.o.BoltPort || http != s.o.HTTPPort {
		st.Problem = fmt.Sprintf("running on bolt port %d and http port %d, not the configured %d and %d", bolt, http, s.o.BoltPort, s.o.HTTPPort)
		return st
	}
	pw, err := s.Password()
	if err != nil {
		st.Problem = err.Error()
		return st
	}
	version, edition, err := s.components(ctx, pw)
	if err != nil {
		st.Problem = err.Error()
		return st
	}
	st.Ready, st.Version, st.Edition = true, version, edition
	return st
}

// components asks the server for its kernel version and edition.
func (s *Server) components(ctx context.Context, pw string) (version, edition string, err error) {
	d, err := s.driver(pw)
	if err != nil {
		return "", "", err
	}
	defer d.Close(ctx)
	sess := d.NewSession(ctx, neo4jSessionConfig())
	defer sess.Close(ctx)
	res, err := sess.Run(ctx, "CALL dbms.components() YIELD name, versions, edition RETURN name, versions, edition", nil)
	if err != nil {
		return "", "", err
	}
	for res.Next(ctx) {
		rec := res.Record()
		name, _ := rec.Values[0].(string)
		if name != "Neo4j Kernel" {
			continue
		}
		if vs, ok := rec.Values[1].([]any); ok && len(vs) > 0 {
			version, _ = vs[0].(string)
		}
		edition, _ = rec.Values[2].(string)
	}
	if err := res.Err(); err != nil {
		return "", "", err
	}
	return version, strings.ToLower(edition), nil
}

// dirSize adds up the sizes of regular files under dir.
func dirSize(dir string) int64 {
	var n int64
	// Unreadable parts count as empty: the walk goes on past them.
	_ = filepath.WalkDir(dir, func(_ string, d fs.DirEntry, err error) error {
		if err == nil && d.Type().IsRegular() {
			if info, ierr := d.Info(); ierr == nil {
				n += info.Size()
			}
		}
		return nil
	})
	return n
}
