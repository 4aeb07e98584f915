package schedule

import (
	"bufio"
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"

	"github.com/dipgraph/dipgraph/extract/article"
)

// jsonlCursor remembers how far a JSON Lines file was read: the byte
// offset after the last complete record handled, its line number, and a
// hash of the bytes just before the offset, so a file that was truncated
// or replaced (rotated) is read again from the start rather than from the
// middle of some other record.
type jsonlCursor struct {
	Offset int64  `json:"offset"`
	Line   int    `json:"line"`
	Tail   string `json:"tail,omitempty"`
}

// tailBytes is how many bytes before the offset the cursor hashes.
const tailBytes = 256

// jsonl reads the records appended to the source's file since the last
// run, batch by batch, saving the cursor after each committed batch so an
// interrupted run resumes where it stopped. A last line without its
// newline is read only once it is complete JSON: a writer may be in the
// middle of appending it.
func (rn *run) jsonl(ctx context.Context) (string, error) {
	f, err := os.Open(rn.src.Path)
	if err != nil {
		return "", fmt.Errorf("source %s: %w", rn.src.Name, err)
	}
	defer f.Close()
	info, err := f.Stat()
	if err != nil {
		return "", fmt.Errorf("source %s: %w", rn.src.Name, err)
	}
	if info.IsDir() {
		return "", fmt.Errorf("source %s: %s is a directory (use type dir)", rn.src.Name, rn.src.Path)
	}
	var cur jsonlCursor
	decodeCursor(rn.cursor, &cur)
	if !cursorHolds(f, info.Size(), cur) {
		if cur.Offset > 0 {
			rn.log.Info("file truncated or replaced: reading it from the start", "file", rn.src.Path)
		}
		cur = jsonlCursor{}
	}
	if _, err := f.Seek(cur.Offset, io.SeekStart); err != nil {
		return "", fmt.Errorf("source %s: seek: %w", rn.src.Name, err)
	}

	opts := rn.readOptions()
	opts.Format = article.FormatJSONL
	maxRecord := opts.MaxBytes
	if maxRecord <= 0 {
		maxRecord = article.DefaultMaxBytes
	}
	br := bufio.NewReaderSize(f, 64<<10)
	var (
		buf     bytes.Buffer // the batch's complete lines
		records int
		lines   int // lines in buf
	)
	flush := func() error {
		if buf.Len() == 0 {
			return nil
		}
		var arts []article.Article
		var errs []error
		if len(bytes.TrimSpace(buf.Bytes())) > 0 { // blank lines only: nothing to read, not an "empty file"
			arts, errs = article.Parse(ctx, rn.src.Path, buf.Bytes(), opts)
		}
		for i := range arts {
			if arts[i].Line > 0 {
				arts[i].Line += cur.Line
			}
		}
		for _, e := range errs {
			var ie *article.InputError
			if errors.As(e, &ie) && ie.Line > 0 {
				ie.Line += cur.Line
			}
			rn.inputError(e)
		}
		if err := rn.process(ctx, arts); err != nil {
			return err
		}
		cur.Offset += int64(buf.Len())
		cur.Line += lines
		cur.Tail = tailHash(f, cur.Offset)
		buf.Reset()
		records, lines = 0, 0
		// Saving mid-run lets an interrupted run resume after the last
		// committed batch; a failure here only costs re-reading.
		if err := rn.r.state.saveCursor(ctx, rn.src.Name, encodeCursor(cur)); err != nil && ctx.Err() == nil {
			rn.log.Warn("could not save the cursor", "error", err)
		}
		return nil
	}
	for {
		if err := ctx.Err(); err != nil {
			return "", err
		}
		line, tooLong, err := readLine(br, maxRecord)
		if tooLong {
			// Handled here so one huge record does not swallow the batch.
			if err := flush(); err != nil {
				return "", err
			}
			rn.inputError(&article.InputError{Path: rn.src.Path, Line: cur.Line + 1, Reason: fmt.Sprintf("record larger than %d bytes", maxRecord)})
			cur.Offset += int64(len(line))
			cur.Line++
			continue
		}
		if errors.Is(err, io.EOF) {
			if len(line) > 0 && json.Valid(bytes.TrimSpace(line)) {
				buf.Write(line)
				lines++
			}
			break
		}
		if err != nil {
			return "", fmt.Errorf("source %s: read %s: %w", rn.src.Name, rn.src.Path, err)
		}
		buf.Write(line)
		lines++
		if len(bytes.TrimSpace(line)) > 0 {
			records++
		}
		if records >= rn.r.opts.BatchSize {
			if err := flush(); err != nil {
				return "", err
			}
		}
	}
	if err := flush(); err != nil {
		return "", err
	}
	cur.Tail = tailHash(f, cur.Offset)
	return encodeCursor(cur), nil
}

// readLine reads one line with its newline. A line over max bytes is
// consumed to its end and returned as tooLong, holding only its length in
// bytes (the content is dropped). At the end of the file err is io.EOF and
// line holds any unterminated rest.
func readLine(br *bufio.Reader, max int64) (line []byte, tooLong bool, err error) {
	var n int64
	for {
		frag, err := br.ReadSlice('\n')
		n += int64(len(frag))
		if n > max {
			tooLong = true
		}
		if !tooLong {
			line = append(line, frag...)
		}
		switch {
		case err == nil:
			if tooLong {
				return make([]byte, n), true, nil
			}
			return line, false, nil
		case errors.Is(err, bufio.ErrBufferFull):
			continue
		default:
			if tooLong {
				return make([]byte, n), true, nil
			}
			return line, false, err
		}
	}
}

// tailHash hashes the tailBytes bytes of f before offset ("" when they
// cannot be read).
func tailHash(f *os.File, offset int64) string {
	n := int64(tailBytes)
	if offset < n {
		n = offset
	}
	if n <= 0 {
		return ""
	}
	b := make([]byte, n)
	if _, err := f.ReadAt(b, offset-n); err != nil {
		return ""
	}
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:])
}

// cursorHolds reports whether the file still has the bytes the cursor saw
// just before its offset (it was appended to, not rewritten).
func cursorHolds(f *os.File, size int64, cur jsonlCursor) bool {
	if cur.Offset <= 0 || cur.Offset > size || cur.Tail == "" {
		return false
	}
	return tailHash(f, cur.Offset) == cur.Tail
}
