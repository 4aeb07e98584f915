package schedule

import (
	"bufio"
	"bytes"
	"errors"
	"io"
	"testing"
)

// FuzzReadLine checks the line splitter the JSON Lines source uses: lines
// within the limit come back byte for byte, longer ones are reported with
// their exact length, and together they account for every input byte.
func FuzzReadLine(f *testing.F) {
	f.Add([]byte("{\"id\":1}\n{\"id\":2}\n"), uint16(64))
	f.Add([]byte("no newline at the end"), uint16(5))
	f.Add([]byte("\n\n\n"), uint16(1))
	f.Add(bytes.Repeat([]byte("x"), 70000), uint16(100))
	f.Fuzz(func(t *testing.T, data []byte, max uint16) {
		limit := int64(max) + 1
		br := bufio.NewReaderSize(bytes.NewReader(data), 16)
		var total int64
		var rebuilt []byte
		for i := 0; ; i++ {
			if i > len(data)+1 {
				t.Fatal("readLine does not advance")
			}
			line, tooLong, err := readLine(br, limit)
			total += int64(len(line))
			if tooLong {
				if int64(len(line)) <= limit {
					t.Fatalf("line of %d bytes reported too long for limit %d", len(line), limit)
				}
				rebuilt = append(rebuilt, data[len(rebuilt):len(rebuilt)+len(line)]...)
			} else {
				if int64(len(line)) > limit {
					t.Fatalf("line of %d bytes returned for limit %d", len(line), limit)
				}
				rebuilt = append(rebuilt, line...)
			}
			if errors.Is(err, io.EOF) {
				break
			}
			if err != nil {
				t.Fatal(err)
			}
		}
		if total != int64(len(data)) || !bytes.Equal(rebuilt, data) {
			t.Fatalf("lines account for %d of %d bytes, or differ from the input", total, len(data))
		}
	})
}
