package main

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/spf13/cobra"

	"github.com/dipgraph/dipgraph/internal/neo4jlocal"
)

func newNeo4jCmd(a *app) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "neo4j",
		Short: "Start, stop and inspect the local Neo4j that dipgraph manages",
		Long: `dipgraph runs its own Neo4j Community server when no neo4j.uri is
configured. The first start fetches Neo4j and Neo4j Browser from Maven
Central with mvn (needs Java 17 and Maven: on Debian/Ubuntu
apt-get install openjdk-17-jre-headless maven) into local.cache_dir
(default ~/.cache/dipgraph); the database, logs and generated password live
in local.data_dir (default ~/.local/share/dipgraph), so deleting the data
directory gives a fresh database without downloading again.

The server listens on 127.0.0.1 only (Bolt local.bolt_port, default 7687;
HTTP and Neo4j Browser local.http_port, default 7474) with authentication
on. The password is NEO4J_PASSWORD when set (at least 8 characters), else
one generated on the first start and kept in <data_dir>/password (mode
0600); every dipgraph command uses it when talking to the local server.`,
		Example: `  dipgraph neo4j start
  dipgraph neo4j status --format json
  dipgraph neo4j stop && dipgraph neo4j dump backup.dump`,
	}
	cmd.AddCommand(newNeo4jStartCmd(a), newNeo4jStopCmd(a), newNeo4jStatusCmd(a),
		newNeo4jDumpCmd(a), newNeo4jRestoreCmd(a))
	return cmd
}

func newNeo4jStartCmd(a *app) *cobra.Command {
	var foreground bool
	cmd := &cobra.Command{
		Use:   "start",
		Short: "Start the local Neo4j (fetching it on first use) and wait until it answers",
		Long: `Start fetches Neo4j on first use, writes <data_dir>/conf/neo4j.conf, sets
the initial password on a new database, starts the server in the
background and waits until Bolt accepts the password (at most
local.start_timeout). It prints the Bolt and Browser addresses. Starting a
running server only reports it. If a port is taken by another process,
it says which; on a failed start it prints the last lines of the Neo4j log.

With --foreground the server runs attached to this process, its log on
stdout, until SIGTERM or SIGINT, which stop it cleanly (exit 0): use this
from systemd (Type=simple).`,
		Example: `  dipgraph neo4j start
  NEO4J_PASSWORD=my-secret-pw dipgraph neo4j start
  DIPGRAPH_LOCAL_BOLT_PORT=17687 DIPGRAPH_LOCAL_HTTP_PORT=17474 dipgraph neo4j start
  dipgraph neo4j start --foreground   # systemd`,
		Args: withArgs(cobra.NoArgs),
		RunE: func(cmd *cobra.Command, _ []string) error {
			s, err := a.localServer()
			if err != nil {
				return err
			}
			if foreground {
				return a.neo4jForeground(cmd.Context(), s)
			}
			if !s.Installed() {
				fmt.Fprintf(a.stderr, "Neo4j %s is not downloaded yet; this takes a minute once.\n", s.Options().Version)
			}
			res, err := s.Start(cmd.Context())
			if err != nil {
				return a.startError(s, err)
			}
			if res.AlreadyRunning {
				fmt.Fprintf(a.stderr, "Neo4j is already running (pid %d, data %s).\n", res.PID, s.Options().DataDir)
			} else {
				fmt.Fprintf(a.stderr, "Neo4j started in %s (pid %d, data %s).\n", res.Elapsed.Round(100*time.Millisecond), res.PID, s.Options().DataDir)
			}
			a.printAddresses(s, res.PasswordGenerated)
			return nil
		},
	}
	cmd.Flags().BoolVar(&foreground, "foreground", false, "run in the foreground until SIGTERM/SIGINT (for systemd)")
	return cmd
}

// printAddresses prints the Bolt and Browser URIs on stdout.
func (a *app) printAddresses(s *neo4jlocal.Server, generated bool) {
	fmt.Fprintf(a.stdout, "Bolt:    %s\n", s.BoltURI())
	fmt.Fprintf(a.stdout, "Browser: %s\n", s.BrowserURI())
	fmt.Fprintf(a.stdout, "User:    neo4j\n")
	switch {
	case a.cfg.Neo4j.Password != "":
		fmt.Fprintf(a.stdout, "Password: the configured one (NEO4J_PASSWORD or neo4j.password)\n")
	default:
		note := ""
		if generated {
			note = " (generated now)"
		}
		fmt.Fprintf(a.stdout, "Password: in %s%s\n", s.PasswordFile(), note)
	}
}

