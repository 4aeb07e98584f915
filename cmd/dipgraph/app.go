package main

import (
	"context"
	"errors"
	"io"
	"os"
	"time"

	"github.com/spf13/cobra"

	"github.com/dipgraph/dipgraph/config"
)

// app carries what every command needs: I/O streams, whether stdout is a
// terminal, the clock, the environment, and the configuration loaded once
// by the root command. It is the only state beyond command wiring.
type app struct {
	stdin          io.Reader
	stdout, stderr io.Writer
	isTTY          bool // stdout is a terminal: tables and progress bars
	stderrTTY      bool // stderr is a terminal: progress bars go there
	now            func() time.Time
	getenv         func(string) string
	environ        func() []string

	configFile string            // --config
	cfg        config.Config     // effective configuration after PersistentPreRunE
	cfgFile    string            // the file actually read, if any
	flagKeys   map[string]string // config key -> persistent flag name
}

// run builds the command tree, executes it and maps the outcome to an exit
// code. Tests call it with buffers.
func run(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	a := &app{
		stdin:     stdin,
		stdout:    stdout,
		stderr:    stderr,
		isTTY:     isTerminal(stdout),
		stderrTTY: isTerminal(stderr),
		now:       time.Now,
		getenv:    os.Getenv,
		environ:   os.Environ,
	}
	root := newRootCmd(a)
	root.SetArgs(args)
	root.SetIn(stdin)
	root.SetOut(stdout)
	root.SetErr(stderr)
	cmd, err := root.ExecuteContextC(ctx)
	if err != nil && isFlagError(err) {
		// Usage only for flag and argument errors, as gh does.
		cmd.SetOut(stderr)
		_ = cmd.Usage()
		err = &usageError{err}
	}
	return exitCode(ctx, err, stderr)
}

// flagError marks errors cobra returns for bad flags or arguments.
type flagError struct{ err error }

func (e *flagError) Error() string { return e.err.Error() }
func (e *flagError) Unwrap() error { return e.err }

func isFlagError(err error) bool {
	var fe *flagError
	return errors.As(err, &fe)
}

// isTerminal reports whether w is a character device (a terminal).
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}

// withArgs wraps a cobra.PositionalArgs so argument errors print usage.
func withArgs(v cobra.PositionalArgs) cobra.PositionalArgs {
	return func(cmd *cobra.Command, args []string) error {
		if err := v(cmd, args); err != nil {
			return &flagError{err}
		}
		return nil
	}
}
