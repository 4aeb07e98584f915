package article

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
)

// DefaultMaxBytes is the input size limit used when Options.MaxBytes is 0.
const DefaultMaxBytes int64 = 16 << 20

// StdinName is the path that means standard input.
const StdinName = "-"

// Options configure reading.
type Options struct {
	// Format forces a format: "auto" (default; by extension and content),
	// "text", "jsonl", "html" or "feed".
	Format string
	// MaxBytes refuses larger inputs (and larger single JSON Lines
	// records); 0 means DefaultMaxBytes, a negative value means no limit.
	// The size is checked before a file is read, so a huge file is refused
	// without being loaded.
	MaxBytes int64
	// OnSkip, when set, hears about files passed over on purpose (kinds
	// the tool does not read, hidden files, its own .graph.json outputs,
	// symlinked directories).
	OnSkip func(path, reason string)
	// Stdin is read for the path "-"; nil means no standard input.
	Stdin io.Reader
	// MinEnglish is the fraction of tokens that must be common English
	// function words for a text of at least englishMinWords words to count
	// as English; 0 means DefaultMinEnglish, a negative value turns the
	// check off.
	MinEnglish float64
	// EnglishWords replaces the embedded list of English function words
	// used by the language check (one lower-case word per entry).
	EnglishWords []string
	// MaxHTMLDepth refuses HTML whose elements nest deeper than this; 0
	// means DefaultMaxHTMLDepth.
	MaxHTMLDepth int
}

func (o Options) maxBytes() int64 {
	switch {
	case o.MaxBytes == 0:
		return DefaultMaxBytes
	case o.MaxBytes < 0:
		return 1<<63 - 1
	}
	return o.MaxBytes
}

func (o Options) skip(path, reason string) {
	if o.OnSkip != nil {
		o.OnSkip(path, reason)
	}
}

// Walk expands paths (files and directories, recursively, in lexical order;
// "-" is Options.Stdin), reads each input and calls fn for each article.
// Bad inputs are reported to onErr as *InputError and skipped; Walk returns
// only ctx's error or fn's error. Symbolic links to directories inside a
// walked directory are not followed, so link loops cannot hang it.
func Walk(ctx context.Context, paths []string, opts Options, fn func(Article) error, onErr func(error)) error {
	if onErr == nil {
		onErr = func(error) {}
	}
	for _, root := range paths {
		if err := ctx.Err(); err != nil {
			return err
		}
		if root == StdinName {
			if err := readStdin(ctx, opts, fn, onErr); err != nil {
				return err
			}
			continue
		}
		info, err := os.Stat(root)
		if err != nil {
			onErr(&InputError{Path: root, Reason: "cannot open", Err: unwrapPathError(err)})
			continue
		}
		if !info.IsDir() {
			if reason := skipReason(root, false, opts.Format); reason != "" {
				opts.skip(root, reason)
				continue
			}
			if err := readFile(ctx, root, opts, fn, onErr); err != nil {
				return err
			}
			continue
		}
		walkRoot := root
		if li, err := os.Lstat(root); err == nil && li.Mode()&fs.ModeSymlink != 0 {
			// A trailing separator makes WalkDir's Lstat see the directory
			// the link names; the user asked for it explicitly.
			walkRoot = root + string(filepath.Separator)
		}
		err = filepath.WalkDir(walkRoot, func(path string, d fs.DirEntry, err error) error {
			if cerr := ctx.Err(); cerr != nil {
				return cerr
			}
			if err != nil {
				onErr(&InputError{Path: path, Reason: "cannot read", Err: unwrapPathError(err)})
				if d != nil && d.IsDir() {
					return fs.SkipDir
				}
				return nil
			}
			if path == walkRoot {
				return nil
			}
			if d.IsDir() {
				if isHidden(d.Name()) {
					opts.skip(path, "hidden directory")
					return fs.SkipDir
				}
				return nil
			}
			if d.Type()&fs.ModeSymlink != 0 {
				target, err := os.Stat(path)
				if err != nil {
					onErr(&InputError{Path: path, Reason: "broken symbolic link", Err: unwrapPathError(err)})
					return nil
				}
				if target.IsDir() {
					opts.skip(path, "symbolic link to a directory (not followed)")
					return nil
				}
			} else if !d.Type().IsRegular() {
				opts.skip(path, "not a regular file")
				return nil
			}
			if reason := skipReason(path, true, opts.Format); reason != "" {
				opts.skip(path, reason)
				return nil
			}
			return readFile(ctx, path, opts, fn, onErr)
		})
		if err != nil {
			return err
		}
	}
	return nil
}