func (a *app) startError(s *neo4jlocal.Server, err error) error {
	var pe *neo4jlocal.PortInUseError
	switch {
	case errors.As(err, &pe):
		key := "local.bolt_port (DIPGRAPH_LOCAL_BOLT_PORT)"
		if pe.Name == "http" {
			key = "local.http_port (DIPGRAPH_LOCAL_HTTP_PORT)"
		}
		return fmt.Errorf("%w: stop that process or choose another port with %s", err, key)
	case errors.Is(err, neo4jlocal.ErrMissingTool):
		return err
	}
	return fmt.Errorf("%w\n(data directory %s; full logs in %s/logs)", err, s.Options().DataDir, s.Options().DataDir)
}

func (a *app) neo4jForeground(ctx context.Context, s *neo4jlocal.Server) error {
	err := s.RunForeground(ctx, a.stdout, a.stderr, func(res neo4jlocal.StartResult) {
		fmt.Fprintf(a.stderr, "Neo4j is ready in %s (pid %d): %s, Browser %s\n",
			res.Elapsed.Round(100*time.Millisecond), res.PID, s.BoltURI(), s.BrowserURI())
	})
	if err != nil {
		return a.startError(s, err)
	}
	fmt.Fprintln(a.stderr, "Neo4j stopped.")
	return nil
}

func newNeo4jStopCmd(a *app) *cobra.Command {
	return &cobra.Command{
		Use:   "stop",
		Short: "Stop the local Neo4j cleanly",
		Long: `Stop sends SIGTERM to the server (it checkpoints and closes the store) and
waits up to a minute, then kills it as a last resort. It returns once no
server process of the data directory remains. Stopping a stopped server
is not an error.`,
		Example: `  dipgraph neo4j stop`,
		Args:    withArgs(cobra.NoArgs),
		RunE: func(cmd *cobra.Command, _ []string) error {
			s, err := a.localServer()
			if err != nil {
				return err
			}
			res, err := s.Stop(cmd.Context())
			if err != nil {
				return err
			}
			switch {
			case !res.WasRunning:
				fmt.Fprintf(a.stderr, "Neo4j is not running (data %s).\n", s.Options().DataDir)
			case res.Killed:
				fmt.Fprintf(a.stderr, "Neo4j (pid %d) did not stop in time and was killed; it will recover on the next start.\n", res.PID)
			default:
				fmt.Fprintf(a.stderr, "Neo4j stopped (pid %d, %s).\n", res.PID, res.Elapsed.Round(100*time.Millisecond))
			}
			return nil
		},
	}
}

