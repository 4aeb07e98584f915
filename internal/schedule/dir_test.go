package schedule

import (
	"os"
	"path/filepath"
	"testing"
)

func writeFile(t *testing.T, path, text string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
}

// TestDirSource watches a directory through new, unchanged, changed and
// deleted files: deleted files keep their articles unless forget_deleted.
func TestDirSource(t *testing.T) {
	db := openTestDB(t)
	ctx := t.Context()
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "doha.txt"), "Talks in Doha\n\nQatar met Egypt in Doha on Friday.\n")
	writeFile(t, filepath.Join(dir, "ankara.txt"), "Grain in Ankara\n\nTurkey met Russia in Ankara.\n")
	writeFile(t, filepath.Join(dir, "broken.txt"), "Bad bytes \xff\xfe here\n")
	writeFile(t, filepath.Join(dir, "photo.png"), "\x89PNG not an article")
	if err := os.Mkdir(filepath.Join(dir, "2025"), 0o755); err != nil {
		t.Fatal(err)
	}
	writeFile(t, filepath.Join(dir, "2025", "oslo.txt"), "Forum in Oslo\n\nNorway met Sudan in Oslo.\n")

	src := SourceConfig{Name: "inbox", Type: TypeDir, Path: dir, Schedule: "@every 15m"}
	r := newTestRunner(t, db, Options{Sources: []SourceConfig{src}})
	run := func(step string) Result {
		t.Helper()
		res, err := r.Sync(ctx, r.Sources())
		if err != nil {
			t.Fatalf("%s: %v", step, err)
		}
		return res[0]
	}
	key := func(file string) string {
		// No URL: the key is "<source>:<id>", the source being the file's path.
		return filepath.Join(dir, file) + ":" + trimExt(filepath.Base(file))
	}

	wantCounts(t, "first run", run("first run"), OutcomePartial, 3, 0, 0, 1) // broken.txt failed, photo.png passed over
	checkMeets(t, "first run", db, map[string][]string{
		"Egypt-Qatar": {key("doha.txt")}, "Russia-Turkey": {key("ankara.txt")}, "Norway-Sudan": {key("2025/oslo.txt")},
	})
	wantCounts(t, "unchanged run", run("unchanged run"), OutcomePartial, 0, 0, 3, 1)

	writeFile(t, filepath.Join(dir, "ankara.txt"), "Grain in Ankara\n\nTurkey met Ukraine in Ankara.\n")
	writeFile(t, filepath.Join(dir, "cairo.txt"), "Talks in Cairo\n\nEgypt met Israel in Cairo.\n")
	if err := os.Remove(filepath.Join(dir, "broken.txt")); err != nil {
		t.Fatal(err)
	}
	wantCounts(t, "changed run", run("changed run"), OutcomeOK, 1, 1, 2, 0)
	want := map[string][]string{
		"Egypt-Qatar": {key("doha.txt")}, "Turkey-Ukraine": {key("ankara.txt")}, "Norway-Sudan": {key("2025/oslo.txt")},
		"Egypt-Israel": {key("cairo.txt")},
	}
	checkMeets(t, "changed run", db, want)

	// A deleted file keeps its article by default.
	if err := os.Remove(filepath.Join(dir, "doha.txt")); err != nil {
		t.Fatal(err)
	}
	res := run("after delete")
	wantCounts(t, "after delete", res, OutcomeOK, 0, 0, 3, 0)
	if res.Forgotten != 0 {
		t.Errorf("after delete without forget_deleted: forgot %d articles", res.Forgotten)
	}
	checkMeets(t, "after delete", db, want)

	// With forget_deleted, it goes, and exactly its facts with it.
	src.ForgetDeleted = true
	r = newTestRunner(t, db, Options{Sources: []SourceConfig{src}})
	res = run("forget_deleted")
	wantCounts(t, "forget_deleted", res, OutcomeOK, 0, 0, 3, 0)
	if res.Forgotten != 1 {
		t.Errorf("forget_deleted: forgot %d articles, want 1", res.Forgotten)
	}
	delete(want, "Egypt-Qatar")
	checkMeets(t, "forget_deleted", db, want)
	if n := count(t, db, "MATCH (a:Article) RETURN count(a)", nil); n != 3 {
		t.Errorf("forget_deleted: %d Article nodes, want 3", n)
	}

	// A directory that disappears fails the source, and forgets nothing.
	if err := os.RemoveAll(dir); err != nil {
		t.Fatal(err)
	}
	res = run("missing directory")
	if res.Outcome != OutcomeFailed || res.Err == nil || res.Neo4j {
		t.Errorf("missing directory: %s %v, want failed with an error", res.Outcome, res.Err)
	}
	if n := count(t, db, "MATCH (a:Article) RETURN count(a)", nil); n != 3 {
		t.Errorf("missing directory: %d Article nodes, want 3", n)
	}
}

func trimExt(name string) string { return name[:len(name)-len(filepath.Ext(name))] }
