package schedule

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func jsonRecord(id, text string) string {
	return fmt.Sprintf(`{"id":%q,"title":"Story %s","date":"2025-05-16","text":%q}`, id, id, text) + "\n"
}

func appendFile(t *testing.T, path, text string) {
	t.Helper()
	f, err := os.OpenFile(path, os.O_APPEND|os.O_WRONLY|os.O_CREATE, 0o644)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if _, err := f.WriteString(text); err != nil {
		t.Fatal(err)
	}
}

// TestJSONLSource follows a JSON Lines file as it grows: only appended
// records are read, a half-written last line waits for its end, a bad
// line is reported with its line number, and a rewritten file is read
// again from the start.
func TestJSONLSource(t *testing.T) {
	db := openTestDB(t)
	ctx := t.Context()
	path := filepath.Join(t.TempDir(), "wire.jsonl")
	appendFile(t, path, jsonRecord("j1", "Qatar met Egypt in Doha.")+jsonRecord("j2", "Turkey met Russia in Ankara.")+"\n"+jsonRecord("j3", "Norway met Sudan in Oslo."))
	var logs lockedBuffer
	r := newTestRunner(t, db, Options{
		BatchSize: 2, // several batches, each saving the cursor
		Sources:   []SourceConfig{{Name: "wire-jsonl", Type: TypeJSONL, Path: path, Schedule: "@hourly"}},
		Logger:    newJSONLogger(&logs),
	})
	run := func(step string) Result {
		t.Helper()
		res, err := r.Sync(ctx, r.Sources())
		if err != nil {
			t.Fatalf("%s: %v", step, err)
		}
		return res[0]
	}
	wantCounts(t, "first run", run("first run"), OutcomeOK, 3, 0, 0, 0)
	wantCounts(t, "nothing appended", run("nothing appended"), OutcomeOK, 0, 0, 0, 0)

	// Two records, a bad line (line 6: a blank line counts) and half a record still being written.
	half := jsonRecord("j6", "Egypt met Israel in Cairo.")
	appendFile(t, path, jsonRecord("j4", "Oman met Iran in Muscat.")+"{not json\n"+jsonRecord("j5", "Brazil met China in Brasilia.")+half[:20])
	res := run("appended")
	wantCounts(t, "appended", res, OutcomePartial, 2, 0, 0, 1)
	if l := logs.String(); !strings.Contains(l, path+":6") {
		t.Errorf("the bad line is not reported as %s:6 in:\n%s", path, l)
	}
	appendFile(t, path, half[20:])
	wantCounts(t, "line completed", run("line completed"), OutcomeOK, 1, 0, 0, 0)

	// A record changed in place: the file is rewritten, so it is read from
	// the start: unchanged records skipped, the changed one replaced.
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	rewritten := strings.Replace(string(data), "Turkey met Russia", "Turkey met Ukraine", 1)
	rewritten = strings.Replace(rewritten, "{not json\n", "", 1)
	if err := os.WriteFile(path, []byte(rewritten), 0o644); err != nil {
		t.Fatal(err)
	}
	wantCounts(t, "rewritten", run("rewritten"), OutcomeOK, 0, 1, 5, 0)
	if n := count(t, db, "MATCH (a:Article) RETURN count(a)", nil); n != 6 {
		t.Errorf("%d Article nodes, want 6", n)
	}
	got := meets(t, db)
	if _, ok := got["Russia-Turkey"]; ok || len(got["Turkey-Ukraine"]) != 1 || len(got) != 6 {
		t.Errorf("MEETS after the rewrite: %v", got)
	}
}
