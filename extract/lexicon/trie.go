package lexicon

// Trie maps token sequences to values; Match finds the longest entry
// starting at a token, so one pass over a text finds every surface form in
// time linear in its length (times the longest key), with no regular
// expression per name.
type Trie[V any] struct {
	root *trieNode[V]
	size int
}

type trieNode[V any] struct {
	next map[string]*trieNode[V]
	vals []V
}

// NewTrie returns an empty trie.
func NewTrie[V any]() *Trie[V] { return &Trie[V]{root: &trieNode[V]{}} }

// Add stores v under the key (a token sequence). Empty keys are ignored.
func (t *Trie[V]) Add(key []string, v V) {
	if len(key) == 0 {
		return
	}
	n := t.root
	for _, k := range key {
		if n.next == nil {
			n.next = make(map[string]*trieNode[V])
		}
		c := n.next[k]
		if c == nil {
			c = &trieNode[V]{}
			n.next[k] = c
		}
		n = c
	}
	n.vals = append(n.vals, v)
	t.size++
}

// Len is the number of stored entries.
func (t *Trie[V]) Len() int { return t.size }

// Match returns the values of the longest key that matches keys[i:] and
// its length in tokens (0 when nothing matches). get maps a position to the
// token form to compare (for example the folded or lower-cased text).
func (t *Trie[V]) Match(n int, i int, get func(int) string) ([]V, int) {
	node := t.root
	var best []V
	bestLen := 0
	for j := i; j < n; j++ {
		if node.next == nil {
			break
		}
		c := node.next[get(j)]
		if c == nil {
			break
		}
		node = c
		if len(node.vals) > 0 {
			best, bestLen = node.vals, j-i+1
		}
	}
	return best, bestLen
}

// Prefix is one key that matched at a position: its values and length.
type Prefix[V any] struct {
	Vals []V
	Len  int
}

// MatchAll returns every key that matches keys[i:], shortest first.
func (t *Trie[V]) MatchAll(n int, i int, get func(int) string) []Prefix[V] {
	node := t.root
	var out []Prefix[V]
	for j := i; j < n; j++ {
		if node.next == nil {
			break
		}
		c := node.next[get(j)]
		if c == nil {
			break
		}
		node = c
		if len(node.vals) > 0 {
			out = append(out, Prefix[V]{node.vals, j - i + 1})
		}
	}
	return out
}
