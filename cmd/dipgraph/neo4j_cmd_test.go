package main

import (
	"encoding/json"
	"net"
	"strconv"
	"strings"
	"testing"
)

// These tests use an empty data directory and never start a server: the
// real start/stop cycle is internal/neo4jlocal's TestServerLifecycle.

func TestNeo4jStatusDown(t *testing.T) {
	isolateConfig(t)
	data := t.TempDir()
	t.Setenv("DIPGRAPH_LOCAL_DATA_DIR", data)
	t.Setenv("DIPGRAPH_LOCAL_BOLT_PORT", "17999")
	t.Setenv("DIPGRAPH_LOCAL_HTTP_PORT", "17998")

	code, out, errOut := runCLI(t, "", "neo4j", "status")
	if code != 0 {
		t.Fatalf("neo4j status: exit %d; stderr:\n%s", code, errOut)
	}
	for _, want := range []string{"Neo4j:     down", "bolt://127.0.0.1:17999", "http://127.0.0.1:17998/browser/", data} {
		if !strings.Contains(out, want) {
			t.Errorf("neo4j status lacks %q:\n%s", want, out)
		}
	}

	code, out, errOut = runCLI(t, "", "neo4j", "status", "--format", "json")
	if code != 0 {
		t.Fatalf("neo4j status --format json: exit %d; stderr:\n%s", code, errOut)
	}
	var st struct {
		Running  bool   `json:"running"`
		BoltPort int    `json:"bolt_port"`
		DataDir  string `json:"data_dir"`
	}
	if err := json.Unmarshal([]byte(out), &st); err != nil {
		t.Fatalf("status JSON %q: %v", out, err)
	}
	if st.Running || st.BoltPort != 17999 || st.DataDir != data {
		t.Errorf("status = %+v, want down on 17999 in %s", st, data)
	}

	code, _, errOut = runCLI(t, "", "neo4j", "stop")
	if code != 0 || !strings.Contains(errOut, "Neo4j is not running") {
		t.Errorf("neo4j stop of a stopped server: exit %d, stderr %q", code, errOut)
	}
}

func TestNeo4jStartRefusals(t *testing.T) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	taken := l.Addr().(*net.TCPAddr).Port

	tests := []struct {
		name     string
		env      map[string]string
		wantCode int
		wantErr  []string
	}{
		{"short NEO4J_PASSWORD", map[string]string{"NEO4J_PASSWORD": "short"}, exitUsage,
			[]string{"at least 8 characters"}},
		{"bolt port in use", map[string]string{"DIPGRAPH_LOCAL_BOLT_PORT": strconv.Itoa(taken)}, exitFailure,
			[]string{"bolt port " + strconv.Itoa(taken) + " is in use by another process", "local.bolt_port"}},
		{"http port in use", map[string]string{"DIPGRAPH_LOCAL_HTTP_PORT": strconv.Itoa(taken)}, exitFailure,
			[]string{"http port " + strconv.Itoa(taken) + " is in use by another process", "local.http_port"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			isolateConfig(t)
			t.Setenv("DIPGRAPH_LOCAL_DATA_DIR", t.TempDir())
			t.Setenv("DIPGRAPH_LOCAL_CACHE_DIR", t.TempDir()) // nothing is fetched before the checks
			for k, v := range tt.env {
				t.Setenv(k, v)
			}
			if tt.env["DIPGRAPH_LOCAL_BOLT_PORT"] == "" {
				t.Setenv("DIPGRAPH_LOCAL_BOLT_PORT", strconv.Itoa(freeTestPort(t)))
			}
			code, out, errOut := runCLI(t, "", "neo4j", "start")
			if code != tt.wantCode {
				t.Fatalf("neo4j start: exit %d, want %d; stderr:\n%s", code, tt.wantCode, errOut)
			}
			if out != "" {
				t.Errorf("stdout = %q, want nothing", out)
			}
			for _, want := range tt.wantErr {
				if !strings.Contains(errOut, want) {
					t.Errorf("stderr lacks %q:\n%s", want, errOut)
				}
			}
		})
	}
}

func TestLocalServerNotRunning(t *testing.T) {
	isolateConfig(t)
	t.Setenv("DIPGRAPH_LOCAL_DATA_DIR", t.TempDir())
	code, out, errOut := runCLI(t, "", "cypher", "RETURN 1")
	if code != exitNeo4j {
		t.Errorf("cypher with the local server down: exit %d, want %d", code, exitNeo4j)
	}
	if out != "" || !strings.Contains(errOut, "the local Neo4j is not running: start it with `dipgraph neo4j start`, or set neo4j.uri") {
		t.Errorf("stdout %q, stderr:\n%s", out, errOut)
	}
}

func freeTestPort(t *testing.T) int {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port
}
