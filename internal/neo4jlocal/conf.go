package neo4jlocal

import (
	"bufio"
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
)

// jvmFlags are the server JVM options of Neo4j 5.26's default neo4j.conf,
// less -XX:+AlwaysPreTouch (it commits the whole heap up front and slows
// the start). The three --add-opens are required: without java.nio open
// the kernel fails in UnsafeUtil.
var jvmFlags = []string{
	"-XX:+UseG1GC",
	"-XX:-OmitStackTraceInFastThrow",
	"-XX:+UnlockExperimentalVMOptions",
	"-XX:+TrustFinalNonStaticFields",
	"-XX:+DisableExplicitGC",
	"-Djdk.nio.maxCachedBufferSize=1024",
	"-Dio.netty.tryReflectionSetAccessible=true",
	"-Djdk.tls.ephemeralDHKeySize=2048",
	"-Djdk.tls.rejectClientInitiatedRenegotiation=true",
	"-XX:FlightRecorderOptions=stackdepth=256",
	"-XX:+UnlockDiagnosticVMOptions",
	"-XX:+DebugNonSafepoints",
	"--add-opens=java.base/java.nio=ALL-UNNAMED",
	"--add-opens=java.base/java.io=ALL-UNNAMED",
	"--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
	"--enable-native-access=ALL-UNNAMED",
	"-Dlog4j2.disable.jmx=true",
	"-Dlog4j.layout.jsonTemplate.maxStringLength=32768",
}

// calendarJVMFlags are added for the calendar-versioned line (2025.10+).
var calendarJVMFlags = []string{
	"--add-opens=java.base/java.util.concurrent=ALL-UNNAMED",
	"-Dio.netty.leakDetection.level=DISABLED",
}

func (s *Server) jvmFlags() []string {
	f := append([]string(nil), jvmFlags...)
	if isCalendarVersion(s.o.Version) {
		f = append(f, calendarJVMFlags...)
	}
	return f
}

// browserAllowlist lets Browser `:play` guides and load style sheets
// served from this machine (and Neo4j's own guide host, the default).
const browserAllowlist = "guides.neo4j.com,localhost,127.0.0.1"

// Memory returns the heap and page cache sizes the server gets: the
// options when set, else DefaultMemory of the host's memory.
func (s *Server) Memory() (heap, pagecache string) {
	heap, pagecache = s.o.Heap, s.o.PageCache
	if heap == "" || pagecache == "" {
		h, p := DefaultMemory(hostMemory())
		if heap == "" {
			heap = h
		}
		if pagecache == "" {
			pagecache = p
		}
	}
	return strings.ToLower(heap), strings.ToLower(pagecache)
}

// DefaultMemory picks heap and page cache for a host with total bytes of
// memory: an eighth each (rounded down to 256 MiB), at least 512 MiB and
// at most 4 GiB, so the server leaves room for the loader, builds and a
// browser on a shared machine.
func DefaultMemory(total int64) (heap, pagecache string) {
	const mib = 1 << 20
	eighth := total / 8 / mib / 256 * 256
	eighth = max(512, min(eighth, 4096))
	size := fmt.Sprintf("%dm", eighth)
	if eighth%1024 == 0 {
		size = fmt.Sprintf("%dg", eighth/1024)
	}
	return size, size
}

// hostMemory reads MemTotal from /proc/meminfo; 4 GiB when unknown.
func hostMemory() int64 {
	f, err := os.Open("/proc/meminfo")
	if err != nil {
		return 4 << 30
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if rest, ok := strings.CutPrefix(sc.Text(), "MemTotal:"); ok {
			fields := strings.Fields(rest) // "24577000 kB"
			if len(fields) >= 1 {
				if kb, err := strconv.ParseInt(fields[0], 10, 64); err == nil {
					return kb << 10
				}
			}
		}
	}
	return 4 << 30
}

// configure creates the data directory layout and writes neo4j.conf and
// the log4j2 files (every start, so option changes take effect).
func (s *Server) configure() error {
	for _, d := range []string{s.confDir(), s.dataDir(), s.logsDir(), s.runDir(),
		filepath.Join(s.o.DataDir, "import"), filepath.Join(s.o.DataDir, "plugins")} {
		if err := os.MkdirAll(d, 0o750); err != nil {
			return fmt.Errorf("create %s: %w", d, err)
		}
	}
	if err := os.Chmod(s.o.DataDir, 0o750); err != nil {
		return fmt.Errorf("chmod %s: %w", s.o.DataDir, err)
	}
	for _, line := range s.o.ExtraConf {
		if strings.ContainsAny(line, "\n\r") || !strings.Contains(line, "=") {
			return fmt.Errorf("extra neo4j.conf line %q: want one key=value line", line)
		}
	}
	heap, pc := s.Memory()
	var conf bytes.Buffer
	if err := tmpl.ExecuteTemplate(&conf, "neo4j.conf.tmpl", map[string]any{
		"Version":   s.o.Version,
		"Lib":       s.libDir(),
		"DataDir":   s.o.DataDir,
		"ConfDir":   s.confDir(),
		"BoltPort":  s.o.BoltPort,
		"HTTPPort":  s.o.HTTPPort,
		"Heap":      heap,
		"PageCache": pc,
		"Allowlist": browserAllowlist,
		"JVMFlags":  s.jvmFlags(),
		"Extra":     s.o.ExtraConf,
	}); err != nil {
		return fmt.Errorf("neo4j.conf template: %w", err)
	}
	conf.WriteByte('\n')
	files := map[string][]byte{"neo4j.conf": conf.Bytes()}
	for _, name := range []string{"server-logs.xml", "user-logs.xml"} {
		b, err := templates.ReadFile("templates/" + name)
		if err != nil {
			return err
		}
		files[name] = b
	}
	for name, b := range files {
		p := filepath.Join(s.confDir(), name)
		if err := os.WriteFile(p, b, 0o640); err != nil {
			return fmt.Errorf("write %s: %w", p, err)
		}
	}
	return nil
}

// confPorts reads the Bolt and HTTP ports from the written neo4j.conf,
// i.e. those of a running server; 0 when unreadable.
func (s *Server) confPorts() (bolt, http int) {
	b, err := os.ReadFile(filepath.Join(s.confDir(), "neo4j.conf"))
	if err != nil {
		return 0, 0
	}
	for _, line := range strings.Split(string(b), "\n") {
		key, val, ok := strings.Cut(strings.TrimSpace(line), "=")
		if !ok {
			continue
		}
		_, port, _ := strings.Cut(val, ":")
		n, err := strconv.Atoi(port)
		if err != nil {
			continue
		}
		switch key {
		case "server.bolt.listen_address":
			bolt = n
		case "server.http.listen_address":
			http = n
		}
	}
	return bolt, http
}
