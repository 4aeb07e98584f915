package article

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
)

// Options configure reading. PLACEHOLDER: the readers replace this file.
type Options struct {
	// Format forces a format: "auto" (default; by extension and content),
	// "text", "jsonl", "html" or "feed".
	Format string
	// MaxBytes refuses larger inputs (and larger single articles).
	MaxBytes int64
	// OnSkip, when set, hears about files passed over on purpose (kinds
	// the tool does not read, its own .graph.json outputs).
	OnSkip func(path, reason string)
}

// Walk expands paths (files and directories, recursively, in lexical order),
// reads each input and calls fn for each article. Bad inputs are reported
// to onErr as *InputError and skipped; Walk returns only ctx's error or
// fn's error.
func Walk(ctx context.Context, paths []string, opts Options, fn func(Article) error, onErr func(error)) error {
	return ctx.Err()
}

// ContentHash is the hex SHA-256 of the article text, the identity the
// loader uses to spot unchanged and syndicated copies.
func ContentHash(text string) string {
	sum := sha256.Sum256([]byte(text))
	return hex.EncodeToString(sum[:])
}