func newNeo4jStatusCmd(a *app) *cobra.Command {
	var format string
	cmd := &cobra.Command{
		Use:   "status",
		Short: "Say whether the local Neo4j is up, with version, ports and data size",
		Long: `Status reports up or down, the process id, the Neo4j version and edition
(asked from the server with dbms.components() when it is up), the ports
and addresses, and the data directory and its size. It exits 0 either
way; scripts read "running" and "ready" from --format json.`,
		Example: `  dipgraph neo4j status
  dipgraph neo4j status --format json | jq .ready`,
		Args: withArgs(cobra.NoArgs),
		RunE: func(cmd *cobra.Command, _ []string) error {
			s, err := a.localServer()
			if err != nil {
				return err
			}
			st := s.Status(cmd.Context())
			switch format {
			case "json":
				b, err := marshalValue(st)
				if err != nil {
					return err
				}
				_, err = fmt.Fprintln(a.stdout, string(b))
				return err
			case "", "table", "text":
			default:
				return usageErrorf("--format %q: want text or json", format)
			}
			state := "down"
			switch {
			case st.Ready:
				state = "up"
			case st.Running:
				state = "starting or not answering"
			}
			w := a.stdout
			fmt.Fprintf(w, "Neo4j:     %s\n", state)
			if st.Running {
				fmt.Fprintf(w, "PID:       %d\n", st.PID)
			}
			edition := ""
			if st.Edition != "" {
				edition = " " + st.Edition
			}
			fmt.Fprintf(w, "Version:   %s%s\n", st.Version, edition)
			fmt.Fprintf(w, "Bolt:      %s\n", st.BoltURI)
			fmt.Fprintf(w, "Browser:   %s\n", st.BrowserURI)
			fmt.Fprintf(w, "Memory:    heap %s, page cache %s\n", st.Heap, st.PageCache)
			fmt.Fprintf(w, "Data:      %s (%s)\n", st.DataDir, humanBytes(st.DataBytes))
			installed := "downloaded"
			if !st.Installed {
				installed = "not downloaded yet"
			}
			fmt.Fprintf(w, "Server:    %s (%s)\n", st.Home, installed)
			if st.PasswordFile != "" {
				fmt.Fprintf(w, "Password:  %s\n", st.PasswordFile)
			}
			if st.Problem != "" {
				fmt.Fprintf(w, "Problem:   %s\n", st.Problem)
			}
			return nil
		},
	}
	cmd.Flags().StringVar(&format, "format", "text", "output format: text or json")
	return cmd
}

func humanBytes(n int64) string {
	const unit = 1024
	if n < unit {
		return fmt.Sprintf("%d B", n)
	}
	div, exp := int64(unit), 0
	for m := n / unit; m >= unit; m /= unit {
		div *= unit
		exp++
	}
	return fmt.Sprintf("%.1f %ciB", float64(n)/float64(div), "KMGTPE"[exp])
}

func newNeo4jDumpCmd(a *app) *cobra.Command {
	var database string
	cmd := &cobra.Command{
		Use:   "dump FILE",
		Short: "Back up the local database to FILE (server must be stopped)",
		Long: `Dump writes the database (default "neo4j") to FILE with
neo4j-admin database dump. Neo4j Community can only dump a stopped
database: run dipgraph neo4j stop first. The file is written to a temporary
name and renamed when complete.`,
		Example: `  dipgraph neo4j stop
  dipgraph neo4j dump ~/backups/dipgraph-$(date +%F).dump
  dipgraph neo4j start`,
		Args: withArgs(cobra.ExactArgs(1)),
		RunE: func(cmd *cobra.Command, args []string) error {
			s, err := a.localServer()
			if err != nil {
				return err
			}
			if err := s.Dump(cmd.Context(), database, args[0]); err != nil {
				return offlineError(err)
			}
			fmt.Fprintf(a.stderr, "Dumped database %q to %s.\n", database, args[0])
			return nil
		},
	}
	cmd.Flags().StringVar(&database, "database", "neo4j", "database to dump")
	return cmd
}

func newNeo4jRestoreCmd(a *app) *cobra.Command {
	var database string
	cmd := &cobra.Command{
		Use:   "restore FILE",
		Short: "Replace the local database with a dump (server must be stopped)",
		Long: `Restore loads FILE (written by dipgraph neo4j dump or neo4j-admin database
dump) into the database (default "neo4j") with neo4j-admin database load
--overwrite-destination: the current contents are replaced. The server
must be stopped; users and passwords (the system database) are kept.`,
		Example: `  dipgraph neo4j stop
  dipgraph neo4j restore ~/backups/dipgraph-2025-05-16.dump
  dipgraph neo4j start`,
		Args: withArgs(cobra.ExactArgs(1)),
		RunE: func(cmd *cobra.Command, args []string) error {
			s, err := a.localServer()
			if err != nil {
				return err
			}
			if err := s.Restore(cmd.Context(), database, args[0]); err != nil {
				return offlineError(err)
			}
			fmt.Fprintf(a.stderr, "Restored database %q from %s.\n", database, args[0])
			return nil
		},
	}
	cmd.Flags().StringVar(&database, "database", "neo4j", "database to replace")
	return cmd
}

// offlineError makes "stop the server first" a usage error (exit 2).
func offlineError(err error) error {
	if errors.Is(err, neo4jlocal.ErrRunning) {
		return &usageError{err}
	}
	return err
}