// ReadFile reads one file ("-" for Options.Stdin) and returns its articles
// and the problems found, each an *InputError. A file larger than the size
// limit is refused from its size, before it is read.
func ReadFile(ctx context.Context, path string, opts Options) ([]Article, []error) {
	var arts []Article
	var errs []error
	collect := func(a Article) error { arts = append(arts, a); return nil }
	report := func(err error) { errs = append(errs, err) }
	var err error
	if path == StdinName {
		err = readStdin(ctx, opts, collect, report)
	} else {
		err = readFile(ctx, path, opts, collect, report)
	}
	if err != nil {
		errs = append(errs, &InputError{Path: path, Reason: "reading stopped", Err: err})
	}
	return arts, errs
}

// Parse reads the articles in one input's bytes. name names the input in
// ids and messages and picks the format by its extension when
// Options.Format is "auto" or empty.
func Parse(ctx context.Context, name string, data []byte, opts Options) ([]Article, []error) {
	var arts []Article
	var errs []error
	p := newParser(ctx, name, opts, func(a Article) error { arts = append(arts, a); return nil }, func(err error) { errs = append(errs, err) })
	if err := p.parseBytes(data); err != nil {
		errs = append(errs, &InputError{Path: name, Reason: "reading stopped", Err: err})
	}
	return arts, errs
}

// ContentHash is the hex SHA-256 of the article text, the identity the
// loader uses to spot unchanged and syndicated copies.
func ContentHash(text string) string {
	sum := sha256.Sum256([]byte(text))
	return hex.EncodeToString(sum[:])
}

func readStdin(ctx context.Context, opts Options, fn func(Article) error, onErr func(error)) error {
	if opts.Stdin == nil {
		onErr(&InputError{Path: StdinName, Reason: "no standard input"})
		return nil
	}
	p := newParser(ctx, StdinName, opts, fn, onErr)
	if p.formatByName() == FormatJSONL {
		return p.parseJSONL(opts.Stdin)
	}
	data, err := readLimited(opts.Stdin, opts.maxBytes())
	if err != nil {
		onErr(inputErr(StdinName, 0, err))
		return nil
	}
	return p.parseBytes(data)
}

// readFile reads one file, streaming JSON Lines record by record and
// refusing other files over the size limit from their size.
func readFile(ctx context.Context, path string, opts Options, fn func(Article) error, onErr func(error)) error {
	f, err := os.Open(path)
	if err != nil {
		onErr(&InputError{Path: path, Reason: "cannot open", Err: unwrapPathError(err)})
		return nil
	}
	defer f.Close()
	info, err := f.Stat()
	if err != nil {
		onErr(&InputError{Path: path, Reason: "cannot open", Err: unwrapPathError(err)})
		return nil
	}
	if info.IsDir() {
		onErr(&InputError{Path: path, Reason: "is a directory"})
		return nil
	}
	p := newParser(ctx, path, opts, fn, onErr)
	if p.formatByName() == FormatJSONL {
		// JSON Lines files may hold many articles; only each record is
		// held to the size limit.
		return p.parseJSONL(f)
	}
	max := opts.maxBytes()
	if info.Mode().IsRegular() && info.Size() > max {
		onErr(&InputError{Path: path, Reason: fmt.Sprintf("file is larger than the limit (%d bytes > %d)", info.Size(), max)})
		return nil
	}
	data, err := readLimited(f, max)
	if err != nil {
		onErr(inputErr(path, 0, err))
		return nil
	}
	return p.parseBytes(data)
}

// errTooLarge is wrapped into an InputError by inputErr.
type tooLargeError struct{ max int64 }

func (e *tooLargeError) Error() string {
	return fmt.Sprintf("input is larger than the limit (%d bytes)", e.max)
}

// readLimited reads at most max bytes and fails, without reading further,
// when there are more.
func readLimited(r io.Reader, max int64) ([]byte, error) {
	lim := max
	if lim < 1<<62 {
		lim++
	}
	data, err := io.ReadAll(io.LimitReader(r, lim))
	if err != nil {
		return nil, fmt.Errorf("read: %w", err)
	}
	if int64(len(data)) > max {
		return nil, &tooLargeError{max: max}
	}
	return data, nil
}

func inputErr(path string, line int, err error) *InputError {
	var ie *InputError
	if errors.As(err, &ie) {
		return ie
	}
	var tl *tooLargeError
	if errors.As(err, &tl) {
		return &InputError{Path: path, Line: line, Reason: tl.Error()}
	}
	return &InputError{Path: path, Line: line, Reason: "cannot read", Err: err}
}

// unwrapPathError drops the path from an *fs.PathError: InputError names it.
func unwrapPathError(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}
